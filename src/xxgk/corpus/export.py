"""Exports of the corpus for the tools people analyse with: CSV, Excel, Parquet.

Two layouts: `long`, one row per cell (agency, year, template, cell id, label,
value, whether it was inferred and why), and `wide`, one row per report with a
column per cell id. CSV is UTF-8 with a byte-order mark, which Excel needs to
show Chinese; whole numbers are written without a decimal point. An Excel sheet
holds at most 1,048,576 rows, so a long export larger than that continues on
further sheets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import polars as pl
import polars.selectors as cs
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xxgk.corpus.agencies import in_region
from xxgk.corpus.labels import cell_label
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusCell, CorpusDocument, CorpusReport, CorpusSource
from xxgk.template import TEMPLATES

SHEET_ROWS = 1_000_000
REPORT_COLUMNS = ("agency", "printed_name", "year", "template", "published", "source", "sha256", "errors", "warnings")


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


class Layout(StrEnum):
    long = "long"
    wide = "wide"


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
) -> Exported:
    """Write the reports (of `year`, of `region`) to `path` in `fmt` and `layout`."""
    frame = long_frame(session, year=year, region=region)
    reports = frame["report_id"].n_unique() if frame.height else 0
    table = wide_frame(frame) if layout is Layout.wide else frame.drop("report_id", "position")
    _write(table, path, fmt, layout)
    return Exported(path, table.height, reports)


def long_frame(session: Session, *, year: int | None = None, region: str | None = None) -> pl.DataFrame:
    """One row per stored cell, in agency, year and template order."""
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
    )
    if year is not None:
        query = query.where(CorpusReport.year == year)
    if region:
        query = query.where(CorpusReport.agency_id.in_(in_region(select(Agency.id), region)))
    frame = pl.read_database(query, session.connection(), schema_overrides=_SCHEMA, infer_schema_length=None)
    if frame.is_empty():
        frame = pl.DataFrame(schema=_SCHEMA)
    return (
        frame.join(_labels(), on=["template", "cell"], how="left")
        .with_columns(inferred=pl.col("inferred_reason").is_not_null())
        .sort(["agency", "year", "report_id", "position"], nulls_last=True)
        .select("report_id", *REPORT_COLUMNS, "cell", "label", "value", "inferred", "inferred_reason", "position")
    )


def wide_frame(long: pl.DataFrame) -> pl.DataFrame:
    """One row per report, a column per cell id (both templates' cells, in template order)."""
    order = list(dict.fromkeys(c for key in ("2021", "2019") for c in TEMPLATES[key].cell_ids()))
    if long.is_empty():
        return pl.DataFrame(schema={**{c: long.schema[c] for c in REPORT_COLUMNS}, **dict.fromkeys(order, pl.Float64)})
    wide = long.pivot(on="cell", index=["report_id", *REPORT_COLUMNS], values="value", aggregate_function="first")
    missing = [pl.lit(None, dtype=pl.Float64).alias(c) for c in order if c not in wide.columns]
    return wide.with_columns(missing).select(*REPORT_COLUMNS, *order)


_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.Int64(),
    "agency": pl.String(),
    "printed_name": pl.String(),
    "year": pl.Int64(),
    "template": pl.String(),
    "published": pl.String(),
    "source": pl.String(),
    "sha256": pl.String(),
    "errors": pl.Int64(),
    "warnings": pl.Int64(),
    "cell": pl.String(),
    "value": pl.Float64(),
    "inferred_reason": pl.String(),
}


def _labels() -> pl.DataFrame:
    rows = [
        (key, cell, cell_label(template, cell), position)
        for key, template in TEMPLATES.items()
        for position, cell in enumerate(template.cell_ids())
    ]
    return pl.DataFrame(
        rows, schema={"template": pl.String, "cell": pl.String, "label": pl.String, "position": pl.Int64}, orient="row"
    )


def write_frame(frame: pl.DataFrame, path: Path, fmt: ExportFormat, layout: Layout) -> None:
    """Write a frame the caller has already cut (the web console: to the agencies a user may see)."""
    _write(frame, path, fmt, layout)


def _write(frame: pl.DataFrame, path: Path, fmt: ExportFormat, layout: Layout) -> None:
    if fmt is ExportFormat.parquet:
        frame.write_parquet(path)
    elif fmt is ExportFormat.csv:
        _plain_numbers(frame).write_csv(path, include_bom=True)
    else:
        _write_xlsx(frame, path, "单元格" if layout is Layout.long else "报告")


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


def _write_xlsx(frame: pl.DataFrame, path: Path, sheet: str) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as workbook:
        parts = max(1, -(-frame.height // SHEET_ROWS))
        for index in range(parts):
            name = sheet if parts == 1 else f"{sheet}{index + 1}"
            part = frame.slice(index * SHEET_ROWS, SHEET_ROWS)
            part.write_excel(workbook, worksheet=name, column_formats={cs.float(): "General"})
