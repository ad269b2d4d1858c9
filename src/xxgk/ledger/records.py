"""The ledger's stored rows as clock events and back, and its refusal error.

Shared by every ledger service module (applications, decisions, the calendar's
stored clocks), so each converts a stored event the same way.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table

from xxgk.errors import XxgkError
from xxgk.ledger.clock import Event, EventKind, Party
from xxgk.store.base import Base
from xxgk.store.ledger import ApplicationEvent

BATCH = 5_000


class LedgerError(XxgkError):
    """A ledger operation refused, with the reason in Chinese."""


def core_table(model: type[Base]) -> Table:
    """A model's Core table (Core executemany skips the ORM's per-row work)."""
    return cast(Table, model.__table__)


def event_values(application_id: int, event: Event) -> dict[str, Any]:
    return {
        "application_id": application_id,
        "kind": event.kind.value,
        "on": event.on,
        "until": event.until,
        "days": event.days,
        "approver": event.approver,
        "reason": event.reason,
        "delivered_on": event.delivered,
        "party": event.party.value if event.party else None,
    }


def event_of(stored: ApplicationEvent) -> Event:
    return Event(
        EventKind(stored.kind),
        stored.on,
        stored.until,
        stored.days,
        stored.approver,
        stored.reason,
        stored.delivered_on,
        Party(stored.party) if stored.party else None,
    )
