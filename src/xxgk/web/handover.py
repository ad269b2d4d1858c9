"""The export a supervisor hands on: one row per report, one column per cell under the template's
Chinese labels, with agency, level, region, year, status, finding counts and the source file's name
(never a path on this server), plus sheets of the findings and of the metrics' definitions.

XLSX (three sheets) or CSV (the reports sheet only, UTF-8 with a byte-order mark for Excel).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xxgk.corpus.agencies import PREFERRED_FIRST
from xxgk.corpus.compare import stored_cells
from xxgk.corpus.labels import cell_label
from xxgk.corpus.metrics import METRICS
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusFinding, CorpusReport, CorpusSource
from xxgk.store.web import UploadJobFile
from xxgk.template import TEMPLATES
from xxgk.web.annual import STATUS_LABELS, report_states
from xxgk.web.findings import rule_title
from xxgk.web.pages import SEVERITY_LABELS

REPORT_HEADERS = (
    "机关",
    "报告所署名称",
    "层级",
    "类型",
    "地区",
    "年度",
    "格式",
    "状态",
    "发布日期",
    "错误数",
    "警告数",
    "来源文件",
)
FINDING_HEADERS = ("机关", "年度", "级别", "规则代码", "检查规则", "说明", "涉及单元格")
METRIC_HEADERS = ("指标", "代码", "定义", "较优", "最少案件数")
# Every cell of both templates, 2021's first, each under its label in the template it comes from.
CELLS = tuple(dict.fromkeys(c for key in ("2021", "2019") for c in TEMPLATES[key].cell_ids()))


def cell_headers() -> list[str]:
    out = []
    for cell in CELLS:
        if cell in TEMPLATES["2021"].cell_ids():
            out.append(cell_label(TEMPLATES["2021"], cell))
        else:
            out.append(cell_label(TEMPLATES["2019"], cell) + "（2019 年版）")
    return out


def file_name(source: str | None) -> str:
    """The file's own name (or the address it was imported from), never the folder it sat in here."""
    if not source:
        return ""
    if source.startswith(("http://", "https://")):
        return source
    return PureWindowsPath(PurePosixPath(source).name).name


def uploaded_names(session: Session, sources: list[str]) -> dict[str, str]:
    """Stored path → the name the file had when uploaded (the library stages files under numbers)."""
    out: dict[str, str] = {}
    for start in range(0, len(sources), 500):
        query = select(UploadJobFile.source, UploadJobFile.name).where(
            UploadJobFile.source.in_(sources[start : start + 500])
        )
        out.update({source: file_name(name) for source, name in session.execute(query)})
    return out


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    headers: list[str]
    rows: list[list[Any]]


def _reports(session: Session, agencies: Collection[int] | None, year: int | None) -> list[Any]:
    first_source = (
        select(CorpusSource.document_id, func.min(CorpusSource.path).label("source"))
        .group_by(CorpusSource.document_id)
        .subquery()
    )
    query = (
        select(CorpusReport, Agency, first_source.c.source)
        .join(Agency, Agency.id == CorpusReport.agency_id, isouter=True)
        .join(first_source, first_source.c.document_id == CorpusReport.document_id, isouter=True)
        .order_by(func.coalesce(Agency.name, CorpusReport.agency_name), CorpusReport.year, *PREFERRED_FIRST)
    )
    if year is not None:
        query = query.where(CorpusReport.year == year)
    if agencies is not None:
        query = query.where(CorpusReport.agency_id.in_(list(agencies)))
    return list(session.execute(query))


def handover_sheets(session: Session, agencies: Collection[int] | None, year: int | None = None) -> list[Sheet]:
    """The three sheets: 报告 (one row per report), 检查结果, 指标定义."""
    found = _reports(session, agencies, year)
    states = report_states(session, [a.id for _, a, _ in found if a is not None], [year] if year else None)
    cells = stored_cells(session, [r.id for r, _, _ in found])
    labels = {key: {c: cell_label(t, c) for c in t.cell_ids()} for key, t in TEMPLATES.items()}
    uploaded = uploaded_names(session, [source for _, _, source in found if source])
    stored_findings = findings_of(session, [r.id for r, _, _ in found])
    rows: list[list[Any]] = []
    findings: list[list[Any]] = []
    for report, agency, source in found:
        state = states.get((report.agency_id, report.year)) if report.agency_id and report.year else None
        values = cells.get(report.id, {})
        name = agency.name if agency else report.agency_name
        rows.append(
            [
                name,
                report.agency_name,
                agency.level if agency else None,
                agency.kind if agency else None,
                (agency.region or agency.region_code) if agency else None,
                report.year,
                f"{report.template} 年版",
                STATUS_LABELS[state.status] if state else "已入库（未公开）",
                report.published,
                report.errors,
                report.warnings,
                uploaded.get(source or "") or file_name(source),
                *(values.get(c) for c in CELLS),
            ]
        )
        findings.extend(_finding_rows(stored_findings.get(report.id, []), report, name, labels[report.template]))
    metrics = [
        [m.name, m.key, m.definition, "越高越好" if m.better == "higher" else "越低越好", m.min_cases or None]
        for m in METRICS
    ]
    return [
        Sheet("报告", [*REPORT_HEADERS, *cell_headers()], rows),
        Sheet("检查结果", list(FINDING_HEADERS), findings),
        Sheet("指标定义", list(METRIC_HEADERS), metrics),
    ]


def findings_of(session: Session, report_ids: list[int]) -> dict[int, list[CorpusFinding]]:
    """Report id → its stored findings in order, read 500 reports at a time."""
    out: dict[int, list[CorpusFinding]] = {}
    for start in range(0, len(report_ids), 500):
        query = select(CorpusFinding).where(CorpusFinding.report_id.in_(report_ids[start : start + 500]))
        for finding in session.scalars(query.order_by(CorpusFinding.id)):
            out.setdefault(finding.report_id, []).append(finding)
    return out


def _finding_rows(
    stored: list[CorpusFinding], report: CorpusReport, name: str | None, labels: dict[str, str]
) -> Iterator[list[Any]]:
    for finding in stored:
        where = "、".join(labels.get(c, c) for c in finding.cells)
        severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
        yield [name, report.year, severity, finding.code, rule_title(finding.code), finding.message, where]


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as workbook:
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        for sheet in sheets:
            out = workbook.add_worksheet(sheet.name)
            out.write_row(0, 0, sheet.headers, bold)
            for index, row in enumerate(sheet.rows, start=1):
                out.write_row(index, 0, row)
            out.freeze_panes(1, 1)
            out.set_column(0, 0, 28)
            out.set_column(1, len(sheet.headers) - 1, 14)


def write_csv(path: Path, sheet: Sheet) -> None:
    """The sheet as CSV, UTF-8 with a byte-order mark (Excel needs it to show Chinese)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(sheet.headers)
        for row in sheet.rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
