"""Extraction: a read `Document` and the templates in, a `Report` out.

Extraction knows nothing of file formats: it sees the document as lines of text
(table rows as tab-separated cells) and finds the sections, the template, the
three tables' rows and their values, then settles garbled cells by arithmetic.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from xxgk.errors import NotAReportError
from xxgk.extract.fold import squash
from xxgk.extract.grid import read_grid_table
from xxgk.extract.meta import read_meta
from xxgk.extract.reconstruct import reconstruct
from xxgk.extract.rows import RowText, match_rows, segments
from xxgk.extract.sections import Span, find_sections
from xxgk.extract.tokens import tokenize
from xxgk.extract.values import Line, RowReading, read_row
from xxgk.findings import Finding
from xxgk.read.document import Document, PlacedTable
from xxgk.report import Report
from xxgk.template import SPLIT_OTHER_MARKERS, TEMPLATES, TEXT_SECTIONS, TableSpec, Template

__all__ = ["Extraction", "extract_report"]


@dataclass(slots=True)
class Extraction:
    """The report and what extraction wants a person to know about it."""

    report: Report
    findings: list[Finding] = field(default_factory=list)


def extract_report(document: Document) -> Extraction:
    """Read the report in `document`, or raise `NotAReportError`."""
    lines, placed = document.lines_and_tables()
    text = "\n".join(lines)
    spans = find_sections(text)
    regions = _table_regions(text, spans)
    if not regions:
        raise NotAReportError(
            "未找到年度报告的统计表（主动公开、依申请公开、复议诉讼情况），不是政府信息公开工作年度报告"
        )
    overview = _prose(text, spans.get("overview"))
    head_end = min((s.start for s in spans.values()), default=len(text))
    meta = read_meta(lines, document.metadata, overview, head_end)
    template, findings = _detect_template(regions, meta.year)
    grids = _Grids(placed, lines, spans)
    readings, absent, row_findings = _read_tables(template, regions, grids)
    if not readings:
        raise NotAReportError("找到了报告章节，但统计表中没有可识别的数据行，不是政府信息公开工作年度报告")
    equations = template.equations_without(absent)
    cells = reconstruct(readings, equations, template.cell_ids())
    report = Report(
        template=template.key,
        agency=meta.agency,
        year=meta.year,
        published=meta.published,
        text={key: _prose(text, spans.get(key)) for key in TEXT_SECTIONS},
        cells=cells.values,
        inferred=cells.inferred,
    )
    return Extraction(report, findings + row_findings + cells.findings)


def _table_regions(text: str, spans: dict[str, Span]) -> dict[str, str]:
    return {
        table.key: text[spans[table.key].body : spans[table.key].end]
        for table in TEMPLATES["2021"].tables
        if table.key in spans
    }


def _detect_template(regions: dict[str, str], year: int | None) -> tuple[Template, list[Finding]]:
    """The template whose table 二 headers the document prints; table 三 or the year as fallbacks."""
    active = squash(regions.get("active", ""))
    scores = {key: sum(squash(m) in active for m in t.markers) for key, t in TEMPLATES.items()}
    if scores["2019"] != scores["2021"]:
        return TEMPLATES[max(scores, key=lambda k: scores[k])], []
    applications = squash(regions.get("applications", ""))
    if any(m in applications for m in SPLIT_OTHER_MARKERS):
        return TEMPLATES["2021"], []
    guess = "2021" if year is None or year >= 2021 else "2019"
    return TEMPLATES[guess], [
        Finding(
            "PARSE_TEMPLATE_GUESSED",
            f"表格栏目不足以判断所用格式，按报告年度推定为 {guess} 年版格式",
            (),
        )
    ]


class _Grids:
    """The document's table grids and where their rows stand among its lines."""

    def __init__(self, placed: list[PlacedTable], lines: list[str], spans: dict[str, Span]) -> None:
        self.placed = placed
        self.spans = spans
        self.starts: list[int] = []
        offset = 0
        for line in lines:
            self.starts.append(offset)
            offset += len(line) + 1

    def readings(self, template: Template, table: TableSpec) -> list[RowReading] | None:
        """`table` read from the grids within its section, or None when there are none or they cannot be mapped."""
        span = self.spans.get(table.key)
        if not self.placed or span is None:
            return None
        first = bisect_left(self.starts, span.body)
        end = bisect_left(self.starts, span.end)
        return read_grid_table(template, table, self.placed, first, end)


