"""An application's story for a page: its events and due-date changes in order, and where its clock stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy.orm import Session

from xxgk.ledger.applications import application_deadline
from xxgk.ledger.calendar import UnknownCalendarYear
from xxgk.ledger.clock import EVENT_LABELS, ClockError, Deadline, EventKind
from xxgk.ledger.events import PARTY_LABELS, Party
from xxgk.ledger.stored import STATE_LABELS, ClockState
from xxgk.ledger.vocabulary import applicant_label, outcome_label
from xxgk.now import CHINA
from xxgk.store.ledger import Application, DueChange


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
    def closing_hint(self) -> str:
        """ "2025-10-17 后……可按“（六）其他处理 1.…”办结" for a case waiting on the applicant ("" otherwise)."""
        clock = self.deadline
        if clock is None or clock.attention is None or clock.closable is None:
            return ""
        missing = "补正" if clock.state in ("awaiting_correction", "late_correction") else "缴费"
        return f"{clock.attention.isoformat()} 后申请人仍未{missing}的，可按“{outcome_label(clock.closable)}”办结"

    @property
    def state(self) -> str:
        return STATE_LABELS[ClockState(self.deadline.state)] if self.deadline else "无法计算期限"


def entries(application: Application) -> list[Entry]:
    """Receipt, each event, each due date a calendar change moved, and the decision, by date."""
    out = [Entry(application.received_on, "收到申请", application.channel or "")]
    for event in application.events:
        out.append(
            Entry(
                event.on,
                EVENT_LABELS[EventKind(event.kind)],
                "；".join(
                    part
                    for part in (
                        _detail(event.until, event.days, event.approver, event.reason),
                        f"对象：{PARTY_LABELS[Party(event.party)]}" if event.party else "",
                        f"申请人收到通知：{event.delivered_on.isoformat()}" if event.delivered_on else "",
                    )
                    if part
                ),
            )
        )
    for change in application.due_changes:
        at = change.changed_at if change.changed_at.tzinfo else change.changed_at.replace(tzinfo=UTC)  # SQLite: naive
        out.append(Entry(at.astimezone(CHINA).date(), "答复期限调整", _moved(change)))
    if application.decided_on is not None and application.outcome is not None:
        out.append(Entry(application.decided_on, "办结答复", outcome_label(application.outcome)))
    return sorted(out, key=lambda e: e.on)


def _moved(change: DueChange) -> str:
    """ "由 2027-01-20 改为 2027-01-19：导入 2027 年国务院放假安排……" (a date may be none: paused, or not computable)."""
    old = change.old_due.isoformat() if change.old_due else "无"
    new = change.new_due.isoformat() if change.new_due else "无"
    return f"由 {old} 改为 {new}：{change.reason}"


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
        return Clock(application_deadline(session, application), None)
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
