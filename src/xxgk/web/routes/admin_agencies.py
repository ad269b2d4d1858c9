"""Administering the agency tree: one agency's page to edit, move, retire, or merge it into another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.store.agencies import Agency, subtree
from xxgk.store.web import User
from xxgk.web.access import Admin, DbSession, RecordId
from xxgk.web.agencies import (
    KINDS,
    LEVELS,
    AgencyError,
    AgencyFields,
    edit_agency,
    merge_agencies,
    move_agency,
    retire_agency,
)
from xxgk.web.pages import render
from xxgk.web.scope import agency_outline

router = APIRouter(prefix="/admin/agencies")
Field = Annotated[str, Form(max_length=200)]


def _agency(session: Session, agency_id: int) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise HTTPException(404, "没有这个机关")
    return agency


@router.get("/{agency_id}")
def agency_page(request: Request, session: DbSession, user: Admin, agency_id: RecordId) -> Response:
    return _page(request, session, _agency(session, agency_id))


@router.post("/{agency_id}")
def edit(
    request: Request,
    session: DbSession,
    user: Admin,
    agency_id: RecordId,
    name: Field = "",
    level: Field = "",
    kind: Field = "",
    region: Field = "",
    region_code: Field = "",
    credit_code: Field = "",
) -> Response:
    fields = AgencyFields(name, level, kind, region, region_code, credit_code)
    return _change(request, session, user, agency_id, lambda a: edit_agency(session, user, a, fields))


@router.post("/{agency_id}/move")
def move(
    request: Request, session: DbSession, user: Admin, agency_id: RecordId, parent_id: Annotated[int, Form()] = 0
) -> Response:
    """Under another agency (0: at the top of the tree)."""
    parent = _agency(session, parent_id) if parent_id else None
    return _change(request, session, user, agency_id, lambda a: move_agency(session, user, a, parent))


@router.post("/{agency_id}/retire")
def retire(
    request: Request, session: DbSession, user: Admin, agency_id: RecordId, retired: Annotated[bool, Form()] = False
) -> Response:
    return _change(request, session, user, agency_id, lambda a: retire_agency(session, user, a, retired))


@router.post("/{agency_id}/merge")
def merge(
    request: Request, session: DbSession, user: Admin, agency_id: RecordId, target_id: Annotated[int, Form()] = 0
) -> Response:
    """Merge this agency into `target_id`: its records move there, then it is removed."""
    source = _agency(session, agency_id)
    target = session.get(Agency, target_id)
    if target is None:
        return _page(request, session, source, 400, "请选择要并入的机关")
    try:
        merge_agencies(session, user, source, target)
    except AgencyError as exc:
        session.rollback()
        return _page(request, session, _agency(session, agency_id), 400, str(exc))
    return RedirectResponse(f"/admin/agencies/{target.id}", status_code=303)


def _change(
    request: Request, session: Session, user: User, agency_id: int, change: Callable[[Agency], None]
) -> Response:
    agency = _agency(session, agency_id)
    try:
        change(agency)
        session.flush()
    except AgencyError as exc:
        session.rollback()
        return _page(request, session, _agency(session, agency_id), 400, str(exc))
    return RedirectResponse(f"/admin/agencies/{agency_id}", status_code=303)


def _page(
    request: Request, session: Session, agency: Agency, status_code: int = 200, error: str | None = None
) -> Response:
    below = set(subtree(session, agency.id))
    outline = agency_outline(session)
    return render(
        request,
        "admin/agency.html",
        status_code,
        agency=agency,
        parents=[a for a in outline if a.id not in below],
        others=[a for a in outline if a.id != agency.id],
        levels=LEVELS,
        kinds=KINDS,
        error=error,
    )
