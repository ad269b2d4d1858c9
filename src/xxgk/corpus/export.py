"""Exports of the corpus for the tools people analyse with: CSV, Excel, Parquet.

Two layouts: `long`, one row per cell (agency, year, template, source, cell id,
label, value, whether it was inferred and why), and `wide`, one row per report
with its metadata and a column per cell id. CSV is UTF-8 with a byte-order mark,
which Excel needs to show Chinese; whole numbers are written without a decimal
point. An Excel sheet holds at most 1,048,576 rows, so a longer export
continues on further sheets.

The reports are read and written a batch at a time, so memory does not grow with
the corpus: CSV and Excel are appended to, Parquet is written in parts that
polars' streaming engine joins into the one file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xxgk.corpus.agencies import PREFERRED_FIRST, in_region
from xxgk.corpus.formats import ExportFormat, Layout
from xxgk.corpus.labels import cell_label
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusCell, CorpusDocument, CorpusReport, CorpusSource
from xxgk.template import TEMPLATES

REPORTS_PER_BATCH = 250
SHEET_ROWS = 1_000_000
REPORT_COLUMNS = ("agency", "printed_name", "year", "template", "published", "source", "sha256", "errors", "warnings")
LONG_COLUMNS = ("agency", "year", "template", "source", "cell", "label", "value", "inferred", "inferred_reason")
# Every cell id of both templates, 2021's order first, then the cells only 2019 has.
CELL_ORDER = tuple(dict.fromkeys(c for key in ("2021", "2019") for c in TEMPLATES[key].cell_ids()))

Write = Callable[[pl.DataFrame], None]


@dataclass(frozen=True, slots=True)
class Exported:
    """Where the export went and how many rows (and reports) it holds."""

    path: Path
    rows: int
    reports: int


def export_corpus(
    session: Session,
    path: Path,
    fmt: ExportFormat,
    layout: Layout,
    *,
    year: int | None = None,
    region: str | None = None,
    agencies: Collection[int] | None = None,
) -> Exported:
    """Write the reports (of `year`, of `region`, of `agencies` when given) to `path` in `fmt` and `layout`."""
    ids = list(session.scalars(_reports(year, region, agencies)))
    rows = 0
    with _writer(fmt, path, "单元格" if layout is Layout.long else "报告") as write:
        for start in range(0, max(len(ids), 1), REPORTS_PER_BATCH):
            long = long_frame(session, ids[start : start + REPORTS_PER_BATCH])
            table = wide_frame(long) if layout is Layout.wide else long.select(LONG_COLUMNS)
            write(table)
            rows += table.height
    return Exported(path, rows, len(ids))


def _reports(year: int | None, region: str | None, agencies: Collection[int] | None = None) -> Select[int]:
    """Ids of the reports to export, by agency and year, the one that counts for the year first."""
    query = (
        select(CorpusReport.id)
        .join(Agency, Agency.id == CorpusReport.agency_id, isouter=True)
        .order_by(func.coalesce(Agency.name, CorpusReport.agency_name), CorpusReport.year, *PREFERRED_FIRST)
    )
    if year is not None:
        query = query.where(CorpusReport.year == year)
    if region:
        query = query.where(CorpusReport.agency_id.in_(in_region(select(Agency.id), region)))
    if agencies is not None:
        query = query.where(CorpusReport.agency_id.in_(list(agencies)))
    return query


def long_frame(session: Session, report_ids: list[int]) -> pl.DataFrame:
    """One row per stored cell of these reports, in the order of `report_ids` and of the template."""
    first_source = (
        select(CorpusSource.document_id, func.min(CorpusSource.path).label("source"))
        .group_by(CorpusSource.document_id)
        .subquery()
    )
    query = (
        select(
            CorpusReport.id.label("report_id"),
            func.coalesce(Agency.name, CorpusReport.agency_name).label("agency"),
            CorpusReport.agency_name.label("printed_name"),
            CorpusReport.year,
            CorpusReport.template,
            CorpusReport.published,
            first_source.c.source,
            CorpusDocument.sha256,
            CorpusReport.errors,
            CorpusReport.warnings,
            CorpusCell.cell,
            CorpusCell.value,
            CorpusCell.inferred.label("inferred_reason"),
        )
        .join(CorpusCell, CorpusCell.report_id == CorpusReport.id)
        .join(CorpusDocument, CorpusDocument.id == CorpusReport.document_id)
        .join(first_source, first_source.c.document_id == CorpusReport.document_id, isouter=True)
        .join(Agency, Agency.id == CorpusReport.agency_id, isouter=True)
        .where(CorpusReport.id.in_(report_ids))
    )
    rows = [tuple(row) for row in session.execute(query)] if report_ids else []
    frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
    order = pl.DataFrame({"report_id": report_ids, "report_order": range(len(report_ids))}, schema=_ORDER)
    return (
        frame.join(order, on="report_id")
        .join(_LABELS, on=["template", "cell"], how="left")
        .with_columns(inferred=pl.col("inferred_reason").is_not_null())
        .sort(["report_order", "position"])
    )


def wide_frame(long: pl.DataFrame) -> pl.DataFrame:
    """One row per report, a column per cell id of both templates (blank where a report has no such cell)."""
    reports = long.select("report_order", *REPORT_COLUMNS).unique("report_order").sort("report_order")
    if long.is_empty():
        values = pl.DataFrame(schema={"report_order": pl.Int64})
    else:
        values = long.pivot(on="cell", index="report_order", values="value", aggregate_function="first")
    missing = [pl.lit(None, dtype=pl.Float64).alias(c) for c in CELL_ORDER if c not in values.columns]
    return reports.join(values.with_columns(missing), on="report_order").select(*REPORT_COLUMNS, *CELL_ORDER)


_SCHEMA: dict[str, Any] = {
    "report_id": pl.Int64,
    "agency": pl.String,
    "printed_name": pl.String,
    "year": pl.Int64,
    "template": pl.String,
    "published": pl.String,
    "source": pl.String,
    "sha256": pl.String,
    "errors": pl.Int64,
    "warnings": pl.Int64,
    "cell": pl.String,
    "value": pl.Float64,
    "inferred_reason": pl.String,
}
_ORDER: dict[str, Any] = {"report_id": pl.Int64, "report_order": pl.Int64}
_LABELS = pl.DataFrame(
    [
        (key, cell, cell_label(template, cell), position)
        for key, template in TEMPLATES.items()
        for position, cell in enumerate(template.cell_ids())
    ],
    schema={"template": pl.String, "cell": pl.String, "label": pl.String, "position": pl.Int64},
    orient="row",
)


@contextmanager
def _writer(fmt: ExportFormat, path: Path, sheet: str) -> Iterator[Write]:
    if fmt is ExportFormat.csv:
        with path.open("wb") as handle:
            yield _csv_appender(handle)
    elif fmt is ExportFormat.parquet:
        with _parquet_parts(path) as write:
            yield write
    else:
        with _xlsx_rows(path, sheet) as write:
            yield write


def _csv_appender(handle: BinaryIO) -> Write:
    first = True

    def write(frame: pl.DataFrame) -> None:
        nonlocal first
        _plain_numbers(frame).write_csv(handle, include_header=first, include_bom=first)
        first = False

    return write


def _plain_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    """Float columns as text, whole numbers without ".0" (769, not 769.0; 12.5 stays 12.5)."""
    floats = [name for name, dtype in frame.schema.items() if dtype == pl.Float64]
    return frame.with_columns(
        pl.when(pl.col(name) == pl.col(name).floor())
        .then(pl.col(name).cast(pl.Int64).cast(pl.String))
        .otherwise(pl.col(name).cast(pl.String))
        .alias(name)
        for name in floats
    )


@contextmanager
def _parquet_parts(path: Path) -> Iterator[Write]:
    parts = Path(tempfile.mkdtemp(prefix=".xxgk-export-", dir=path.parent))
    written: list[Path] = []

    def write(frame: pl.DataFrame) -> None:
        if frame.height or not written:
            written.append(parts / f"{len(written):06d}.parquet")
            frame.write_parquet(written[-1])

    try:
        yield write
        pl.scan_parquet(written).sink_parquet(path)
    finally:
        shutil.rmtree(parts, ignore_errors=True)


@contextmanager
def _xlsx_rows(path: Path, sheet: str) -> Iterator[Write]:
    import xlsxwriter

    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as workbook:
        yield _Sheets(workbook, sheet).write


class _Sheets:
    """Rows appended to a workbook written as it goes, a new sheet (with the header) every SHEET_ROWS rows."""

    def __init__(self, workbook: Any, name: str) -> None:
        self.workbook = workbook
        self.name = name
        self.sheets = 0
        self.sheet: Any = None
        self.row = 0

    def write(self, frame: pl.DataFrame) -> None:
        if self.sheet is None:
            self._next_sheet(frame.columns)
        for values in frame.iter_rows():
            if self.row > SHEET_ROWS:
                self._next_sheet(frame.columns)
            self.sheet.write_row(self.row, 0, values)
            self.row += 1

    def _next_sheet(self, header: list[str]) -> None:
        self.sheets += 1
        self.sheet = self.workbook.add_worksheet(self.name if self.sheets == 1 else f"{self.name}{self.sheets}")
        self.sheet.write_row(0, 0, header)
        self.row = 1
