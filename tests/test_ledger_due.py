"""The clock stored on each application row (SQLite and PostgreSQL): after every kind of write it
equals the clock computed from scratch, and the due list read from it equals the list computed the
old way, from every application's events, on any day."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.orm import Session

from ledger_support import AGENCY, load
from xxgk.ledger.applications import agency_named, find_application, import_rows, record_application
from xxgk.ledger.calendar import UnknownCalendarYear, calendar_basis
from xxgk.ledger.clock import ClockError, Event, EventKind, deadline
from xxgk.ledger.decisions import decide, record_event
from xxgk.ledger.due import DueList, due_list
from xxgk.ledger.generate import GeneratedLedger, generate_ledger
from xxgk.ledger.records import LedgerError, event_of
from xxgk.ledger.workdays import load_calendar, refresh_stale_clocks, set_calendar_day, unset_calendar_day
from xxgk.store import open_database
from xxgk.store.agencies import Agency
from xxgk.store.database import Database, alembic_config
from xxgk.store.ledger import Application, ClockBasis
from xxgk.store.transaction import in_transaction

Expected = tuple[date | None, str | None, str | None, bool]  # due_on, clock_state, clock_problem, clock_estimated


@pytest.fixture(scope="module")
def ledger() -> GeneratedLedger:
    """A year of applications as the ledger stood on 19 December: the last month's still open."""
    return generate_ledger(6, range(2025, 2026), 400, closing=date(2025, 12, 19))


def from_scratch(session: Session, application: Application) -> Expected:
    """The clock of one row recomputed with `deadline` itself, as the due list computed it before."""
    if application.decided_on is not None:
        return (None, None, None, False)
    events = [event_of(e) for e in application.events]
    try:
        clock = deadline(application.received_on, events, load_calendar(session))
    except (UnknownCalendarYear, ClockError) as exc:
        return (None, "problem", str(exc), False)
    shown = clock.due if clock.state == "running" else clock.attention  # a paused case: the day it comes back up
    return (shown, clock.state, "；".join(clock.errors) or None, clock.estimated)


def assert_stored_clocks_are_fresh(db: Database) -> int:
    """Every row's stored clock equals the one computed from scratch; returns how many are open."""
    with db.sessions() as session:
        applications = session.scalars(select(Application)).all()
        stored = {a.number: (a.due_on, a.clock_state, a.clock_problem, a.clock_estimated) for a in applications}
        assert stored == {a.number: from_scratch(session, a) for a in applications}
        return sum(a.decided_on is None for a in applications)


def old_due_list(session: Session, agency: Agency, today: date) -> list[tuple[object, ...]]:
    """(number, due, state, left, problem) of every open application, computed and ordered as before l0003."""
    calendar = load_calendar(session)
    items = []
    for a in session.scalars(select(Application).where(Application.agency_id == agency.id)):
        if a.decided_on is not None:
            continue
        events = [event_of(e) for e in a.events]
        try:
            clock = deadline(a.received_on, events, calendar)
            shown = clock.due if clock.state == "running" else clock.attention  # paused: the day it comes back up
            left = calendar.workdays_between(today, shown) if shown else None
            items.append(
                (
                    (0, shown, a.received_on, a.number) if shown is not None else (1, today, a.received_on, a.number),
                    (a.number, shown, clock.state, left, "；".join(clock.errors) or None),
                )
            )
        except (UnknownCalendarYear, ClockError) as exc:
            items.append(((2, 0, a.received_on, a.number), (a.number, None, None, None, str(exc))))
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def new_due_list(session: Session, agency: Agency, today: date, limit: int | None = None) -> DueList:
    return due_list(session, agency, today, limit=limit)


def as_old(due: DueList) -> list[tuple[object, ...]]:
    return [(i.number, i.due, None if i.problem else i.state.value, i.left, i.problem) for i in due.items]


