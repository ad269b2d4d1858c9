"""The desk's annual report: tables from the ledger, prose written here with findings live beside
the cells (htmx), the cases behind each cell, and the head's sign-off to the supervisor."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger.annual import cell_members, year_report
from xxgk.render.publish import publish
from xxgk.store.agencies import Agency
from xxgk.store.web import Role, User, audit
from xxgk.template.national import TEXT_SECTIONS
from xxgk.web import annual
from xxgk.web.access import AgencyStaff, DbSession, Year
from xxgk.web.desk import own_agency
from xxgk.web.downloads import DOWNLOAD_FORMATS, DownloadFormat, document_response, download_format
from xxgk.web.pages import render
from xxgk.web.tables import cell_labels, report_sections

router = APIRouter(prefix="/desk/reports")
Prose = Annotated[str | None, Form(max_length=annual.MAX_TEXT)]
YEARS = range(2019, 2100)


def _year(year: int) -> int:
    if year not in YEARS:
        raise HTTPException(404, "没有这个年度")
    return year


def _context(session: Session, agency: Agency, year: int, error: str | None = None) -> dict[str, Any]:
    draft = annual.find_draft(session, agency, year)
    status = draft.status if draft else "draft"
    checked = annual.shown_report(session, agency, draft, year)
    return {
        "year": year,
        "draft": draft,
        "status": status,
        "status_label": annual.STATUS_LABELS[status],
        "editable": status in ("draft", "returned"),
        "report": checked.report,
        "findings": checked.findings,
        "sections": report_sections(checked.report, checked.findings),
        "cell_labels": cell_labels(checked.report),
        "cell_base": f"/desk/reports/{year}/cells/",
        "error": error,
        "formats": DOWNLOAD_FORMATS.values(),
    }


@router.get("/{year}")
def report_page(request: Request, session: DbSession, user: AgencyStaff, year: Year) -> Response:
    return render(request, "desk/report.html", **_context(session, own_agency(user), _year(year)))


@router.post("/{year}/text")
def save_text(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    year: Year,
    overview: Prose = None,
    problems: Prose = None,
    other_matters: Prose = None,
) -> Response:
    """Store the prose; for htmx, answer with the tables and findings checked again."""
    agency = own_agency(user)
    draft = annual.draft_of(session, agency, _year(year))
    given = dict(zip(TEXT_SECTIONS, (overview, problems, other_matters), strict=True))
    try:
        changed = annual.save_text(draft, {k: v for k, v in given.items() if v is not None})
    except XxgkError as exc:
        return render(request, "desk/report.html", 409, **_context(session, agency, year, str(exc)))
    if changed:
        audit(
            session, user, "report.text", "annual_report", f"{agency.id}/{year}", agency_id=agency.id, sections=changed
        )
    if request.headers.get("hx-request"):
        return render(request, "desk/_report_live.html", **_context(session, agency, year))
    return RedirectResponse(f"/desk/reports/{year}", status_code=303)


@router.post("/{year}/submit")
def submit(request: Request, session: DbSession, user: AgencyStaff, year: Year) -> Response:
    """The agency head signs the report off to the supervisor."""
    agency = own_agency(user)
    if user.role_enum is not Role.head:
        raise HTTPException(403, "年度报告须由机关负责人签发报送")
    draft = annual.draft_of(session, agency, _year(year))
    try:
        checked = annual.submit(session, agency, draft, user.display_name)
    except XxgkError as exc:
        return render(request, "desk/report.html", 409, **_context(session, agency, year, str(exc)))
    detail = {"errors": checked.errors, "warnings": checked.warnings}
    audit(session, user, "report.submit", "annual_report", f"{agency.id}/{year}", agency_id=agency.id, **detail)
    return RedirectResponse(f"/desk/reports/{year}", status_code=303)


@router.get("/{year}/download/{fmt}")
def download(request: Request, session: DbSession, user: AgencyStaff, year: Year, fmt: str) -> Response:
    """The report shown on the page as DOCX or PDF, unless an error finding stops it (the publication gate)."""
    return _download(request, session, user, year, fmt, force=False)


@router.post("/{year}/download/{fmt}")
def forced_download(request: Request, session: DbSession, user: AgencyStaff, year: Year, fmt: str) -> Response:
    """The head takes the document despite its errors; that goes to the audit log."""
    if user.role_enum is not Role.head:
        raise HTTPException(403, "有错误的报告只能由机关负责人决定仍然下载")
    return _download(request, session, user, year, fmt, force=True)


def _download(request: Request, session: Session, user: User, year: int, fmt: str, *, force: bool) -> Response:
    agency = own_agency(user)
    wanted = _format(fmt)
    draft = annual.find_draft(session, agency, _year(year))
    shown = annual.shown_report(session, agency, draft, year)
    try:
        publication = publish(shown.report, wanted.key, force=force)
    except XxgkError as exc:
        raise HTTPException(500, str(exc)) from None
    if publication.data is None:
        context = _context(session, agency, year)
        return render(request, "desk/report.html", 409, **context, refused=publication, refused_format=wanted)
    if publication.forced:
        target = f"{agency.id}/{year}"
        codes = sorted({f.code for f in publication.errors})
        audit(
            session,
            user,
            "report.download_forced",
            "annual_report",
            target,
            agency_id=agency.id,
            format=fmt,
            errors=codes,
        )
    draft_copy = draft is None or draft.status != "published"
    return document_response(publication.data, publication.report, wanted, draft=draft_copy)


def _format(fmt: str) -> DownloadFormat:
    wanted = download_format(fmt)
    if wanted is None:
        raise HTTPException(404, f"不提供“{fmt}”格式的下载")
    return wanted


@router.get("/{year}/cells/{cell}")
def cell_page(request: Request, session: DbSession, user: AgencyStaff, year: Year, cell: str) -> Response:
    """The applications or cases counted in one cell of the year's report."""
    agency = own_agency(user)
    try:
        members = cell_members(session, agency, _year(year), cell)
    except XxgkError as exc:
        raise HTTPException(404, str(exc)) from None
    labels = cell_labels(year_report(session, agency, year))
    return render(request, "desk/cell.html", year=year, cell=cell, label=labels.get(cell, cell), members=members)
