"""Which report years an import of a table 二 ledger changes, for the amendment guard.

A year whose report was submitted (报送) or published is not rewritten silently
(`xxgk.ledger.amendments.guard_years`): an import that changes such a year's table 二
is refused unless recorded as an amendment. A record feeds table 二 of a year only
when the agency keeps that ledger in xxgk for the year (`RecordSource`); it counts in
its dated year (决定, 缴费, 签订合同), a 事项 in every year from its start to its end
(an open one to this year). Rows imported unchanged change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from xxgk.ledger.amendments import span
from xxgk.records.layout import Layout
from xxgk.records.vocabulary import MATTERS
from xxgk.store.agencies import Agency
from xxgk.store.records import RecordSource

DATED = {"decisions": "decided_on", "fees": "paid_on", "procurement": "contracted_on"}


def record_years(source: str, values: dict[str, Any]) -> set[int]:
    """The years one record (as its column values) counts in."""
    if source == MATTERS:
        start: date = values["valid_from"]
        return span(start, values["valid_to"])
    return {values[DATED[source]].year}


def kept_years(session: Session, agency: Agency, source: str) -> set[int]:
    query = select(RecordSource.year).where(RecordSource.agency_id == agency.id, RecordSource.source == source)
    return set(session.scalars(query))


def import_changed_years(
    session: Session,
    agency: Agency,
    layout: Layout,
    table: Table,
    key_column: str,
    rows: Sequence[dict[str, Any]],
) -> set[int]:
    """The kept years whose table 二 an import of `rows` (column values) changes: new records'
    years, and a known record's old and new years when any of its values differ."""
    kept = kept_years(session, agency, layout.source)
    if not kept:
        return set()
    names = list(rows[0]) if rows else []
    query = select(*(table.c[name] for name in names)).where(table.c.agency_id == agency.id)
    stored = {str(row[key_column]): dict(row) for row in (r._mapping for r in session.execute(query))}
    years: set[int] = set()
    for values in rows:
        old = stored.get(str(values[key_column]))
        if old is not None and all(old[name] == values[name] for name in names):
            continue
        years |= record_years(layout.source, values)
        if old is not None:
            years |= record_years(layout.source, cast(dict[str, Any], old))
    return years & kept
