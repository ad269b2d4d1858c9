"""The statutory clock as an application row keeps it: due date, state, and the problem if any.

The desk lists open applications by due date on every view. Computing each
clock there (`xxgk.ledger.clock.deadline`) cost more than the rest of the page,
so every write that can move a clock stores its result on the row, and the list
becomes one indexed query. `stored_clock` is the one function that computes what
is stored; only the due date is kept, never "days left", which depends on today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar
from xxgk.ledger.clock import ClockError, Event, deadline


class ClockState(StrEnum):
    """Where an open application's clock stands: `Deadline.state`, or a problem that stops it."""

    running = "running"
    awaiting_correction = "awaiting_correction"
    consulting = "consulting"
    problem = "problem"


PAUSED = (ClockState.awaiting_correction, ClockState.consulting)


@dataclass(frozen=True, slots=True)
class StoredClock:
    """`due_on` only while running; `problem` only in state problem; all None once decided.

    `estimated`: the clock counted through a year whose schedule is not published
    (its dates are 推定 and move when the year is imported).
    """

    due_on: date | None
    state: ClockState | None
    problem: str | None = None
    estimated: bool = False

    def columns(self) -> dict[str, Any]:
        """The values of `Application`'s clock columns."""
        return {
            "due_on": self.due_on,
            "clock_state": self.state.value if self.state else None,
            "clock_problem": self.problem,
            "clock_estimated": self.estimated,
        }


DECIDED = StoredClock(None, None)


def stored_clock(
    received: date, events: Iterable[Event], calendar: WorkCalendar, decided: date | None = None
) -> StoredClock:
    """What an application received on `received` with `events` stores of its clock.

    A decided application leaves the due list, so it stores nothing; a clock the
    rules or the calendar cannot compute stores why, as the desk shows it.
    """
    if decided is not None:
        return DECIDED
    try:
        clock = deadline(received, events, calendar)
    except (UnknownCalendarYear, ClockError) as exc:
        return StoredClock(None, ClockState.problem, str(exc))
    return StoredClock(clock.due, ClockState(clock.state), estimated=clock.estimated)
