"""Letters on the web: the desk's downloads of each letter, the citizen's decision letter, the settings form.

Every route calls `xxgk.letters.service` (as the command line does); a letter is
always a DOCX or PDF attachment, never a page of the site.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger.applications import find_application
from xxgk.ledger.records import LedgerError
from xxgk.letters.service import DECISION, letter_of, letter_settings, render_letter, save_settings
from xxgk.letters.wording import DEFAULT_PATTERN
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.web import Role, User, audit
from xxgk.web.access import AgencyStaff, CurrentUser, DbSession, RecordId, require_role
from xxgk.web.context import web_context
from xxgk.web.desk import own_agency
from xxgk.web.downloads import DownloadFormat, download_format, letter_response
from xxgk.web.filing import look_up
from xxgk.web.pages import render

router = APIRouter()
Text = Annotated[str, Form(max_length=200)]
Head = Annotated[User, Depends(require_role(Role.head, Role.admin))]


def _format(fmt: str) -> DownloadFormat:
    wanted = download_format(fmt)
    if wanted is None:
        raise HTTPException(404, f"告知书不提供“{fmt}”格式")
    return wanted


def _download(session: Session, agency: Agency, application: Application, subject: str, fmt: str) -> Response:
    wanted = _format(fmt)
    try:
        letter = letter_of(session, agency, application, subject)
        data = render_letter(letter, wanted.key)
    except XxgkError as exc:
        raise HTTPException(404, str(exc)) from None
    return letter_response(data, letter.title, application.number, wanted)


@router.get("/desk/applications/{number}/letters/{subject}/{fmt}")
def desk_letter(session: DbSession, user: AgencyStaff, number: str, subject: str, fmt: str) -> Response:
    """One letter of the application as DOCX or PDF, numbered the first time it is written."""
    agency = own_agency(user)
    try:
        application = find_application(session, agency, number)
    except LedgerError:
        raise HTTPException(404, "本机关台账中没有这个申请") from None
    return _download(session, agency, application, subject, fmt)


@router.post("/agencies/{agency_id}/status/letter")
def citizen_letter(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    agency_id: RecordId,
    number: Annotated[str, Form(max_length=40)] = "",
    code: Annotated[str, Form(max_length=40)] = "",
    fmt: Annotated[str, Form(max_length=10)] = "pdf",
) -> Response:
    """The decision letter for whoever holds the application's number and query code (throttled like the lookup)."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise HTTPException(404, "没有这个机关")
    throttle = web_context(request).throttle
    attempt = throttle.begin(f"status:{request.client.host if request.client else '-'}")
    if attempt.refused:
        raise HTTPException(429, "查询失败次数过多，请稍后再试")
    application = look_up(session, agency, number, code)
    if application is None:
        raise HTTPException(404, "申请编号或查询码不正确")
    throttle.succeeded(attempt)
    if application.outcome is None:
        raise HTTPException(404, "申请尚未办结，还没有答复告知书")
    return _download(session, agency, application, DECISION, fmt)


# ---------------------------------------------------------------- settings


def _agencies(session: Session, user: User) -> list[Agency]:
    if user.agency is not None:
        return [user.agency]
    return list(session.scalars(select(Agency).order_by(Agency.name)))


def _settings_page(
    request: Request, session: Session, user: User, agency: Agency | None, error: str | None = None, **typed: str
) -> Response:
    settings = letter_settings(session, agency) if agency else None
    return render(
        request,
        "desk/letter_settings.html",
        400 if error else 200,
        agencies=_agencies(session, user),
        agency=agency,
        settings=settings,
        typed=typed,
        default_pattern=DEFAULT_PATTERN,
        error=error,
    )


def _chosen(session: Session, user: User, agency_id: int | None) -> Agency | None:
    if user.agency is not None:
        return user.agency
    return session.get(Agency, agency_id) if agency_id else None


@router.get("/desk/letters/settings")
def settings_form(request: Request, session: DbSession, user: Head, agency: int | None = None) -> Response:
    """告知书设置: the 文号 pattern, the review body and the court, for the head (or an admin) to edit."""
    return _settings_page(request, session, user, _chosen(session, user, agency))


@router.post("/desk/letters/settings")
def save_settings_form(
    request: Request,
    session: DbSession,
    user: Head,
    agency_id: Annotated[int | None, Form()] = None,
    number_pattern: Text = "",
    review_body: Text = "",
    court: Text = "",
) -> Response:
    agency = _chosen(session, user, agency_id)
    if agency is None:
        return _settings_page(request, session, user, None, "请选择机关")
    typed = {"number_pattern": number_pattern, "review_body": review_body, "court": court}
    try:
        with session.begin_nested():
            save_settings(session, agency, by=user.username, **typed)
    except XxgkError as exc:
        return _settings_page(request, session, user, agency, str(exc), **typed)
    audit(session, user, "letters.settings", "agency", str(agency.id), agency_id=agency.id, **typed)
    suffix = "" if user.agency is not None else f"?agency={agency.id}"
    return RedirectResponse(f"/desk/letters/settings{suffix}", status_code=303)
