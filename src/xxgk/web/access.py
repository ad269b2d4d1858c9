"""Who is asking: the database session of a request, the signed-in user, and role requirements.

A protected route depends on `require_user` or `require_role(...)`; without a
signed-in user the request ends in `LoginRequired` (a redirect to the login page,
or 401 for htmx), and with the wrong role in 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from sqlalchemy.orm import Session

from xxgk.store.web import Role, User
from xxgk.web.context import web_context
from xxgk.web.csrf import rotate_csrf_token

SESSION_USER = "user_id"
SESSION_EPOCH = "epoch"
PASSWORD_PAGE = "/account/password"
# Database ids and years in addresses: out of range is "not found", never an overflow in the database.
RecordId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Year = Annotated[int, Path(ge=1990, le=2100)]


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who the page layout shows as signed in: a snapshot, usable after the request's session closed
    (error pages render after it)."""

    username: str
    display_name: str
    role: str
    agency: str | None


class LoginRequired(Exception):
    """Raised by `require_user`; the app answers with the login page."""


class PasswordChangeRequired(Exception):
    """Raised by `require_user` for a user whose password was reset; the app answers with the password page."""


def sign_in(request: Request, user: User) -> None:
    """A fresh session for `user`, bound to the user's current session epoch."""
    request.session.clear()
    request.session[SESSION_USER] = user.id
    request.session[SESSION_EPOCH] = user.session_epoch
    rotate_csrf_token(request)


def end_sessions(user: User) -> None:
    """Every session of `user` ends: their cookies carry the old epoch (logout, password change, reset, disable)."""
    user.session_epoch = (user.session_epoch or 0) + 1


def db_session(request: Request) -> Iterator[Session]:
    """One session per request, committed when the handler returns without error."""
    session = web_context(request).db.sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(db_session, scope="function")]


def current_user(request: Request, session: DbSession) -> User | None:
    """The signed-in, still active user, or None. A snapshot is kept on `request.state` for the page layout."""
    user_id = request.session.get(SESSION_USER)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is not None and (not user.active or request.session.get(SESSION_EPOCH) != user.session_epoch):
        request.session.clear()
        user = None
    request.state.viewer = (
        Viewer(user.username, user.display_name, user.role, user.agency.name if user.agency else None) if user else None
    )
    return user


async def require_user(request: Request, user: Annotated[User | None, Depends(current_user)]) -> User:
    """Async on purpose, like the role check: no I/O, so no trip through the thread pool.

    A user whose password was reset reaches only the password page (and logout) until it is changed."""
    if user is None:
        raise LoginRequired
    if user.must_change_password and request.url.path not in (PASSWORD_PAGE, "/logout"):
        raise PasswordChangeRequired
    return user


def require_role(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """A dependency admitting signed-in users with one of `roles`."""
    allowed = frozenset(roles)

    async def dependency(user: Annotated[User, Depends(require_user)]) -> User:
        if user.role_enum not in allowed:
            raise HTTPException(403, "您的账号无权访问此页面")
        return user

    return dependency


CurrentUser = Annotated[User | None, Depends(current_user)]
SignedIn = Annotated[User, Depends(require_user)]
Supervisor = Annotated[User, Depends(require_role(Role.supervisor, Role.admin))]
Admin = Annotated[User, Depends(require_role(Role.admin))]
AgencyStaff = Annotated[User, Depends(require_role(Role.clerk, Role.head, Role.supervisor, Role.admin))]
