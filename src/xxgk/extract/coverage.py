"""How much of the report's tables was read: the error a partly read report carries.

A checker that finds no error in the cells it could read says nothing about the
cells it could not. So a report with a table not found, required rows not found
or printed cells whose values could not be placed gets one error finding saying
how much was read, and a supervisor never sees "0 个错误" on such a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.findings import Finding
from xxgk.template import Row, TableSpec, Template


@dataclass(slots=True)
class Coverage:
    """What the tables of one document printed, as extraction found it."""

    missing_tables: list[TableSpec] = field(default_factory=list)
    # Table key → how many required rows were not found.
    missing_rows: dict[str, int] = field(default_factory=dict)
    # Cells of the required rows not found.
    lost: set[str] = field(default_factory=set)
    # Table key → the rows found (their cells are counted only for a report not fully read).
    printed: dict[str, list[Row]] = field(default_factory=dict)


def coverage_finding(template: Template, coverage: Coverage, unread: set[str]) -> Finding | None:
    """PARSE_INCOMPLETE naming, per table, the cells read out of those printed and the rows not found."""
    if not (unread or coverage.missing_tables):
        return None
    parts: list[str] = []
    for table in template.tables:
        if table in coverage.missing_tables:
            parts.append(f"未找到表{table.number}")
            continue
        printed = [cell for row in coverage.printed.get(table.key, []) for cell in row.cell_ids(table.key)]
        open_cells = sum(cell in unread for cell in printed)
        rows = coverage.missing_rows.get(table.key, 0)
        if open_cells and rows:
            parts.append(
                f"表{table.number}只读出 {len(printed) - open_cells}/{len(printed)} 个单元格，另有 {rows} 行未找到"
            )
        elif open_cells:
            parts.append(f"表{table.number}只读出 {len(printed) - open_cells}/{len(printed)} 个单元格")
        elif rows:
            parts.append(f"表{table.number}有 {rows} 行未找到")
    if not parts:
        return None
    return Finding(
        "PARSE_INCOMPLETE",
        f"报告未能完整读取：{'；'.join(parts)}。未读出的数字未经检查，请对照原件核实",
        tuple(c for c in template.cell_ids() if c in unread),
    )
