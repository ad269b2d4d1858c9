"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from xxgk.store.web import Role, User, audit
from xxgk.web.access import PASSWORD_PAGE, CurrentUser, DbSession, SignedIn, end_sessions, sign_in
from xxgk.web.accounts import AccountError, authenticate, change_password
from xxgk.web.context import web_context
from xxgk.web.pages import render

router = APIRouter()

HOME_OF_ROLE = {Role.clerk: "/desk", Role.head: "/desk", Role.supervisor: "/console", Role.admin: "/admin"}


@router.get("/login")
def login_page(request: Request, user: CurrentUser, next: str = "") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next) or home_of(user), status_code=303)
    return render(request, "login.html", next=safe_next(next))


@router.post("/login")
def login(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the password, with attempts counted per user name and per address (see `throttle`)."""
    throttle = web_context(request).throttle
    keys = (f"user:{username.strip().lower()}", f"addr:{request.client.host if request.client else '-'}")
    attempt = throttle.begin(*keys)
    if attempt.refused:
        minutes = (attempt.wait + 59) // 60
        message = f"登录失败次数过多，请 {minutes} 分钟后再试"
        return render(request, "login.html", 429, error=message, username=username, next=safe_next(next))
    user = authenticate(session, username, password) if username and password else None
    if user is None:
        return render(request, "login.html", 401, error="用户名或密码错误", username=username, next=safe_next(next))
    throttle.succeeded(attempt, forget=keys[:1])
    audit(session, user, "user.login", "user", user.id, agency_id=user.agency_id)
    sign_in(request, user)
    if user.must_change_password:
        return RedirectResponse(PASSWORD_PAGE, status_code=303)
    return RedirectResponse(safe_next(next) or home_of(user), status_code=303)


@router.post("/logout")
def logout(request: Request, session: DbSession, user: CurrentUser) -> Response:
    """Sign out everywhere: every cookie of this user, saved or stolen, stops working."""
    if user is not None:
        end_sessions(user)
        audit(session, user, "user.logout", "user", user.id, agency_id=user.agency_id)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get(PASSWORD_PAGE)
def password_page(request: Request, user: SignedIn) -> Response:
    return render(request, "account/password.html", forced=user.must_change_password)


@router.post(PASSWORD_PAGE)
def password_change(
    request: Request,
    session: DbSession,
    user: SignedIn,
    current: Annotated[str, Form(max_length=1000)] = "",
    new: Annotated[str, Form(max_length=1000)] = "",
    repeated: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Change one's own password; other sessions end, this one continues under the new epoch."""
    forced = user.must_change_password
    try:
        change_password(session, user, current, new, repeated)
    except AccountError as exc:
        session.rollback()
        return render(request, "account/password.html", 400, forced=forced, error=str(exc))
    sign_in(request, user)
    return render(request, "account/password.html", forced=False, done=True, home=home_of(user))


def home_of(user: User) -> str:
    return HOME_OF_ROLE[user.role_enum]


def safe_next(target: str) -> str:
    """Only a path on this site: never another host (`//evil`, `https://...`, `/\\evil`)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target and "\r" not in target:
        return target
    return ""
