"""Agencies and applications in the ledger: register, import, read back, find.

Every function takes a `Session` and works inside the caller's transaction
(`xxgk.store.transaction.in_transaction` runs one as a retried transaction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.clock import Deadline, Event, deadline
from xxgk.ledger.layout import LedgerRow
from xxgk.ledger.privacy import is_masked
from xxgk.ledger.records import BATCH, LedgerError, core_table, event_of, event_values
from xxgk.ledger.stored import stored_clock
from xxgk.ledger.workdays import clock_calendar, load_calendar
from xxgk.store.agencies import Agency, agency_for, find_agency
from xxgk.store.counters import next_serial
from xxgk.store.ledger import Application, ApplicationEvent, TrackingCounter


def agency_named(session: Session, name: str, *, create: bool = True) -> Agency:
    """The agency called `name` (naming variants match); created when new unless `create` is False."""
    if not name.strip():
        raise LedgerError("机关名称不能为空")
    if create:
        return agency_for(session, name)
    found = find_agency(session, name)
    if found is None:
        raise LedgerError(f"台账中没有机关“{name}”")
    return found


def describe_agency(session: Session, name: str, *, level: str | None, parent: str | None) -> Agency:
    """Record an agency's level (省/市/县/乡…) and supervising agency."""
    agency = agency_named(session, name)
    if level is not None:
        agency.level = level.strip() or None
    if parent is not None:
        above = agency_named(session, parent)
        if above.id == agency.id:
            raise LedgerError("上级机关不能是机关自己")
        agency.parent = above
    return agency


@dataclass(frozen=True, slots=True)
class ImportSummary:
    created: int
    updated: int


def import_rows(session: Session, agency: Agency, rows: Sequence[LedgerRow]) -> ImportSummary:
    """Store validated rows: new 申请编号 are added, known ones updated (their events replaced).

    Masked personal data (as exported) never overwrites what is stored. Each row's
    clock is computed here, before the bulk writes, and stored with it.
    """
    calendar = clock_calendar(session)
    query = select(Application.number, Application.id).where(Application.agency_id == agency.id)
    existing = {number: application_id for number, application_id in session.execute(query)}
    known = [row for row in rows if row.number in existing]
    fresh = [row for row in rows if row.number not in existing]
    for start in range(0, len(fresh), BATCH):
        # Core executemany: several times faster than ORM inserts returning each id
        batch = [_application_values(agency.id, row, calendar) for row in fresh[start : start + BATCH]]
        session.execute(insert(core_table(Application)), batch)
    if fresh:
        existing = {number: application_id for number, application_id in session.execute(query)}
    ids = [existing[row.number] for row in fresh]
    for start in range(0, len(known), BATCH):
        chunk = known[start : start + BATCH]
        chunk_ids = [existing[row.number] for row in chunk]
        session.execute(delete(ApplicationEvent).where(ApplicationEvent.application_id.in_(chunk_ids)))
        by_keys: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
        for row, application_id in zip(chunk, chunk_ids, strict=True):
            values = {"id": application_id, **_application_values(agency.id, row, calendar)}
            for personal in ("applicant_name", "applicant_contact"):
                if is_masked(values[personal]):
                    del values[personal]
            by_keys[frozenset(values)].append(values)
        for group in by_keys.values():
            session.execute(update(Application), group)
    events = [
        event_values(application_id, event)
        for row, application_id in [*zip(fresh, ids, strict=True), *((r, existing[r.number]) for r in known)]
        for event in row.events
    ]
    for start in range(0, len(events), BATCH):
        session.execute(insert(core_table(ApplicationEvent)), events[start : start + BATCH])
    return ImportSummary(created=len(fresh), updated=len(known))


def _application_values(agency_id: int, row: LedgerRow, calendar: WorkCalendar) -> dict[str, Any]:
    clock = stored_clock(row.received, row.events, calendar, row.decided)
    return {
        "agency_id": agency_id,
        "number": row.number,
        "received_on": row.received,
        "channel": row.channel,
        "applicant_type": row.applicant_type,
        "applicant_name": row.applicant_name,
        "applicant_contact": row.applicant_contact,
        "request": row.request,
        "decided_on": row.decided,
        "outcome": row.outcome,
        "reply": row.reply,
        **clock.columns(),
    }


def ledger_rows(session: Session, agency: Agency, year: int | None = None) -> Iterator[LedgerRow]:
    """The agency's applications as ledger rows (unmasked), by receipt date; `year` = received that year."""
    query = select(Application).where(Application.agency_id == agency.id)
    if year is not None:
        query = query.where(Application.received_on.between(date(year, 1, 1), date(year, 12, 31)))
    query = query.order_by(Application.received_on, Application.number)
    events: dict[int, list[Event]] = defaultdict(list)
    event_query = select(ApplicationEvent).join(Application).where(Application.agency_id == agency.id)
    for stored in session.scalars(event_query.order_by(ApplicationEvent.on, ApplicationEvent.id)):
        events[stored.application_id].append(event_of(stored))
    for application in session.scalars(query.execution_options(yield_per=BATCH)):
        yield _row(application, events.get(application.id, []))


def _row(application: Application, events: list[Event]) -> LedgerRow:
    return LedgerRow(
        number=application.number,
        received=application.received_on,
        applicant_type=application.applicant_type,
        channel=application.channel,
        request=application.request,
        events=tuple(events),
        decided=application.decided_on,
        outcome=application.outcome,
        applicant_name=application.applicant_name,
        applicant_contact=application.applicant_contact,
        reply=application.reply,
    )


def find_application(session: Session, agency: Agency, number: str) -> Application:
    found = session.scalars(
        select(Application).where(Application.agency_id == agency.id, Application.number == number)
    ).one_or_none()
    if found is None:
        raise LedgerError(f"{agency.name}的台账中没有申请编号“{number}”")
    return found


def next_number(session: Session, agency: Agency, year: int) -> str:
    """A fresh tracking number `YEAR-NNNNN`, unique under concurrent writers (an atomic counter row)."""
    while True:
        last = next_serial(session, TrackingCounter, agency.id, year)
        number = f"{year}-{last:05d}"
        taken = session.scalar(
            select(Application.id).where(Application.agency_id == agency.id, Application.number == number)
        )
        if taken is None:
            return number


def record_application(
    session: Session,
    agency: Agency,
    *,
    received: date,
    applicant_type: str,
    request: str = "",
    channel: str | None = None,
    applicant_name: str | None = None,
    applicant_contact: str | None = None,
    number: str | None = None,
) -> Application:
    """Register a new application; its tracking number is generated unless given."""
    calendar = clock_calendar(session)
    if number is not None and session.scalar(
        select(Application.id).where(Application.agency_id == agency.id, Application.number == number)
    ):
        raise LedgerError(f"申请编号“{number}”已在台账中")
    application = Application(
        agency_id=agency.id,
        number=number or next_number(session, agency, received.year),
        received_on=received,
        applicant_type=applicant_type,
        request=request,
        channel=channel,
        applicant_name=applicant_name,
        applicant_contact=applicant_contact,
        **stored_clock(received, (), calendar).columns(),
    )
    session.add(application)
    session.flush()
    return application


def application_deadline(session: Session, application: Application) -> Deadline:
    """The clock of one stored application, with the database's calendar."""
    events = [event_of(e) for e in application.events]
    return deadline(application.received_on, events, load_calendar(session), decided=application.decided_on)
