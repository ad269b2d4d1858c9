"""Cross-year checks over the whole corpus: every agency's report against its previous year.

Ingestion marks the agencies whose reports changed (`corpus_stale_agencies`, in
the same transaction as the reports); `recheck_stale` recomputes their
cross-year findings in batches of agencies, so the work is bounded however large
the corpus, and a killed run leaves the marks for the next one.

When an agency has several reports for one year (the same report as HTML and
as PDF, or published from the desk and uploaded), the one that counts
(`PREFERRED_FIRST`: the desk's, else the first stored) is the one compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from xxgk.check import check_against_previous
from xxgk.corpus.agencies import PREFERRED_FIRST
from xxgk.corpus.values import stored_value
from xxgk.report import Report
from xxgk.store import session_scope
from xxgk.store.corpus import CorpusCell, CorpusFinding, CorpusReport, CorpusStaleAgency
from xxgk.store.database import Database

AGENCIES_PER_PASS = 200
# What rules X1–X4 read: table 二, and 上年结转 / 结转下年度 of table 三.
_READ_PREFIXES = ("active.", "applications.carried_over.", "applications.carried_forward.")


@dataclass(slots=True)
class Recheck:
    """How many agencies were re-checked and how many cross-year findings they now have."""

    agencies: int = 0
    findings: int = 0


def recheck_stale(db: Database) -> Recheck:
    """Recompute cross-year findings of every agency marked stale, a transaction per pass."""
    result = Recheck()
    while True:
        with session_scope(db) as session:
            agency_ids = list(
                session.scalars(
                    select(CorpusStaleAgency.agency_id).order_by(CorpusStaleAgency.agency_id).limit(AGENCIES_PER_PASS)
                )
            )
            if not agency_ids:
                return result
            result.findings += recheck_agencies(session, agency_ids)
            result.agencies += len(agency_ids)
            session.execute(delete(CorpusStaleAgency).where(CorpusStaleAgency.agency_id.in_(agency_ids)))


def recheck_all(db: Database) -> Recheck:
    """Mark every agency with reports stale, then recheck them all."""
    with session_scope(db) as session:
        known = set(session.scalars(select(CorpusStaleAgency.agency_id)))
        every = {a for a in session.scalars(select(CorpusReport.agency_id).distinct()) if a is not None}
        rows = [{"agency_id": a} for a in sorted(every - known)]
        if rows:
            session.connection().execute(insert(CorpusStaleAgency), rows)
    return recheck_stale(db)


def recheck_agencies(session: Session, agency_ids: Sequence[int]) -> int:
    """Replace the cross-year findings of these agencies' reports; returns how many there now are."""
    reports = session.execute(
        select(
            CorpusReport.id, CorpusReport.agency_id, CorpusReport.year, CorpusReport.template, CorpusReport.agency_name
        )
        .where(CorpusReport.agency_id.in_(agency_ids))
        .order_by(CorpusReport.agency_id, CorpusReport.year, *PREFERRED_FIRST)
    ).all()
    all_ids = [r.id for r in reports]
    if all_ids:
        session.execute(
            delete(CorpusFinding).where(CorpusFinding.scope == "crossyear", CorpusFinding.report_id.in_(all_ids))
        )
    chosen: dict[tuple[int, int], Report] = {}
    ids: dict[tuple[int, int], int] = {}
    for row in reports:
        if row.year is not None and (row.agency_id, row.year) not in chosen:
            chosen[row.agency_id, row.year] = Report(template=row.template, agency=row.agency_name, year=row.year)
            ids[row.agency_id, row.year] = row.id
    _load_cells(session, {ids[k]: report for k, report in chosen.items()})
    rows = []
    for (agency_id, year), report in chosen.items():
        previous = chosen.get((agency_id, year - 1))
        if previous is None:
            continue
        for finding in check_against_previous(report, previous):
            rows.append(
                {
                    "report_id": ids[agency_id, year],
                    "scope": "crossyear",
                    "code": finding.code,
                    "severity": finding.severity,
                    "message": finding.message,
                    "cells": list(finding.cells),
                    "previous_report_id": ids[agency_id, year - 1],
                }
            )
    if rows:
        session.connection().execute(insert(CorpusFinding), rows)
    return len(rows)


def _load_cells(session: Session, reports: dict[int, Report]) -> None:
    ids = sorted(reports)
    for start in range(0, len(ids), 500):
        query = select(CorpusCell.report_id, CorpusCell.cell, CorpusCell.value).where(
            CorpusCell.report_id.in_(ids[start : start + 500]),
            or_(*(CorpusCell.cell.startswith(prefix) for prefix in _READ_PREFIXES)),
        )
        for report_id, cell, value in session.execute(query):
            reports[report_id].cells[cell] = stored_value(value)
