"""The public portal of each agency: its disclosure guide, the application form, the status lookup,
and its published annual reports. No login; every form carries the session's CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.disclosure.guide import guide_of
from xxgk.errors import XxgkError
from xxgk.ledger.events import (
    ANSWER_DAYS,
    CONSULTATION_REPLY_DAYS,
    CORRECTION_NOTICE_DAYS,
    MAX_EXTENSION_DAYS,
    REGULATION,
)
from xxgk.letters.service import applicant_letters
from xxgk.render import render_report
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.web import annual
from xxgk.web.access import CurrentUser, DbSession, RecordId, Year
from xxgk.web.attachments import (
    ACCEPT_ATTRIBUTE,
    AttachmentRoute,
    check_uploads,
    limits_text,
    read_uploads,
    with_attachments,
)
from xxgk.web.context import web_context
from xxgk.web.corrections import CorrectionError, correction_asked, send_correction
from xxgk.web.downloads import DOWNLOAD_FORMATS, document_response, download_format
from xxgk.web.filing import (
    DELIVERY_FORMS,
    DOCUMENT_TYPES,
    POSTAL,
    ApplicationForm,
    applicant_types,
    form_errors,
    look_up,
)
from xxgk.web.pages import render
from xxgk.web.receipts import file_once, new_form_token, receipt, usable_token
from xxgk.web.tables import report_sections
from xxgk.web.timeline import clock_of, entries, status_text

router = APIRouter(prefix="/agencies", route_class=AttachmentRoute)
home_router = APIRouter()
RECEIPT_KEY = "portal_receipt"
Text = Annotated[str, Form(max_length=4000)]
Files = Annotated[list[UploadFile] | None, File()]
Short = Annotated[str, Form(max_length=40)]


def public_agency(session: Session, agency_id: int) -> Agency:
    """The agency, unless unknown or retired (a retired agency's records stay, its public pages go)."""
    agency = session.get(Agency, agency_id)
    if agency is None or agency.retired_at is not None:
        raise HTTPException(404, "没有这个机关")
    return agency


@router.get("/{agency_id}")
def guide(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    """信息公开指南: the agency's office and contacts, its catalogue, how to apply, fees and appeal routes."""
    limits = {
        "answer": ANSWER_DAYS,
        "correction": CORRECTION_NOTICE_DAYS,
        "consultation": CONSULTATION_REPLY_DAYS,
        "extension": MAX_EXTENSION_DAYS,
    }
    agency = public_agency(session, agency_id)
    return render(
        request,
        "portal/guide.html",
        agency=agency,
        guide=guide_of(session, agency),
        limits=limits,
        regulation=REGULATION,
    )


@router.get("/{agency_id}/apply")
def application_form(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    return _form_page(request, public_agency(session, agency_id), ApplicationForm(), {}, new_form_token())


@router.post("/{agency_id}/apply")
@with_attachments
def apply(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    agency_id: RecordId,
    applicant_type: Text = "",
    name: Text = "",
    document_type: Text = "",
    document_number: Text = "",
    contact: Text = "",
    description: Text = "",
    delivery: Text = "",
    address: Text = "",
    form_token: Annotated[str, Form(max_length=100)] = "",
    attachments: Files = None,
) -> Response:
    """File once per form token, then redirect to the receipt (a refresh shows the receipt again, never refiles)."""
    agency = public_agency(session, agency_id)
    typed = (applicant_type, name, document_type, document_number, contact, description, delivery, address)
    form = ApplicationForm(*(v.strip() for v in typed))
    if not usable_token(form_token):
        expired = {"form": "页面已过期：您填写的内容已保留，请核对后再次提交"}
        return _form_page(request, agency, form, expired, new_form_token(), 422)
    errors = form_errors(form)
    files, refused = check_uploads(read_uploads(attachments or []))
    if refused:
        errors["attachments"] = f"{refused}；请重新选择附件"
    if errors:
        return _form_page(request, agency, form, errors, form_token, 422)
    file_once(session, agency, form, form_token, files)
    request.session[RECEIPT_KEY] = form_token
    return RedirectResponse(f"/agencies/{agency.id}/apply/filed", status_code=303)


@router.get("/{agency_id}/apply/filed")
def filed_receipt(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    """The receipt of the application this browser filed last: number, query code, date received."""
    agency = public_agency(session, agency_id)
    token = request.session.get(RECEIPT_KEY)
    filed = receipt(session, token) if isinstance(token, str) else None
    if filed is None:
        return RedirectResponse(f"/agencies/{agency.id}/apply", status_code=303)
    application = look_up(session, agency, filed.number, filed.code) if filed.code else None
    clock = clock_of(session, application) if application is not None else None
    return render(request, "portal/filed.html", agency=agency, filed=filed, application=application, clock=clock)


def _form_page(
    request: Request,
    agency: Agency,
    form: ApplicationForm,
    errors: dict[str, str],
    token: str,
    status: int = 200,
) -> Response:
    return render(
        request,
        "portal/apply.html",
        status,
        agency=agency,
        form=form,
        errors=errors,
        form_token=token,
        applicant_types=applicant_types(),
        document_types=DOCUMENT_TYPES,
        delivery_forms=DELIVERY_FORMS,
        postal=POSTAL,
        accept=ACCEPT_ATTRIBUTE,
        limits=limits_text(),
    )


@router.get("/{agency_id}/status")
def status_form(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    return render(request, "portal/status.html", agency=public_agency(session, agency_id), number="")


@router.post("/{agency_id}/status")
def status(
    request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId, number: Short = "", code: Short = ""
) -> Response:
    """The application's state and due date, for whoever holds both its number and its query code."""
    agency = public_agency(session, agency_id)
    found = _looked_up(request, session, agency, number, code)
    if isinstance(found, Response):
        return found
    return status_page(request, session, agency, found, code)


@home_router.post("/status")
def home_status(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    agency_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    number: Short = "",
    code: Short = "",
) -> Response:
    """The status lookup of the home page: the same lookup, with the agency chosen in the form."""
    return status(request, session, user, agency_id, number, code)


@router.post("/{agency_id}/status/correction")
@with_attachments
def correction(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    agency_id: RecordId,
    number: Short = "",
    code: Short = "",
    text: Text = "",
    attachments: Files = None,
) -> Response:
    """The citizen's 补正, sent on the status page: recorded as 收到补正 (the clock restarts), late ones flagged."""
    agency = public_agency(session, agency_id)
    found = _looked_up(request, session, agency, number, code)
    if isinstance(found, Response):
        return found
    files, refused = check_uploads(read_uploads(attachments or []))
    if refused:
        return status_page(request, session, agency, found, code, 422, correction_error=refused, typed=text)
    try:
        with session.begin_nested():
            sent = send_correction(session, agency, found, text, files)
    except CorrectionError as exc:
        return status_page(request, session, agency, found, code, 422, correction_error=str(exc), typed=text)
    session.refresh(found)
    return status_page(request, session, agency, found, code, corrected=sent)


def _looked_up(request: Request, session: Session, agency: Agency, number: str, code: str) -> Application | Response:
    """The application for its number and query code, or the page saying why not (throttled per address)."""
    throttle = web_context(request).throttle
    attempt = throttle.begin(f"status:{request.client.host if request.client else '-'}")
    if attempt.refused:
        minutes = (attempt.wait + 59) // 60
        error = f"查询失败次数过多，请 {minutes} 分钟后再试"
        return render(request, "portal/status.html", 429, agency=agency, number=number, error=error)
    application = look_up(session, agency, number, code)
    if application is None:
        error = "申请编号或查询码不正确"
        return render(request, "portal/status.html", 404, agency=agency, number=number, error=error)
    throttle.succeeded(attempt)
    return application


def status_page(
    request: Request,
    session: Session,
    agency: Agency,
    application: Application,
    code: str,
    status_code: int = 200,
    **extra: object,
) -> Response:
    clock = clock_of(session, application)
    return render(
        request,
        "portal/status.html",
        status_code,
        agency=agency,
        number=application.number,
        code=code,
        application=application,
        clock=clock,
        state=status_text(application, clock),
        timeline=entries(application),
        letters=applicant_letters(application),
        asked=correction_asked(application),
        accept=ACCEPT_ATTRIBUTE,
        limits=limits_text(),
        **extra,
    )


@router.get("/{agency_id}/reports")
def reports(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    agency = public_agency(session, agency_id)
    return render(
        request,
        "portal/reports.html",
        agency=agency,
        reports=annual.published_reports(session, agency),
        formats=DOWNLOAD_FORMATS.values(),
    )


@router.get("/{agency_id}/reports/{year}")
def report_view(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId, year: Year) -> Response:
    agency = public_agency(session, agency_id)
    published = annual.published_report(session, agency, year)
    if published is None:
        raise HTTPException(404, f"{agency.name}尚未公开 {year} 年度报告")
    return render(
        request,
        "portal/report.html",
        agency=agency,
        report=published.report,
        sections=report_sections(published.report, []),
        formats=DOWNLOAD_FORMATS.values(),
    )


@router.get("/{agency_id}/reports/{year}/download/{fmt}")
def report_download(session: DbSession, user: CurrentUser, agency_id: RecordId, year: Year, fmt: str) -> Response:
    """A published report as DOCX or PDF. It is public as published, so the publication gate is not applied again."""
    agency = public_agency(session, agency_id)
    wanted = download_format(fmt)
    if wanted is None:
        raise HTTPException(404, f"不提供“{fmt}”格式的下载")
    published = annual.published_report(session, agency, year)
    if published is None:
        raise HTTPException(404, f"{agency.name}尚未公开 {year} 年度报告")
    try:
        data = render_report(published.report, wanted.key)
    except XxgkError as exc:
        raise HTTPException(500, str(exc)) from None
    return document_response(data, published.report, wanted)
