"""The desk's work list of the catalogue: every item with its deadline flags, worst first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.disclosure.deadlines import Flag, ItemDates, flags
from xxgk.ledger.service import load_calendar
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem


@dataclass(frozen=True, slots=True)
class FlaggedItem:
    item: DisclosureItem
    flags: list[Flag]


def item_dates(item: DisclosureItem, interpretations: list[date]) -> ItemDates:
    return ItemDates(
        doc_kind=item.doc_kind,
        written_on=item.written_on,
        published_on=item.published_on,
        valid_until=item.valid_until,
        validity=item.validity,
        withdrawn=item.state == "withdrawn",
        interpretations=interpretations,
    )


def flagged_items(session: Session, agency: Agency, today: date) -> list[FlaggedItem]:
    """The agency's items that miss or near a deadline on `today`, serious flags first."""
    items = session.scalars(
        select(DisclosureItem).where(DisclosureItem.agency_id == agency.id, DisclosureItem.state != "withdrawn")
    ).all()
    interpretations: dict[int, list[date]] = defaultdict(list)
    for item in items:
        if item.interprets_id is not None and item.published_on is not None and item.state == "published":
            interpretations[item.interprets_id].append(item.published_on)
    calendar = load_calendar(session)
    found = []
    for item in items:
        raised = flags(item_dates(item, interpretations[item.id]), calendar, today)
        if raised:
            found.append(FlaggedItem(item, raised))
    found.sort(key=lambda f: (not any(flag.serious for flag in f.flags), f.item.written_on or today))
    return found
