"""Ledger operations on a database session: what the CLI, and the web app's agency desk, call.

Every function takes a `Session` and works inside the caller's transaction;
`in_transaction(db, work)` runs one unit of work as one transaction and retries
it when the database reports a transient conflict between concurrent writers
(SQLite's lock, PostgreSQL's serialization failure or deadlock), so concurrent
writers never lose a record.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Row, Table, and_, case, delete, false, func, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import InstrumentedAttribute, Session

from xxgk.errors import XxgkError
from xxgk.ledger.aggregate import CaseFacts, ReviewFacts, application_rows, review_cell
from xxgk.ledger.aggregate import year_report as count_year
from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar, calendar_basis
from xxgk.ledger.clock import (
    EVENT_LABELS,
    ClockError,
    Deadline,
    Event,
    EventKind,
    Party,
    check_events,
    deadline,
    late_days,
)
from xxgk.ledger.closing import closing_refusal, extension_refusal
from xxgk.ledger.events import FEE_PERIOD_VARIABLE, fee_period_counted
from xxgk.ledger.layout import LedgerRow
from xxgk.ledger.privacy import is_masked, mask_name
from xxgk.ledger.stored import PAUSED, ClockState, StoredClock, status_label, stored_clock
from xxgk.ledger.vocabulary import (
    case_kind_key,
    case_kinds,
    case_result_key,
    case_results,
    outcome_key,
    outcome_row,
    review_total,
    roles,
    template_for_year,
)
from xxgk.letters.service import issue_decision_letter, require_grounds
from xxgk.now import now
from xxgk.records.service import active_figures
from xxgk.report import Report
from xxgk.store.agencies import Agency, agency_for, find_agency
from xxgk.store.base import Base
from xxgk.store.counters import next_serial
from xxgk.store.database import Database, session_scope
from xxgk.store.ledger import (
    ActiveFigure,
    Application,
    ApplicationEvent,
    CalendarOverride,
    CalendarYear,
    ClockBasis,
    DueChange,
    ReviewCase,
    TrackingCounter,
)

T = TypeVar("T")
BATCH = 5_000
RETRIES = 20
_TRANSIENT_SQLSTATES = {"40001", "40P01"}


class LedgerError(XxgkError):
    """A ledger operation refused, with the reason in Chinese."""


def in_transaction(db: Database, work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction, retried from scratch on a transient conflict between writers."""
    for attempt in range(RETRIES):
        try:
            with session_scope(db) as session:
                return work(session)
        except (OperationalError, DBAPIError) as exc:
            if attempt == RETRIES - 1 or not _transient(exc):
                raise
            time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
    raise AssertionError("unreachable")