def test_every_kind_of_write_leaves_the_stored_clock_equal_to_one_computed_from_scratch(
    database_url: str, ledger: GeneratedLedger, tmp_path: Path
) -> None:
    db = open_database(database_url)
    load(db, ledger, tmp_path)
    assert assert_stored_clocks_are_fresh(db) > 20  # import
    rng = random.Random(20261121)
    kinds = list(EventKind)
    refused = recorded = 0
    for step in range(120):
        with db.sessions() as session:
            open_numbers = session.scalars(
                select(Application.number).where(Application.decided_on.is_(None)).order_by(Application.number)
            ).all()
        number = rng.choice(open_numbers)
        roll = rng.random()

        def work(session: Session, number: str = number, roll: float = roll, step: int = step) -> bool:
            agency = agency_named(session, AGENCY, create=False)
            application = find_application(session, agency, number)
            start = max([application.received_on, *(e.on for e in application.events)])
            on = start + timedelta(days=rng.randint(0, 12))
            try:
                with session.begin_nested():
                    if roll < 0.08:
                        record_application(
                            session, agency, received=on, applicant_type="natural_person", request=f"第 {step} 步"
                        )
                    elif roll < 0.16:
                        decide(
                            session, agency, number, on, rng.choice(["granted", "unavailable_not_held", "other_misc"])
                        )
                    else:
                        kind = rng.choice(kinds)
                        until = on + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.6 else None
                        days = rng.choice([None, 5, 15, 20, 25])
                        record_event(session, agency, number, Event(kind, on, until, days, "主任", "复杂"))
            except LedgerError:
                return False
            return True

        if in_transaction(db, work):
            recorded += 1
        else:
            refused += 1
        assert_stored_clocks_are_fresh(db)
    assert recorded > 40 and refused > 10  # both paths taken: the rules refused some writes


def test_a_calendar_override_moves_exactly_the_clocks_it_affects_and_unset_moves_them_back(
    database_url: str, ledger: GeneratedLedger, tmp_path: Path
) -> None:
    db = open_database(database_url)
    load(db, ledger, tmp_path)
    with db.sessions() as session:
        before = {a.number: a.due_on for a in session.scalars(select(Application))}
    holiday = date(2025, 12, 29)  # a Monday inside most open clocks
    in_transaction(db, lambda s: set_calendar_day(s, holiday, False, "测试"))
    assert assert_stored_clocks_are_fresh(db)
    with db.sessions() as session:
        moved = {a.number for a in session.scalars(select(Application)) if a.due_on != before[a.number]}
    assert moved and all(before[n] is not None and before[n] >= holiday for n in moved)
    in_transaction(db, lambda s: unset_calendar_day(s, holiday))
    assert_stored_clocks_are_fresh(db)
    with db.sessions() as session:
        assert {a.number: a.due_on for a in session.scalars(select(Application))} == before


def test_import_updates_store_the_clock_of_the_rows_as_imported(
    database_url: str, ledger: GeneratedLedger, tmp_path: Path
) -> None:
    db = open_database(database_url)
    load(db, ledger, tmp_path)
    still_open = [row for row in ledger.rows if row.decided is None]
    changed = [
        replace(still_open[0], decided=ledger.closing, outcome="granted"),
        replace(still_open[1], events=(Event(EventKind.extension, still_open[1].received, days=20, approver="主任"),)),
        replace(still_open[2], events=(Event(EventKind.consultation, still_open[2].received),)),
        replace(ledger.rows[0], number="NEW-1", received=date(2025, 12, 18), decided=None, outcome=None, events=()),
    ]
    summary = in_transaction(db, lambda s: import_rows(s, agency_named(s, AGENCY, create=False), changed))
    assert (summary.created, summary.updated) == (1, 3)
    assert_stored_clocks_are_fresh(db)
    with db.sessions() as session:
        states = {
            number: state for number, state in session.execute(select(Application.number, Application.clock_state))
        }
    assert [states[row.number] for row in changed] == [None, "running", "consulting", "running"]


