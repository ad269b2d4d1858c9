"""The due list: an agency's open applications by working days left, overdue first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Row, case, false, func, select
from sqlalchemy.orm import Session

from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar
from xxgk.ledger.privacy import mask_name
from xxgk.ledger.stored import PAUSED, ClockState, status_label
from xxgk.ledger.vocabulary import roles
from xxgk.ledger.workdays import load_calendar
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application


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
