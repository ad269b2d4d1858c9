"""The desk's work list of the catalogue: every item with its deadline flags, worst first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xxgk.disclosure.deadlines import Flag, ItemDates, flags
from xxgk.disclosure.vocabulary import NORMATIVE
from xxgk.ledger.workdays import load_calendar
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem

RECENT_DAYS = 90


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
    """The agency's items that miss or near a deadline on `today`, serious flags first.

    Published items are looked at while recent (a late publication stays on the item's own
    page, not on the work list for ever), and always when a 规范性文件 or given an 有效期.
    """
    recent = today - timedelta(days=RECENT_DAYS)
    items = session.scalars(
        select(DisclosureItem).where(
            DisclosureItem.agency_id == agency.id,
            DisclosureItem.state != "withdrawn",
            or_(
                DisclosureItem.state != "published",
                DisclosureItem.published_on >= recent,
                DisclosureItem.doc_kind == NORMATIVE,
                DisclosureItem.valid_until.is_not(None),
            ),
        )
    ).all()
    interpretations: dict[int, list[date]] = defaultdict(list)
    for target, on in session.execute(
        select(DisclosureItem.interprets_id, DisclosureItem.published_on).where(
            DisclosureItem.agency_id == agency.id,
            DisclosureItem.state == "published",
            DisclosureItem.interprets_id.is_not(None),
        )
    ):
        if target is not None and on is not None:
            interpretations[target].append(on)
    calendar = load_calendar(session)
    found: list[FlaggedItem] = []
    for item in items:
        raised = flags(item_dates(item, interpretations[item.id]), calendar, today)
        if raised:
            found.append(FlaggedItem(item, raised))
    found.sort(key=lambda f: (not any(flag.serious for flag in f.flags), f.item.written_on or today))
    return found
