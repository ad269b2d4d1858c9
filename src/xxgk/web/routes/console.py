"""The supervisor console: upload published reports, follow the check, read the findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from xxgk.check import RULES
from xxgk.schema import ReportFormatError, validate_report_dict
from xxgk.store.web import CheckItem, CheckRun, User
from xxgk.web.access import DbSession, RecordId, Supervisor
from xxgk.web.context import web_context
from xxgk.web.csrf import admit_upload, large_upload
from xxgk.web.pages import render
from xxgk.web.scope import visible_agencies
from xxgk.web.tables import cell_labels, report_sections
from xxgk.web.uploads import UploadError, stage_form_files

router = APIRouter(prefix="/console")

RULE_TITLES = {rule.code: rule.title for rule in RULES}
RUNS_SHOWN = 50


@router.get("")
def console(user: Supervisor) -> Response:
    return RedirectResponse("/console/checks", status_code=303)


@router.get("/checks")
def checks(request: Request, session: DbSession, user: Supervisor) -> Response:
    limits = web_context(request).settings.uploads
    return render(request, "console/checks.html", runs=_visible_runs(session, user), limits=limits)


@router.post("/checks")
@large_upload
async def upload(request: Request, user: Supervisor) -> Response:
    """The one upload of published reports: stage the files (ZIPs expanded, limits enforced), then either
    check them only (仅检查) or store them in the corpus store (入库, which checks them too), in the background.

    The large body is let in only here, after the role check (`admit_upload`)."""
    context = web_context(request)
    await admit_upload(request)
    form = await request.form()
    store = form.get("mode") == "store"
    try:
        staged, folder = await stage_form_files(request, context.settings, prefix="corpus-" if store else "")
    except UploadError as exc:
        return await run_in_threadpool(_checks_page_with_error, request, user, str(exc))

    def start() -> str:
        with context.db.sessions() as session:
            if store:
                return f"/console/corpus/{context.library.start(session, session.merge(user), staged, folder).id}"
            return f"/console/checks/{context.checks.start(session, session.merge(user), staged, folder).id}"

    return RedirectResponse(await run_in_threadpool(start), status_code=303)


@router.get("/checks/{run_id}")
def run_page(request: Request, session: DbSession, user: Supervisor, run_id: RecordId) -> Response:
    run = _run_in_scope(session, user, run_id)
    return render(request, "console/run.html", run=run, **_results(session, run))


@router.get("/checks/{run_id}/progress")
def run_progress(request: Request, session: DbSession, user: Supervisor, run_id: RecordId) -> Response:
    """The htmx fragment polled while a run is checking; answered with 286 (stop polling) once it is done."""
    run = _run_in_scope(session, user, run_id)
    response = render(request, "console/_results.html", run=run, **_results(session, run))
    if run.status != "running":
        response.status_code = 286
    return response


@router.get("/checks/{run_id}/items/{item_id}")
def report_page(
    request: Request, session: DbSession, user: Supervisor, run_id: RecordId, item_id: RecordId
) -> Response:
    run = _run_in_scope(session, user, run_id)
    item = session.get(CheckItem, item_id)
    if item is None or item.run_id != run.id:
        raise HTTPException(404, "没有这份报告")
    if item.report is None:
        raise HTTPException(404, f"{item.filename}：{item.error or '尚未检查完成'}，没有可显示的报告")
    try:
        report = validate_report_dict(item.report)
    except ReportFormatError as exc:
        raise HTTPException(500, f"已保存的报告数据无法读取：{exc}") from None
    return render(
        request,
        "console/report.html",
        run=run,
        item=item,
        report=report,
        sections=report_sections(report, item.findings),
        cell_labels=cell_labels(report),
        rule_titles=RULE_TITLES,
    )


def _checks_page_with_error(request: Request, user: User, message: str) -> Response:
    with web_context(request).db.sessions() as session:
        runs = _visible_runs(session, session.merge(user))
        limits = web_context(request).settings.uploads
        return render(request, "console/checks.html", 400, runs=runs, error=message, limits=limits)


def _visible_runs(session: Session, user: User) -> Sequence[CheckRun]:
    query = select(CheckRun).order_by(CheckRun.id.desc()).limit(RUNS_SHOWN).options(selectinload(CheckRun.user))
    visibility = visible_agencies(session, user)
    if not visibility.everything:
        query = query.where(CheckRun.agency_id.in_(visibility.agencies))
    return session.scalars(query).all()


def _run_in_scope(session: Session, user: User, run_id: int) -> CheckRun:
    """The run, if it belongs to an agency the user may see; otherwise 404 (its existence is not revealed)."""
    run = session.get(CheckRun, run_id)
    if run is None or not visible_agencies(session, user).allows(run.agency_id):
        raise HTTPException(404, "没有这次检查")
    return run


def _results(session: Session, run: CheckRun) -> dict[str, Any]:
    """The results table and chart of a run: summaries only, without loading each report's JSON."""
    items = session.scalars(
        select(CheckItem)
        .where(CheckItem.run_id == run.id)
        .order_by(CheckItem.position)
        .options(defer(CheckItem.report), defer(CheckItem.findings))
    ).all()
    chart = {
        "names": [item.filename for item in items if item.status == "done"],
        "errors": [item.errors for item in items if item.status == "done"],
        "warnings": [item.warnings for item in items if item.status == "done"],
    }
    return {
        "items": items,
        "chart": chart,
        "unreadable": sum(item.status == "failed" for item in items),
        "with_errors": sum(item.errors > 0 for item in items),
    }
