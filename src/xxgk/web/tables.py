"""A report's tables laid out for a page: the official grids of `xxgk.render.tables`, marked by findings.

The pages print each table exactly as `xxgk render` does (table 四 as one row of
fifteen values under 行政复议 / 行政诉讼, table 三's merged row and column groups,
table 二's caption rows), so a page a user saves reads back with `xxgk parse` to
the same cells. On top of the official layout a page only adds what a browser
shows and a reader ignores: each value cell's id, the worst severity of the
findings naming it, their codes, whether it was inferred, and a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from xxgk.findings import SEVERITY_ORDER
from xxgk.render.grid import Grid, GridCell
from xxgk.render.tables import grid_shape, printed_rows
from xxgk.render.text import prose_lines, value_text
from xxgk.report import Report, Value
from xxgk.template import SECTIONS, Section

SCOPES = {"caption": "colgroup", "group": "rowgroup", "label": "row"}


@dataclass(frozen=True, slots=True)
class HeadingView:
    """A header, caption or row label (`th`), with the id its value cells name it by."""

    text: str
    kind: str
    rowspan: int
    colspan: int
    html_id: str
    scope: str
    tag: Literal["th"] = "th"


@dataclass(frozen=True, slots=True)
class CellView:
    """A value cell (`td`): the report's number and the findings that name it."""

    id: str
    value: Value
    text: str
    rowspan: int = 1
    colspan: int = 1
    headers: str = ""
    severity: str | None = None
    codes: tuple[str, ...] = ()
    inferred: bool = False
    tag: Literal["td"] = "td"


Line = tuple[HeadingView | CellView, ...]


@dataclass(frozen=True, slots=True)
class TableView:
    key: str
    title: str
    head: tuple[Line, ...]
    body: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a value cell goes in a table's frame."""

    cell_id: str
    rowspan: int
    colspan: int
    headers: str


_FrameLine = tuple[HeadingView | _Slot, ...]


def report_tables(report: Report, findings: list[dict[str, Any]]) -> list[TableView]:
    """Tables 二, 三 and 四 of `report`, cells marked by `findings` (dicts as stored: code, severity, cells)."""
    marks = _cell_marks(findings)
    return [_table_view(report, table.key, marks) for table in report.spec.tables]


def report_sections(report: Report, findings: list[dict[str, Any]]) -> list[tuple[Section, TableView | None]]:
    """The six sections in printed order, each with its table view when it is a table."""
    tables = {view.key: view for view in report_tables(report, findings)}
    return [(section, tables.get(section.table) if section.table else None) for section in SECTIONS]


def paragraphs(report: Report, section: str) -> tuple[str, ...]:
    """A prose section's paragraphs as every rendered document prints them (one per line, spaces folded)."""
    return prose_lines(report.text.get(section, ""))


def cell_labels(report: Report) -> dict[str, str]:
    """Each cell id as a person reads it: table, row label and column label (表三（一）予以公开·总计)."""
    labels = {}
    for table in report.spec.tables:
        for row in table.rows:
            for f in row.fields:
                labels[f"{table.key}.{row.key}.{f.key}"] = f"表{table.number}{row.label}·{f.label}"
    return labels


def _cell_marks(findings: list[dict[str, Any]]) -> dict[str, tuple[str, list[str]]]:
    marks: dict[str, tuple[str, list[str]]] = {}
    for finding in findings:
        severity = str(finding.get("severity", "info"))
        for cell in finding.get("cells", []):
            worst, codes = marks.get(cell, (severity, []))
            if SEVERITY_ORDER.get(severity, 9) < SEVERITY_ORDER.get(worst, 9):
                worst = severity
            marks[cell] = (worst, [*codes, str(finding.get("code", ""))])
    return marks


def _table_view(report: Report, key: str, marks: dict[str, tuple[str, list[str]]]) -> TableView:
    rows = tuple(row.key for row in printed_rows(report, report.spec.table(key)))
    title, header_rows, frame = _frame((report.template, key, *rows))
    lines = tuple(tuple(_filled(part, report, marks) for part in line) for line in frame)
    return TableView(key, title, lines[:header_rows], lines[header_rows:])


def _filled(
    part: HeadingView | _Slot, report: Report, marks: dict[str, tuple[str, list[str]]]
) -> HeadingView | CellView:
    if isinstance(part, HeadingView):
        return part
    value = report.get(part.cell_id)
    severity, codes = marks.get(part.cell_id, (None, []))
    return CellView(
        part.cell_id,
        value,
        value_text(value),
        part.rowspan,
        part.colspan,
        part.headers,
        severity,
        tuple(dict.fromkeys(codes)),
        part.cell_id in report.inferred,
    )


@lru_cache(maxsize=256)
def _frame(shape: tuple[str, ...]) -> tuple[str, int, tuple[_FrameLine, ...]]:
    """Title, header rows and the lines of a table's shape (template, table, printed rows): once per shape."""
    template, table, *rows = shape
    grid = grid_shape(template, table, tuple(rows))
    named = grid.header_map()
    lines = tuple(tuple(_frame_part(grid, cell, named) for cell in cells) for cells in grid.rows_of_cells())
    return grid.caption, grid.header_rows, lines


def _frame_part(grid: Grid, cell: GridCell, named: dict[tuple[int, int], tuple[GridCell, ...]]) -> HeadingView | _Slot:
    if cell.kind == "value" and cell.cell_id is not None:
        headers = " ".join(_html_id(grid, h) for h in named[cell.row, cell.col])
        return _Slot(cell.cell_id, cell.rowspan, cell.colspan, headers)
    scope = SCOPES.get(cell.kind, "col" if cell.colspan == 1 else "colgroup")
    return HeadingView(cell.text, cell.kind, cell.rowspan, cell.colspan, _html_id(grid, cell), scope)


def _html_id(grid: Grid, cell: GridCell) -> str:
    return f"h-{grid.key}-{cell.row}-{cell.col}"
