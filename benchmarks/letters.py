"""Letters written per second by `xxgk.letters` (DOCX and PDF), and the cost of numbering them.

    .venv/bin/python benchmarks/letters.py [--quick]

One application per outcome row and per notice kind is recorded in a fresh SQLite
database; every letter is then built (`letter_of`) and rendered (`render_letter`,
the function the desk and `xxgk ledger letter` call) sequentially in this process.
The first letter of each format is rendered before timing (importing WeasyPrint,
loading the fonts). Prints milliseconds per letter (median and slowest) per format,
and the time to issue a 文号 (one transaction with its counter row).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.ledger.applications import agency_named, record_application
from xxgk.ledger.clock import Event, EventKind
from xxgk.ledger.decisions import decide, record_event
from xxgk.letters.model import Letter
from xxgk.letters.service import available_letters, issued_file, letter_of, render_letter, save_settings
from xxgk.letters.wording import DECISIONS
from xxgk.store import open_database
from xxgk.store.ledger import Application
from xxgk.store.transaction import in_transaction

AGENCY = "某市人民政府办公室"
RECEIVED = date(2026, 11, 2)


def build(url: str) -> list[Letter]:
    db = open_database(url)

    def work(session: Session) -> list[Letter]:
        agency = agency_named(session, AGENCY)
        save_settings(
            session,
            agency,
            number_pattern="某政公开〔{year}〕{n}号",
            review_body="某市人民政府",
            court="某市中级人民法院",
            by="bench",
        )
        letters = []
        for outcome in DECISIONS:
            if outcome in ("other_handling", "other_unpaid_fee"):  # the fee closing needs a fee notice first
                continue
            app = record_application(
                session,
                agency,
                received=RECEIVED,
                applicant_type="natural_person",
                request="2025年本市道路维修工程的合同文本",
                applicant_name="张三",
                actor="测试",
            )
            record_event(
                session,
                agency,
                app.number,
                Event(EventKind.correction_notice, date(2026, 11, 4), until=date(2026, 11, 20), reason="写明项目"),
                actor="测试",
            )
            if outcome != "other_no_correction":  # closed so only when the period passed uncorrected
                received = Event(EventKind.correction_received, date(2026, 11, 9))
                record_event(session, agency, app.number, received, actor="测试")
            decide(
                session,
                agency,
                app.number,
                date(2026, 12, 2),
                outcome,
                reasons="理由",
                articles=["第十五条"],
                actor="测试",
            )
            session.flush()
            session.refresh(app)
            letters += [letter_of(session, agency, app, subject) for subject, _ in available_letters(app)]
        return letters

    return in_transaction(db, work)


def downloads(url: str, count: int) -> tuple[list[float], list[float]]:
    """Seconds per first PDF download (rendered, then stored frozen) and per later one (the stored bytes)."""
    db = open_database(url)

    def work(session: Session) -> tuple[list[float], list[float]]:
        agency = agency_named(session, AGENCY, create=False)
        applications = session.scalars(select(Application).where(Application.agency_id == agency.id).limit(count))
        first, again = [], []
        for application in applications:
            for timings in (first, again):
                t = time.perf_counter()
                issued_file(session, agency, application, "decision", "pdf")
                timings.append(time.perf_counter() - t)
        return first, again

    return in_transaction(db, work)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        started = time.perf_counter()
        letters = build(url)
        issued = (time.perf_counter() - started) / len(letters)
        print(f"letters built and numbered: {len(letters)}, {issued * 1000:.1f} ms each (with their applications)")
        for fmt in ("docx", "pdf"):
            render_letter(letters[0], fmt)
            sample = letters[: 8 if args.quick else len(letters)]
            times = []
            for letter in sample:
                t = time.perf_counter()
                render_letter(letter, fmt)
                times.append(time.perf_counter() - t)
            print(
                f"{fmt}: {len(sample)} letters, median {statistics.median(times) * 1000:.0f} ms, "
                f"slowest {max(times) * 1000:.0f} ms"
            )
        first, again = downloads(url, 8 if args.quick else len(DECISIONS))
        print(
            f"pdf download, {len(first)} decisions: first (render and freeze) median "
            f"{statistics.median(first) * 1000:.0f} ms, later (stored bytes) median {statistics.median(again) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
