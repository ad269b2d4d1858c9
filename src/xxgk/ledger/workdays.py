"""The working-day calendar as stored (overrides, published years) and the stored clocks it moves.

A calendar change recomputes the open clocks it can move, under a lock on the
clock basis row, so no clock is stored computed with a calendar being replaced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from xxgk.ledger.calendar import WorkCalendar, calendar_basis
from xxgk.ledger.clock import Event, EventKind, Party
from xxgk.ledger.events import FEE_PERIOD_VARIABLE, fee_period_counted
from xxgk.ledger.records import BATCH, core_table
from xxgk.ledger.stored import StoredClock, stored_clock
from xxgk.now import now
from xxgk.store.ledger import Application, ApplicationEvent, CalendarOverride, CalendarYear, ClockBasis, DueChange


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
            session.execute(insert(core_table(DueChange)), moved)
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
