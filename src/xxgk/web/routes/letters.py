"""Letters on the web: the desk's downloads of each letter, the citizen's decision letter, the settings form.

Every route calls `xxgk.letters.service` (as the command line does); a letter is
always a DOCX or PDF attachment, never a page of the site.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger.applications import find_application
from xxgk.ledger.records import LedgerError
from xxgk.letters.service import DECISION, applicant_letters, issued_file, letter_settings, save_settings
from xxgk.letters.templates import (
    MAX_TEMPLATE,
    NAMES,
    TEMPLATE_TITLES,
    TemplateRefused,
    agency_templates,
    default_template,
    preview,
    save_template,
)
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
from xxgk.web.scope import choosable_agencies, chosen_agency

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
        letter, data = issued_file(session, agency, application, subject, wanted.key)
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
    subject: Annotated[str, Form(max_length=40)] = DECISION,
) -> Response:
    """A letter addressed to the applicant, for whoever holds the application's number and query code
    (throttled like the lookup); the 答复告知书 unless `subject` names another."""
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
    if subject == DECISION and application.outcome is None:
        raise HTTPException(404, "申请尚未办结，还没有答复告知书")
    if subject not in dict(applicant_letters(application)):
        raise HTTPException(404, "没有这份告知书")
    return _download(session, agency, application, subject, fmt)


# ---------------------------------------------------------------- settings


def _settings_page(
    request: Request, session: Session, user: User, agency: Agency | None, error: str | None = None, **typed: str
) -> Response:
    settings = letter_settings(session, agency) if agency else None
    return render(
        request,
        "desk/letter_settings.html",
        400 if error else 200,
        agencies=choosable_agencies(session, user),
        agency=agency,
        settings=settings,
        typed=typed,
        default_pattern=DEFAULT_PATTERN,
        error=error,
        template_titles=TEMPLATE_TITLES,
        choose_agency=user.agency is None,
    )


@router.get("/desk/letters/settings")
def settings_form(request: Request, session: DbSession, user: Head, agency: int | None = None) -> Response:
    """告知书设置: the 文号 pattern, the review body and the court, for the head (or an admin) to edit."""
    return _settings_page(request, session, user, chosen_agency(session, user, agency))


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
    agency = chosen_agency(session, user, agency_id)
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


# ---------------------------------------------------------------- templates


def _template_page(
    request: Request, user: User, agency: Agency, key: str, text: str, status: int = 200, **shown: object
) -> Response:
    return render(
        request,
        "desk/letter_template.html",
        status,
        agency=agency,
        key=key,
        title=TEMPLATE_TITLES[key],
        text=text,
        names=NAMES,
        choose_agency=user.agency is None,
        **shown,
    )


def _template_agency(session: Session, user: User, agency_id: int | None, key: str) -> Agency:
    if key not in TEMPLATE_TITLES:
        raise HTTPException(404, "没有这种告知书")
    agency = chosen_agency(session, user, agency_id)
    if agency is None:
        raise HTTPException(404, "请先选择机关")
    return agency


@router.get("/desk/letters/templates/{key}")
def template_form(request: Request, session: DbSession, user: Head, key: str, agency: int | None = None) -> Response:
    """One kind of letter's template, for the head (or an admin) to edit, with a preview of the sample case."""
    chosen = _template_agency(session, user, agency, key)
    text = agency_templates(session, chosen)[key]
    return _template_page(request, user, chosen, key, text, shown=preview(key, text))


@router.post("/desk/letters/templates/{key}")
def save_template_form(
    request: Request,
    session: DbSession,
    user: Head,
    key: str,
    agency_id: Annotated[int | None, Form()] = None,
    text: Annotated[str, Form(max_length=MAX_TEMPLATE)] = "",
    action: Annotated[str, Form(max_length=20)] = "preview",
) -> Response:
    """预览 renders the typed text; 保存 stores it (refused with the reason when it cannot render); 恢复默认 drops it."""
    agency = _template_agency(session, user, agency_id, key)
    if action == "reset":
        text = default_template(key)
    try:
        shown = preview(key, text)
        if action in ("save", "reset"):
            with session.begin_nested():
                save_template(session, agency, key, text, user.username)
    except TemplateRefused as exc:
        return _template_page(request, user, agency, key, text, 400, error=str(exc))
    return _template_page(request, user, agency, key, text, shown=shown, saved=action in ("save", "reset"))
