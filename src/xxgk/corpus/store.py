"""Writing read documents into the corpus tables, one batch per transaction.

A batch either lands whole or not at all: the document rows, their reports,
cells, findings and source paths, and the agencies whose cross-year findings
must be recomputed. A run killed at any moment therefore leaves only whole
documents behind, and the next run (which skips what is stored by content
hash) carries on where it stopped.

`store_report` writes a report that was not read from a file (one published
from the desk) through the same row writers, as one more document whose bytes
are the report's canonical JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, tuple_
from sqlalchemy.orm import Session

from xxgk.agency import agency_key, region_of
from xxgk.check import sort_findings
from xxgk.corpus.bulk import insert_rows
from xxgk.corpus.crossyear import recheck_agencies
from xxgk.corpus.work import PARSER_VERSION, CellRow, Parsed, printed_cells, result_hash
from xxgk.findings import Finding
from xxgk.now import now
from xxgk.report import Report, dumps
from xxgk.service import Outcome
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.corpus import (
    ORIGIN_DESK,
    ORIGIN_DOCUMENT,
    CorpusAgencyName,
    CorpusCell,
    CorpusDocument,
    CorpusFinding,
    CorpusReport,
    CorpusSource,
    CorpusStaleAgency,
)

# Rows per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500
# Longest agency name stored (the columns' length); a longer "name" is not an agency's title.
NAME_LENGTH = 200


@dataclass(slots=True)
class Tally:
    """What the writes did, document by document."""

    added: int = 0
    reparsed: int = 0
    changed: int = 0
    duplicates: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def write_batch(session: Session, batch: Sequence[Parsed], tally: Tally, *, new_agencies: bool = True) -> None:
    """Store `batch` in the session's transaction: new documents, re-read ones, and new paths.

    `new_agencies` False: a printed name matching no agency leaves its report without one."""
    stored = _documents_by_hash(session, {p.sha256 for p in batch})
    fresh: list[tuple[CorpusDocument, Parsed]] = []
    replaced: list[int] = []
    for parsed in batch:
        document = stored.get(parsed.sha256)
        if document is None:
            document = _new_document(
                parsed.sha256, parsed.size, parsed.result_hash, parsed.outcome.error, parsed.parser_version
            )
            session.add(document)
            stored[parsed.sha256] = document
            fresh.append((document, parsed))
            tally.added += 1
        elif document.parser_version == parsed.parser_version:
            tally.duplicates += 1
            continue
        else:
            tally.reparsed += 1
            document.parser_version = parsed.parser_version
            document.parsed_at = _now()
            replaced.append(document.id)  # re-checked across years even when unchanged
            if document.result_hash == parsed.result_hash:
                continue
            tally.changed += 1
            _delete_reports(session, [document.id])
            document.result_hash, document.error = parsed.result_hash, parsed.outcome.error
            fresh.append((document, parsed))
        if parsed.outcome.report is None:
            tally.unreadable.append((parsed.source, parsed.outcome.error or ""))
    session.flush()
    _mark_stale_by_documents(session, replaced)
    insert_reports(
        session,
        [
            NewReport(d.id, p.outcome.report, p.outcome.findings, p.cells)
            for d, p in fresh
            if p.outcome.report is not None
        ],
        new_agencies=new_agencies,
    )
    add_sources(session, [(stored[p.sha256].id, p.source) for p in batch])


def store_report(
    session: Session, report: Report, findings: Sequence[Finding], source: str, *, agency_id: int
) -> CorpusReport:
    """Store `report` (not read from a file: published from the desk) as `agency_id`'s report of its year.

    Its document is the report's canonical JSON, identified by SHA-256 like a
    file's bytes, so storing the same report again changes nothing. `source` is
    recorded as the document's path (a label such as 本系统报送). The agency's
    reports are re-checked across years in the same transaction.
    """
    data = dumps(report.to_dict()).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    outcome = Outcome(source, report, list(findings))
    document = _documents_by_hash(session, {digest}).get(digest)
    if document is None:
        document = _new_document(digest, len(data), result_hash(outcome), None)
        session.add(document)
        session.flush()
    stored = session.scalars(
        select(CorpusReport).where(CorpusReport.document_id == document.id, CorpusReport.origin == ORIGIN_DESK)
    ).one_or_none()
    if stored is None:
        _delete_reports(session, [document.id])  # none, unless these bytes were once ingested as an (unreadable) file
        document.result_hash, document.error, document.parser_version = result_hash(outcome), None, PARSER_VERSION
        new = NewReport(document.id, report, outcome.findings, printed_cells(report), agency_id, ORIGIN_DESK)
        stored = insert_reports(session, [new])[0]
        recheck_agencies(session, [agency_id])
        session.execute(delete(CorpusStaleAgency).where(CorpusStaleAgency.agency_id == agency_id))
    add_sources(session, [(document.id, source)])
    return stored


def add_sources(session: Session, pairs: Iterable[tuple[int, str]]) -> None:
    """Record the paths documents were found at, once each."""
    wanted = list(dict.fromkeys(pairs))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        query = select(CorpusSource.document_id, CorpusSource.path).where(
            tuple_(CorpusSource.document_id, CorpusSource.path).in_(chunk)
        )
        known = {(document_id, path) for document_id, path in session.execute(query)}
        rows = [{"document_id": d, "path": p} for d, p in chunk if (d, p) not in known]
        if rows:
            session.connection().execute(insert(CorpusSource), rows)


def _documents_by_hash(session: Session, hashes: set[str]) -> dict[str, CorpusDocument]:
    found: dict[str, CorpusDocument] = {}
    ordered = sorted(hashes)
    for start in range(0, len(ordered), CHUNK):
        query = select(CorpusDocument).where(CorpusDocument.sha256.in_(ordered[start : start + CHUNK]))
        found.update((d.sha256, d) for d in session.scalars(query))
    return found


def _new_document(
    sha256: str, size: int, fingerprint: str, error: str | None, parser_version: str = PARSER_VERSION
) -> CorpusDocument:
    return CorpusDocument(
        sha256=sha256,
        size=size,
        parser_version=parser_version,
        result_hash=fingerprint,
        error=error,
        parsed_at=_now(),
    )


def _now() -> datetime:
    return now().replace(tzinfo=None)


def remove_documents(session: Session, document_ids: list[int]) -> None:
    """Remove documents with their reports and paths (an upload refused after it was read)."""
    _delete_reports(session, document_ids)
    session.execute(delete(CorpusSource).where(CorpusSource.document_id.in_(document_ids)))
    session.execute(delete(CorpusDocument).where(CorpusDocument.id.in_(document_ids)))


def record_name(session: Session, agency_id: int, name: str) -> None:
    """Record `name` as a printed variant of the agency (a report placed by hand under it)."""
    if (
        not _fits(name, name)
        or session.scalars(select(CorpusAgencyName.id).where(CorpusAgencyName.name == name)).first()
    ):
        return
    session.add(CorpusAgencyName(agency_id=agency_id, name=name, region=region_of(name)))


def _delete_reports(session: Session, document_ids: list[int]) -> None:
    """Remove the reports of documents about to be rewritten, with everything hanging off them."""
    report_ids = list(session.scalars(select(CorpusReport.id).where(CorpusReport.document_id.in_(document_ids))))
    if not report_ids:
        return
    _mark_stale(session, session.scalars(select(CorpusReport.agency_id).where(CorpusReport.id.in_(report_ids))))
    session.execute(
        delete(CorpusFinding).where(
            or_(CorpusFinding.report_id.in_(report_ids), CorpusFinding.previous_report_id.in_(report_ids))
        )
    )
    session.execute(delete(CorpusCell).where(CorpusCell.report_id.in_(report_ids)))
    session.execute(delete(CorpusReport).where(CorpusReport.id.in_(report_ids)))


@dataclass(frozen=True, slots=True)
class NewReport:
    """A report to store for a stored document: its findings, the cells to write, and whose it is.

    `agency_id` None: the agency the printed name stands for (created if new,
    the name recorded as a variant); a report published from the desk names its
    agency instead.
    """

    document_id: int
    report: Report
    findings: Sequence[Finding]
    cells: Sequence[CellRow]
    agency_id: int | None = None
    origin: str = ORIGIN_DOCUMENT


def insert_reports(session: Session, new: Sequence[NewReport], *, new_agencies: bool = True) -> list[CorpusReport]:
    """Write the reports with their cells and findings, and mark their agencies for the cross-year pass."""
    names = _AgencyNames(session, [n.report.agency for n in new if n.agency_id is None], create=new_agencies)
    rows: list[CorpusReport] = []
    for item in new:
        report = item.report
        rows.append(
            CorpusReport(
                document_id=item.document_id,
                agency_id=item.agency_id if item.agency_id is not None else names.agency_id(report.agency),
                agency_name=report.agency[:NAME_LENGTH] if report.agency else None,
                year=report.year,
                template=report.template,
                published=report.published,
                text=dict(report.text),
                errors=sum(f.severity == "error" for f in item.findings),
                warnings=sum(f.severity == "warning" for f in item.findings),
                origin=item.origin,
            )
        )
    session.add_all(rows)
    session.flush()
    cells: list[tuple[int, str, float | None, str | None]] = []
    findings_rows: list[dict[str, Any]] = []
    for row, item in zip(rows, new, strict=True):
        cells += [(row.id, *cell) for cell in item.cells]
        findings_rows += [
            {
                "report_id": row.id,
                "scope": "report",
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "cells": list(f.cells),
                "previous_report_id": None,
            }
            for f in sort_findings(list(item.findings))
        ]
    # Core, not the ORM's bulk path, which costs more than the database for 200 cells a report.
    connection = session.connection()
    insert_rows(connection, CorpusCell, ("report_id", "cell", "value", "inferred"), cells)
    if findings_rows:
        connection.execute(insert(CorpusFinding), findings_rows)
    _mark_stale(session, (r.agency_id for r in rows))
    return rows


def _mark_stale_by_documents(session: Session, document_ids: list[int]) -> None:
    for start in range(0, len(document_ids), CHUNK):
        chunk = document_ids[start : start + CHUNK]
        _mark_stale(session, session.scalars(select(CorpusReport.agency_id).where(CorpusReport.document_id.in_(chunk))))


def _mark_stale(session: Session, agency_ids: Iterable[int | None]) -> None:
    wanted = sorted({a for a in agency_ids if a is not None})
    if not wanted:
        return
    known = set(session.scalars(select(CorpusStaleAgency.agency_id).where(CorpusStaleAgency.agency_id.in_(wanted))))
    rows = [{"agency_id": a} for a in wanted if a not in known]
    if rows:
        session.connection().execute(insert(CorpusStaleAgency), rows)


def _fits(name: str, key: str) -> bool:
    return len(name) <= NAME_LENGTH and len(key) <= NAME_LENGTH


class _AgencyNames:
    """Agency ids for the printed names of one batch, fetched and created together; new name variants recorded."""

    def __init__(self, session: Session, names: Iterable[str | None], *, create: bool = True) -> None:
        printed = {name: key for name in names if name and (key := agency_key(name)) and _fits(name, key)}
        by_key: dict[str, int] = {}
        keys = sorted(set(printed.values()))
        for start in range(0, len(keys), CHUNK):
            query = select(Agency.key, Agency.id).where(Agency.key.in_(keys[start : start + CHUNK]))
            by_key.update((key, agency_id) for key, agency_id in session.execute(query))
        for name, key in printed.items():
            if key not in by_key and create:
                by_key[key] = agency_for(session, name).id
        self.ids = {name: by_key[key] for name, key in printed.items() if key in by_key}
        known = set(session.scalars(select(CorpusAgencyName.name).where(CorpusAgencyName.name.in_(sorted(printed)))))
        rows = [
            {"agency_id": self.ids[name], "name": name, "region": region_of(name)}
            for name in sorted(self.ids)
            if name not in known
        ]
        if rows:
            session.connection().execute(insert(CorpusAgencyName), rows)

    def agency_id(self, name: str | None) -> int | None:
        return self.ids.get(name) if name else None
