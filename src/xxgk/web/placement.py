"""Where an uploaded report goes: only into the uploader's tree, and public only once released.

An upload is read with `new_agencies=False`, so a printed name that matches no
agency leaves its report without one. Afterwards each stored file is placed:

- its agency is inside the uploader's tree: stored (not yet public);
- its agency is outside: refused, and the document removed unless it was already
  in the store from elsewhere (the upload then only loses its path);
- no agency matches: queued (待确认机关) until the supervisor maps it to an agency
  of their tree or confirms a new agency under one of theirs.

The portal lists an uploaded report only after a supervisor releases it
(`CorpusRelease`); a report with error findings needs a deliberate confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from xxgk.agency import agency_key
from xxgk.corpus.agencies import yearly_reports
from xxgk.corpus.crossyear import recheck_agencies
from xxgk.corpus.store import record_name, remove_documents
from xxgk.errors import XxgkError
from xxgk.store.agencies import Agency, find_agency
from xxgk.store.corpus import ORIGIN_DESK, CorpusReport, CorpusSource, CorpusStaleAgency
from xxgk.store.web import CorpusRelease, UploadJob, UploadJobFile, User, audit
from xxgk.web.agencies import default_kind, default_level
from xxgk.web.scope import Visibility, visible_agencies

UNPLACED = "unplaced"
REFUSED = "refused"
CHUNK = 500


class PlacementError(XxgkError):
    """A queued report could not be placed; the message says why."""


def place_job(session: Session, job: UploadJob, visibility: Visibility) -> None:
    """Decide for each stored file of `job`: placed in the tree, queued, or refused."""
    files = [file for file in job.files if file.status == "stored"]
    reports = _reports_by_source(session, [file.source for file in files])
    own_sources = {file.source for file in job.files}
    for file in files:
        report = reports.get(file.source)
        if report is None or report.origin == ORIGIN_DESK:
            continue
        title = _title(report)
        if report.agency_id is None:
            file.status = UNPLACED
            file.result = f"{title}：机关名录中没有“{report.agency_name or '（未识别机关）'}”，待确认机关后入库"
        elif not visibility.allows(report.agency_id):
            _refuse(session, report, own_sources)
            file.status = REFUSED
            file.result = f"{title}：该机关不在您管辖的范围内，未入库"


def _refuse(session: Session, report: CorpusReport, own_sources: set[str]) -> None:
    """Take the upload's paths off the document; remove the document if nothing else brought it in."""
    paths = set(session.scalars(select(CorpusSource.path).where(CorpusSource.document_id == report.document_id)))
    if paths <= own_sources:
        remove_documents(session, [report.document_id])
    else:
        session.execute(
            delete(CorpusSource).where(
                CorpusSource.document_id == report.document_id, CorpusSource.path.in_(sorted(paths & own_sources))
            )
        )


def _reports_by_source(session: Session, sources: list[str]) -> dict[str, CorpusReport]:
    out: dict[str, CorpusReport] = {}
    for start in range(0, len(sources), CHUNK):
        rows = session.execute(
            select(CorpusSource.path, CorpusReport)
            .join(CorpusReport, CorpusReport.document_id == CorpusSource.document_id)
            .where(CorpusSource.path.in_(sources[start : start + CHUNK]))
        )
        out.update((path, report) for path, report in rows)
    return out


def _title(report: CorpusReport) -> str:
    return f"{report.agency_name or '（未识别机关）'}{f' {report.year} 年度' if report.year else ''}"


# ---------------------------------------------------------------- the queue


@dataclass(frozen=True, slots=True)
class Queued:
    """A stored report waiting for its agency: the file it came from and what was printed on it."""

    file_id: int
    job_id: int
    filename: str
    agency_name: str
    year: int | None
    errors: int
    warnings: int


def queued(session: Session, user: User) -> list[Queued]:
    """The unplaced reports of the uploads the user may see, oldest first."""
    visibility = visible_agencies(session, user)
    query = (
        select(UploadJobFile, CorpusReport)
        .join(UploadJob, UploadJob.id == UploadJobFile.job_id)
        .join(CorpusSource, CorpusSource.path == UploadJobFile.source)
        .join(CorpusReport, CorpusReport.document_id == CorpusSource.document_id)
        .where(UploadJobFile.status == UNPLACED, CorpusReport.agency_id.is_(None))
        .order_by(UploadJobFile.id)
    )
    if not visibility.everything:
        query = query.where(UploadJob.agency_id.in_(sorted(visibility.agencies)) | (UploadJob.user_id == user.id))
    return [
        Queued(f.id, f.job_id, f.name, r.agency_name or "", r.year, r.errors, r.warnings)
        for f, r in session.execute(query)
    ]