def _read_tables(
    template: Template, regions: dict[str, str], grids: _Grids
) -> tuple[list[RowReading], set[str], list[Finding]]:
    readings: list[RowReading] = []
    absent: set[str] = set()
    findings: list[Finding] = []
    found: dict[str, dict[str, RowText]] = {}
    for table in template.tables:
        region = regions.get(table.key)
        if region is None:
            absent.update(f"{table.key}.{row.key}" for row in table.rows)
            findings.append(_table_missing(table))
        elif (from_grid := grids.readings(template, table)) is not None:
            readings += from_grid
            printed = {reading.cell_ids[0].split(".")[1] for reading in from_grid}
            for row in table.rows:
                if row.key not in printed:
                    absent.add(f"{table.key}.{row.key}")
                    if not row.optional and row.key not in table.replaced_rows(printed):
                        findings.append(_row_missing(table, row.label, row.cell_ids(table.key)))
        elif table.flat:
            readings.append(_read_flat(template, table, region))
        else:
            found[table.key] = {rt.row.key: rt for rt in match_rows(table, segments(tokenize(region)))}
    # Decided for the whole document: text copied from one PDF or page glues every
    # table, though a few of its rows keep a stray space ("规章2626 26").
    glued = _looks_glued([row for rows in found.values() for row in rows.values()])
    for table in template.tables:
        rows = found.get(table.key)
        if rows is None:
            continue
        for row in table.rows:
            if row.key not in rows:
                absent.add(f"{table.key}.{row.key}")
                if not row.optional and row.key not in table.replaced_rows(set(rows)):
                    findings.append(_row_missing(table, row.label, row.cell_ids(table.key)))
                continue
            line = Line.of_row(row, table.key)
            own = template.equations_within(line.cells)
            readings.append(read_row(line, rows[row.key].values, own, may_split=glued))
    return readings, absent, findings


def _looks_glued(rows: list[RowText]) -> bool:
    """Half or more of the multi-column rows print fewer numbers than they have cells.

    Such a document glues its cells together; a few rows keeping a stray space
    ("110 000011") still print fewer numbers than cells.
    """
    wide = [r for r in rows if len(r.row.fields) > 1 and any(v.is_value for v in r.values)]
    short = [r for r in wide if sum(v.is_value for v in r.values) < len(r.row.fields)]
    return bool(wide) and len(short) * 2 >= len(wide)


def _read_flat(template: Template, table: TableSpec, region: str) -> RowReading:
    line = Line.of_rows(table.rows, table.key, table.title)
    equations = template.equations_within(line.cells)
    for part in segments(tokenize(region)):
        if any(v.is_value for v in part.values):
            return read_row(line, part.values, equations)
    return read_row(line, [], equations)


def _prose(text: str, span: Span | None) -> str:
    if span is None:
        return ""
    lines = (line.strip(" \t\u3000\u00a0\u2002\u2003") for line in text[span.body : span.end].splitlines())
    return "\n".join(line for line in lines if line)


def _table_missing(table: TableSpec) -> Finding:
    return Finding(
        "PARSE_TABLE_NOT_FOUND",
        f"未找到表格“{table.number}、{table.title}”，其单元格全部留空",
        (),
    )


def _row_missing(table: TableSpec, label: str, cells: tuple[str, ...]) -> Finding:
    return Finding(
        "PARSE_ROW_NOT_FOUND",
        f"表{table.number}中未找到“{label}”一行，其单元格留空",
        cells,
    )
