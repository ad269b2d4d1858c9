"""Agencies and applications in the ledger: register, import, read back, find.

Every function takes a `Session` and works inside the caller's transaction
(`xxgk.store.transaction.in_transaction` runs one as a retried transaction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from xxgk.ledger.amendments import Amendment, Counted, changed_years, guard_years, import_years, locked_years
from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar
from xxgk.ledger.clock import NO_CORRECTION, UNPAID_FEE, ClockError, Deadline, Event, deadline
from xxgk.ledger.closing import closing_refusal
from xxgk.ledger.layout import LedgerRow
from xxgk.ledger.privacy import is_masked
from xxgk.ledger.receipt import ARTICLE, channel_label
from xxgk.ledger.records import BATCH, LedgerError, core_table, event_of, event_values
from xxgk.ledger.stored import stored_clock
from xxgk.ledger.workdays import clock_calendar, load_calendar
from xxgk.store.agencies import Agency, agency_for, find_agency
from xxgk.store.audit import Actor
from xxgk.store.counters import next_serial
from xxgk.store.ledger import Application, ApplicationEvent, TrackingCounter
from xxgk.store.web import audit

SHOWN = 5  # refused rows named in an import's refusal


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


def describe_agency(session: Session, name: str, *, level: str | None, parent: str | None, actor: Actor) -> Agency:
    """Record an agency's level (省/市/县/乡…) and supervising agency (audited as `actor`)."""
    agency = agency_named(session, name)
    if level is not None:
        agency.level = level.strip() or None
    if parent is not None:
        above = agency_named(session, parent)
        if above.id == agency.id:
            raise LedgerError("上级机关不能是机关自己")
        agency.parent = above
    session.flush()
    audit(session, actor, "agency.describe", "agency", agency.id, agency_id=agency.id, level=level, parent=parent)
    return agency


@dataclass(frozen=True, slots=True)
class ImportSummary:
    created: int
    updated: int


def import_rows(
    session: Session,
    agency: Agency,
    rows: Sequence[LedgerRow],
    *,
    actor: Actor,
    amendment: Amendment | None = None,
) -> ImportSummary:
    """Store validated rows: new 申请编号 are added, known ones updated (their events replaced).

    Masked personal data (as exported) never overwrites what is stored. Each row's
    clock is computed here, before the bulk writes, and stored with it. One audit
    entry records the import as a whole (how many added, how many updated). Rows
    that change a year already reported are refused unless `amendment` says why.
    """
    calendar = clock_calendar(session)
    refused = closing_refusals(rows, calendar)
    if refused:
        shown = "；".join(refused[:SHOWN])
        more = f"（另有 {len(refused) - SHOWN} 条）" if len(refused) > SHOWN else ""
        raise LedgerError(f"{len(refused)} 条申请的办结不符合规定，未导入任何记录：{shown}{more}")
    if locked_years(session, agency):
        guard_years(session, agency, import_years(session, agency, rows), amendment, actor, "导入的台账")
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
    summary = ImportSummary(created=len(fresh), updated=len(known))
    audit(session, actor, "application.import", "ledger", agency.id, agency_id=agency.id, **asdict(summary))
    return summary


def closing_refusals(rows: Sequence[LedgerRow], calendar: WorkCalendar) -> list[str]:
    """Why rows closed as 逾期不补正 or 逾期未缴费 may not be, by the same rules `decide` applies
    (第三十条; the fee measures): the notice on record, and its period passed."""
    refused = []
    for row in rows:
        if row.decided is None or row.outcome not in (NO_CORRECTION, UNPAID_FEE):
            continue
        try:
            clock = deadline(row.received, row.events, calendar, decided=row.decided)
        except (ClockError, UnknownCalendarYear) as exc:
            refused.append(f"申请“{row.number}”：{exc}")
            continue
        refusal = closing_refusal(row.outcome, row.events, clock, row.decided)
        if refusal is not None:
            refused.append(f"申请“{row.number}”：{refusal}")
    return refused


def _application_values(agency_id: int, row: LedgerRow, calendar: WorkCalendar) -> dict[str, Any]:
    clock = stored_clock(row.received, row.events, calendar, row.decided)
    return {
        "agency_id": agency_id,
        "number": row.number,
        "received_on": row.received,
        "channel": channel_label(row.channel),
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
    submitted: date | None = None,
    actor: Actor,
    action: str = "application.add",
    amendment: Amendment | None = None,
) -> Application:
    """Register a new application; its tracking number is generated unless given.

    `received` is the receipt date (derive it from the channel's facts with
    `xxgk.ledger.receipt.receipt_of`), `submitted` the applicant's day when earlier;
    `channel` is stored as its vocabulary label. Audited as `actor` under `action`
    (the portal files as "application.file"). A receipt back-dated into a year whose
    report was submitted or published (the application counts there as new, and as
    carried over into every later year while open) is refused unless `amendment`
    says why, as a decision into such a year is (第五十条; `guard_years`).
    """
    calendar = clock_calendar(session)
    label = channel_label(channel)
    if submitted is not None and submitted > received:
        raise LedgerError(f"申请人提交日期 {submitted} 晚于收到申请日期 {received}（{ARTICLE}）")
    if number is not None and session.scalar(
        select(Application.id).where(Application.agency_id == agency.id, Application.number == number)
    ):
        raise LedgerError(f"申请编号“{number}”已在台账中")
    counted = Counted(received, applicant_type, None, None)
    what = f"登记收到日期为 {received} 的申请"
    guard_years(session, agency, changed_years(None, counted), amendment, actor, what)
    application = Application(
        agency_id=agency.id,
        number=number or next_number(session, agency, received.year),
        received_on=received,
        applicant_type=applicant_type,
        request=request,
        channel=label,
        submitted_on=submitted if submitted != received else None,
        applicant_name=applicant_name,
        applicant_contact=applicant_contact,
        **stored_clock(received, (), calendar).columns(),
    )
    session.add(application)
    session.flush()
    audit(session, actor, action, "application", application.number, agency_id=agency.id, channel=channel)
    return application


def application_deadline(session: Session, application: Application) -> Deadline:
    """The clock of one stored application, with the database's calendar."""
    events = [event_of(e) for e in application.events]
    return deadline(application.received_on, events, load_calendar(session), decided=application.decided_on)
