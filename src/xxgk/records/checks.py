"""Checks of a year's table 二 against the records: the stock-flow of 现行有效 documents (X5) and
事项 counts typed where decision counts belong (P6, the 沈阳 case, against the decisions ledger).

Stock-flow: last year's 现行有效 (as last year's table 二 states it: counted or typed; the
records on 31 December when that year had no such cell or left it blank) plus every own document that
entered 现行有效 during the year, minus every one that left it, must give this year's
figure. Each document is listed once, by comparing its 有效性 at the two year ends, with
the reason it moved (published, 修改, 废止, 失效, 撤回).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from xxgk.check.plausibility import near
from xxgk.disclosure.vocabulary import IN_FORCE
from xxgk.findings import Finding
from xxgk.ledger.vocabulary import template_for_year
from xxgk.records.documents import WITHDRAWN, Document, load_documents
from xxgk.records.ledgers import decision_cells
from xxgk.records.service import TableTwo, kept_sources, ledger_rows, provenance_lines, table_two
from xxgk.records.vocabulary import DECISIONS, DOCUMENT_KINDS, MATTERS
from xxgk.store.agencies import Agency


@dataclass(frozen=True, slots=True)
class Move:
    """A document that entered or left 现行有效 during the year, and why."""

    reference: str
    title: str
    why: str


@dataclass(frozen=True, slots=True)
class StockFlow:
    """One document row's reconciliation: before + entered − left against after."""

    row: str
    label: str
    before: int | None
    after: int | None
    entered: tuple[Move, ...]
    left: tuple[Move, ...]

    @property
    def expected(self) -> int | None:
        return None if self.before is None else self.before + len(self.entered) - len(self.left)

    @property
    def balanced(self) -> bool:
        return self.expected is None or self.after is None or self.expected == self.after


def stock_flow(session: Session, agency: Agency, year: int) -> list[StockFlow]:
    """The reconciliation of each document row of `year` (2021 format: rows with 现行有效)."""
    template = template_for_year(year)
    if template.key != "2021":
        return []
    documents = [d for d in load_documents(session, agency) if d.own]
    now_table, last_table = table_two(session, agency, year), table_two(session, agency, year - 1)
    start, end = date(year - 1, 12, 31), date(year, 12, 31)
    flows = []
    for row, kind in DOCUMENT_KINDS.items():
        mine = [d for d in documents if d.doc_kind == kind]
        cell = f"active.{row}.in_force"
        before = _figure(last_table.values.get(cell))
        if before is None:  # last year's format had no 现行有效, or nothing was typed: the records then
            before = sum(d.validity_on(start) == IN_FORCE for d in mine)
        entered = [_move(d, start, end, True) for d in mine if _in(d, end) and not _in(d, start)]
        left = [_move(d, start, end, False) for d in mine if _in(d, start) and not _in(d, end)]
        label = template.table("active").row(row).label
        flows.append(StockFlow(row, label, before, _figure(now_table.values.get(cell)), tuple(entered), tuple(left)))
    return flows


def _in(document: Document, day: date) -> bool:
    return document.validity_on(day) == IN_FORCE


def _figure(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def _move(document: Document, start: date, end: date, entering: bool) -> Move:
    if entering:
        why = f"{document.published_on} 发布" if document.published_on > start else "恢复现行有效"
    else:
        last = next((v for on, v in reversed(document.changes) if start < on <= end), None)
        when = next((on for on, v in reversed(document.changes) if start < on <= end), None)
        why = f"{when} {'撤回' if last == WITHDRAWN else last}" if last else "不再现行有效"
    return Move(document.reference, document.title, why)


def stock_flow_findings(flows: list[StockFlow], year: int) -> list[Finding]:
    findings = []
    for flow in flows:
        if flow.balanced:
            continue
        cell = f"active.{flow.row}.in_force"
        findings.append(
            Finding(
                "X5",
                f"表二“{flow.label}”：上年现行有效 {flow.before} 件，本年进入 {len(flow.entered)} 件、"
                f"退出 {len(flow.left)} 件，应为 {flow.expected} 件，表中为 {flow.after} 件"
                f"（相差 {flow.after - flow.expected if flow.after is not None and flow.expected is not None else '—'} 件）",
                (cell,),
            )
        )
    return findings


def items_near_decisions(session: Session, agency: Agency, year: int) -> list[Finding]:
    """P6 against the decisions ledger: a typed 事项 count close to the decisions of the year or the one before."""
    template = template_for_year(year)
    kept = kept_sources(session, agency, year)
    if template.key != "2019" or MATTERS in kept or DECISIONS not in kept | kept_sources(session, agency, year - 1):
        return []
    values = table_two(session, agency, year).values
    rows = ledger_rows(session, agency, DECISIONS, (year - 1, year))
    this_year, last_year = decision_cells(rows, year, "2019"), decision_cells(rows, year - 1, "2019")
    findings = []
    for cell, tally in this_year.items():
        _, row, _ = cell.split(".")
        previous, change = values.get(f"active.{row}.previous_items"), values.get(f"active.{row}.change")
        if previous is None:
            continue
        current = previous + (change or 0)
        last = last_year[cell].value
        pairs = [(previous, last, year - 1), (current, tally.value, year)]
        close = [(items, decided, y) for items, decided, y in pairs if near(float(items), float(decided))]
        if close:
            typed, decided, y = close[0]
            label = template.table("active").row(row).label
            findings.append(
                Finding(
                    "P6",
                    f"表二“{label}”：录入的项目数量 {int(typed)} 与行政决定台账 {y} 年的处理决定数 {int(decided)} 接近，"
                    "疑似把处理决定数填成了事项数",
                    (f"active.{row}.previous_items", f"active.{row}.change"),
                )
            )
    return findings


def records_findings(session: Session, agency: Agency, year: int) -> list[Finding]:
    """Every records check of `year`'s table 二."""
    return stock_flow_findings(stock_flow(session, agency, year), year) + items_near_decisions(session, agency, year)


@dataclass(frozen=True, slots=True)
class Origin:
    """What the year report adds about table 二: which cells were counted or typed, and the records checks."""

    lines: list[str]
    findings: list[Finding]


def records_origin(session: Session, agency: Agency, year: int, table: TableTwo | None = None) -> Origin:
    lines = provenance_lines(table if table is not None else table_two(session, agency, year))
    return Origin(lines, records_findings(session, agency, year))
