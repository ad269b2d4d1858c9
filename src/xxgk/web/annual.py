"""An agency's annual report in the web app: computed from the ledger, prose written in the
browser, checked as it is written, signed off by the head, returned or published by the supervisor.

Tables come from `xxgk.ledger.annual.year_report` (so they pass the arithmetic by
construction and follow the ledger at once); prose is kept in `ReportDraft.text`;
findings come from `xxgk.check.check_report`, the same checks as `xxgk check`.
A submission freezes the report and its findings in the draft, so what the
supervisor reads is what was signed off, whatever the ledger does afterwards.
Publishing dates the frozen report and stores it in the corpus store as the
agency's report of that year, so every export, comparison and ranking counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.check import check_report
from xxgk.corpus.agencies import yearly_reports
from xxgk.corpus.compare import stored_cells
from xxgk.corpus.store import store_report
from xxgk.corpus.values import stored_value
from xxgk.errors import XxgkError
from xxgk.findings import Finding
from xxgk.ledger.annual import year_report
from xxgk.now import CHINA, now, today
from xxgk.report import Report, Value
from xxgk.schema import validate_report_dict
from xxgk.store.agencies import Agency
from xxgk.store.corpus import ORIGIN_DESK, CorpusCell, CorpusFinding, CorpusReport
from xxgk.store.portal import ReportDraft
from xxgk.store.web import AuditEntry, CorpusRelease
from xxgk.template.national import TEXT_SECTIONS
from xxgk.web.placement import is_public

STATUS_LABELS = {
    "missing": "未报送",
    "draft": "编制中",
    "submitted": "已报送",
    "returned": "已退回",
    "published": "已公开",
    "uploaded": "已入库（未公开）",
}
MAX_TEXT = 20_000
# The source a report published from the desk is recorded under in the corpus store (and its exports).
DESK_SOURCE = "本系统报送"


class ReportStateError(XxgkError):
    """A report action refused in its current state (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A report with its findings (as dicts: code, severity, message, cells) and their counts."""

    report: Report
    findings: list[dict[str, Any]]

    @property
    def errors(self) -> int:
        return sum(f["severity"] == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f["severity"] == "warning" for f in self.findings)


def draft_of(session: Session, agency: Agency, year: int) -> ReportDraft:
    """The agency's draft for `year`, created empty on first use."""
    draft = find_draft(session, agency, year)
    if draft is None:
        draft = ReportDraft(agency_id=agency.id, year=year, status="draft", text=dict.fromkeys(TEXT_SECTIONS, ""))
        session.add(draft)
        session.flush()
    return draft


def find_draft(session: Session, agency: Agency, year: int) -> ReportDraft | None:
    return session.scalars(
        select(ReportDraft).where(ReportDraft.agency_id == agency.id, ReportDraft.year == year)
    ).one_or_none()


def current_report(session: Session, agency: Agency, year: int, text: dict[str, str]) -> Checked:
    """The year's report as the ledger stands now, with the prose `text`, checked."""
    report = year_report(session, agency, year)
    report.text = {key: str(text.get(key, "")) for key in TEXT_SECTIONS}
    return Checked(report, [f.to_dict() for f in check_report(report)])


def shown_report(session: Session, agency: Agency, draft: ReportDraft | None, year: int) -> Checked:
    """The report the desk shows for `year`: what was submitted once signed off, else the ledger as it stands."""
    if draft is not None and draft.status in ("submitted", "published"):
        return frozen(draft)
    return current_report(session, agency, year, draft.text if draft else {})


def save_text(draft: ReportDraft, text: dict[str, str]) -> list[str]:
    """Store the prose sections given (only known sections, at most MAX_TEXT characters); the keys changed."""
    _editable(draft)
    changed = []
    merged = dict(draft.text)
    for key in TEXT_SECTIONS:
        if key in text:
            value = text[key].replace("\r\n", "\n")[:MAX_TEXT]
            if merged.get(key) != value:
                merged[key] = value
                changed.append(key)
    if changed:
        draft.text = merged
        draft.updated_at = now()
    return changed


def _editable(draft: ReportDraft) -> None:
    if draft.status in ("submitted", "published"):
        raise ReportStateError(f"{draft.year} 年度报告{STATUS_LABELS[draft.status]}，不能再修改")


def submit(session: Session, agency: Agency, draft: ReportDraft, signed_off_by: str) -> Checked:
    """The head signs off: the report and its findings are frozen and sent to the supervisor."""
    _editable(draft)
    checked = current_report(session, agency, draft.year, draft.text)
    draft.report = checked.report.to_dict()
    draft.findings = checked.findings
    draft.errors, draft.warnings = checked.errors, checked.warnings
    draft.status = "submitted"
    draft.signed_off_by = signed_off_by
    draft.submitted_at = now()
    draft.return_reason = None
    return checked


def send_back(draft: ReportDraft, reason: str) -> None:
    """The supervisor returns a submission, with the reason the agency will read."""
    if draft.status != "submitted":
        raise ReportStateError(f"{draft.year} 年度报告{STATUS_LABELS[draft.status]}，只有已报送的报告可以退回")
    if not reason.strip():
        raise ReportStateError("请填写退回理由")
    draft.status = "returned"
    draft.return_reason = reason.strip()[:2000]


def publish(session: Session, draft: ReportDraft, on: date | None = None) -> None:
    """The supervisor publishes a submission: the frozen report gets its publication date (`on`, default today)
    and goes into the corpus store in the same transaction."""
    if draft.status != "submitted":
        raise ReportStateError(f"{draft.year} 年度报告{STATUS_LABELS[draft.status]}，只有已报送的报告可以公开")
    if draft.report is None:
        raise ReportStateError(f"{draft.year} 年度报告尚未报送")
    draft.report = {**draft.report, "published": (on or today()).isoformat()}
    draft.status = "published"
    store_published(session, draft)


def store_published(session: Session, draft: ReportDraft) -> None:
    """Store a published draft in the corpus store as its agency's report of its year: the frozen report with
    its findings, under the draft's agency (not one found again by name). Storing it again changes nothing."""
    checked = frozen(draft)
    findings = [Finding(f["code"], f["message"], tuple(f["cells"])) for f in checked.findings]
    store_report(session, checked.report, findings, DESK_SOURCE, agency_id=draft.agency_id)


def store_unstored_published(session: Session) -> int:
    """Store every published draft the corpus store lacks (published before publishing stored it, or
    written into the database by other means); how many. The web app calls this when it starts, so the
    migrations need not run report code. A draft without a publication date gets the day (in China) of
    its latest `report.publish` audit entry, when there is one."""
    stored = select(CorpusReport.id).where(
        CorpusReport.origin == ORIGIN_DESK,
        CorpusReport.agency_id == ReportDraft.agency_id,
        CorpusReport.year == ReportDraft.year,
    )
    query = select(ReportDraft).where(ReportDraft.status == "published", ~stored.exists()).order_by(ReportDraft.id)
    done = 0
    for draft in session.scalars(query).all():
        if draft.report is None:
            continue
        if not draft.report.get("published"):
            day = _published_on(session, draft)
            if day is not None:
                draft.report = {**draft.report, "published": day.isoformat()}
        store_published(session, draft)
        done += 1
    return done


def _published_on(session: Session, draft: ReportDraft) -> date | None:
    at = session.scalars(
        select(AuditEntry.at)
        .where(
            AuditEntry.action == "report.publish",
            AuditEntry.target_type == "annual_report",
            AuditEntry.target_id == f"{draft.agency_id}/{draft.year}",
        )
        .order_by(AuditEntry.at.desc())
        .limit(1)
    ).first()
    if at is None:
        return None
    moment = at if at.tzinfo else at.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).date()


