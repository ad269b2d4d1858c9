"""The agency desk: where clerks and heads work (the ledger's lists and forms are added here)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from xxgk.web.access import AgencyStaff, DbSession
from xxgk.web.pages import render
from xxgk.web.scope import agency_outline, visible_agencies

router = APIRouter(prefix="/desk")


@router.get("")
def desk(request: Request, session: DbSession, user: AgencyStaff) -> Response:
    visible = agency_outline(session, visible_agencies(session, user))
    return render(request, "desk.html", agencies=visible)
