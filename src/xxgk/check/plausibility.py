"""Soft checks P1–P6: values that are legal but probably wrong."""

from __future__ import annotations

from xxgk.check.arithmetic import describe, total_of
from xxgk.findings import Finding
from xxgk.report import Report, show_value
from xxgk.template import Row, TableSpec

# 万元: a fee total beyond this (100 亿元) is almost certainly in 元.
FEE_LIMIT_WAN = 1_000_000
# A count with this many more digits than every sum it belongs to has two cells' digits run together.
EXTRA_DIGITS = 2
# 事项 and decisions: an agency's 权责清单 lists tens to hundreds of 事项 and its decisions are many
# more or none; two counts this large within this share of each other are one count entered twice.
NEAR_FROM = 50
NEAR_SHARE = 0.1


def check_blank_cells(report: Report, unread: frozenset[str] = frozenset()) -> list[Finding]:
    """P1: cells left blank in rows the report prints (a wholly blank table is reported once).

    Cells the reader could not place (`unread`) are not blank: PARSE_INCOMPLETE names them.
    """
    findings = []
    values = report.cells
    get = values.get
    for table in report.spec.tables:
        blank: list[str] = []
        printed = set(report.printed_rows(table.key))
        for row in table.rows:
            if row.key in printed:
                cells = row.cell_ids(table.key)
                # Most printed rows fill every cell: told in C before any cell is looked at in Python.
                if None in map(get, cells):
                    blank += [c for c in cells if get(c) is None and c not in report.inferred and c not in unread]
        if blank:
            where = "、".join(describe(report.spec, c) for c in blank[:3])
            more = f"等 {len(blank)} 个单元格" if len(blank) > 3 else ""
            findings.append(Finding("P1", f"{where}{more}留空；没有发生的事项应填 0", tuple(blank)))
    return findings


def check_fee_unit(report: Report) -> list[Finding]:
    """P2: 2021 fees are in 万元; a huge value suggests 元."""
    if report.template != "2021":
        return []
    cell = "active.fees.amount"
    value = report.get(cell)
    if value is not None and value > FEE_LIMIT_WAN:
        return [Finding("P2", f"本年收费金额为 {show_value(value)} 万元（超过 100 亿元），疑似按元填写", (cell,))]
    return []


def check_decisions_equal_items(report: Report) -> list[Finding]:
    """P3: 2019 处理决定数量 = 上一年项目数量 + 本年增/减 suggests the item count was entered."""
    if report.template != "2019":
        return []
    findings = []
    for row, cells in _item_rows(report.spec.table("active")):
        previous, change, decisions = (report.get(c) for c in cells)
        if None in (previous, change, decisions) or not previous or not change:
            continue
        assert previous is not None and change is not None
        if decisions == previous + change:
            findings.append(
                Finding(
                    "P3",
                    f"表二“{row.label}”：处理决定数量 {decisions} 恰等于上一年项目数量 {previous} 加本年增/减 {change}，"
                    "疑似填成了事项数",
                    tuple(cells),
                )
            )
    return findings


_ITEM_FIELDS = ("previous_items", "change", "decisions")
_ITEM_ROWS: dict[int, tuple[TableSpec, tuple[tuple[Row, tuple[str, ...]], ...]]] = {}


def _item_rows(table: TableSpec) -> tuple[tuple[Row, tuple[str, ...]], ...]:
    """The rows of table 二 counting items and decisions, each with those three cells: the template's,
    made once per table (P3 and P6 ask of every 2019 report)."""
    known = _ITEM_ROWS.get(id(table))
    if known is None or known[0] is not table:
        rows = tuple(
            (row, tuple(f"{table.key}.{row.key}.{k}" for k in _ITEM_FIELDS))
            for row in table.rows
            if set(_ITEM_FIELDS) <= {f.key for f in row.fields}
        )
        known = _ITEM_ROWS[id(table)] = (table, rows)
    return known[1]


def near(items: float, decisions: float) -> bool:
    """An item count and a decision count too close to be what they say (the 沈阳 case)."""
    low, high = sorted((abs(items), abs(decisions)))
    return low >= NEAR_FROM and high - low <= NEAR_SHARE * high


def check_items_near_decisions(report: Report) -> list[Finding]:
    """P6: a 2019 row whose 事项 count (上一年 or this year's) is close to its 处理决定数量 (not P3's exact sum)."""
    if report.template != "2019":
        return []
    flagged = {cell for f in check_decisions_equal_items(report) for cell in f.cells}
    findings = []
    for row, cells in _item_rows(report.spec.table("active")):
        if cells[2] in flagged:
            continue
        previous, change, decisions = (report.get(c) for c in cells)
        if previous is None or decisions is None:
            continue
        current = previous + (change or 0)
        if near(previous, decisions) or near(current, decisions):
            findings.append(
                Finding(
                    "P6",
                    f"表二“{row.label}”：项目数量（上一年 {previous}，本年末 {current}）与处理决定数量 {decisions} 接近，"
                    "疑似把处理决定数填成了事项数",
                    tuple(cells),
                )
            )
    return findings


def check_template_year(report: Report) -> list[Finding]:
    """P4: the 2019 format in a report for 2021 or later."""
    if report.template == "2019" and report.year is not None and report.year >= 2021:
        return [Finding("P4", f"{report.year} 年度报告仍使用 2019 年版格式，应使用 2021 年版格式", ())]
    return []


def check_implausible_lengths(report: Report, broken: list[Finding]) -> list[Finding]:
    """P5: a count far longer than the sums it belongs to (1234567 where its row and column add to 3 digits).

    Such a value is the digits of two neighbouring cells read as one: the sums it
    breaks (`broken`, the findings of R1–R4) are reported there, this names the
    cell that breaks them. Non-negative cells of sums that hold are never longer
    than those sums, so only cells of broken sums are examined.
    """
    suspects = {cell for finding in broken for cell in finding.cells}
    if not suspects:
        return []
    cells = report.cells
    largest: dict[str, float] = {}
    for eq in report.spec.equations:
        if suspects.isdisjoint(eq.cells):
            continue
        left, right = total_of(cells, eq.left), total_of(cells, eq.right)
        for own, other in ((eq.left, right), (eq.right, left)):
            if other is None:
                continue
            for cell in own:
                if other > largest.get(cell, -1.0):
                    largest[cell] = other
    findings = []
    for cell, top in largest.items():
        value = cells.get(cell)
        if cell not in suspects:
            continue
        if not isinstance(value, int) or value < 10**EXTRA_DIGITS:
            continue
        digits = len(str(round(top)))
        if len(str(value)) >= digits + EXTRA_DIGITS:
            findings.append(
                Finding(
                    "P5",
                    f"{describe(report.spec, cell)}为 {value}，比所在行、列的合计（最大 {show_value(top)}）多出"
                    f" {len(str(value)) - digits} 位数字，疑似两个单元格的数字连在了一起",
                    (cell,),
                )
            )
    return findings