def _transient(exc: DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database table is locked" in message or "busy" in message


# ---------------------------------------------------------------- agencies


def agency_named(session: Session, name: str, *, create: bool = True) -> Agency:
    """The agency called `name` (naming variants match); created when new unless `create` is False."""
    if not name.strip():
        raise LedgerError("机关名称不能为空")
    if create:
        return agency_for(session, name)
    found = find_agency(session, name)
    if found is None:
        raise LedgerError(f"台账中没有机关“{name}”")
    return found


def describe_agency(session: Session, name: str, *, level: str | None, parent: str | None) -> Agency:
    """Record an agency's level (省/市/县/乡…) and supervising agency."""
    agency = agency_named(session, name)
    if level is not None:
        agency.level = level.strip() or None
    if parent is not None:
        above = agency_named(session, parent)
        if above.id == agency.id:
            raise LedgerError("上级机关不能是机关自己")
        agency.parent = above
    return agency


# ---------------------------------------------------------------- calendar


def load_calendar(session: Session) -> WorkCalendar:
    """The working-day calendar with the project's overrides and imported years from the database."""
    rows = session.execute(select(CalendarOverride.day, CalendarOverride.workday)).all()
    years = frozenset(session.scalars(select(CalendarYear.year)))
    return WorkCalendar({day: workday for day, workday in rows}, years)


def set_calendar_day(session: Session, day: date, workday: bool, note: str | None = None) -> None:
    """Override one day; the stored clocks it can move (open applications received before it) follow.

    A day of a year not published corrects the estimate there and leaves the year estimated.
    """
    clock_calendar(session, changing=True)
    existing = session.get(CalendarOverride, day)
    if existing is None:
        session.add(CalendarOverride(day=day, workday=workday, note=note))
    else:
        existing.workday, existing.note = workday, note
    session.flush()
    reason = f"日历更正：{day.isoformat()} 设为{'工作日' if workday else '休息日'}{f'（{note}）' if note else ''}"
    refresh_clocks(session, received_before=day, reason=reason)


def unset_calendar_day(session: Session, day: date) -> bool:
    clock_calendar(session, changing=True)
    existing = session.get(CalendarOverride, day)
    if existing is not None:
        session.delete(existing)
        session.flush()
        refresh_clocks(session, received_before=day, reason=f"日历更正：删除 {day.isoformat()} 的覆盖设置")
    return existing is not None


def clock_calendar(session: Session, *, changing: bool = False) -> WorkCalendar:
    """The calendar a write computes stored clocks with, read under a lock on the clock basis row,
    so a clock is never stored computed with a calendar that a concurrent change replaces.

    PostgreSQL: writers of clocks share the row lock, a calendar change takes it alone.
    SQLite: the Python driver begins a transaction only at the first write, so the reads
    before it could be older than the write; a no-op write takes the database's write
    lock first.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(ClockBasis).values(calendar=ClockBasis.calendar))
    else:
        session.execute(select(ClockBasis.calendar).with_for_update(read=not changing))
    return load_calendar(session)


def calendar_overrides(session: Session, year: int | None = None) -> list[CalendarOverride]:
    query = select(CalendarOverride).order_by(CalendarOverride.day)
    if year is not None:
        query = query.where(CalendarOverride.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(session.scalars(query))


# ---------------------------------------------------------------- applications


@dataclass(frozen=True, slots=True)
class ImportSummary:
    created: int
    updated: int


def import_rows(session: Session, agency: Agency, rows: Sequence[LedgerRow]) -> ImportSummary:
    """Store validated rows: new 申请编号 are added, known ones updated (their events replaced).

    Masked personal data (as exported) never overwrites what is stored. Each row's
    clock is computed here, before the bulk writes, and stored with it.
    """
    calendar = clock_calendar(session)
    query = select(Application.number, Application.id).where(Application.agency_id == agency.id)
    existing = {number: application_id for number, application_id in session.execute(query)}
    known = [row for row in rows if row.number in existing]
    fresh = [row for row in rows if row.number not in existing]
    for start in range(0, len(fresh), BATCH):
        # Core executemany: several times faster than ORM inserts returning each id
        batch = [_application_values(agency.id, row, calendar) for row in fresh[start : start + BATCH]]
        session.execute(insert(_table(Application)), batch)
    if fresh:
        existing = {number: application_id for number, application_id in session.execute(query)}
    ids = [existing[row.number] for row in fresh]
    for start in range(0, len(known), BATCH):
        chunk = known[start : start + BATCH]
        chunk_ids = [existing[row.number] for row in chunk]
        session.execute(delete(ApplicationEvent).where(ApplicationEvent.application_id.in_(chunk_ids)))
        by_keys: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
        for row, application_id in zip(chunk, chunk_ids, strict=True):
            values = {"id": application_id, **_application_values(agency.id, row, calendar)}
            for personal in ("applicant_name", "applicant_contact"):
                if is_masked(values[personal]):
                    del values[personal]
            by_keys[frozenset(values)].append(values)
        for group in by_keys.values():
            session.execute(update(Application), group)
    events = [
        _event_values(application_id, event)
        for row, application_id in [*zip(fresh, ids, strict=True), *((r, existing[r.number]) for r in known)]
        for event in row.events
    ]
    for start in range(0, len(events), BATCH):
        session.execute(insert(_table(ApplicationEvent)), events[start : start + BATCH])
    return ImportSummary(created=len(fresh), updated=len(known))


def _table(model: type[Base]) -> Table:
    """A model's Core table (Core executemany skips the ORM's per-row work)."""
    return cast(Table, model.__table__)


def _application_values(agency_id: int, row: LedgerRow, calendar: WorkCalendar) -> dict[str, Any]:
    clock = stored_clock(row.received, row.events, calendar, row.decided)
    return {
        "agency_id": agency_id,
        "number": row.number,
        "received_on": row.received,
        "channel": row.channel,
        "applicant_type": row.applicant_type,
        "applicant_name": row.applicant_name,
        "applicant_contact": row.applicant_contact,
        "request": row.request,
        "decided_on": row.decided,
        "outcome": row.outcome,
        "reply": row.reply,
        **clock.columns(),
    }


def _event_values(application_id: int, event: Event) -> dict[str, Any]:
    return {
        "application_id": application_id,
        "kind": event.kind.value,
        "on": event.on,
        "until": event.until,
        "days": event.days,
        "approver": event.approver,
        "reason": event.reason,
        "delivered_on": event.delivered,
        "party": event.party.value if event.party else None,
    }


def ledger_rows(session: Session, agency: Agency, year: int | None = None) -> Iterator[LedgerRow]:
    """The agency's applications as ledger rows (unmasked), by receipt date; `year` = received that year."""
    query = select(Application).where(Application.agency_id == agency.id)
    if year is not None:
        query = query.where(Application.received_on.between(date(year, 1, 1), date(year, 12, 31)))
    query = query.order_by(Application.received_on, Application.number)
    events: dict[int, list[Event]] = defaultdict(list)
    event_query = select(ApplicationEvent).join(Application).where(Application.agency_id == agency.id)
    for stored in session.scalars(event_query.order_by(ApplicationEvent.on, ApplicationEvent.id)):
        events[stored.application_id].append(_event(stored))
    for application in session.scalars(query.execution_options(yield_per=BATCH)):
        yield _row(application, events.get(application.id, []))