def frozen(draft: ReportDraft) -> Checked:
    """What was submitted."""
    if draft.report is None:
        raise ReportStateError(f"{draft.year} 年度报告尚未报送")
    return Checked(validate_report_dict(draft.report), list(draft.findings))


# ---------------------------------------------------------------- published reports (drafts and the corpus)


@dataclass(frozen=True, slots=True)
class Listed:
    """A year's report as a list shows it."""

    agency_id: int
    year: int
    status: str
    errors: int
    warnings: int
    source: str  # "desk" (written here) or "corpus" (a published document uploaded)


def published_reports(session: Session, agency: Agency) -> list[Listed]:
    """The agency's public reports, newest year first: published drafts, else released reports in the corpus."""
    grid = report_states(session, [agency.id], None)
    return sorted((item for item in grid.values() if item.status == "published"), key=lambda i: -i.year)


def report_states(session: Session, agency_ids: list[int], years: list[int] | None) -> dict[tuple[int, int], Listed]:
    """(agency, year) → the state of its report: a draft's state wins over a corpus report, which is
    published if it came from the desk or a supervisor released it, else only uploaded (a released one first)."""
    out: dict[tuple[int, int], Listed] = {}
    public = (CorpusReport.origin == ORIGIN_DESK) | CorpusReport.document_id.in_(select(CorpusRelease.document_id))
    corpus = select(
        CorpusReport.agency_id, CorpusReport.year, CorpusReport.errors, CorpusReport.warnings, public
    ).where(CorpusReport.agency_id.in_(agency_ids), CorpusReport.year.is_not(None))
    drafts = select(ReportDraft).where(ReportDraft.agency_id.in_(agency_ids), ReportDraft.status != "draft")
    if years is not None:
        corpus = corpus.where(CorpusReport.year.in_(years))
        drafts = drafts.where(ReportDraft.year.in_(years))
    for agency_id, year, errors, warnings, released in session.execute(corpus.order_by(CorpusReport.id)):
        if agency_id is not None and year is not None:
            shown = out.get((agency_id, year))
            if shown is None or (released and shown.status == "uploaded"):
                status = "published" if released else "uploaded"
                out[(agency_id, year)] = Listed(agency_id, year, status, errors, warnings, "corpus")
    for draft in session.scalars(drafts):
        out[(draft.agency_id, draft.year)] = Listed(
            draft.agency_id, draft.year, draft.status, draft.errors, draft.warnings, "desk"
        )
    return out


