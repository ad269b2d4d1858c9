"""What the agency desk shows and does, over the ledger's service functions.

The desk works on the signed-in user's own agency only: every lookup goes
through `xxgk.ledger.applications.find_application(session, agency, number)`, so a
number of another agency is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import HTTPException

from xxgk.ledger.clock import Event, EventKind
from xxgk.ledger.due import DueItem
from xxgk.ledger.events import Party, party_of
from xxgk.ledger.stored import ClockState
from xxgk.ledger.vocabulary import WITHDRAWN, outcome_label, template_for_year
from xxgk.store.agencies import Agency
from xxgk.store.web import Role, User

SOON = 5  # working days left at which an application turns amber
# Events the desk's forms record; an extension needs the agency head (第三十三条: 负责人同意).
EVENT_FORMS = (
    EventKind.correction_notice,
    EventKind.correction_received,
    EventKind.consultation,
    EventKind.extension,
    EventKind.fee_notice,
    EventKind.fee_paid,
)


def own_agency(user: User) -> Agency:
    """The agency whose ledger the user works on; administrators outside the tree have none."""
    if user.agency is None:
        raise HTTPException(403, "您的账号不属于任何机关，没有台账")
    return user.agency


def urgency(item: DueItem) -> str:
    """`overdue` (red), `soon` (amber: within SOON working days, or a paused case come back up) or `ok`."""
    if item.came_up:
        return "soon"
    if item.left is None or item.state is not ClockState.running:
        return "ok"
    if item.left < 0:
        return "overdue"
    return "soon" if item.left <= SOON else "ok"


def outcome_choices(on: date) -> list[tuple[str, str]]:
    """(key, label) of the outcome rows the format of `on`'s year prints."""
    table = template_for_year(on.year).table("applications")
    rows = [(row.key, outcome_label(row.key)) for row in table.rows if row.outcome and not row.optional]
    return [*rows, (WITHDRAWN, outcome_label(WITHDRAWN))]


class FormError(ValueError):
    """A desk form field that cannot be read (message in Chinese)."""


def day_of(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FormError(f"{field}应为日期（如 2026-11-21），而不是“{text}”") from None


def optional_day(text: str, field: str) -> date | None:
    return day_of(text, field) if text.strip() else None


@dataclass(frozen=True, slots=True)
class EventInput:
    kind: str
    on: str
    until: str = ""
    days: str = ""
    reason: str = ""
    delivered: str = ""
    party: str = ""


def event_of(data: EventInput, user: User) -> Event:
    """The event a desk form describes; the approver of an extension is the head who records it."""
    try:
        kind = EventKind(data.kind)
    except ValueError:
        raise FormError(f"未知的事项“{data.kind}”") from None
    on = day_of(data.on, "日期")
    until = (
        optional_day(data.until, "截止日期") if kind in (EventKind.consultation, EventKind.correction_notice) else None
    )
    if kind is EventKind.extension:
        if user.role_enum is not Role.head:
            raise FormError("延期答复须经机关负责人批准：请由机关负责人登录后记录")
        if not data.days.strip().isdigit():
            raise FormError("延长的工作日数应为整数")
        if not data.reason.strip():
            raise FormError("请填写延期理由")
        return Event(kind, on, days=int(data.days), approver=user.display_name, reason=data.reason.strip()[:500])
    delivered = optional_day(data.delivered, "送达日期") if kind is EventKind.fee_notice else None
    party: Party | None = None
    if kind is EventKind.consultation and data.party.strip():
        party = party_of(data.party)
        if party is None:
            raise FormError(f"征求意见的对象应为第三方或其他机关，而不是“{data.party}”")
    return Event(kind, on, until=until, reason=data.reason.strip()[:500] or None, delivered=delivered, party=party)