def _event(stored: ApplicationEvent) -> Event:
    return Event(
        EventKind(stored.kind),
        stored.on,
        stored.until,
        stored.days,
        stored.approver,
        stored.reason,
        stored.delivered_on,
        Party(stored.party) if stored.party else None,
    )


def _row(application: Application, events: list[Event]) -> LedgerRow:
    return LedgerRow(
        number=application.number,
        received=application.received_on,
        applicant_type=application.applicant_type,
        channel=application.channel,
        request=application.request,
        events=tuple(events),
        decided=application.decided_on,
        outcome=application.outcome,
        applicant_name=application.applicant_name,
        applicant_contact=application.applicant_contact,
        reply=application.reply,
    )


def find_application(session: Session, agency: Agency, number: str) -> Application:
    found = session.scalars(
        select(Application).where(Application.agency_id == agency.id, Application.number == number)
    ).one_or_none()
    if found is None:
        raise LedgerError(f"{agency.name}的台账中没有申请编号“{number}”")
    return found


def next_number(session: Session, agency: Agency, year: int) -> str:
    """A fresh tracking number `YEAR-NNNNN`, unique under concurrent writers (an atomic counter row)."""
    while True:
        last = next_serial(session, TrackingCounter, agency.id, year)
        number = f"{year}-{last:05d}"
        taken = session.scalar(
            select(Application.id).where(Application.agency_id == agency.id, Application.number == number)
        )
        if taken is None:
            return number


def record_application(
    session: Session,
    agency: Agency,
    *,
    received: date,
    applicant_type: str,
    request: str = "",
    channel: str | None = None,
    applicant_name: str | None = None,
    applicant_contact: str | None = None,
    number: str | None = None,
) -> Application:
    """Register a new application; its tracking number is generated unless given."""
    calendar = clock_calendar(session)
    if number is not None and session.scalar(
        select(Application.id).where(Application.agency_id == agency.id, Application.number == number)
    ):
        raise LedgerError(f"申请编号“{number}”已在台账中")
    application = Application(
        agency_id=agency.id,
        number=number or next_number(session, agency, received.year),
        received_on=received,
        applicant_type=applicant_type,
        request=request,
        channel=channel,
        applicant_name=applicant_name,
        applicant_contact=applicant_contact,
        **stored_clock(received, (), calendar).columns(),
    )
    session.add(application)
    session.flush()
    return application


