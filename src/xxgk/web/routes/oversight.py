"""The supervisor console's reports: agencies × years with their state, a submission's page
(return with a reason, or publish), comparisons with charts, and CSV/XLSX export."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.responses import FileResponse, RedirectResponse, Response

from xxgk.corpus.export import export_corpus
from xxgk.corpus.formats import ExportFormat, Layout
from xxgk.errors import XxgkError
from xxgk.store.agencies import Agency
from xxgk.store.portal import ReportDraft
from xxgk.store.web import UploadJob, User, audit
from xxgk.web import annual
from xxgk.web.access import DbSession, RecordId, Supervisor, Year
from xxgk.web.context import web_context
from xxgk.web.handover import handover_sheets, write_csv, write_xlsx
from xxgk.web.library import JOB_STATUS, visible_jobs
from xxgk.web.oversight import status_grid, status_label
from xxgk.web.pages import render
from xxgk.web.placement import counted_report, is_public, release
from xxgk.web.scope import agency_outline, visible_agencies
from xxgk.web.submissions import calendar_years
from xxgk.web.tables import cell_labels, report_sections
from xxgk.web.versions import mismatch_findings, mismatches, versions_of

router = APIRouter(prefix="/console")


def _agency_in_scope(session: Session, user: User, agency_id: int) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None or not visible_agencies(session, user).allows(agency.id):
        raise HTTPException(404, "没有这个机关")
    return agency


@router.get("/reports")
def reports(request: Request, session: DbSession, user: Supervisor) -> Response:
    """Every visible agency × the calendar's years (back to 2019): the report's state, whether it came on time
    (未到期 / 按时 / 逾期 / 缺报), its finding counts, and how often each agency was late."""
    calendar = web_context(request).settings.calendar
    years = calendar_years(calendar)
    agencies = agency_outline(session, visible_agencies(session, user))
    grid = status_grid(session, agencies, years, calendar)
    return render(request, "oversight/reports.html", grid=grid, years=years, label=status_label, calendar=calendar)


@router.get("/reports/{agency_id}/{year}")
def report_page(
    request: Request, session: DbSession, user: Supervisor, agency_id: RecordId, year: Year, error: str | None = None
) -> Response:
    agency = _agency_in_scope(session, user, agency_id)
    draft = annual.find_draft(session, agency, year)
    uploaded = None
    if draft is not None and draft.report is not None and draft.status != "draft":
        checked = annual.frozen(draft)
    else:
        draft = None
        found = annual.corpus_report(session, agency, year)
        if found is None:
            raise HTTPException(404, f"{agency.name}尚未报送 {year} 年度报告")
        checked = found
        stored = counted_report(session, agency.id, year)
        uploaded = stored if stored is not None and not is_public(session, stored) else None
    return render(
        request,
        "oversight/report.html",
        400 if error else 200,
        agency=agency,
        year=year,
        draft=draft,
        status_label=annual.STATUS_LABELS[draft.status if draft else "uploaded" if uploaded else "published"],
        uploaded=uploaded,
        report=checked.report,
        findings=[*checked.findings, *mismatch_findings(mismatches(versions_of(session, agency, year)))],
        sections=report_sections(checked.report, checked.findings),
        cell_labels=cell_labels(checked.report),
        cell_base=None,
        error=error,
    )


@router.post("/reports/{agency_id}/{year}/release")
def release_upload(
    request: Request,
    session: DbSession,
    user: Supervisor,
    agency_id: RecordId,
    year: Year,
    despite_errors: Annotated[bool, Form()] = False,
) -> Response:
    """Make an uploaded report public on the portal; one with errors only when confirmed (仍然公开)."""
    agency = _agency_in_scope(session, user, agency_id)
    stored = counted_report(session, agency.id, year)
    if stored is None:
        raise HTTPException(404, f"{agency.name}没有待公开的 {year} 年度报告")
    try:
        release(session, user, stored, despite_errors=despite_errors)
    except XxgkError as exc:
        return report_page(request, session, user, agency_id, year, str(exc))
    return RedirectResponse(f"/console/reports/{agency_id}/{year}", status_code=303)


@router.post("/reports/{agency_id}/{year}/return")
def send_back(
    request: Request,
    session: DbSession,
    user: Supervisor,
    agency_id: RecordId,
    year: Year,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Return a submission to the agency with the reason it will read."""
    return _decide(
        request, session, user, agency_id, year, lambda draft: annual.send_back(draft, reason), "report.return", reason
    )


