"""Helpers for corpus tests: small generated corpora and a comparable snapshot of a store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from reports import consistent_report, row_per_line_text
from xxgk.report import Report
from xxgk.store import open_database
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusCell, CorpusDocument, CorpusFinding, CorpusReport, CorpusSource
from xxgk.synth import sample

MIXED = ("cell_per_line_tabs", "html", "pipes", "row_per_line", "cell_per_line_blank", "docx")


def write_generated(folder: Path, count: int, seed: int = 5, layouts: tuple[str, ...] = MIXED) -> list[Path]:
    """`count` generated documents cycling through `layouts`."""
    folder.mkdir(parents=True, exist_ok=True)
    return [sample(layouts[i % len(layouts)], seed, i).write(folder) for i in range(count)]


def write_report(path: Path, report: Report, overrides: dict[str, str] | None = None) -> Path:
    """The report as row-per-line text; `overrides` as in `row_per_line_text`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(row_per_line_text(report, overrides), encoding="utf-8")
    return path


def yearly(agency: str, year: int, **cells: int) -> Report:
    """A consistent report of `agency` for `year`, with some table 三 cells changed consistently.

    Each keyword is `row__column=value` for table 三; new_received is adjusted so rule R1 still holds.
    """
    report = consistent_report("2021")
    report.agency, report.year = agency, year
    for name, value in cells.items():
        row, column = name.split("__")
        cell = f"applications.{row}.{column}"
        delta = value - (report.cells[cell] or 0)
        report.cells[cell] = value
        report.cells[f"applications.{row}.total"] = (report.cells[f"applications.{row}.total"] or 0) + delta
        if row == "carried_over":
            for key in (f"applications.new_received.{column}", "applications.new_received.total"):
                report.cells[key] = (report.cells[key] or 0) - delta
    return report


def snapshot(url: str) -> dict[str, Any]:
    """Everything stored about each document's content, keyed by hash, ids left out."""
    db = open_database(url)
    out: dict[str, Any] = {}
    with db.sessions() as session:
        agencies = {k: v for k, v in session.execute(select(Agency.id, Agency.key))}
        documents = {k: v for k, v in session.execute(select(CorpusDocument.id, CorpusDocument.sha256))}
        reports = {r.id: r for r in session.scalars(select(CorpusReport))}
        cells: dict[int, list[tuple[str, float | None, str | None]]] = {}
        for c in session.scalars(select(CorpusCell)):
            cells.setdefault(c.report_id, []).append((c.cell, c.value, c.inferred))
        findings: dict[int, list[tuple[str, str, str]]] = {}
        for f in session.scalars(select(CorpusFinding)):
            findings.setdefault(f.report_id, []).append((f.scope, f.code, f.message))
        sources: dict[int, list[str]] = {}
        for s in session.scalars(select(CorpusSource)):
            sources.setdefault(s.document_id, []).append(s.path)
        for doc in session.scalars(select(CorpusDocument)):
            out[doc.sha256] = {"error": doc.error, "sources": sorted(sources.get(doc.id, []))}
        for r in reports.values():
            out[documents[r.document_id]].update(
                agency=agencies.get(r.agency_id) if r.agency_id else None,
                year=r.year,
                template=r.template,
                cells=sorted(cells.get(r.id, []), key=lambda c: c[0]),
                findings=sorted(findings.get(r.id, [])),
            )
    db.engine.dispose()
    return out


def outcomes(
    agency: str, year: int, granted: int, partially: int = 0, not_held: int = 0, template: str = "2021"
) -> Report:
    """A consistent report whose applications (natural persons only) end as given, none carried over or forward."""
    report = consistent_report(template)
    report.agency, report.year = agency, year
    for cell in list(report.cells):
        if cell.startswith("applications."):
            report.cells[cell] = 0
    processed = granted + partially + not_held
    for row, value in (
        ("granted", granted),
        ("partially_granted", partially),
        ("unavailable_not_held", not_held),
        ("total_processed", processed),
        ("new_received", processed),
    ):
        report.cells[f"applications.{row}.natural_person"] = value
        report.cells[f"applications.{row}.total"] = value
    return report