def record_event(session: Session, agency: Agency, number: str, event: Event) -> Application:
    """Add a 补正, consultation, extension or fee event to an open application (checked against the rules)."""
    calendar = clock_calendar(session)
    application = find_application(session, agency, number)
    if application.decided_on is not None:
        raise LedgerError(f"申请“{number}”已于 {application.decided_on} 办结，不能再记录{_event_label(event)}")
    events = [_event(e) for e in application.events]
    if event.kind is EventKind.consultation and event.until is not None:
        events = [e for e in events if not (e.kind is EventKind.consultation and e.on == event.on)]
    try:
        check_events(application.received_on, [*events, event])
    except ClockError as exc:
        raise LedgerError(f"申请“{number}”：{exc}") from None
    refusal = _event_refusal(event, events, application.received_on, calendar)
    if refusal is not None:
        raise LedgerError(f"申请“{number}”：{refusal}")
    closing = next(
        (e for e in application.events if e.kind == EventKind.consultation and e.on == event.on),
        None,
    )
    if event.kind is EventKind.consultation and closing is not None:  # the end of a consultation closes the open one
        closing.until = event.until
    else:
        application.events.append(ApplicationEvent(**_event_values(application.id, event)))
    _restamp(application, calendar)
    return application


def _event_refusal(event: Event, events: list[Event], received: date, calendar: WorkCalendar) -> str | None:
    """Why the rules refuse recording `event` on top of `events` (beyond `check_events`), or None."""
    if event.kind is EventKind.correction_notice and event.until is None:
        return "补正告知应写明申请人的补正期限（截止日期）（《政府信息公开条例》第三十条：明确合理的补正期限）"
    if event.kind is EventKind.extension:
        try:
            current = deadline(received, events, calendar)
        except UnknownCalendarYear as exc:
            return f"无法计算当前答复期限，不能核对延期：{exc}"
        return extension_refusal(event, current)
    return None


def application_deadline(session: Session, application: Application) -> Deadline:
    """The clock of one stored application, with the database's calendar."""
    events = [_event(e) for e in application.events]
    return deadline(application.received_on, events, load_calendar(session), decided=application.decided_on)


def _restamp(application: Application, calendar: WorkCalendar) -> None:
    """Store the application's clock as its receipt, events and decision now give it."""
    events = [_event(e) for e in application.events]
    clock = stored_clock(application.received_on, events, calendar, application.decided_on)
    for column, value in clock.columns().items():
        setattr(application, column, value)


def _event_label(event: Event) -> str:
    return EVENT_LABELS[event.kind]


def decide(
    session: Session,
    agency: Agency,
    number: str,
    decided: date,
    outcome: str,
    reply: str | None = None,
    *,
    reasons: str | None = None,
    articles: Sequence[str] = (),
) -> Application:
    """Close an application with one table 三 outcome (label, short form or key), numbering its 答复告知书;
    a decision withholding anything needs its reasons and articles (`xxgk.letters`)."""
    calendar = clock_calendar(session)
    application = find_application(session, agency, number)
    key = outcome_key(outcome)
    if key is None:
        raise LedgerError(f"“{outcome}”不是表三的办理结果")
    template = template_for_year(decided.year)
    if outcome_row(key, template) is None:
        raise LedgerError(f"“{outcome}”不能用于 {decided.year} 年办结的申请（{template.basis} 格式没有这一行）")
    grounds = require_grounds(key, reasons, articles)
    events = [_event(e) for e in application.events]
    try:
        clock = deadline(application.received_on, events, calendar, decided=decided)
    except ClockError as exc:
        raise LedgerError(f"申请“{number}”：{exc}") from None
    except UnknownCalendarYear as exc:
        raise LedgerError(f"申请“{number}”：无法计算期限，不能办结：{exc}") from None
    refusal = closing_refusal(key, events, clock, decided)
    if refusal is not None:
        raise LedgerError(f"申请“{number}”：{refusal}")
    application.decided_on, application.outcome, application.reply = decided, key, reply
    application.late_days = late_days(clock, decided, calendar)
    _restamp(application, calendar)
    issue_decision_letter(session, agency, application, grounds)
    return application


# ---------------------------------------------------------------- review cases and table 二