@pytest.mark.parametrize(
    "today",
    [
        date(2025, 12, 19),  # the ledger's closing day, a Friday
        date(2025, 12, 28),  # a Sunday: overdue counts only after a working day has passed
        date(2026, 1, 2),  # inside the New Year holiday
        date(2026, 2, 9),  # everything long overdue
        date(2027, 3, 1),  # a year estimated: days left counted with the estimate
    ],
)
def test_the_due_list_read_from_stored_clocks_equals_the_old_computation(
    database_url: str, ledger: GeneratedLedger, tmp_path: Path, today: date
) -> None:
    db = open_database(database_url)
    load(db, ledger, tmp_path)

    def more(session: Session) -> None:  # paused and problem clocks besides the generated ones
        agency = agency_named(session, AGENCY)
        for number, received in (
            ("P-1", date(2025, 12, 1)),
            ("P-2", date(2025, 11, 20)),
            ("Y-1", date(2026, 12, 28)),  # due in 2027: estimated
            ("Z-1", date(2199, 12, 20)),  # due beyond any estimate: a problem
        ):
            record_application(session, agency, received=received, applicant_type="research", number=number)
        record_event(
            session, agency, "P-1", Event(EventKind.correction_notice, date(2025, 12, 3), until=date(2025, 12, 17))
        )
        record_event(session, agency, "P-2", Event(EventKind.consultation, date(2025, 11, 24)))
        record_application(session, agency, received=date(2025, 12, 1), applicant_type="other", number="P-3")
        record_event(session, agency, "P-3", Event(EventKind.consultation, date(2025, 12, 2)))
        assert find_application(session, agency, "P-3").clock_state == "consulting"
        closed = Event(EventKind.consultation, date(2025, 12, 2), until=date(2025, 12, 5))
        assert record_event(session, agency, "P-3", closed).clock_state == "running"

    in_transaction(db, more)
    with db.sessions() as session:
        agency = agency_named(session, AGENCY, create=False)
        expected = old_due_list(session, agency, today)
        full = new_due_list(session, agency, today)
        assert as_old(full) == expected
        assert full.open == len(expected) > 20 and full.hidden == 0
        running = [item for item in expected if item[2] == "running"]
        assert full.overdue == sum(1 for item in running if isinstance(item[3], int) and item[3] < 0)
        page = new_due_list(session, agency, today, limit=10)
        assert as_old(page) == expected[:10] and (page.open, page.overdue) == (full.open, full.overdue)
        assert page.hidden == full.open - 10
        states = [item[2] for item in expected]
        assert states[-1] is None and "consulting" in states


def test_the_first_ledger_migration_to_store_clocks_fills_every_open_row(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "l0002")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO agencies (id, name, key) VALUES (1, '某县教育局', '某县教育局')"))
        for values in (
            "(1, 1, 'open', '2025-10-20', NULL, NULL)",
            "(2, 1, 'corrected', '2025-10-20', NULL, NULL)",
            "(3, 1, 'consulting', '2025-10-20', NULL, NULL)",
            "(4, 1, 'next-year', '2026-12-21', NULL, NULL)",
            "(5, 1, 'broken', '2025-10-20', NULL, NULL)",
            "(6, 1, 'decided', '2025-10-20', '2025-11-03', 'granted')",
        ):
            connection.execute(
                text(
                    "INSERT INTO ledger_applications (id, agency_id, number, received_on, decided_on, outcome, "
                    f"applicant_type, request) VALUES {values[:-1]}, 'natural_person', '')"
                )
            )
        connection.execute(
            text(
                'INSERT INTO ledger_events (application_id, kind, "on", "until", days) VALUES '
                "(2, 'correction_notice', '2025-10-21', NULL, NULL), "
                "(2, 'correction_received', '2025-10-24', NULL, NULL), "
                "(3, 'consultation', '2025-10-22', NULL, NULL), "
                "(5, 'extension', '2025-10-21', NULL, 30)"
            )
        )
        connection.execute(text("INSERT INTO ledger_calendar_overrides (day, workday) VALUES ('2025-11-10', false)"))
    engine.dispose()
    db = open_database(database_url)  # upgrades every branch to its head
    # l0004 marks the clocks stale (2027 became estimated); the first start recomputes them
    assert in_transaction(db, refresh_stale_clocks) == 5
    assert in_transaction(db, refresh_stale_clocks) is None
    assert_stored_clocks_are_fresh(db)
    with db.sessions() as session:
        stored = {
            number: (due, state)
            for number, due, state in session.execute(
                select(Application.number, Application.due_on, Application.clock_state)
            )
        }
        assert session.scalars(select(ClockBasis.calendar)).all() == [calendar_basis()]
    assert stored == {
        "open": (date(2025, 11, 18), "running"),  # 20 working days, one of them the holiday entered
        "corrected": (date(2025, 11, 24), "running"),
        "consulting": (date(2025, 11, 13), "consulting"),  # other agencies: flagged after 15 working days
        "next-year": (date(2027, 1, 19), "running"),  # estimated: 2027 is not published
        "broken": (None, "problem"),
        "decided": (None, None),
    }