@router.post("/reports/{agency_id}/{year}/publish")
def publish(request: Request, session: DbSession, user: Supervisor, agency_id: RecordId, year: Year) -> Response:
    """Publish a submission: dated, shown on the portal, and stored in the corpus store (exports, comparisons)."""
    return _decide(
        request, session, user, agency_id, year, lambda draft: annual.publish(session, draft), "report.publish", None
    )


def _decide(
    request: Request,
    session: Session,
    user: User,
    agency_id: int,
    year: int,
    action: Callable[[ReportDraft], None],
    name: str,
    reason: str | None,
) -> Response:
    agency = _agency_in_scope(session, user, agency_id)
    draft = annual.find_draft(session, agency, year)
    if draft is None:
        raise HTTPException(404, f"{agency.name}尚未报送 {year} 年度报告")
    try:
        action(draft)
    except XxgkError as exc:
        return report_page(request, session, user, agency_id, year, str(exc))
    audit(session, user, name, "annual_report", f"{agency.id}/{year}", agency_id=agency.id, reason=reason)
    return RedirectResponse(f"/console/reports/{agency_id}/{year}", status_code=303)


@router.get("/export.{suffix}")
def export(
    session: DbSession, user: Supervisor, suffix: str, year: int | None = None, layout: str | None = None
) -> Response:
    """The visible agencies' reports, one row per report with a column per cell under Chinese headers;
    XLSX adds the findings and the metrics' definitions, CSV (with BOM) is the reports sheet only.
    `layout=cells`: the corpus export's one row per cell (`xxgk export --layout long`), for analysis tools."""
    if suffix not in ("csv", "xlsx"):
        raise HTTPException(404, "只能导出 CSV 或 XLSX")
    visibility = visible_agencies(session, user)
    agencies = None if visibility.everything else visibility.agencies
    folder = Path(tempfile.mkdtemp(prefix="xxgk-export-"))
    path = folder / f"reports.{suffix}"
    if layout == "cells":
        export_corpus(session, path, ExportFormat(suffix), Layout.long, year=year, agencies=agencies)
    elif suffix == "xlsx":
        write_xlsx(path, handover_sheets(session, agencies, year))
    else:
        write_csv(path, handover_sheets(session, agencies, year)[0])
    name = f"年度报告{year or ''}.{suffix}"
    return FileResponse(path, filename=name, background=BackgroundTask(_remove, folder))


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


# ---------------------------------------------------------------- uploads into the corpus store


@router.get("/corpus")
def library_page(request: Request, session: DbSession, user: Supervisor) -> Response:
    """The corpus uploads seen from the library: the one upload form (set to 入库) and the jobs."""
    visibility = visible_agencies(session, user)
    jobs = visible_jobs(session, user, None if visibility.everything else visibility.agencies)
    return render(
        request,
        "oversight/library.html",
        jobs=jobs,
        job_status=JOB_STATUS,
        limits=web_context(request).settings.uploads,
    )


def _job(session: Session, user: User, job_id: int) -> UploadJob:
    """The job, if the user uploaded it or may see its agency; otherwise 404 (its existence is not revealed)."""
    job = session.get(UploadJob, job_id)
    if job is None or not (job.user_id == user.id or visible_agencies(session, user).allows(job.agency_id)):
        raise HTTPException(404, "没有这次入库")
    return job


@router.get("/corpus/{job_id}")
def library_job(request: Request, session: DbSession, user: Supervisor, job_id: RecordId) -> Response:
    return render(request, "oversight/library_job.html", job=_job(session, user, job_id), job_status=JOB_STATUS)


@router.get("/corpus/{job_id}/progress")
def library_progress(request: Request, session: DbSession, user: Supervisor, job_id: RecordId) -> Response:
    """The htmx fragment polled while the upload is ingested; 286 (stop polling) once finished."""
    job = _job(session, user, job_id)
    response = render(request, "oversight/_library_progress.html", job=job, job_status=JOB_STATUS)
    if job.status != "running":
        response.status_code = 286
    return response
