"""Published against submitted, in the console: an agency's versions of a year's report side by side,
and 从网址导入 — fetching the agency's published page on request (`xxgk.corpus.fetch`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from xxgk.corpus.fetch import import_urls, is_url
from xxgk.store.corpus import CorpusReport, CorpusSource
from xxgk.store.web import audit
from xxgk.web.access import DbSession, RecordId, Supervisor, Year
from xxgk.web.context import web_context
from xxgk.web.pages import render
from xxgk.web.routes.oversight import _agency_in_scope
from xxgk.web.versions import difference, mismatch_findings, mismatches, versions_of

router = APIRouter(prefix="/console")


@router.get("/reports/{agency_id}/{year}/versions")
def versions_page(
    request: Request,
    session: DbSession,
    user: Supervisor,
    agency_id: RecordId,
    year: Year,
    left: str | None = None,
    right: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    """Every version held, the differences of two of them (default: the latest submitted and each published
    one that differs), and the import form."""
    agency = _agency_in_scope(session, user, agency_id)
    versions = versions_of(session, agency, year)
    keyed = {v.key: v for v in versions}
    found = mismatches(versions)
    shown = [difference(keyed[left], keyed[right])] if left in keyed and right in keyed else found
    return render(
        request,
        "oversight/versions.html",
        status_code,
        agency=agency,
        year=year,
        versions=versions,
        shown=shown,
        findings=mismatch_findings(found),
        error=error,
    )


@router.post("/reports/{agency_id}/{year}/import-url")
async def import_url(
    request: Request, user: Supervisor, agency_id: RecordId, year: Year, url: Annotated[str, Form(max_length=2000)]
) -> Response:
    """从网址导入: fetch the page (time and size limits), store it in the corpus with the URL as its source."""
    context = web_context(request)
    address = url.strip()

    def run() -> Response:
        with context.db.sessions() as session:
            agency = _agency_in_scope(session, session.merge(user), agency_id)
            if not is_url(address):
                return versions_page(
                    request,
                    session,
                    user,
                    agency_id,
                    year,
                    error="请填写以 http:// 或 https:// 开头的网址",
                    status_code=400,
                )
        summary = import_urls(context.db, [address])
        with context.db.sessions() as session, session.begin():
            if summary.unreadable:
                reason = summary.unreadable[0][1]
                return versions_page(
                    request, session, user, agency_id, year, error=f"{address}：{reason}", status_code=400
                )
            stored = session.execute(
                select(CorpusReport.agency_id, CorpusReport.year, CorpusReport.agency_name)
                .join(CorpusSource, CorpusSource.document_id == CorpusReport.document_id)
                .where(CorpusSource.path == address)
            ).first()
            audit(
                session,
                session.merge(user),
                "report.import_url",
                "corpus_report",
                address,
                agency_id=agency.id,
                url=address,
            )
            if stored is None or (stored.agency_id, stored.year) != (agency.id, year):
                named = f"{stored.agency_name or '未署名'}{stored.year or ''}年度" if stored else "无法识别"
                message = f"{address}：已入库，但报告为{named}，不是{agency.name}{year}年度的报告"
                return versions_page(request, session, user, agency_id, year, error=message, status_code=400)
        return RedirectResponse(f"/console/reports/{agency_id}/{year}/versions", status_code=303)

    return await run_in_threadpool(run)
