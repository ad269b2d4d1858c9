"""Pages anyone may see without signing in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import PlainTextResponse, Response

from xxgk.store.agencies import Agency
from xxgk.web.access import CurrentUser, DbSession
from xxgk.web.pages import render
from xxgk.web.scope import agency_outline

router = APIRouter()


@router.get("/")
def home(request: Request, session: DbSession, user: CurrentUser, find: str = "") -> Response:
    """The public portal: a search over every agency's published items, and the agencies that
    publish here, narrowed to those whose name or region holds `find`."""
    wanted = find.strip()[:50]
    everyone = agency_outline(session, public=True)
    agencies = everyone
    if wanted:
        regions = dict(session.execute(select(Agency.id, Agency.region)).all())
        agencies = [a for a in agencies if wanted in a.name or wanted in (regions.get(a.id) or "")]
    return render(request, "home.html", agencies=agencies, all_agencies=everyone, find=wanted)


@router.get("/healthz")
def healthz() -> Response:
    return PlainTextResponse("ok")
