"""The year's tables 三 and 四 counted from the cases, and the cases behind any cell.

One pure function per table says which rows a case counts in for a year; the
report and `xxgk ledger cell` both use it, so every number can be traced to its
cases. Counting rules (table 三, the issue's definitions): 本年新收 = received in
the year; 上年结转 = received before it and still open on 1 January; an outcome row
= decided in the year with that outcome, and （七）总计 counts every decision;
结转下年度 = received by 31 December and still open then. Rule R1 then holds by
construction because a case is decided after it is received.

Table 四 (the template does not say; spec/format-notes.md §11 item 5): a case
counts in every year it is open, like an application carried over: in the year
it is filed, and in each later year it is still pending on 1 January; in its
result's column in the year it concludes, under 尚未审结 in the years before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xxgk.ledger.vocabulary import PENDING, outcome_row, review_total, roles, template_for_year
from xxgk.report import Report, Value
from xxgk.template import Template

APPLICATIONS = "applications"
REVIEW = "review_litigation"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What counting needs of an application."""

    id: int
    received_on: date
    decided_on: date | None
    applicant_type: str
    outcome: str | None


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """What counting needs of a review or litigation case."""

    id: int
    kind: str
    filed_on: date
    concluded_on: date | None
    result: str | None


def application_rows(case: CaseFacts, year: int, template: Template) -> tuple[str, ...]:
    """The table 三 rows `case` counts in for `year` (in the column of its applicant type and in 总计)."""
    role = roles(template.key)
    start, end = date(year, 1, 1), date(year, 12, 31)
    decided = case.decided_on
    rows: list[str] = []
    if start <= case.received_on <= end:
        rows.append(role.received)
    if case.received_on < start and (decided is None or decided >= start):
        rows.append(role.carried_over)
    if decided is not None and start <= decided <= end and case.outcome is not None:
        row = outcome_row(case.outcome, template)
        if row is None:
            raise ValueError(f"办理结果 {case.outcome} 不能计入 {template.basis} 格式的表三")
        rows += [row, role.processed]
    if case.received_on <= end and (decided is None or decided > end):
        rows.append(role.carried_forward)
    return tuple(rows)


def review_cell(case: ReviewFacts, year: int) -> str | None:
    """The table 四 column `case` counts in for `year`, or None when it does not count that year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if case.filed_on > end or (case.concluded_on is not None and case.concluded_on < start):
        return None
    if case.concluded_on is not None and case.concluded_on <= end and case.result:
        return case.result
    return PENDING


def year_tables(
    template: Template, year: int, cases: Iterable[CaseFacts], reviews: Iterable[ReviewFacts]
) -> dict[str, Value]:
    """Every cell of tables 三 and 四 for `year`; totals are sums of the counted cells."""
    role = roles(template.key)
    counts: Counter[str] = Counter()
    for case in cases:
        for row in application_rows(case, year, template):
            counts[f"{APPLICATIONS}.{row}.{case.applicant_type}"] += 1
            counts[f"{APPLICATIONS}.{row}.{role.total}"] += 1
    for review in reviews:
        column = review_cell(review, year)
        if column is not None:
            counts[f"{REVIEW}.{review.kind}.{column}"] += 1
            counts[f"{REVIEW}.{review.kind}.{review_total()}"] += 1
    cells: dict[str, Value] = {}
    for table in (template.table(APPLICATIONS), template.table(REVIEW)):
        for spec in table.rows:
            if not spec.optional:
                cells |= {cell: counts[cell] for cell in spec.cell_ids(table.key)}
    return cells


def year_report(
    agency: str,
    year: int,
    cases: Iterable[CaseFacts],
    reviews: Iterable[ReviewFacts],
    active: dict[str, Decimal],
) -> Report:
    """The canonical report of `year`: tables 三 and 四 counted, table 二 as entered (blank where not)."""
    template = template_for_year(year)
    cells = year_tables(template, year, cases, reviews)
    active_cells = [c for c in template.cell_ids() if c.startswith("active.")]
    for cell in active_cells:
        value = active.get(cell)
        cells[cell] = None if value is None else _number(value, template.field_of(cell).kind)
    return Report(template=template.key, agency=agency, year=year, cells=cells)


def _number(value: Decimal, kind: str) -> int | float:
    return float(value) if kind == "amount" and value != value.to_integral_value() else int(value)