def add_review_case(
    session: Session,
    agency: Agency,
    *,
    kind: str,
    filed_on: date,
    concluded_on: date | None = None,
    result: str | None = None,
    application_number: str | None = None,
    number: str | None = None,
) -> ReviewCase:
    """Record a review or lawsuit; `kind` and `result` as labels or keys; no result = pending."""
    kind_key = case_kind_key(kind)
    if kind_key is None:
        raise LedgerError(f"“{kind}”不是复议或诉讼类别（应为 {'、'.join(case_kinds().values())} 之一）")
    result_key = case_result_key(result) if result else None
    if result and result_key is None:
        raise LedgerError(f"“{result}”不是审结结果（应为 {'、'.join(case_results().values())} 之一）")
    if (concluded_on is None) != (result_key is None):
        raise LedgerError("审结日期和审结结果应同时填写（尚未审结的两者都不填）")
    if concluded_on is not None and concluded_on < filed_on:
        raise LedgerError(f"审结日期 {concluded_on} 早于立案日期 {filed_on}")
    linked = find_application(session, agency, application_number) if application_number else None
    case = ReviewCase(
        agency_id=agency.id,
        kind=kind_key,
        number=number,
        filed_on=filed_on,
        concluded_on=concluded_on,
        result=result_key,
        application_id=linked.id if linked else None,
    )
    session.add(case)
    session.flush()
    return case


def set_active_figures(session: Session, agency: Agency, year: int, values: dict[str, str]) -> None:
    """Enter table 二 cells of a year (cell id or `row.field` → number); checked against the year's template."""
    template = template_for_year(year)
    for cell, text in values.items():
        cell_id = cell if cell.startswith("active.") else f"active.{cell}"
        if cell_id not in template.cell_ids():
            known = "、".join(c.removeprefix("active.") for c in template.cell_ids() if c.startswith("active."))
            raise LedgerError(f"“{cell}”不是 {year} 年表二的单元格（{template.basis}：{known}）")
        kind = template.field_of(cell_id).kind
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            raise LedgerError(f"表二 {cell}：“{text}”不是数字") from None
        if not value.is_finite() or (kind != "amount" and value != value.to_integral_value()):
            raise LedgerError(f"表二 {cell}：“{text}”应为整数")
        if value < 0 and kind != "signed":
            raise LedgerError(f"表二 {cell}：“{text}”不能为负数")
        stored = session.scalars(
            select(ActiveFigure).where(
                ActiveFigure.agency_id == agency.id, ActiveFigure.year == year, ActiveFigure.cell == cell_id
            )
        ).one_or_none()
        if stored is None:
            session.add(ActiveFigure(agency_id=agency.id, year=year, cell=cell_id, value=value))
        else:
            stored.value = value


def active_cells_of(report: Report, year: int) -> dict[str, str]:
    """Table 二 cells of a report (parsed or canonical), for `set_active_figures`; the format must be the year's."""
    template = template_for_year(year)
    if report.template != template.key:
        raise LedgerError(
            f"报告使用 {report.template} 年版格式，而 {year} 年度应使用 {template.key} 年版格式（{template.basis}）"
        )
    cells = (c for c in template.cell_ids(include_optional=False) if c.startswith("active."))
    return {c: str(v) for c in cells if (v := report.get(c)) is not None}


# ---------------------------------------------------------------- the year's report


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


def year_report(session: Session, agency: Agency, year: int) -> Report:
    """The canonical report of `year` computed from the ledger (template by year)."""
    active = active_figures(session, agency, year)  # counted from the records kept, else as typed
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


# ---------------------------------------------------------------- stored clocks


@dataclass(frozen=True, slots=True)
class Recomputed:
    """An open application's stored due date and the one a calendar gives it."""

    id: int
    old_due: date | None
    clock: StoredClock

    @property
    def moved(self) -> bool:
        return self.old_due != self.clock.due_on


