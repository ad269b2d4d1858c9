"""An application's story for a page: its events in order, and where its clock stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from xxgk.ledger import service
from xxgk.ledger.calendar import UnknownCalendarYear
from xxgk.ledger.clock import EVENT_LABELS, ClockError, Deadline, EventKind
from xxgk.ledger.vocabulary import applicant_label, outcome_label
from xxgk.store.ledger import Application

STATE_LABELS = {"running": "办理中", "awaiting_correction": "等待申请人补正", "consulting": "征求第三方意见中"}


@dataclass(frozen=True, slots=True)
class Entry:
    on: date
    label: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Clock:
    """The deadline, or why there is none (a year the calendar lacks, events breaking the rules)."""

    deadline: Deadline | None
    problem: str | None

    @property
    def state(self) -> str:
        return STATE_LABELS[self.deadline.state] if self.deadline else "无法计算期限"


def entries(application: Application) -> list[Entry]:
    """Receipt, each event, and the decision, by date."""
    out = [Entry(application.received_on, "收到申请", application.channel or "")]
    for event in application.events:
        out.append(
            Entry(
                event.on,
                EVENT_LABELS[EventKind(event.kind)],
                _detail(event.until, event.days, event.approver, event.reason),
            )
        )
    if application.decided_on is not None and application.outcome is not None:
        out.append(Entry(application.decided_on, "办结答复", outcome_label(application.outcome)))
    return sorted(out, key=lambda e: e.on)


def _detail(until: date | None, days: int | None, approver: str | None, reason: str | None) -> str:
    parts = []
    if until is not None:
        parts.append(f"至 {until.isoformat()}")
    if days is not None:
        parts.append(f"延长 {days} 个工作日")
    if approver:
        parts.append(f"批准人：{approver}")
    if reason:
        parts.append(f"理由：{reason}")
    return "；".join(parts)


def clock_of(session: Session, application: Application) -> Clock:
    try:
        return Clock(service.application_deadline(session, application), None)
    except (UnknownCalendarYear, ClockError) as exc:
        return Clock(None, str(exc))


def status_text(application: Application, clock: Clock) -> str:
    """What the applicant is told: decided with its outcome, or the clock's state."""
    if application.outcome is not None:
        return f"已办结：{outcome_label(application.outcome)}"
    return clock.state


def applicant_type_label(key: str) -> str:
    try:
        return applicant_label(key)
    except StopIteration:
        return key
