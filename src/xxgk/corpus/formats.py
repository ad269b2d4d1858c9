"""Export formats and layouts, apart from the exporter so that naming them does not load polars."""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


class Layout(StrEnum):
    """`long`: one row per cell; `wide`: one row per report."""

    long = "long"
    wide = "wide"
