"""Rows of table 三 laid out as `pdftotext -layout` prints them, for tests written by hand, and what
such a text extracts to."""

from __future__ import annotations

from xxgk.check import check_report
from xxgk.extract import Extraction, extract_report
from xxgk.read.text import read_text

# Table 三's columns, left to right.
APPLICANT_FIELDS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")

# The middle of each value column of table 三 (自然人 … 总计), in characters from the line's start.
MIDDLES = (30, 38, 46, 54, 62, 70, 78)


def laid_out_row(label: str, cells: list[str], shift: int = 0) -> str:
    """`label` and its `cells` centred under MIDDLES (`shift` characters right of them; "" is blank)."""
    line = label
    for middle, cell in zip(MIDDLES, cells, strict=True):
        if cell:
            line = line.ljust(middle + shift - len(cell) // 2) + cell
    return line


def extracted(text: str) -> Extraction:
    """`text` read as a report.txt and extracted."""
    return extract_report(read_text(text.encode("utf-8"), "report.txt"))


def error_codes(extraction: Extraction) -> list[str]:
    """The error findings of extraction and checks, by code."""
    findings = extraction.findings + check_report(extraction.report, unread=extraction.unread)
    return sorted({f.code for f in findings if f.severity == "error"})


def applications_row(extraction: Extraction, row: str) -> list[object]:
    """Table 三's row `row`, its cells left to right."""
    return [extraction.report.cells[f"applications.{row}.{field}"] for field in APPLICANT_FIELDS]