def _queued_report(session: Session, user: User, file_id: int) -> tuple[UploadJobFile, CorpusReport]:
    for item in queued(session, user):
        if item.file_id == file_id:
            file = session.get_one(UploadJobFile, file_id)
            report = _reports_by_source(session, [file.source])[file.source]
            return file, report
    raise PlacementError("没有这份待确认的报告（可能已被处理）")


def map_to_agency(session: Session, user: User, file_id: int, agency_id: int) -> Agency:
    """Place a queued report under an existing agency of the user's tree."""
    file, report = _queued_report(session, user, file_id)
    agency = session.get(Agency, agency_id)
    if agency is None or agency.retired_at is not None or not visible_agencies(session, user).allows(agency.id):
        raise PlacementError("请选择您管辖范围内的机关")
    _assign(session, report, agency)
    audit(session, user, "corpus.place", "upload_file", file.id, agency_id=agency.id, printed=report.agency_name)
    return agency


def confirm_new_agency(session: Session, user: User, file_id: int, name: str, parent_id: int) -> Agency:
    """Create the agency printed on a queued report (or a corrected name) under an agency of the user's tree."""
    file, report = _queued_report(session, user, file_id)
    name = name.strip() or (report.agency_name or "")
    parent = session.get(Agency, parent_id)
    if not name or len(name) > 200:
        raise PlacementError("机关名称不能为空，且不超过 200 个字符")
    if parent is None or parent.retired_at is not None or not visible_agencies(session, user).allows(parent.id):
        raise PlacementError("上级机关须在您管辖的范围内")
    existing = find_agency(session, name)
    if existing is not None:
        raise PlacementError(f"机关“{existing.name}”已存在，请在“归入已有机关”中选择它")
    agency = Agency(
        name=name, key=agency_key(name) or name, parent=parent, level=default_level(name), kind=default_kind(name)
    )
    session.add(agency)
    session.flush()
    audit(session, user, "agency.create", "agency", agency.id, agency_id=agency.id, name=name, parent=parent.name)
    _assign(session, report, agency)
    audit(session, user, "corpus.place", "upload_file", file.id, agency_id=agency.id, printed=report.agency_name)
    return agency


def _assign(session: Session, report: CorpusReport, agency: Agency) -> None:
    report.agency_id = agency.id
    if report.agency_name:
        record_name(session, agency.id, report.agency_name)
    sources = select(CorpusSource.path).where(CorpusSource.document_id == report.document_id)
    session.execute(
        update(UploadJobFile)
        .where(UploadJobFile.status == UNPLACED, UploadJobFile.source.in_(sources))
        .values(status="stored", result=f"{_title(report)}：已归入{agency.name}（未公开）")
    )
    session.flush()
    recheck_agencies(session, [agency.id])
    session.execute(delete(CorpusStaleAgency).where(CorpusStaleAgency.agency_id == agency.id))


# ---------------------------------------------------------------- releasing to the public


def released_documents(session: Session, document_ids: list[int]) -> set[int]:
    out: set[int] = set()
    for start in range(0, len(document_ids), CHUNK):
        chunk = document_ids[start : start + CHUNK]
        out.update(session.scalars(select(CorpusRelease.document_id).where(CorpusRelease.document_id.in_(chunk))))
    return out


def is_public(session: Session, report: CorpusReport) -> bool:
    return report.origin == ORIGIN_DESK or bool(released_documents(session, [report.document_id]))


def release(session: Session, user: User | str, report: CorpusReport, *, despite_errors: bool = False) -> None:
    """Make an uploaded report public; one with error findings only when `despite_errors`."""
    if is_public(session, report):
        raise PlacementError("这份报告已经公开")
    if report.errors and not despite_errors:
        raise PlacementError(f"这份报告有 {report.errors} 个错误：确需公开，请勾选“仍然公开”后再提交")
    session.add(CorpusRelease(document_id=report.document_id, user_id=user.id if isinstance(user, User) else None))
    audit(
        session,
        user,
        "corpus.release",
        "corpus_report",
        report.id,
        agency_id=report.agency_id,
        year=report.year,
        errors=report.errors,
    )


def counted_report(session: Session, agency_id: int, year: int) -> CorpusReport | None:
    """The corpus report that counts for the agency's year (the desk's, else the first stored)."""
    found = yearly_reports(session, [agency_id], [year]).get((agency_id, year))
    return session.get(CorpusReport, found[0]) if found else None
