"""索引号: `{organ code}/{YYYY}-{NNNNN}`, handed out at publication from a counter row per organ and year.

The counter is incremented by one `UPDATE … RETURNING` on its row: PostgreSQL holds
that row's lock until the transaction ends, so a concurrent publisher waits and reads
the next value; SQLite takes its database write lock for the same statement. Numbers
already taken (imported in the standard form) are skipped, and the import raises the
counter above the highest standard-form number of the organ and year it brings in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xxgk.store.agencies import Agency
from xxgk.store.counters import ensure_counter, next_serial
from xxgk.store.disclosure import DisclosureCounter, DisclosureItem

_STANDARD = re.compile(r"(?P<organ>[0-9A-Z]{9}|[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5})")


@dataclass(frozen=True, slots=True)
class StandardNumber:
    organ: str
    year: int
    serial: int


def standard_number(text: str) -> StandardNumber | None:
    """The parts of a standard-form 索引号, or None for any other form (kept as printed)."""
    found = _STANDARD.fullmatch(text.strip())
    if found is None:
        return None
    return StandardNumber(found["organ"], int(found["year"]), int(found["serial"]))


def format_number(organ: str, year: int, serial: int) -> str:
    return f"{organ}/{year}-{serial:05d}"


def next_index_number(session: Session, agency: Agency, organ: str, year: int) -> str:
    """A fresh 索引号 for `agency` in `year`, unique under concurrent publishers."""
    while True:
        last = next_serial(session, DisclosureCounter, agency.id, year)
        number = format_number(organ, year, last)
        if session.scalar(select(DisclosureItem.id).where(DisclosureItem.index_number == number)) is None:
            return number


def raise_counter(session: Session, agency: Agency, year: int, serial: int) -> None:
    """Make the next number of (`agency`, `year`) continue above `serial` (an imported standard number)."""
    ensure_counter(session, DisclosureCounter, agency.id, year)
    session.execute(
        update(DisclosureCounter)
        .where(
            DisclosureCounter.agency_id == agency.id,
            DisclosureCounter.year == year,
            DisclosureCounter.last < serial,
        )
        .values(last=serial)
    )
