"""ASGI middleware around every request: body size limits and security headers."""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse
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
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(HTTPException):
    """Raised while the body is read, so the app answers 413 whoever reads it (FastAPI re-raises HTTP errors)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


class BodyLimit:
    """Refuse request bodies over a limit with 413: `large_limit` where `allows_large(scope)`, else `limit`.

    The declared Content-Length is checked first; the bytes actually received are
    counted too, for bodies sent without one.
    """

    def __init__(self, app: ASGIApp, *, limit: int, large_limit: int, allows_large: Callable[[Scope], bool]) -> None:
        self.app = app
        self.limit = limit
        self.large_limit = large_limit
        self.allows_large = allows_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.large_limit if self.allows_large(scope) else self.limit
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(limit, scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started |= message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await _refuse(limit, scope, receive, send)


def too_large_message(limit: int) -> str:
    return f"提交的内容过大：上限 {limit / 1048576:.0f} MB"


async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    response = PlainTextResponse(too_large_message(limit), status_code=413)
    await response(scope, receive, send)
