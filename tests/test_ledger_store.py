"""The ledger in a real database (SQLite and PostgreSQL): reports computed from the cases,
import all-or-nothing, concurrent writers, migrations, backup and restore."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from ledger_support import AGENCY, expected_applications, expected_review, load
from xxgk.check import check_report
from xxgk.ledger.annual import cell_members, year_report
from xxgk.ledger.applications import (
    agency_named,
    describe_agency,
    find_application,
    import_rows,
    ledger_rows,
    record_application,
)
from xxgk.ledger.cases import set_active_figures
from xxgk.ledger.clock import Event, EventKind
from xxgk.ledger.decisions import record_event
from xxgk.ledger.due import due_list
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.generate import GeneratedLedger, generate_ledger
from xxgk.ledger.importer import read_ledger
from xxgk.ledger.records import LedgerError
from xxgk.ledger.workdays import load_calendar
from xxgk.store import open_database
from xxgk.store.backup import BackupError, backup_database, restore_database
from xxgk.store.database import Database, alembic_config
from xxgk.store.ledger import Application, ApplicationEvent
from xxgk.store.transaction import in_transaction

YEARS = range(2019, 2025)


@pytest.fixture(scope="module")
def ledger() -> GeneratedLedger:
    """About 3,600 applications over six years: both formats, every event kind, some still open."""
    return generate_ledger(20261121, YEARS, 600, closing=date(2025, 1, 10))


def test_each_years_tables_equal_an_independent_count_in_both_formats(
    database_url: str, ledger: GeneratedLedger, tmp_path: Path
) -> None:
    db = open_database(database_url)
    load(db, ledger, tmp_path)
    with db.sessions() as session:
        agency = agency_named(session, AGENCY, create=False)
        for year in YEARS:
            report = year_report(session, agency, year)
            assert report.template == ("2019" if year < 2021 else "2021")
            expected = expected_applications(ledger, year) + expected_review(ledger, year)
            counted = {c: v for c, v in report.cells.items() if not c.startswith("active.")}
            assert counted == {c: expected.get(c, 0) for c in counted}, year
            assert sum(expected.values()) == sum(v or 0 for v in counted.values())  # nothing counted is missing
            assert report.get("applications.new_received.total") == sum(r.received.year == year for r in ledger.rows)
            assert {c: report.get(c) for c in ledger.active[year]} == {
                c: float(v) if v != v.to_integral_value() else int(v) for c, v in ledger.active[year].items()
            }
            errors = [f for f in check_report(report) if f.severity == "error"]
            assert errors == [], (year, errors[:3])
        assert year_report(session, agency, 2021).get("applications.other_no_correction.total")
        assert year_report(session, agency, 2020).get("applications.other_handling.total")


def test_a_cell_lists_exactly_the_applications_it_counts(
    database_url: str, ledger: GeneratedLedger, tmp_path: Path
) -> None:
    db = open_database(database_url)
    load(db, ledger, tmp_path)
    with db.sessions() as session:
        agency = agency_named(session, AGENCY, create=False)
        report = year_report(session, agency, 2022)
        for cell in (
            "applications.granted.natural_person",
            "applications.carried_over.total",
            "applications.carried_forward.total",
            "review_litigation.review.total",
        ):
            members = cell_members(session, agency, 2022, cell)
            assert len(members) == report.get(cell), cell
        granted = cell_members(session, agency, 2022, "applications.granted.natural_person")
        truth = {
            r.number
            for r in ledger.rows
            if r.outcome == "granted" and r.decided and r.decided.year == 2022 and r.applicant_type == "natural_person"
        }
        assert {m.number for m in granted} == truth
        assert all("*" in m.applicant for m in granted)  # personal data masked in lists
        with pytest.raises(LedgerError, match="不是 2022 年报告"):
            cell_members(session, agency, 2022, "applications.other_handling.total")


def test_an_invalid_file_imports_nothing_and_skip_invalid_imports_the_rest(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text(
        "申请编号,收到日期,申请人类型,办结日期,办理结果\n"
        "A1,2025-03-03,自然人,2025-03-10,予以公开\n"
        "A2,2025-02-30,自然人,,\n"
        "A3,2025-03-04,个人,2025-03-12,予以公开\n"
        "A1,2025-03-05,自然人,,\n",
        encoding="utf-8",
    )
    parsed = read_ledger(path)
    assert [(p.row, p.column) for p in parsed.problems] == [(3, "收到日期"), (4, "申请人类型"), (5, "申请编号")]
    assert [r.number for r in parsed.rows] == ["A1"]
    db = open_database(database_url)
    summary = in_transaction(db, lambda s: import_rows(s, agency_named(s, AGENCY), parsed.rows))
    assert summary.created == 1


def test_reimporting_an_export_updates_in_place_and_keeps_the_real_personal_data(
    database_url: str, tmp_path: Path
) -> None:
    small = generate_ledger(7, range(2023, 2025), 150)
    db = open_database(database_url)
    load(db, small, tmp_path)
    exported = tmp_path / "export.xlsx"
    with db.sessions() as session:
        agency = agency_named(session, AGENCY, create=False)
        before = year_report(session, agency, 2024).cells
        assert write_ledger(exported, ledger_rows(session, agency)) == len(small.rows)
    again = read_ledger(exported)
    assert not again.problems
    assert all(r.applicant_contact and "*" in r.applicant_contact for r in again.rows)
    summary = in_transaction(db, lambda s: import_rows(s, agency_named(s, AGENCY), again.rows))
    assert (summary.created, summary.updated) == (0, len(small.rows))
    with db.sessions() as session:
        agency = agency_named(session, AGENCY, create=False)
        assert year_report(session, agency, 2024).cells == before
        names = set(session.scalars(select(Application.applicant_contact)))
        assert names == {r.applicant_contact for r in small.rows}
        events = session.scalar(select(func.count()).select_from(ApplicationEvent))
        assert events == sum(len(r.events) for r in small.rows)


def _record_many(url: str, worker: int, count: int) -> list[str]:
    return _record_into(open_database(url), worker, count)


def _record_into(db: Database, worker: int, count: int) -> list[str]:
    numbers = []
    for i in range(count):

        def work(session: Session, i: int = i) -> str:
            agency = agency_named(session, "某县政府办公室")
            application = record_application(
                session,
                agency,
                received=date(2025, 3, 1 + i % 28),
                applicant_type="natural_person",
                request=f"{worker}/{i}",
            )
            return application.number

        numbers.append(in_transaction(db, work))
    return numbers


def test_concurrent_threads_never_lose_a_record_and_numbers_stay_unique(database_url: str) -> None:
    shared = open_database(database_url)  # one engine, a connection per thread (Alembic itself is not thread-safe)
    results: list[list[str]] = [[] for _ in range(6)]

    def run(worker: int) -> None:
        results[worker] = _record_into(shared, worker, 15)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = [n for r in results for n in r]
    assert len(numbers) == 90 and len(set(numbers)) == 90
    db = open_database(database_url)
    with db.sessions() as session:
        stored = session.execute(select(Application.number, Application.request)).all()
    assert sorted(n for n, _ in stored) == sorted(numbers)
    assert {r for _, r in stored} == {f"{w}/{i}" for w in range(6) for i in range(15)}
    assert sorted(numbers)[-1] == "2025-00090"


def test_concurrent_processes_never_lose_a_record(database_url: str) -> None:
    open_database(database_url)
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.starmap(_record_many, [(database_url, w, 10) for w in range(3)])
    numbers = [n for r in results for n in r]
    assert len(set(numbers)) == 30
    db = open_database(database_url)
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 30


def test_a_database_created_by_the_first_ledger_migration_upgrades_without_losing_data(database_url: str) -> None:
    url = database_url
    command.upgrade(alembic_config(url), "l0001")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO agencies (id, name, key) VALUES (1, '某县教育局', '某县教育局')"))
        connection.execute(
            text(
                "INSERT INTO ledger_applications (id, agency_id, number, received_on, applicant_type, request, "
                "decided_on, outcome) VALUES (1, 1, 'J-1', '2024-12-20', 'commercial', '预算', '2025-01-06', 'granted')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO ledger_events (application_id, kind, \"on\", days) VALUES (1, 'extension', '2024-12-23', 5)"
            )
        )
        connection.execute(text("INSERT INTO ledger_calendar_overrides (day, workday) VALUES ('2027-01-04', true)"))
    engine.dispose()
    db = open_database(database_url)  # upgrades every branch to its head
    with db.sessions() as session:
        agency = agency_named(session, "某县教育局", create=False)
        application = find_application(session, agency, "J-1")
        assert application.events[0].days == 5
        assert load_calendar(session).overrides == {date(2027, 1, 4): True}
        assert year_report(session, agency, 2024).get("applications.carried_forward.commercial") == 1
        assert year_report(session, agency, 2025).get("applications.granted.total") == 1
    in_transaction(
        db,
        lambda s: set_active_figures(s, agency_named(s, "某县教育局"), 2025, {"regulations.issued": "1"}),
    )


def test_backup_and_restore_bring_back_exactly_the_data(database_url: str, tmp_path: Path) -> None:
    small = generate_ledger(11, range(2024, 2025), 120)
    db = open_database(database_url)
    load(db, small, tmp_path)
    in_transaction(db, lambda s: describe_agency(s, AGENCY, level="市", parent="某市人民政府"))
    backups = [tmp_path / "backup.json.gz"]
    if db.engine.dialect.name == "sqlite":
        backups.append(tmp_path / "backup.db")
    for backup in backups:
        with db.sessions() as session:
            before = year_report(session, agency_named(session, AGENCY), 2024).cells
            events_before = session.scalar(select(func.count()).select_from(ApplicationEvent))
        backup_database(db, backup)
        in_transaction(db, lambda s: s.execute(text("DELETE FROM ledger_events")))
        assert restore_database(db, backup) > len(small.rows)
        with db.sessions() as session:
            agency = agency_named(session, AGENCY, create=False)
            assert year_report(session, agency, 2024).cells == before
            assert agency.parent is not None and agency.parent.name == "某市人民政府"
            assert session.scalar(select(func.count()).select_from(ApplicationEvent)) == events_before
        # new rows after a restore get fresh ids (PostgreSQL sequences continue)
        number = in_transaction(
            db,
            lambda s: (
                record_application(
                    s, agency_named(s, AGENCY), received=date(2024, 5, 6), applicant_type="research"
                ).number
            ),
        )
        assert number.startswith("2024-")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "xxgk-backup", "versions": ["x"]}\n', encoding="utf-8")
    with pytest.raises(BackupError, match="版本"):
        restore_database(db, broken)
    with db.sessions() as session:  # a refused restore changes nothing
        assert session.scalar(select(func.count()).select_from(Application)) == len(small.rows) + len(backups)


def test_due_list_puts_overdue_first_and_paused_clocks_last(database_url: str) -> None:
    db = open_database(database_url)

    def work(session: Session) -> None:
        agency = agency_named(session, AGENCY)
        for number, received in (("A", date(2025, 9, 26)), ("B", date(2025, 10, 20)), ("C", date(2025, 10, 27))):
            record_application(session, agency, received=received, applicant_type="natural_person", number=number)
        record_event(
            session,
            agency,
            "C",
            Event(EventKind.correction_notice, date(2025, 10, 28), until=date(2025, 11, 11)),
        )

    in_transaction(db, work)
    with db.sessions() as session:
        due = due_list(session, agency_named(session, AGENCY), date(2025, 11, 3))
    items = due.items
    # C waits for the applicant's correction until 11 Nov (第三十条): listed by that day, not overdue.
    assert [i.number for i in items] == ["A", "C", "B"] and (due.open, due.overdue) == (3, 1)
    assert items[0].overdue and items[0].left == -2  # due 30 Oct; 31 Oct and 3 Nov have passed
    assert items[2].due == date(2025, 11, 17) and items[2].left == 10
    assert items[1].due == date(2025, 11, 11) and items[1].state == "awaiting_correction"
    assert not items[1].overdue and items[1].ready_to_close is None
