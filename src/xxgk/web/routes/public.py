"""Pages anyone may see without signing in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import PlainTextResponse, Response

from xxgk.web.access import CurrentUser, DbSession
from xxgk.web.pages import render
from xxgk.web.scope import agency_outline

router = APIRouter()


@router.get("/")
def home(request: Request, session: DbSession, user: CurrentUser) -> Response:
    """The public portal: the agencies that publish here."""
    return render(request, "home.html", agencies=agency_outline(session, public=True))


@router.get("/healthz")
def healthz() -> Response:
    return PlainTextResponse("ok")
