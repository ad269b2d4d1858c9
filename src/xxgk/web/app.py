"""The app factory: middleware, static files, routers by audience, error pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import RedirectResponse, Response

from xxgk.ledger.workdays import refresh_stale_clocks
from xxgk.store.database import open_database
from xxgk.store.transaction import in_transaction
from xxgk.web.access import PASSWORD_PAGE, LoginRequired, PasswordChangeRequired
from xxgk.web.annual import store_unstored_published
from xxgk.web.checking import CheckRunner, mark_interrupted
from xxgk.web.context import WebContext
from xxgk.web.csrf import require_csrf
from xxgk.web.guards import BodyLimit, SecurityHeaders
from xxgk.web.library import Library, mark_uploads_interrupted
from xxgk.web.pages import make_pages, render
from xxgk.web.routes import (
    admin,
    admin_agencies,
    annual,
    applications,
    auth,
    calendar,
    comparisons,
    console,
    desk,
    disclosure,
    intake,
    letters,
    oversight,
    portal,
    public,
    queue,
    records,
    versions,
    zhuanlan,
    zhuanlan_desk,
)
from xxgk.web.settings import WebSettings
from xxgk.web.throttle import LoginThrottle

STATIC = Path(__file__).with_name("static")
ERROR_TEXT = {
    400: "提交的内容无法处理（文件或字段过多，或格式不对）",
    404: "页面不存在",
    405: "不支持此操作",
    413: "提交的内容过大",
    429: "请求过于频繁，请稍后再试",
}


def create_app(settings: WebSettings) -> FastAPI:
    """A ready app over `settings.database_url` (migrated on creation)."""
    db = open_database(settings.database_url)
    mark_uploads_interrupted(db)
    mark_interrupted(db)
    in_transaction(db, refresh_stale_clocks)  # clocks stored under another chinese-calendar release
    in_transaction(db, store_unstored_published)  # published before the corpus store kept them
    context = WebContext(
        settings,
        db,
        LoginThrottle(settings.logins),
        CheckRunner(db, settings.jobs),
        Library(db, settings.jobs),
        make_pages(),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        context.checks.close()

    app = FastAPI(
        title="xxgk 政府信息公开",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(require_csrf)],
    )
    app.state.xxgk = context
    # The last added runs first: security headers on every answer, then the session (read from its
    # cookie), then body limits: a large body only where an upload route allows it after its role check.
    app.add_middleware(
        BodyLimit,
        limit=settings.max_form_bytes,
        large_limit=settings.uploads.max_total_bytes + settings.max_form_bytes,
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="xxgk_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.https_only,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        public,
        portal,
        zhuanlan,
        zhuanlan_desk,
        auth,
        desk,
        disclosure,
        applications,
        intake,
        letters,
        annual,
        records,
        console,
        oversight,
        comparisons,
        versions,
        queue,
        admin,
        admin_agencies,
        calendar,
    ):
        app.include_router(module.router)
    app.include_router(portal.home_router)
    _error_pages(app)
    return app


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: Exception) -> Response:
        target = "/login?next=" + quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def password_change_required(request: Request, _: Exception) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": PASSWORD_PAGE})
        return RedirectResponse(PASSWORD_PAGE, status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        message = detail or ERROR_TEXT.get(exc.status_code, "请求无法处理")
        response = render(request, "error.html", exc.status_code, message=message)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()):
            return render(request, "error.html", 404, message=ERROR_TEXT[404])
        fields = "、".join(dict.fromkeys(str(e["loc"][-1]) for e in exc.errors() if e.get("loc")))
        return render(request, "error.html", 422, message=f"提交的内容不完整或格式不对（{fields}）")
