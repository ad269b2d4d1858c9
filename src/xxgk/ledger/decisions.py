"""Events and decisions on an application, each checked against the clock's rules before it is written.

The CLI and the agency desk both call these, so both refuse the same unlawful step
with the same Chinese reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from xxgk.ledger.applications import find_application
from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar
from xxgk.ledger.clock import EVENT_LABELS, ClockError, Event, EventKind, check_events, deadline, late_days
from xxgk.ledger.closing import closing_refusal, extension_refusal
from xxgk.ledger.records import LedgerError, event_of, event_values
from xxgk.ledger.stored import stored_clock
from xxgk.ledger.vocabulary import outcome_key, outcome_row, template_for_year
from xxgk.ledger.workdays import clock_calendar
from xxgk.letters.service import issue_decision_letter, require_grounds
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application, ApplicationEvent


def record_event(session: Session, agency: Agency, number: str, event: Event) -> Application:
    """Add a 补正, consultation, extension or fee event to an open application (checked against the rules)."""
    calendar = clock_calendar(session)
    application = find_application(session, agency, number)
    if application.decided_on is not None:
        raise LedgerError(f"申请“{number}”已于 {application.decided_on} 办结，不能再记录{_event_label(event)}")
    events = [event_of(e) for e in application.events]
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
        application.events.append(ApplicationEvent(**event_values(application.id, event)))
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


def _restamp(application: Application, calendar: WorkCalendar) -> None:
    """Store the application's clock as its receipt, events and decision now give it."""
    events = [event_of(e) for e in application.events]
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
    events = [event_of(e) for e in application.events]
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
