"""Per-agency, per-year counters: tracking numbers, 文号 and 索引号, unique under concurrent writers.

A counter is a row (agency_id, year, last). Creating it is an insert that does
nothing when another writer made it first; taking a number is one UPDATE ...
RETURNING, which the database serialises, so two writers never get the same one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def ensure_counter(session: Session, model: type[Any], agency_id: int, year: int) -> None:
    """The counter row of (`agency_id`, `year`) in `model`'s table, created at 0 if missing."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(model).values(agency_id=agency_id, year=year, last=0).on_conflict_do_nothing())


def next_serial(session: Session, model: type[Any], agency_id: int, year: int) -> int:
    """The next serial of (`agency_id`, `year`): 1, 2, 3 … in the order writers take them."""
    ensure_counter(session, model, agency_id, year)
    serial: int = session.execute(
        update(model)
        .where(model.agency_id == agency_id, model.year == year)
        .values(last=model.last + 1)
        .returning(model.last)
    ).scalar_one()
    return serial
