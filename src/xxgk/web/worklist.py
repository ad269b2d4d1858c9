"""The desk's work lists: applications by state (running, paused, problem, closed), searched by number or name.

The default desk list stays `xxgk.ledger.due.due_list` (every open application by
working days left); these lists read the same stored clock columns with a filter,
so a clerk finds the paused cases, the ones whose clock cannot be computed, or a
closed case by its number or the applicant's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar
from xxgk.ledger.privacy import mask_name
from xxgk.ledger.stored import PAUSED, STATE_LABELS, ClockState
from xxgk.ledger.vocabulary import outcome_label, roles
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application

# (key, label) of each list, in the order the desk offers them; "" is every open application.
FILTERS: dict[str, str] = {
    "": "全部待办",
    "running": "计时中",
    "paused": "暂停计时",
    "problem": "无法计算期限",
    "closed": "已办结",
}
MAX_QUERY = 50
LISTED = 200


@dataclass(frozen=True, slots=True)
class Listed:
    number: str
    received_on: date
    applicant: str
    status: str
    due: date | None
    left: int | None
    decided_on: date | None


def _where(agency: Agency, state: str, query: str) -> ColumnElement[bool]:
    where: ColumnElement[bool] = Application.agency_id == agency.id
    if state == "closed":
        where &= Application.decided_on.is_not(None)
    else:
        where &= Application.decided_on.is_(None)
    if state == "running":
        where &= Application.clock_state == ClockState.running.value
    elif state == "paused":
        where &= Application.clock_state.in_([s.value for s in PAUSED])
    elif state == "problem":
        where &= or_(Application.clock_state == ClockState.problem.value, Application.clock_state.is_(None))
    text = query.strip()[:MAX_QUERY]
    if text:
        plain = text.replace("\\", "").replace("%", "").replace("_", "")
        pattern = f"%{plain}%"
        where &= or_(Application.number.like(pattern), Application.applicant_name.like(pattern))
    return where


def work_list(
    session: Session, agency: Agency, today: date, calendar: WorkCalendar, *, state: str = "", query: str = ""
) -> list[Listed]:
    """The agency's applications in list `state` matching `query` (closed: latest first; open: by due date)."""
    order = (
        (Application.decided_on.desc(), Application.number.desc())
        if state == "closed"
        else (Application.due_on.is_(None), Application.due_on, Application.number)
    )
    rows = session.scalars(select(Application).where(_where(agency, state, query)).order_by(*order).limit(LISTED))
    natural = roles("2021").parts[0]
    return [_listed(a, today, calendar, natural) for a in rows]


def _listed(application: Application, today: date, calendar: WorkCalendar, natural: str) -> Listed:
    applicant = mask_name(application.applicant_name, natural_person=application.applicant_type == natural)
    if application.decided_on is not None:
        status = f"已办结：{outcome_label(application.outcome)}" if application.outcome else "已办结"
        return Listed(
            application.number, application.received_on, applicant, status, None, None, application.decided_on
        )
    state = ClockState(application.clock_state or ClockState.problem)
    left = None
    if state is ClockState.running and application.due_on is not None:
        try:
            left = calendar.workdays_between(today, application.due_on)
        except UnknownCalendarYear:
            left = None
    return Listed(
        application.number, application.received_on, applicant, STATE_LABELS[state], application.due_on, left, None
    )
