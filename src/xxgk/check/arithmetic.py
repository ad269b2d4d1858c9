"""Hard rules R0–R4: the table's own arithmetic and the kinds of its values."""

from __future__ import annotations

from itertools import repeat
from operator import is_not

from xxgk.findings import Finding
from xxgk.report import Report, Value
from xxgk.report import show_value as _show
from xxgk.template import Equation, Template

TOLERANCE = 1e-6


def printed_equations(report: Report, unread: frozenset[str] = frozenset()) -> tuple[Equation, ...]:
    """The template's equations restricted to rows the report prints (not all blank).

    A row whose cells are all null only because the reader could not place its
    values (`unread`) is printed: its terms stay, unknown, and the equation is not judged.
    """
    template, get = report.spec, report.cells.get
    # Each row's cells looked up by `map` in C: a generator frame per row cost more than the test.
    absent = {
        f"{table.key}.{row.key}"
        for table in template.tables
        for row in table.rows
        if not any(map(is_not, map(get, ids := row.cell_ids(table.key)), repeat(None))) and unread.isdisjoint(ids)
    }
    return template.equations_without(absent)


def check_equations(report: Report, unread: frozenset[str] = frozenset()) -> list[Finding]:
    """R1–R4 over the rows the report prints, a blank cell counting as 0.

    The format asks for 0 where nothing happened (P1 warns on every blank), so a
    blank is a printed "nothing", not an unknown: a group printing 42 under 结果纠正,
    blanks elsewhere and 50 as its total breaks R4 whatever the blanks hide (if one
    hid 8, it would break the form instead). Only cells the reader could not place
    (`unread`) are unknown; an equation over one of them is not judged.
    """
    findings = []
    cells = report.cells
    for eq in printed_equations(report, unread):
        if not unread.isdisjoint(eq.cells):
            continue
        left, right = blank_as_zero(cells, eq.left), blank_as_zero(cells, eq.right)
        if abs(left - right) > TOLERANCE:
            blanks = sum(cells.get(cell) is None for cell in eq.cells)
            findings.append(Finding(eq.rule, _message(report.spec, eq, left, right, blanks), eq.cells))
    return findings


def check_kinds(report: Report) -> list[Finding]:
    """R0: counts are non-negative integers; amounts non-negative; 本年增/减 may be negative."""
    findings: list[Finding] = []
    template = report.spec
    # Only a negative or fractional value can break R0: most reports print none, and then
    # no cell's field need be looked up.
    suspect = {cell: value for cell, value in report.cells.items() if value is not None and (value < 0 or value % 1)}
    if not suspect:
        return findings
    for cell in template.cell_ids():
        value = suspect.get(cell)
        if value is None:
            continue
        field = template.field_of(cell)
        problem = None
        if field.kind != "signed" and value < 0:
            problem = f"为负数（{_show(value)}）"
        elif field.kind != "amount" and isinstance(value, float) and not value.is_integer():
            problem = f"不是整数（{_show(value)}）"
        if problem:
            findings.append(Finding("R0", f"{describe(report.spec, cell)}{problem}，应为非负整数", (cell,)))
    return findings


def describe(template: Template, cell: str) -> str:
    """A cell's place in plain words: 表三“（一）予以公开”行“自然人”栏."""
    table_key, row_key, column = cell.split(".")
    table = template.table(table_key)
    row = table.row(row_key)
    field = next(f for f in row.fields if f.key == column)
    return f"表{table.number}“{row.label}”行“{field.label}”栏"


def blank_as_zero(cells: dict[str, Value], ids: tuple[str, ...]) -> float:
    """The sum of the cells `ids`, a blank one counting as 0."""
    total: float = 0
    for cell in ids:
        value = cells.get(cell)
        if value is not None:
            total += value
    return total


def total_of(cells: dict[str, Value], ids: tuple[str, ...]) -> float | None:
    """The sum of the cells `ids`, or None when one of them is blank."""
    total: float = 0
    for cell in ids:
        value = cells.get(cell)
        if value is None:
            return None
        total += value
    return total


def _message(template: Template, eq: Equation, left: float, right: float, blanks: int = 0) -> str:
    diff = _show(abs(left - right))
    if blanks:
        diff += f"（其中 {blanks} 个留空的单元格按 0 计）"
    first = eq.left[0].split(".")
    if eq.rule == "R1":
        column = template.field_of(eq.left[0]).label
        return (
            f"表三“{column}”列：本年新收与上年结转之和为 {_show(left)}，而（七）总计与结转下年度之和为 {_show(right)}，"
            f"相差 {diff}；请核对这一列的这四个数"
        )
    if eq.rule == "R2":
        column = template.field_of(eq.left[0]).label
        return (
            f"表三“{column}”列：（七）总计为 {_show(left)}，各办理结果之和为 {_show(right)}，相差 {diff}；请核对这一列"
        )
    if eq.rule == "R3":
        label = template.table(first[0]).row(first[1]).label
        return f"表三“{label}”行：总计为 {_show(left)}，六类申请人之和为 {_show(right)}，相差 {diff}；请核对这一行"
    label = template.table(first[0]).row(first[1]).label
    return f"表四“{label}”：总计为 {_show(left)}，四项结果之和为 {_show(right)}，相差 {diff}；请核对这一组"
