"""ASGI middleware around every request: body size limits and security headers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts and styles come only from the app itself (no inline script, no CDN);
# nothing may frame the pages; uploaded content is never executed.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    """The security headers on every answer, error pages included; `no-store` on every page but static files
    (desk and console pages carry personal data, the portal's answers query codes); the session cookie
    marked Secure when the request came over HTTPS (directly, or from a proxy the operator trusts).

    An exception that escapes the app is answered here, with the headers, as a Chinese 500 page
    (Starlette's own error middleware sits outside every middleware and would send it bare).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope.get("path", "")).startswith("/static/")
        secure = scope.get("scheme") == "https"
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _headers(list(message.get("headers", [])), cacheable, secure)
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            if started:
                raise
            LOG.exception("请求处理出错：%s %s", scope.get("method"), scope.get("path"))
            response = HTMLResponse(SERVER_ERROR_PAGE, status_code=500)
            await response(scope, receive, with_headers)


LOG = logging.getLogger("xxgk.web")
SERVER_ERROR_PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>服务器内部错误</title></head>'
    "<body><h1>服务器内部错误</h1><p>请求未能完成，请稍后再试；问题已记入服务日志。</p>"
    '<p><a href="/">返回首页</a></p></body></html>'
)


def _headers(headers: list[tuple[bytes, bytes]], cacheable: bool, secure: bool) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _ in headers}
    out = [
        (name, value + b"; secure")
        if secure and name.lower() == b"set-cookie" and b"secure" not in value.lower()
        else (name, value)
        for name, value in headers
    ]
    out += [header for header in SECURITY_HEADERS if header[0] not in names]
    if secure:  # served over HTTPS: browsers are to keep using it
        out.append((b"strict-transport-security", b"max-age=31536000"))
    if not cacheable and b"cache-control" not in names:
        out.append((b"cache-control", b"no-store"))
    return out


class BodyTooLarge(HTTPException):
    """Raised while the body is read, so the app answers 413 whoever reads it (FastAPI re-raises HTTP errors)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


@dataclass(slots=True)
class BodyAllowance:
    """How many bytes this request's body may hold: the small limit, until a route raises it.

    Kept in the request's scope (`ALLOWANCE`). An upload route raises it only after its
    role check (`allow_large_body`), so no one else gets a large body read at all.
    """

    limit: int
    large: int

    def allow_large(self) -> None:
        self.limit = self.large


ALLOWANCE = "xxgk.body_allowance"


def allow_large_body(scope: Scope) -> None:
    allowance = scope.get(ALLOWANCE)
    if isinstance(allowance, BodyAllowance):
        allowance.allow_large()


def allow_body(scope: Scope, limit: int) -> None:
    """Let this request's body reach `limit` bytes (a public form with small attachments, not a bulk upload)."""
    allowance = scope.get(ALLOWANCE)
    if isinstance(allowance, BodyAllowance):
        allowance.limit = max(allowance.limit, limit)


class BodyLimit:
    """Refuse request bodies over the request's allowance with 413 (`limit`, or `large_limit` once a route allows it).

    Checked as the body is read, never before: the declared Content-Length at the
    first read, then the bytes actually received, for bodies sent without one. A
    body nobody reads is never taken in.
    """

    def __init__(self, app: ASGIApp, *, limit: int, large_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.large_limit = large_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowance = BodyAllowance(self.limit, self.large_limit)
        scope[ALLOWANCE] = allowance
        declared_header = dict(scope["headers"]).get(b"content-length")
        declared = int(declared_header) if declared_header is not None and declared_header.isdigit() else 0
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            if declared > allowance.limit:
                raise BodyTooLarge(allowance.limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > allowance.limit:
                    raise BodyTooLarge(allowance.limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started |= message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await _refuse(allowance.limit, scope, receive, send)


def too_large_message(limit: int) -> str:
    return f"提交的内容过大：上限 {limit / 1048576:.0f} MB"


async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    response = PlainTextResponse(too_large_message(limit), status_code=413, headers={"connection": "close"})
    await response(scope, receive, send)
