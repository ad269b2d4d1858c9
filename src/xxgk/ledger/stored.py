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
    late_correction = "late_correction"
    awaiting_fee = "awaiting_fee"
    consulting = "consulting"
    problem = "problem"


STATE_LABELS: dict[ClockState, str] = {
    ClockState.running: "办理中",
    ClockState.awaiting_correction: "等待申请人补正",
    ClockState.late_correction: "逾期补正，待承办人决定",
    ClockState.awaiting_fee: "等待申请人缴费",
    ClockState.consulting: "征求意见中，计时暂停",
    ClockState.problem: "无法计算期限",
}
CAME_UP_LABELS: dict[ClockState, str] = {
    ClockState.awaiting_correction: "补正期限已过，可按“逾期不补正”办结",
    ClockState.late_correction: "逾期补正，待承办人决定（有正当理由的登记理由，否则按“逾期不补正”办结）",
    ClockState.awaiting_fee: "缴费期限已过，可按“逾期未缴费”办结",
    ClockState.consulting: "征求其他机关意见已超过 15 个工作日，请跟进",
}


def status_label(state: ClockState, came_up: bool = False) -> str:
    """The Chinese words for a clock's state; `came_up`: the period it waits on has passed."""
    if state is ClockState.running:  # come up only with a fee counted in the period, unpaid by its date
        return CAME_UP_LABELS[ClockState.awaiting_fee] if came_up else ""
    return CAME_UP_LABELS.get(state, STATE_LABELS[state]) if came_up else STATE_LABELS[state]


PAUSED = (ClockState.awaiting_correction, ClockState.late_correction, ClockState.awaiting_fee, ClockState.consulting)


@dataclass(frozen=True, slots=True)
class StoredClock:
    """All None once decided. `due_on`: the answer's due date while running; while
    paused, the day after which the case comes back up (`Deadline.attention`: the
    applicant's period, the pay-by date, another agency's 15 days), or None.
    `problem`: why there is no clock (state problem), or the errors on the case.

    `estimated`: the clock counted through a year whose schedule is not published
    (its dates are 推定 and move when the year is imported).

    `closable_on`: a running clock's day after which the case may be closed — the
    pay-by date of an unpaid fee when `XXGK_FEE_PERIOD_COUNTED` keeps the clock
    running through it (not counted, the default, pauses it and `due_on` says it).
    """

    due_on: date | None
    state: ClockState | None
    problem: str | None = None
    estimated: bool = False
    closable_on: date | None = None

    def columns(self) -> dict[str, Any]:
        """The values of `Application`'s clock columns."""
        return {
            "due_on": self.due_on,
            "clock_state": self.state.value if self.state else None,
            "clock_problem": self.problem,
            "clock_estimated": self.estimated,
            "clock_closable_on": self.closable_on,
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
    state = ClockState(clock.state)
    problem = "；".join(clock.errors) or None
    if state is not ClockState.running:
        return StoredClock(clock.attention, state, problem, clock.estimated)
    closable = clock.attention if clock.closable is not None else None
    return StoredClock(clock.due, state, problem, clock.estimated, closable)
