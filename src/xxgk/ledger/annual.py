"""The year's report computed from the ledger, and the cases behind each of its cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from xxgk.ledger.aggregate import CaseFacts, ReviewFacts, application_rows, review_cell
from xxgk.ledger.aggregate import year_report as count_year
from xxgk.ledger.privacy import mask_name
from xxgk.ledger.records import BATCH, LedgerError
from xxgk.ledger.vocabulary import review_total, roles, template_for_year
from xxgk.records.service import TableTwo, table_two
from xxgk.report import Report
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application, ReviewCase


def _case_facts(session: Session, agency: Agency, year: int) -> list[CaseFacts]:
    query = select(
        Application.id, Application.received_on, Application.decided_on, Application.applicant_type, Application.outcome
    ).where(Application.agency_id == agency.id, _open_during(year, Application.received_on, Application.decided_on))
    return [CaseFacts(*row) for row in session.execute(query)]


def _review_facts(session: Session, agency: Agency, year: int) -> list[ReviewFacts]:
    query = select(
        ReviewCase.id, ReviewCase.kind, ReviewCase.filed_on, ReviewCase.concluded_on, ReviewCase.result
    ).where(ReviewCase.agency_id == agency.id, _open_during(year, ReviewCase.filed_on, ReviewCase.concluded_on))
    return [ReviewFacts(*row) for row in session.execute(query)]


def _open_during(
    year: int, opened: InstrumentedAttribute[date], closed: InstrumentedAttribute[date | None]
) -> ColumnElement[bool]:
    """Cases opened by the year's end and not closed before it began: those the year's report counts."""
    return and_(opened <= date(year, 12, 31), or_(closed.is_(None), closed >= date(year, 1, 1)))


def year_report(session: Session, agency: Agency, year: int, table: TableTwo | None = None) -> Report:
    """The canonical report of `year` computed from the ledger (template by year).

    Table 二 is counted from the records kept, else as typed; a caller that also shows where each
    cell came from passes the `table_two` it already counted, so the records are read once."""
    table = table if table is not None else table_two(session, agency, year)
    active = {cell: value for cell, value in table.values.items() if value is not None}
    return count_year(
        agency.name, year, _case_facts(session, agency, year), _review_facts(session, agency, year), active
    )


@dataclass(frozen=True, slots=True)
class CellMember:
    """One case behind a cell: its number and dates, what it is, and the applicant (masked)."""

    number: str
    received_on: date
    decided_on: date | None
    kind: str
    result: str | None
    applicant: str


def cell_members(session: Session, agency: Agency, year: int, cell: str) -> list[CellMember]:
    """The applications (table 三) or review and litigation cases (table 四) counted in `cell` for `year`."""
    template = template_for_year(year)
    if cell not in template.cell_ids(include_optional=False):
        raise LedgerError(
            f"“{cell}”不是 {year} 年报告（{template.basis}）的单元格，单元格形如 applications.granted.natural_person"
        )
    table, row, column = cell.split(".")
    if table == "active":
        raise LedgerError("表二的单元格对应目录和台账中的记录，而不是申请（xxgk ledger records）")
    if table == "review_litigation":
        return _review_members(session, agency, year, row, column)
    total = roles(template.key).total
    members = [
        case
        for case in _case_facts(session, agency, year)
        if (column == total or case.applicant_type == column) and row in application_rows(case, year, template)
    ]
    ids = [case.id for case in members]
    stored = {
        a.id: a
        for start in range(0, len(ids), BATCH)
        for a in session.scalars(select(Application).where(Application.id.in_(ids[start : start + BATCH])))
    }
    natural = roles(template.key).parts[0]
    return sorted(
        (
            CellMember(
                number=a.number,
                received_on=a.received_on,
                decided_on=a.decided_on,
                kind=a.applicant_type,
                result=a.outcome,
                applicant=mask_name(a.applicant_name, natural_person=a.applicant_type == natural),
            )
            for a in (stored[i] for i in ids)
        ),
        key=lambda m: (m.received_on, m.number),
    )


def _review_members(session: Session, agency: Agency, year: int, row: str, column: str) -> list[CellMember]:
    cases = [
        case
        for case in _review_facts(session, agency, year)
        if case.kind == row and (column == review_total() or review_cell(case, year) == column)
    ]
    stored = {c.id: c for c in session.scalars(select(ReviewCase).where(ReviewCase.id.in_([c.id for c in cases])))}
    return [
        CellMember(
            number=stored[c.id].number or f"#{c.id}",
            received_on=c.filed_on,
            decided_on=c.concluded_on,
            kind=c.kind,
            result=c.result,
            applicant="",
        )
        for c in sorted(cases, key=lambda c: (c.filed_on, c.id))
    ]


@dataclass(frozen=True, slots=True)
class LateAnswers:
    """An agency's answers of one year given after their due date: how many, and the working days late."""

    agency_id: int
    decided: int
    late: int
    days_late: int
    most_days_late: int


def late_answers(session: Session, agency_ids: Sequence[int], year: int) -> dict[int, LateAnswers]:
    """Agency id → its late answers among the applications decided in `year` (the supervisor's console).

    Counts `late_days`, stored at decision from the clock (working days after the
    due date); decisions recorded before it was stored count as decided, not late.
    Agencies with no decision that year are absent.
    """
    late = Application.late_days > 0
    query = (
        select(
            Application.agency_id,
            func.count(),
            func.count(case((late, 1))),
            func.coalesce(func.sum(case((late, Application.late_days), else_=0)), 0),
            func.coalesce(func.max(case((late, Application.late_days), else_=0)), 0),
        )
        .where(
            Application.agency_id.in_(list(agency_ids)),
            Application.decided_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .group_by(Application.agency_id)
    )
    return {row[0]: LateAnswers(*(int(v) for v in row)) for row in session.execute(query)}