def test_undoing_the_estimate_migration_keeps_every_application_and_event(database_url: str) -> None:
    """l0004 down and up again: a SQLite table copy would have cascaded the events away."""
    db = open_database(database_url)
    with db.sessions() as session, session.begin():
        agency = session.merge(Agency(name="某县教育局", key="某县教育局"))
        session.flush()
        application = record_application(session, agency, received=date(2025, 10, 20), applicant_type="natural_person")
        record_event(session, agency, application.number, Event(EventKind.consultation, date(2025, 10, 22)))
    db.engine.dispose()
    command.downgrade(alembic_config(database_url), "l0003")
    command.upgrade(alembic_config(database_url), "heads")
    engine = create_engine(database_url)
    with engine.connect() as connection:
        counts = [
            connection.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("ledger_applications", "ledger_events")
        ]
    engine.dispose()
    assert counts == [1, 1]


def test_clocks_stored_under_another_calendar_release_are_recomputed_once(
    database_url: str, ledger: GeneratedLedger, tmp_path: Path
) -> None:
    db = open_database(database_url)
    assert in_transaction(db, refresh_stale_clocks) == 0  # the first start records the basis
    load(db, ledger, tmp_path)
    assert in_transaction(db, refresh_stale_clocks) is None  # stored with this release
    in_transaction(db, lambda s: s.execute(update(ClockBasis).values(calendar="chinese-calendar 1.10.0")))
    in_transaction(db, lambda s: s.execute(update(Application).values(due_on=date(2000, 1, 1))))
    refreshed = in_transaction(db, refresh_stale_clocks)
    with db.sessions() as session:
        open_count = session.scalar(select(func.count()).where(Application.decided_on.is_(None)))
        assert session.scalars(select(ClockBasis.calendar)).all() == [calendar_basis()]
    assert refreshed == open_count
    with db.sessions() as session:  # decided rows are not the list's business, open ones are fresh again
        open_rows = session.scalars(select(Application).where(Application.decided_on.is_(None))).all()
        assert all(
            (a.due_on, a.clock_state, a.clock_problem, a.clock_estimated) == from_scratch(session, a) for a in open_rows
        )
    assert in_transaction(db, refresh_stale_clocks) is None


def test_an_event_recorded_while_the_calendar_changes_is_stored_with_the_new_calendar(database_url: str) -> None:
    db = open_database(database_url)

    def receive(session: Session) -> None:
        agency = agency_named(session, AGENCY)
        record_application(session, agency, received=date(2025, 12, 1), applicant_type="other", number="C")

    in_transaction(db, receive)
    changing = db.sessions()
    changing.begin()
    set_calendar_day(changing, date(2025, 12, 15), False, "临时放假")  # inside C's 20 working days
    extension = Event(EventKind.extension, date(2025, 12, 2), days=5, approver="主任", reason="复杂")

    def record(session: Session) -> None:
        record_event(session, agency_named(session, AGENCY, create=False), "C", extension)

    writer = threading.Thread(target=in_transaction, args=(db, record))
    writer.start()
    writer.join(timeout=1.5)
    assert writer.is_alive()  # waits for the calendar change to finish
    changing.commit()
    changing.close()
    writer.join()
    assert_stored_clocks_are_fresh(db)
    with db.sessions() as session:
        assert find_application(session, agency_named(session, AGENCY), "C").due_on == date(2026, 1, 7)
