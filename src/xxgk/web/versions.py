"""Published against submitted: every version of an agency's report of a year that the supervisor holds —
each one the head signed off on the desk (the first submission and each amendment), and each one
uploaded or imported from the agency's published page — and their differences, cell by cell and
section by section. A published version that differs from the latest submitted one is finding V1
(发布版与报送版不一致, in the catalogue), shown with both versions side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.corpus.labels import cell_label
from xxgk.corpus.values import stored_value
from xxgk.findings import Finding
from xxgk.report import Report, Value
from xxgk.schema import validate_report_dict
from xxgk.store.agencies import Agency
from xxgk.store.corpus import ORIGIN_DESK, CorpusCell, CorpusReport, CorpusSource
from xxgk.store.portal import ReportDraft, ReportSubmission
from xxgk.template import get_template
from xxgk.template.national import SECTIONS, TEXT_SECTIONS
from xxgk.web.handover import file_name, uploaded_names
from xxgk.web.pages import china_time

MISMATCH = "V1"
SECTION_TITLES = {s.key: f"{s.number}、{s.title}" for s in SECTIONS}


@dataclass(frozen=True, slots=True)
class Version:
    """One version: `key` s<id> (submitted) or p<id> (published), how it came, and the report."""

    key: str
    submitted: bool
    label: str
    report: Report


def versions_of(session: Session, agency: Agency, year: int) -> list[Version]:
    """The submitted versions in order, then the published ones (uploaded or imported) in order."""
    out = []
    rows = session.execute(
        select(ReportSubmission)
        .join(ReportDraft, ReportDraft.id == ReportSubmission.draft_id)
        .where(ReportDraft.agency_id == agency.id, ReportDraft.year == year)
        .order_by(ReportSubmission.version)
    ).scalars()
    for row in rows:
        by = f"，{row.signed_off_by}签发" if row.signed_off_by else ""
        label = f"报送第 {row.version} 版（{china_time(row.submitted_at)}{by}）"
        out.append(Version(f"s{row.id}", True, label, validate_report_dict(row.report)))
    published = session.scalars(
        select(CorpusReport)
        .where(CorpusReport.agency_id == agency.id, CorpusReport.year == year, CorpusReport.origin != ORIGIN_DESK)
        .order_by(CorpusReport.id)
    ).all()
    sources = _sources(session, [r.document_id for r in published])
    names = uploaded_names(session, list(sources.values()))
    for stored in published:
        source = sources.get(stored.document_id, "")
        how = "网址导入" if source.startswith(("http://", "https://")) else "上传"
        shown = names.get(source) or file_name(source)
        dated = f"，发布日期 {stored.published}" if stored.published else ""
        out.append(Version(f"p{stored.id}", False, f"发布版：{shown}（{how}{dated}）", _corpus_report(session, stored)))
    return out


def _sources(session: Session, documents: list[int]) -> dict[int, str]:
    query = select(CorpusSource.document_id, CorpusSource.path).where(CorpusSource.document_id.in_(documents))
    out: dict[int, str] = {}
    for document, path in session.execute(query.order_by(CorpusSource.id)):
        out.setdefault(document, path)
    return out


def _corpus_report(session: Session, stored: CorpusReport) -> Report:
    cells = {
        cell: stored_value(value)
        for cell, value in session.execute(
            select(CorpusCell.cell, CorpusCell.value).where(CorpusCell.report_id == stored.id)
        )
    }
    return Report(
        template=stored.template,
        agency=stored.agency_name,
        year=stored.year,
        published=stored.published,
        text={key: str(stored.text.get(key, "")) for key in TEXT_SECTIONS},
        cells=cells,
    )


@dataclass(frozen=True, slots=True)
class CellDifference:
    cell: str
    label: str
    left: Value
    right: Value


@dataclass(frozen=True, slots=True)
class ProseDifference:
    section: str
    title: str
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Difference:
    left: Version
    right: Version
    cells: list[CellDifference]
    prose: list[ProseDifference]

    @property
    def same(self) -> bool:
        return not self.cells and not self.prose


def _plain(text: str) -> str:
    """Prose compared without the whitespace and line breaks that differ between a page and a document."""
    return "".join(text.split())


def difference(left: Version, right: Version) -> Difference:
    """Every cell whose value differs (a blank differs from 0) and every section whose text differs."""
    a, b = left.report, right.report
    template = get_template(b.template if b.template == a.template else a.template)
    order = list(dict.fromkeys([*get_template(a.template).cell_ids(), *get_template(b.template).cell_ids()]))
    cells = []
    for cell in order:
        before, after = a.cells.get(cell), b.cells.get(cell)
        if before != after:
            known = cell in template.cell_ids()
            cells.append(CellDifference(cell, cell_label(template, cell) if known else cell, before, after))
    prose = [
        ProseDifference(key, SECTION_TITLES[key], a.text.get(key, ""), b.text.get(key, ""))
        for key in TEXT_SECTIONS
        if _plain(a.text.get(key, "")) != _plain(b.text.get(key, ""))
    ]
    return Difference(left, right, cells, prose)


def mismatches(versions: list[Version]) -> list[Difference]:
    """Each published version that differs from the latest submitted one."""
    submitted = [v for v in versions if v.submitted]
    if not submitted:
        return []
    latest = submitted[-1]
    found = (difference(latest, v) for v in versions if not v.submitted)
    return [d for d in found if not d.same]


def mismatch_findings(differences: list[Difference]) -> list[dict[str, Any]]:
    """Finding V1 for each published version that differs, naming its cells."""
    out = []
    for d in differences:
        parts = [f"{len(d.cells)} 个单元格"] if d.cells else []
        parts += [f"{len(d.prose)} 段文字（{'、'.join(p.title for p in d.prose)}）"] if d.prose else []
        message = f"{d.right.label}与{d.left.label}不同：{'，'.join(parts)}"
        out.append(Finding(MISMATCH, message, tuple(c.cell for c in d.cells)).to_dict())
    return out