def recomputed_clocks(
    session: Session, calendar: WorkCalendar, *, received_before: date | None = None
) -> Iterator[list[Recomputed]]:
    """The open clocks as `calendar` computes them, in batches of BATCH (nothing written).

    `received_before`: only those received before that day, the ones a calendar change
    on that day can move (a clock counts from the day after receipt).
    """
    query = select(Application.id, Application.received_on, Application.due_on).where(Application.decided_on.is_(None))
    if received_before is not None:
        query = query.where(Application.received_on < received_before)
    rows = session.execute(query.order_by(Application.id)).all()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        events = _open_events(session, [row.id for row in batch])
        yield [Recomputed(row.id, row.due_on, stored_clock(row.received_on, events[row.id], calendar)) for row in batch]


def refresh_clocks(session: Session, *, received_before: date | None = None, reason: str | None = None) -> int:
    """Recompute the stored clock of every open application (of every agency); returns how many.

    With a `reason` (a calendar change), each due date that moves is recorded with it
    (`DueChange`), so the case's timeline shows old date, new date, why and when.
    """
    return len(refresh_and_list(session, received_before=received_before, reason=reason))


def refresh_and_list(
    session: Session, *, received_before: date | None = None, reason: str | None = None
) -> list[Recomputed]:
    """`refresh_clocks`, returning every clock recomputed."""
    calendar = load_calendar(session)
    reason = reason[:300] if reason else None
    done: list[Recomputed] = []
    for batch in recomputed_clocks(session, calendar, received_before=received_before):
        done += batch
        session.execute(update(Application), [{"id": r.id, **r.clock.columns()} for r in batch])
        at = now()
        moved = [
            {
                "application_id": r.id,
                "old_due": r.old_due,
                "new_due": r.clock.due_on,
                "reason": reason,
                "changed_at": at,
            }
            for r in batch
            if r.moved and reason
        ]
        if moved:
            session.execute(insert(_table(DueChange)), moved)
    return done


def refresh_stale_clocks(session: Session) -> int | None:
    """Recompute every open clock when they were stored with another calendar source; how many, or None.

    A chinese-calendar release that adds a year turns clocks stored as "year unknown"
    into running ones; the web app and `ledger due` call this when they start. The
    basis also names a non-default `XXGK_FEE_PERIOD_COUNTED`, so changing the setting
    recomputes the clocks it moves.
    """
    basis = calendar_basis() + (f"; {FEE_PERIOD_VARIABLE}=1" if fee_period_counted() else "")
    if session.scalars(select(ClockBasis.calendar)).all() == [basis]:
        return None
    clock_calendar(session, changing=True)
    if session.scalars(select(ClockBasis.calendar)).all() == [basis]:  # another process was first
        return None
    session.execute(delete(ClockBasis))
    session.add(ClockBasis(calendar=basis))
    return refresh_clocks(session, reason=f"工作日日历来源更新为 {basis}")


# ---------------------------------------------------------------- due and overdue


@dataclass(frozen=True, slots=True)
class DueItem:
    """An open application and where its clock stands on `today` (`left`: working days, negative = overdue)."""

    number: str
    received_on: date
    applicant_type: str
    applicant: str
    due: date | None
    state: ClockState
    left: int | None
    problem: str | None = None
    estimated: bool = False
    came_up: bool = False

    @property
    def overdue(self) -> bool:
        """The agency's answer is late (a running clock past its due date)."""
        return self.state is ClockState.running and self.left is not None and self.left < 0

    @property
    def ready_to_close(self) -> str | None:
        """The outcome key a paused case may now be closed as (its applicant's period passed), or None."""
        if not self.came_up:
            return None
        if self.state in (ClockState.awaiting_correction, ClockState.late_correction):
            return "other_no_correction"
        return "other_unpaid_fee" if self.state is ClockState.awaiting_fee else None

    @property
    def status(self) -> str:
        """Where the case stands, in the clerk's words ("" for a running clock: its due date speaks)."""
        return status_label(self.state, self.came_up)


@dataclass(frozen=True, slots=True)
class DueList:
    """The most urgent open applications of an agency, and how many are open and overdue in all."""

    items: list[DueItem]
    open: int
    overdue: int

    @property
    def hidden(self) -> int:
        return self.open - len(self.items)


# number, received_on, applicant_type, applicant_name, due_on, clock_state, clock_problem, clock_estimated
Listed = Row[str, date, str, str | None, date | None, str | None, str | None, bool]


