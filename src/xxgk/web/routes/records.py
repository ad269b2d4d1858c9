"""The desk's records behind table 二: which sources the agency keeps for a year, the imports of
the decisions, fees, 事项 and procurement ledgers, each cell counted or typed, and the stock-flow
of 现行有效 documents. The same `xxgk.records.service` functions as `xxgk ledger …`."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger.amendments import amendment_of
from xxgk.ledger.vocabulary import template_for_year
from xxgk.records import service
from xxgk.records.checks import records_findings, stock_flow
from xxgk.records.importer import read_records
from xxgk.records.layout import LAYOUTS
from xxgk.records.vocabulary import SOURCES
from xxgk.store.web import User
from xxgk.web.access import AgencyStaff, DbSession, Year
from xxgk.web.csrf import admit_upload, large_upload
from xxgk.web.desk import own_agency
from xxgk.web.pages import render

router = APIRouter(prefix="/desk/records")
MAX_UPLOAD = 64 * 2**20
YEARS = range(2008, 2100)


def _year(year: int) -> int:
    if year not in YEARS:
        raise HTTPException(404, "没有这个年度")
    return year


def _context(session: Session, user: User, year: int, **extra: Any) -> dict[str, Any]:
    agency = own_agency(user)
    table = service.table_two(session, agency, year)
    return {
        "year": year,
        "sources": SOURCES,
        "kept": service.kept_sources(session, agency, year),
        "expiry_is_repeal": service.expiry_is_repeal(session, agency),
        "table": table,
        "spec": template_for_year(year).table("active"),
        "provenance": service.provenance(table),
        "flows": stock_flow(session, agency, year),
        "findings": records_findings(session, agency, year),
        "layouts": LAYOUTS,
        "problems": [],
        "message": None,
        "failed": False,
        "shown": service.shown,
        **extra,
    }


@router.get("/{year}")
def records_page(request: Request, session: DbSession, user: AgencyStaff, year: Year) -> Response:
    return render(request, "desk/records.html", **_context(session, user, _year(year)))


@router.post("/{year}/sources")
async def save_sources(request: Request, session: DbSession, user: AgencyStaff, year: Year) -> Response:
    """Mark the sources kept for the year, and the agency's choice on expiry."""
    form = await request.form()  # already parsed by the CSRF check
    chosen = [key for key in SOURCES if form.get(f"source-{key}")]
    expiry = bool(form.get("expiry_is_repeal"))
    return await run_in_threadpool(_store_sources, session, user, _year(year), chosen, expiry)


def _store_sources(session: Session, user: User, year: int, chosen: list[str], expiry: bool) -> Response:
    service.keep_sources(session, own_agency(user), year, chosen, actor=user, expiry_is_repeal=expiry)
    return RedirectResponse(f"/desk/records/{year}", status_code=303)


@router.post("/{year}/import/{source}")
@large_upload
async def import_ledger(request: Request, session: DbSession, user: AgencyStaff, year: Year, source: str) -> Response:
    """One ledger file, all rows or none; each wrong row listed as 第 N 行「列」：reason."""
    if source not in LAYOUTS:
        raise HTTPException(404, "没有这种台账")
    own_agency(user)
    await admit_upload(request)
    form = await request.form(max_part_size=MAX_UPLOAD)
    upload = form.get("file")
    data = await upload.read() if isinstance(upload, UploadFile) else b""
    name = upload.filename if isinstance(upload, UploadFile) and upload.filename else "上传的文件"
    reason = str(form.get("amend_reason") or "") if form.get("amend") else None
    upload_of = Upload(source, name, data, reason)
    return await run_in_threadpool(_import, request, session, user, _year(year), upload_of)


@dataclass(frozen=True, slots=True)
class Upload:
    """One ledger file posted to the desk: which ledger, its name and bytes, and the amendment's reason."""

    source: str
    name: str
    data: bytes
    amend_reason: str | None


def _import(request: Request, session: Session, user: User, year: int, upload: Upload) -> Response:
    """Store the file's rows; into a year already reported only as an amendment, which reopens it."""
    agency = own_agency(user)
    source, name, data = upload.source, upload.name, upload.data
    layout = LAYOUTS[source]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        path.write_bytes(data)
        try:
            read = read_records(path, source)
            with session.begin_nested():
                amendment = amendment_of(upload.amend_reason)
                done = service.import_records(session, agency, read, actor=user, amendment=amendment)
        except service.RecordsRefused as exc:
            problems = [str(p) for p in exc.problems]
            context = _context(session, user, year, problems=problems, message=f"{name}：{exc}", failed=True)
            return render(request, "desk/records.html", 400, **context)
        except XxgkError as exc:
            message = str(exc).replace(str(path), name)
            return render(
                request, "desk/records.html", 400, **_context(session, user, year, message=message, failed=True)
            )
    message = f"{layout.name}：已导入 {done.created + done.updated} 条（新增 {done.created}，更新 {done.updated}）"
    return render(request, "desk/records.html", **_context(session, user, year, message=message))
