"""Administration: users, the agency tree, the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.agency import agency_key
from xxgk.store.agencies import Agency
from xxgk.store.web import AuditEntry, Role, User, audit
from xxgk.web.access import Admin, DbSession
from xxgk.web.accounts import AccountError, NewUser, agency_named, create_user
from xxgk.web.pages import render
from xxgk.web.scope import agency_outline

router = APIRouter(prefix="/admin")

AUDIT_SHOWN = 200
Text = Annotated[str, Form(max_length=200)]


@router.get("")
def admin_home(request: Request, session: DbSession, user: Admin) -> Response:
    return _admin_page(request, session)


@router.post("/users")
def add_user(
    request: Request,
    session: DbSession,
    user: Admin,
    username: Text = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    role: Text = "",
    agency: Text = "",
    display_name: Text = "",
) -> Response:
    try:
        create_user(session, NewUser(username, password, role, agency or None, display_name or None), user)
    except AccountError as exc:
        session.rollback()
        return _admin_page(request, session, 400, user_error=str(exc), form={"username": username, "agency": agency})
    return RedirectResponse("/admin", status_code=303)


@router.post("/users/{user_id}/active")
def set_active(session: DbSession, user: Admin, user_id: int, active: Annotated[bool, Form()] = False) -> Response:
    """Disable or re-enable an account; a disabled user's session ends at its next request."""
    target = session.get(User, user_id)
    if target is None:
        raise HTTPException(404, "没有这个用户")
    if target.id == user.id and not active:
        raise HTTPException(400, "不能停用自己的账号")
    target.active = active
    audit(session, user, "user.enable" if active else "user.disable", "user", target.id, agency_id=target.agency_id)
    return RedirectResponse("/admin", status_code=303)


@router.post("/agencies")
def add_agency(
    request: Request,
    session: DbSession,
    user: Admin,
    name: Text = "",
    parent: Text = "",
    level: Annotated[str, Form(max_length=20)] = "",
    region: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    name = name.strip()
    parent_row = agency_named(session, parent) if parent.strip() else None
    error = None
    if not name:
        error = "机关名称不能为空"
    elif agency_named(session, name) is not None:
        error = f"机关“{name}”已存在"
    elif parent.strip() and parent_row is None:
        error = f"上级机关“{parent.strip()}”不存在，请先添加"
    if error:
        return _admin_page(request, session, 400, agency_error=error, form={"name": name, "parent": parent})
    agency = Agency(
        name=name,
        key=agency_key(name) or name,
        level=level.strip() or None,
        region=region.strip() or None,
        parent=parent_row,
    )
    session.add(agency)
    session.flush()
    audit(
        session,
        user,
        "agency.create",
        "agency",
        agency.id,
        agency_id=agency.id,
        name=name,
        parent=parent.strip() or None,
    )
    return RedirectResponse("/admin", status_code=303)


@router.get("/audit")
def audit_log(request: Request, session: DbSession, user: Admin) -> Response:
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_SHOWN)).all()
    agencies = {a.id: a.name for a in session.scalars(select(Agency))}
    return render(request, "admin/audit.html", entries=entries, agencies=agencies)


def _admin_page(request: Request, session: Session, status_code: int = 200, **extra: object) -> Response:
    users = session.scalars(select(User).order_by(User.username)).all()
    return render(
        request,
        "admin/index.html",
        status_code,
        users=users,
        agencies=agency_outline(session),
        roles=list(Role),
        **extra,
    )
