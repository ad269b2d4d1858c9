"""待确认机关: uploaded reports whose printed agency is not in the directory, placed by the supervisor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.store.web import User
from xxgk.web.access import DbSession, RecordId, Supervisor
from xxgk.web.pages import render
from xxgk.web.placement import PlacementError, confirm_new_agency, map_to_agency, queued
from xxgk.web.scope import agency_outline, visible_agencies

router = APIRouter(prefix="/console/queue")


@router.get("")
def queue_page(request: Request, session: DbSession, user: Supervisor) -> Response:
    return _page(request, session, user)


@router.post("/{file_id}/map")
def map_report(
    request: Request, session: DbSession, user: Supervisor, file_id: RecordId, agency_id: Annotated[int, Form()] = 0
) -> Response:
    """Place the report under an existing agency of the supervisor's tree."""
    try:
        map_to_agency(session, user, file_id, agency_id)
    except PlacementError as exc:
        session.rollback()
        return _page(request, session, user, 400, str(exc))
    return RedirectResponse("/console/queue", status_code=303)


@router.post("/{file_id}/create")
def create_agency(
    request: Request,
    session: DbSession,
    user: Supervisor,
    file_id: RecordId,
    name: Annotated[str, Form(max_length=200)] = "",
    parent_id: Annotated[int, Form()] = 0,
) -> Response:
    """Confirm the printed agency as a new one, under an agency of the supervisor's tree."""
    try:
        confirm_new_agency(session, user, file_id, name, parent_id)
    except PlacementError as exc:
        session.rollback()
        return _page(request, session, user, 400, str(exc))
    return RedirectResponse("/console/queue", status_code=303)


def _page(request: Request, session: Session, user: User, status_code: int = 200, error: str | None = None) -> Response:
    agencies = [a for a in agency_outline(session, visible_agencies(session, user)) if not a.retired]
    return render(
        request,
        "oversight/queue.html",
        status_code,
        items=queued(session, user),
        agencies=agencies,
        home=user.agency_id,
        error=error,
    )