def published_cells(session: Session, agency_ids: list[int]) -> dict[tuple[int, int], tuple[str, dict[str, Value]]]:
    """(agency, year) → (template, cells) of every published report of `agency_ids`.

    The corpus store holds them all, those published here included; one per
    agency and year, a report published here before one uploaded for the same
    year (`yearly_reports`), so comparisons count either, never both.
    """
    found = yearly_reports(session, agency_ids, None)
    cells = stored_cells(session, [report_id for report_id, _ in found.values()])
    return {key: (template, cells.get(report_id, {})) for key, (report_id, template) in found.items()}


def published_report(session: Session, agency: Agency, year: int) -> Checked | None:
    """The report the portal shows: a published draft, else the corpus report that counts, once released."""
    draft = session.scalars(
        select(ReportDraft).where(
            ReportDraft.agency_id == agency.id, ReportDraft.year == year, ReportDraft.status == "published"
        )
    ).one_or_none()
    if draft is not None:
        return frozen(draft)
    return corpus_report(session, agency, year, public=True)


def corpus_report(session: Session, agency: Agency, year: int, *, public: bool = False) -> Checked | None:
    """The agency's report of `year` from the corpus store (the one that counts), with its stored findings;
    `public`: only if it is public (from the desk, or released)."""
    found = yearly_reports(session, [agency.id], [year]).get((agency.id, year))
    stored = session.get(CorpusReport, found[0]) if found else None
    if stored is None or (public and not is_public(session, stored)):
        return None
    cells = {
        cell: stored_value(value)
        for cell, value in session.execute(
            select(CorpusCell.cell, CorpusCell.value).where(CorpusCell.report_id == stored.id)
        )
    }
    report = Report(
        template=stored.template,
        agency=stored.agency_name,
        year=stored.year,
        published=stored.published,
        text={key: str(stored.text.get(key, "")) for key in TEXT_SECTIONS},
        cells=cells,
    )
    findings = [
        {"code": f.code, "severity": f.severity, "message": f.message, "cells": list(f.cells)}
        for f in session.scalars(
            select(CorpusFinding).where(CorpusFinding.report_id == stored.id).order_by(CorpusFinding.id)
        )
    ]
    return Checked(report, findings)
