"""Import and report times of the ledger for 100,000 applications.

    .venv/bin/python benchmarks/ledger.py [--quick] [--db URL]

A ledger of 100,000 applications over five years (10,000 with --quick) is
generated with `xxgk.ledger.generate` (fixed seed) and written as the clerks'
CSV; then, into an empty database (a temporary SQLite file unless --db names
another; a PostgreSQL database given with --db is wiped first):

1. import: read and validate every row of the file (`read_ledger`) and store it
   in one transaction (`import_rows`), timed together → rows/s;
2. the same from an Excel (.xlsx) copy of the first 20,000 rows;
3. a year's report (`year_report`, tables 二, 三, 四), fastest of three;
4. `ledger cell` for the largest cell, the due list, and the export to CSV.

Targets: import ≥ 5,000 rows/s; a year's report < 2 s on SQLite.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, text

from xxgk.ledger import annual, applications
from xxgk.ledger.annual import cell_members
from xxgk.ledger.applications import agency_named, ledger_rows
from xxgk.ledger.due import due_list
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.generate import generate_ledger
from xxgk.ledger.importer import read_ledger
from xxgk.store import open_database
from xxgk.store.transaction import in_transaction

T = TypeVar("T")
SEED = 20261121
AGENCY = "某市人民政府办公室"
YEARS = range(2021, 2026)
IMPORT_TARGET = 5_000.0
REPORT_TARGET = 2.0


def timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 applications instead of 100,000")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    total = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ledger, seconds = timed(lambda: generate_ledger(SEED, YEARS, total // len(YEARS), closing=date(2026, 1, 16)))
        print(f"generated {len(ledger.rows):,} applications over {YEARS[0]}–{YEARS[-1]} in {seconds:.1f} s")
        csv_path = folder / "ledger.csv"
        write_ledger(csv_path, ledger.rows, mask=False)
        xlsx_path = folder / "ledger.xlsx"
        write_ledger(xlsx_path, ledger.rows[:20_000], mask=False)
        url = args.db or f"sqlite:///{folder / 'bench.db'}"
        if args.db and args.db.startswith("postgresql"):
            engine = create_engine(args.db)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        db = open_database(url)
        print(f"database: {db.engine.dialect.name}")

        def import_file(path: Path, agency: str) -> int:
            parsed = read_ledger(path)
            assert not parsed.problems, parsed.problems[:3]
            in_transaction(db, lambda s: applications.import_rows(s, agency_named(s, agency), parsed.rows))
            return len(parsed.rows)

        count, seconds = timed(lambda: import_file(csv_path, AGENCY))
        rate = count / seconds
        print(f"import CSV:  {count:,} rows in {seconds:.2f} s = {rate:,.0f} rows/s (target ≥ {IMPORT_TARGET:,.0f})")
        count, seconds = timed(lambda: import_file(xlsx_path, "某县人民政府办公室"))
        print(f"import XLSX: {count:,} rows in {seconds:.2f} s = {count / seconds:,.0f} rows/s")
        with db.sessions() as session:
            agency = agency_named(session, AGENCY, create=False)
            best = min(timed(lambda: annual.year_report(session, agency, 2024))[1] for _ in range(3))
            report = annual.year_report(session, agency, 2024)
            print(
                f"report 2024: {best:.3f} s (fastest of 3; target < {REPORT_TARGET} s), "
                f"本年新收 {report.get('applications.new_received.total'):,}"
            )
            members, seconds = timed(lambda: cell_members(session, agency, 2024, "applications.new_received.total"))
            print(f"ledger cell applications.new_received.total 2024: {len(members):,} applications in {seconds:.2f} s")
            due, seconds = timed(lambda: due_list(session, agency, date(2026, 1, 16), limit=100))
            print(f"due list: {due.open:,} open applications ({due.overdue:,} overdue), 100 listed in {seconds:.3f} s")
            exported = folder / "export.csv"
            count, seconds = timed(lambda: write_ledger(exported, ledger_rows(session, agency)))
            print(f"export CSV: {count:,} rows in {seconds:.2f} s = {count / seconds:,.0f} rows/s")
        db.engine.dispose()


if __name__ == "__main__":
    main()
