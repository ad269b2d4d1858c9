"""The public portal of each agency: its disclosure guide, the application form, the status lookup,
and its published annual reports. No login; every form carries the session's CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
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
from xxgk.render import render_report
from xxgk.store.agencies import Agency
from xxgk.store.web import audit
from xxgk.web import annual
from xxgk.web.access import CurrentUser, DbSession, RecordId, Year
from xxgk.web.context import web_context
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

router = APIRouter(prefix="/agencies")
ACTOR = "公众"
RECEIPT_KEY = "portal_receipt"
Text = Annotated[str, Form(max_length=4000)]


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
) -> Response:
    """File once per form token, then redirect to the receipt (a refresh shows the receipt again, never refiles)."""
    agency = public_agency(session, agency_id)
    typed = (applicant_type, name, document_type, document_number, contact, description, delivery, address)
    form = ApplicationForm(*(v.strip() for v in typed))
    if not usable_token(form_token):
        expired = {"form": "页面已过期：您填写的内容已保留，请核对后再次提交"}
        return _form_page(request, agency, form, expired, new_form_token(), 422)
    errors = form_errors(form)
    if errors:
        return _form_page(request, agency, form, errors, form_token, 422)
    filed, new = file_once(session, agency, form, form_token)
    if new:
        audit(session, ACTOR, "application.file", "application", filed.number, agency_id=agency.id, channel="portal")
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
    return render(request, "portal/filed.html", agency=agency, filed=filed)


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
    )


@router.get("/{agency_id}/status")
def status_form(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    return render(request, "portal/status.html", agency=public_agency(session, agency_id), number="")


@router.post("/{agency_id}/status")
def status(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    agency_id: RecordId,
    number: Annotated[str, Form(max_length=40)] = "",
    code: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """The application's state and due date, for whoever holds both its number and its query code."""
    agency = public_agency(session, agency_id)
    throttle = web_context(request).throttle
    key = f"status:{request.client.host if request.client else '-'}"
    attempt = throttle.begin(key)
    if attempt.refused:
        return render(
            request, "portal/status.html", 429, agency=agency, number=number, error="查询失败次数过多，请稍后再试"
        )
    application = look_up(session, agency, number, code)
    if application is None:
        error = "申请编号或查询码不正确"
        return render(request, "portal/status.html", 404, agency=agency, number=number, error=error)
    throttle.succeeded(attempt)
    clock = clock_of(session, application)
    return render(
        request,
        "portal/status.html",
        agency=agency,
        number=number,
        code=code,
        application=application,
        clock=clock,
        state=status_text(application, clock),
        timeline=entries(application),
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
