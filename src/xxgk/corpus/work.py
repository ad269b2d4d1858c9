"""What a worker does with documents: parse and check them, and fingerprint the result.

This runs in worker processes, local or on a Dask cluster, so it takes the
documents' bytes (no shared file system needed) and returns plain picklable
values. The fingerprint (`result_hash`) lets the main process tell whether a
newer parser changed anything about a document it had already stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from xxgk.corpus.version import parser_version
from xxgk.report import Report, dumps
from xxgk.service import Outcome, check_bytes

# Which parser read a document (derived from the reading code). Documents read by another version are read again.
PARSER_VERSION = parser_version()


@dataclass(frozen=True, slots=True)
class Job:
    """One document to read: where it was found, its bytes and their SHA-256."""

    source: str
    sha256: str
    data: bytes


# A stored cell: id, value (None = blank), inference reason (None = read as printed).
CellRow = tuple[str, float | None, str | None]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document read: its outcome, the cells to store, the parser version and the result's fingerprint."""

    source: str
    sha256: str
    size: int
    outcome: Outcome
    parser_version: str
    result_hash: str
    cells: list[CellRow]


def read_jobs(jobs: list[Job]) -> list[Parsed]:
    """Parse and check each document (a task is a few documents, to keep per-task overhead low)."""
    return [read_job(job) for job in jobs]


def read_job(job: Job) -> Parsed:
    outcome = check_bytes(job.data, job.source)
    cells = printed_cells(outcome.report) if outcome.report else []
    return Parsed(job.source, job.sha256, len(job.data), outcome, PARSER_VERSION, result_hash(outcome), cells)


def printed_cells(report: Report) -> list[CellRow]:
    """Every cell of the rows the document prints, blank ones included (done here to spare the writer)."""
    out: list[CellRow] = []
    for table in report.spec.tables:
        for key in report.printed_rows(table.key):
            for cell in table.row(key).cell_ids(table.key):
                value = report.cells.get(cell)
                out.append((cell, None if value is None else float(value), report.inferred.get(cell)))
    return out


def result_hash(outcome: Outcome) -> str:
    """SHA-256 of everything stored about a document's content: report, inference reasons, findings, error."""
    payload = outcome.check_json()
    del payload["source"]
    payload["reasons"] = outcome.report.inferred if outcome.report else None
    payload["error"] = outcome.error
    return hashlib.sha256(dumps(payload).encode()).hexdigest()
