"""Reports made by a word processor: the official blank form filled with python-docx and exported
by LibreOffice to PDF, HTML and XHTML, read back cell by cell.

What the parser is shown here comes from real tools, not from the code that parses it: the
State Council office's own form (merged header cells), LibreOffice's page layout (labels
wrapped in a narrow column, values at the top of tall cells, tables over several pages with
their header repeated, a row split by a page break). Zero printed as an empty cell must come
back as null in its own column (never a neighbour's value), a thousands separator as the
number, every other cell as printed.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from wordproc import Style, converted, filled_report, printed, write_form
from xxgk.extract import extract_report
from xxgk.read import read_bytes
from xxgk.report import Report

CASES: dict[str, tuple[int, Style]] = {
    "plain": (1, Style()),
    "blank-zero": (2, Style(blank_zero=True)),
    "narrow-thousands-long": (3, Style(thousands=True, narrow_labels=True, long_prose=True)),
    "everything": (4, Style(blank_zero=True, thousands=True, narrow_labels=True, long_prose=True)),
    "repeated-header-blank": (5, Style(narrow_labels=True, long_prose=True, repeat_header=True, blank_zero=True)),
    "repeated-header-split-row": (6, Style(narrow_labels=True, repeat_header=True, thousands=True)),
}
FORMATS = ("docx", "pdf", "html", "xhtml")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """format → case → the document's bytes (LibreOffice runs once per format for all cases)."""
    forms = {name: write_form(filled_report(seed), style) for name, (seed, style) in CASES.items()}
    workdir: Path = tmp_path_factory.mktemp("wordproc")
    out = {"docx": forms}
    for target in FORMATS[1:]:
        out[target] = converted(forms, target, workdir)
    return out


def expected_cells(report: Report, style: Style) -> dict[str, object]:
    """What the form prints for each cell: null where it is left blank."""
    return {
        cell: (None if printed(value, style) == "" else value)
        for cell, value in report.cells.items()
        if not cell.startswith("applications.other_handling.")
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_every_cell_reads_back_as_printed(documents: dict[str, dict[str, bytes]], fmt: str, case: str) -> None:
    seed, style = CASES[case]
    report = filled_report(seed)
    extraction = extract_report(read_bytes(documents[fmt][case], f"{case}.{fmt}"))
    got = extraction.report
    wrong = {
        cell: (want, got.cells.get(cell))
        for cell, want in expected_cells(report, style).items()
        if got.cells.get(cell) != want
    }
    assert wrong == {}
    assert got.inferred == {}
    codes = {finding.code for finding in extraction.findings}
    assert not codes & {"PARSE_MISSING_CELLS", "PARSE_ROW_NOT_FOUND", "PARSE_TABLE_NOT_FOUND", "PARSE_AMBIGUOUS"}


def test_the_cases_cover_blank_cells_separators_and_page_breaks(documents: dict[str, dict[str, bytes]]) -> None:
    """The generated documents have what the tests claim: blanks, "1,234" numbers, tables over pages."""
    seed, style = CASES["everything"]
    expected = expected_cells(filled_report(seed), style)
    assert sum(value is None for value in expected.values()) >= 20
    text = "\n".join(read_bytes(documents["pdf"]["everything"], "x.pdf").lines())
    assert any(f"{value:,}" in text for value in expected.values() if isinstance(value, int) and value >= 1000)
    pdf = documents["pdf"]["repeated-header-blank"]
    pages = pdfium.PdfDocument(pdf)
    headers = sum(pages[i].get_textpage().get_text_bounded().count("申请人情况") for i in range(len(pages)))
    assert headers >= 2, "table 三 should continue over pages with its header repeated"
    tables = read_bytes(pdf, "x.pdf").tables()
    assert sum(cell.text == "申请人情况" for table in tables for cell in table.cells) == 1
