"""CSRF protection: a random token per session, required on every state-changing request.

Pages put the token in a hidden `csrf_token` field of each form (the `csrf_field`
template global); htmx requests send it in the `X-CSRF-Token` header (set once in
the base layout). The session cookie alone is never enough to change anything.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from xxgk.web.guards import allow_large_body

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
LARGE_UPLOAD = "xxgk_large_upload"

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    """The session's token, created on first use."""
    token = request.session.get(FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[FIELD] = token
    return token


def rotate_csrf_token(request: Request) -> None:
    """A fresh token, e.g. after signing in, so a token seen before login is worthless."""
    request.session[FIELD] = secrets.token_urlsafe(32)


def large_upload(endpoint: Endpoint) -> Endpoint:
    """Mark an upload route: its body is read only by `admit_upload`, after the route's own role check."""
    setattr(endpoint, LARGE_UPLOAD, True)
    return endpoint


async def admit_upload(request: Request) -> None:
    """For a `large_upload` route whose user passed the role check: allow the large body, then check the token."""
    allow_large_body(request.scope)
    await _check_token(request)


async def require_csrf(request: Request) -> None:
    """Reject an unsafe request whose token (header or form field) does not match the session's.

    Upload routes check it themselves (`admit_upload`), once the role check let the large body in."""
    if request.method in SAFE_METHODS or getattr(request.scope.get("endpoint"), LARGE_UPLOAD, False):
        return
    await _check_token(request)


async def _check_token(request: Request) -> None:
    expected = request.session.get(FIELD)
    sent = request.headers.get(HEADER)
    if sent is None:
        limits = request.app.state.xxgk.settings.uploads
        form = await request.form(max_files=limits.max_files + 1, max_fields=100)
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