def due_list(
    session: Session, agency: Agency, today: date, *, limit: int | None = None, calendar: WorkCalendar | None = None
) -> DueList:
    """Open applications by working days left (overdue first); paused clocks, then problems, last.

    Reads the clocks stored on the rows: the counts are one aggregate, the page an
    ordered range of the index of open applications by due date, which orders them
    as days left does (a due date is a working day); only the working days left of
    the rows shown are counted. A `today` in a year the calendar does not know makes
    every running clock a problem, as counting its days left would.
    """
    calendar = calendar or load_calendar(session)
    is_open = (Application.agency_id == agency.id) & Application.decided_on.is_(None)
    try:
        overdue: ColumnElement[bool] = (Application.due_on < _workday_through(calendar, today)) & (
            Application.clock_state == ClockState.running.value
        )
    except UnknownCalendarYear as exc:
        unknown: UnknownCalendarYear | None = exc
        overdue = false()
    else:
        unknown = None
    open_count, overdue_count = session.execute(
        select(func.count(), func.count(case((overdue, 1)))).where(is_open)
    ).one()
    natural = roles("2021").parts[0]
    items = []
    for number, received_on, applicant_type, name, due, state, problem, estimated in _listed(
        session, is_open, limit, unknown
    ):
        applicant = mask_name(name, natural_person=applicant_type == natural)
        base = (number, received_on, applicant_type, applicant)
        try:
            if unknown is not None and state == ClockState.running:
                raise unknown
            left = calendar.workdays_between(today, due) if due is not None else None
        except UnknownCalendarYear as exc:
            items.append(DueItem(*base, None, ClockState.problem, None, str(exc)))
        else:
            stopped = ClockState(state or ClockState.problem)
            came_up = stopped in PAUSED and due is not None and due < today
            items.append(DueItem(*base, due, stopped, left, problem, estimated, came_up))
    return DueList(items, open_count, overdue_count)


def _listed(
    session: Session, is_open: ColumnElement[bool], limit: int | None, unknown: UnknownCalendarYear | None
) -> list[Listed]:
    """The rows shown: running clocks by due date, then paused ones, then problems, each by receipt."""
    columns = select(
        Application.number,
        Application.received_on,
        Application.applicant_type,
        Application.applicant_name,
        Application.due_on,
        Application.clock_state,
        Application.clock_problem,
        Application.clock_estimated,
    )
    paused_first = case((Application.clock_state.in_([state.value for state in PAUSED]), 0), else_=1)
    if unknown is not None:  # no days left to count: running clocks are problems
        query = columns.where(is_open).order_by(paused_first, Application.received_on, Application.number)
        return list(session.execute(query.limit(limit)))
    running = columns.where(is_open, Application.due_on.is_not(None))
    by_due = running.order_by(Application.due_on, Application.received_on, Application.number)
    rows = list(session.execute(by_due.limit(limit)))
    if limit is None or len(rows) < limit:
        stopped = columns.where(is_open, Application.due_on.is_(None))
        rest = stopped.order_by(paused_first, Application.received_on, Application.number)
        rows += session.execute(rest.limit(None if limit is None else limit - len(rows)))
    return rows


def _workday_through(calendar: WorkCalendar, today: date) -> date:
    """The last working day on or before `today`: a clock due before it is overdue (days left < 0)."""
    day = today
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return day


def _open_events(session: Session, ids: list[int]) -> dict[int, list[Event]]:
    """Application id → its events, read as plain rows in batches of BATCH ids."""
    events: dict[int, list[Event]] = defaultdict(list)
    columns = (
        ApplicationEvent.application_id,
        ApplicationEvent.kind,
        ApplicationEvent.on,
        ApplicationEvent.until,
        ApplicationEvent.days,
        ApplicationEvent.approver,
        ApplicationEvent.reason,
        ApplicationEvent.delivered_on,
        ApplicationEvent.party,
    )
    for start in range(0, len(ids), BATCH):
        query = select(*columns).where(ApplicationEvent.application_id.in_(ids[start : start + BATCH]))
        for owner, kind, on, until, days, approver, reason, delivered, party in session.execute(query):
            who = Party(party) if party else None
            events[owner].append(Event(EventKind(kind), on, until, days, approver, reason, delivered, who))
    return events
