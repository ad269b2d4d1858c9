"""Export formats and layouts, apart from the exporter so that naming them does not load polars."""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


class Layout(StrEnum):
    """`long`: one row per cell; `wide`: one row per report, cell ids as headers; `reports`: the console's
    export a supervisor hands on (one row per report under the template's Chinese labels, with the findings
    and the metrics' definitions as further sheets of an XLSX)."""

    long = "long"
    wide = "wide"
    reports = "reports"
