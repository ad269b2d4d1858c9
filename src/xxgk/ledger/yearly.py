"""A year's holiday schedule imported whole: preview which due dates move, then store it and recompute.

Importing the State Council notice makes the year published (`CalendarYear`): its
days replace the year's overrides, every open clock is recomputed, and each due
date that moves is recorded for the case's timeline. The CLI (`xxgk calendar
import`) and the admin page call these same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.records import BATCH
from xxgk.ledger.schedule import Schedule
from xxgk.ledger.workdays import clock_calendar, load_calendar, recomputed_clocks, refresh_and_list
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application, CalendarOverride, CalendarYear


@dataclass(frozen=True, slots=True)
class Move:
    """An open application whose due date the schedule moves."""

    agency: str
    number: str
    received_on: date
    old_due: date | None
    new_due: date | None


@dataclass(frozen=True, slots=True)
class ImportResult:
    year: int
    document: str
    replaced: bool  # the year had been imported before
    recomputed: int
    moves: list[Move]


def with_schedule(calendar: WorkCalendar, schedule: Schedule) -> WorkCalendar:
    """`calendar` as it stands once `schedule` is imported: the year's overrides replaced, the year published."""
    kept = {day: workday for day, workday in calendar.overrides.items() if day.year != schedule.year}
    return WorkCalendar({**kept, **schedule.days()}, calendar.published | {schedule.year})


def preview_schedule(session: Session, schedule: Schedule) -> list[Move]:
    """The open applications whose stored due dates importing `schedule` would move (nothing written)."""
    calendar = with_schedule(load_calendar(session), schedule)
    moved = {r.id: r for batch in recomputed_clocks(session, calendar) for r in batch if r.moved}
    return _moves(session, {i: (r.old_due, r.clock.due_on) for i, r in moved.items()})


def import_schedule(session: Session, schedule: Schedule, actor: str | None = None) -> ImportResult:
    """Store `schedule` as its year's published calendar and recompute every open clock."""
    clock_calendar(session, changing=True)
    year = schedule.year
    stored = session.get(CalendarYear, year)
    replaced = stored is not None
    days = schedule.days()
    session.execute(
        delete(CalendarOverride).where(
            CalendarOverride.day.between(date(year, 1, 1), date(year, 12, 31)) | CalendarOverride.day.in_(list(days))
        )
    )
    session.add_all(
        CalendarOverride(day=day, workday=workday, note=schedule.note(day)) for day, workday in days.items()
    )
    if stored is None:
        session.add(CalendarYear(year=year, document=schedule.document, issued_on=schedule.issued, imported_by=actor))
    else:
        stored.document, stored.issued_on, stored.imported_by = schedule.document, schedule.issued, actor
    session.flush()
    reason = f"导入 {year} 年国务院放假安排（{schedule.document}，{schedule.issued.isoformat()}），期限重新计算"
    done = refresh_and_list(session, reason=reason)
    changes = {r.id: (r.old_due, r.clock.due_on) for r in done if r.moved}
    return ImportResult(year, schedule.document, replaced, len(done), _moves(session, changes))


def published_years(session: Session) -> list[CalendarYear]:
    return list(session.scalars(select(CalendarYear).order_by(CalendarYear.year)))


def _moves(session: Session, changes: dict[int, tuple[date | None, date | None]]) -> list[Move]:
    ids = list(changes)
    query = select(Agency.name, Application.id, Application.number, Application.received_on).join(
        Agency, Agency.id == Application.agency_id
    )
    moves = [
        Move(name, number, received, *changes[i])
        for start in range(0, len(ids), BATCH)
        for name, i, number, received in session.execute(query.where(Application.id.in_(ids[start : start + BATCH])))
    ]
    return sorted(moves, key=lambda m: (m.agency, m.received_on, m.number))
