"""A report's tables laid out for a page, every row and label from the template.

Consecutive rows with the same caption and columns form one block under one
header row (table 二's blocks per 条例 item; table 三 and 四 are one block each);
the merged group cells (（三）不予公开 ...) become row spans; each cell carries the
worst severity of the findings naming it, so the page can highlight it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from xxgk.findings import SEVERITY_ORDER
from xxgk.report import Report, Value
from xxgk.template import SECTIONS, Row, Section, TableSpec


@dataclass(frozen=True, slots=True)
class CellView:
    id: str
    value: Value
    severity: str | None = None
    codes: tuple[str, ...] = ()
    inferred: bool = False


@dataclass(slots=True)
class RowView:
    key: str
    label: str
    group: str | None
    group_span: int  # rows the group cell covers from here; 0 when an earlier row's cell covers it
    cells: list[CellView]


@dataclass(slots=True)
class BlockView:
    caption: str | None
    headers: list[str]
    rows: list[RowView] = field(default_factory=list)
    grouped: bool = False


@dataclass(slots=True)
class TableView:
    key: str
    title: str
    blocks: list[BlockView]


def report_tables(report: Report, findings: list[dict[str, Any]]) -> list[TableView]:
    """Tables 二, 三 and 四 of `report`, cells marked by `findings` (dicts as stored: code, severity, cells)."""
    marks = _cell_marks(findings)
    return [_table_view(report, table, marks) for table in report.spec.tables]


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


def _table_view(report: Report, table: TableSpec, marks: dict[str, tuple[str, list[str]]]) -> TableView:
    rows = [table.row(key) for key in report.printed_rows(table.key)]
    blocks = []
    for (caption, _), members in groupby(rows, key=lambda r: (r.caption, tuple(f.key for f in r.fields))):
        block_rows = list(members)
        block = BlockView(caption, [f.label for f in block_rows[0].fields])
        block.rows = [_row_view(report, table.key, row, marks) for row in block_rows]
        _span_groups(block)
        blocks.append(block)
    return TableView(table.key, f"{table.number}、{table.title}", blocks)


def _row_view(report: Report, table: str, row: Row, marks: dict[str, tuple[str, list[str]]]) -> RowView:
    cells = []
    for cell_id in row.cell_ids(table):
        severity, codes = marks.get(cell_id, (None, []))
        cells.append(
            CellView(cell_id, report.get(cell_id), severity, tuple(dict.fromkeys(codes)), cell_id in report.inferred)
        )
    return RowView(row.key, row.label, row.group, 1, cells)


def _span_groups(block: BlockView) -> None:
    """Merge the group cells of consecutive rows in the same group, as the printed table does."""
    block.grouped = any(row.group for row in block.rows)
    start: RowView | None = None
    for row in block.rows:
        if start is not None and row.group is not None and row.group == start.group:
            start.group_span += 1
            row.group_span = 0
        else:
            start = row


def report_sections(report: Report, findings: list[dict[str, Any]]) -> list[tuple[Section, TableView | None]]:
    """The six sections in printed order, each with its table view when it is a table."""
    tables = {view.key: view for view in report_tables(report, findings)}
    return [(section, tables.get(section.table) if section.table else None) for section in SECTIONS]
