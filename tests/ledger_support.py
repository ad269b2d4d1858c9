"""Helpers for ledger tests: a generated ledger stored in a database, and an independent count."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from xxgk.ledger.applications import agency_named, import_rows
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.generate import GeneratedLedger, enter_cases_and_figures
from xxgk.ledger.importer import read_ledger
from xxgk.store.database import Database
from xxgk.store.transaction import in_transaction

AGENCY = "某市生态环境局"
OTHER_SPLIT = {"other_no_correction", "other_unpaid_fee", "other_misc"}


def load(db: Database, ledger: GeneratedLedger, tmp: Path, *, suffix: str = ".csv") -> None:
    """Write the ledger as a clerk's file, import it, and enter its cases and table 二 figures."""
    path = tmp / f"ledger{suffix}"
    write_ledger(path, ledger.rows, mask=False)
    parsed = read_ledger(path)
    assert not parsed.problems, parsed.problems[:5]

    def work(session: Session) -> None:
        agency = agency_named(session, AGENCY)
        import_rows(session, agency, parsed.rows)
        enter_cases_and_figures(session, agency, ledger)

    in_transaction(db, work)


def expected_applications(ledger: GeneratedLedger, year: int) -> Counter[str]:
    """Table 三 counted straight from the generated truth, without the ledger package's counting code."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cells: Counter[str] = Counter()
    for r in ledger.rows:
        rows = []
        if start <= r.received <= end:
            rows.append("new_received")
        if r.received < start and (r.decided is None or r.decided >= start):
            rows.append("carried_over")
        if r.decided is not None and start <= r.decided <= end:
            assert r.outcome is not None
            outcome = "other_handling" if year < 2021 and r.outcome in OTHER_SPLIT else r.outcome
            rows += [outcome, "total_processed"]
        if r.received <= end and (r.decided is None or r.decided > end):
            rows.append("carried_forward")
        for row in rows:
            cells[f"applications.{row}.{r.applicant_type}"] += 1
            cells[f"applications.{row}.total"] += 1
    return cells


def expected_review(ledger: GeneratedLedger, year: int) -> Counter[str]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    cells: Counter[str] = Counter()
    for case in ledger.cases:
        if case.filed_on > end or (case.concluded_on is not None and case.concluded_on < start):
            continue
        column = case.result if case.concluded_on is not None and case.concluded_on <= end else "pending"
        cells[f"review_litigation.{case.kind}.{column}"] += 1
        cells[f"review_litigation.{case.kind}.total"] += 1
    return cells
