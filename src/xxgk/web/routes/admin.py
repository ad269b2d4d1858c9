"""Administration: users, the agency tree, the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.store.agencies import Agency
from xxgk.store.web import AuditEntry, Role, User
from xxgk.web import accounts
from xxgk.web.access import Admin, DbSession, RecordId
from xxgk.web.accounts import AccountError, NewUser, agency_named, create_user
from xxgk.web.agencies import KINDS, LEVELS, AgencyError, AgencyFields, create_agency
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
def set_active(
    request: Request, session: DbSession, user: Admin, user_id: RecordId, active: Annotated[bool, Form()] = False
) -> Response:
    """Disable (every session of the user ends at once) or re-enable an account."""
    return _user_change(request, session, lambda target: accounts.set_active(session, user, target, active), user_id)


@router.post("/users/{user_id}/password")
def reset_password(
    request: Request,
    session: DbSession,
    user: Admin,
    user_id: RecordId,
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """A temporary password, to be changed at the user's next login; the user's sessions end."""
    return _user_change(
        request, session, lambda target: accounts.reset_password(session, user, target, password), user_id
    )


@router.post("/users/{user_id}/role")
def change_role(
    request: Request, session: DbSession, user: Admin, user_id: RecordId, role: Text = "", agency: Text = ""
) -> Response:
    return _user_change(
        request, session, lambda target: accounts.change_role(session, user, target, role, agency or None), user_id
    )


def _user_change(request: Request, session: Session, change: Callable[[User], None], user_id: int) -> Response:
    target = session.get(User, user_id)
    if target is None:
        raise HTTPException(404, "没有这个用户")
    try:
        change(target)
    except AccountError as exc:
        session.rollback()
        return _admin_page(request, session, 400, user_error=f"{target.username}：{exc}")
    return RedirectResponse("/admin", status_code=303)


@router.post("/agencies")
def add_agency(
    request: Request,
    session: DbSession,
    user: Admin,
    name: Text = "",
    parent: Text = "",
    level: Annotated[str, Form(max_length=20)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    region: Annotated[str, Form(max_length=100)] = "",
    region_code: Annotated[str, Form(max_length=20)] = "",
    credit_code: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    parent_row = agency_named(session, parent) if parent.strip() else None
    try:
        if parent.strip() and parent_row is None:
            raise AgencyError(f"上级机关“{parent.strip()}”不存在，请先添加")
        create_agency(session, user, AgencyFields(name, level, kind, region, region_code, credit_code), parent_row)
    except AgencyError as exc:
        session.rollback()
        return _admin_page(request, session, 400, agency_error=str(exc), form={"name": name, "parent": parent})
    return RedirectResponse("/admin", status_code=303)


@router.get("/audit")
def audit_log(request: Request, session: DbSession, user: Admin) -> Response:
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_SHOWN)).all()
    agencies = {a.id: a.name for a in session.scalars(select(Agency))}
    names = {u.id: u.display_name for u in session.scalars(select(User))}
    return render(request, "admin/audit.html", entries=entries, agencies=agencies, names=names)


def _admin_page(request: Request, session: Session, status_code: int = 200, **extra: object) -> Response:
    users = session.scalars(select(User).order_by(User.username)).all()
    return render(
        request,
        "admin/index.html",
        status_code,
        users=users,
        agencies=agency_outline(session),
        roles=list(Role),
        levels=LEVELS,
        kinds=KINDS,
        **extra,
    )
