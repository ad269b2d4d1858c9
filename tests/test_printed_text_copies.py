"""Reports a supervisor printed from the browser and copied with pdftotext: numbers away from their rows.

pdftotext without -layout copies a Chromium PDF of a report page block by block: a row's
first numbers after its name, one a line, and the page's other columns after the table's
last row, after a column header, or after the next heading; a wrapped name's lines around
its numbers; two rows' numbers one after the other. What a user needs: no number read
into a row or column it was not printed in, and no blank cell placed as 0 when the row's
other numbers are printed elsewhere; what the copy leaves open stays unread, and the report
says it was not fully read.

Measured on the independent corpus's Chromium PDFs, copied with poppler's pdftotext
(`independent.viewer.printed_text_copies`), against the truth of those PDFs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from independent.corpus import Corpus, load_or_build
from independent.scoring import DocumentScore, by_layout, score_copies
from independent.viewer import printed_text_copies
from xxgk.service import check_file

PLAIN = "chromium-pdftotext"
LAID_OUT = "chromium-pdftotext-layout"
# Measured 2026-12-08 (seed 20261201, Debian's poppler): a floor for the cells right (%) of the
# plain copy. Cells whose numbers the copy prints away from their rows stay unread (74.9 % before,
# with 85 of them read wrong).
LEVEL = 70.0
# The same for the -layout copy (95.0 % when its rows wrapped over two lines raised false alarms;
# 94.4 % since short rows whose numbers stand near two orders of columns stay unread, 5 wrong values
# before). And a ceiling on its wrong values: chromium-pdf-000's garbled label "5.务信息 属于三类内部事"
# leaves its numbers to the blank row after it (2 cells).
LAID_OUT_LEVEL = 94.4
LAID_OUT_WRONG = 2


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> list[DocumentScore]:
    corpus: Corpus = load_or_build()
    folder = tmp_path_factory.mktemp("printed-text-copies")
    pairs = printed_text_copies(corpus, folder)
    return score_copies(pairs, check_file)


@pytest.fixture(scope="module")
def copies(both: list[DocumentScore]) -> list[DocumentScore]:
    """The plain copies (pdftotext without -layout)."""
    return [s for s in both if s.layout == PLAIN]


@pytest.fixture(scope="module")
def laid_out(both: list[DocumentScore]) -> list[DocumentScore]:
    """The -layout copies: numbers kept apart by runs of spaces, a wrapped label's numbers at times on
    its second line."""
    return [s for s in both if s.layout == LAID_OUT]


def test_a_printed_page_copied_by_pdftotext_never_reads_a_number_into_another_cell(
    copies: list[DocumentScore],
) -> None:
    wrong = {s.name: s.wrong[:3] for s in copies if s.wrong}
    assert wrong == {}


def test_a_printed_page_copied_by_pdftotext_raises_no_false_alarm_and_catches_every_injected_error(
    copies: list[DocumentScore],
) -> None:
    assert [s.name for s in copies if s.false_alarm] == []
    assert [s.name for s in copies if s.injected and not s.caught] == []


def test_a_printed_page_copied_by_pdftotext_not_fully_read_says_so(copies: list[DocumentScore]) -> None:
    """A report with cells left open never shows as read: it carries the finding that says how much was."""
    open_but_silent = [s.name for s in copies if s.missed and "PARSE_INCOMPLETE" not in s.error_codes]
    assert open_but_silent == []


def test_a_printed_page_copied_by_pdftotext_reads_its_cells_at_todays_level(copies: list[DocumentScore]) -> None:
    line = by_layout(copies)[PLAIN]
    assert line.documents >= 40
    assert line.right_percent >= LEVEL, f"{line.right}/{line.cells}"


def test_a_printed_page_copied_by_pdftotext_layout_raises_no_false_alarm_and_catches_every_injected_error(
    laid_out: list[DocumentScore],
) -> None:
    """A row whose numbers the copy splits over its label's two lines is never summed as blank cells."""
    assert [s.name for s in laid_out if s.false_alarm] == []
    assert [s.name for s in laid_out if s.injected and not s.caught] == []


def test_a_printed_page_copied_by_pdftotext_layout_not_fully_read_says_so(laid_out: list[DocumentScore]) -> None:
    open_but_silent = [s.name for s in laid_out if s.missed and "PARSE_INCOMPLETE" not in s.error_codes]
    assert open_but_silent == []


def test_a_printed_page_copied_by_pdftotext_layout_reads_its_cells_at_todays_level(
    laid_out: list[DocumentScore],
) -> None:
    line = by_layout(laid_out)[LAID_OUT]
    assert line.documents >= 40
    assert line.right_percent >= LAID_OUT_LEVEL, f"{line.right}/{line.cells}"
    assert line.wrong <= LAID_OUT_WRONG, {s.name: s.wrong[:3] for s in laid_out if s.wrong}


COPY = Path(__file__).parent / "data" / "copies" / "browser-print-pdftotext.txt"


def test_numbers_before_a_name_set_beside_a_group_caption_are_no_rows_until_told() -> None:
    """ "3.危及“三安全一稳 / 定” / 1 / 1 / 1 / 3 / （三）不 4.保护第三方合法权 / 益 / 予公开 5.…": the
    numbers are row 4's (its name printed after them, beside the caption), or row 3's; neither is read."""
    truth = json.loads(COPY.with_suffix(".truth.json").read_text(encoding="utf-8"))
    outcome = check_file(COPY)
    assert outcome.report is not None
    cells = outcome.report.cells
    for row in ("withheld_security_stability", "withheld_third_party"):
        assert all(v is None for c, v in cells.items() if c.startswith(f"applications.{row}."))
    wrong = {
        c: (truth["printed"][c], v)
        for c, v in cells.items()
        if v is not None and v != truth["printed"][c] and not (truth["printed"][c] is None and v == truth["values"][c])
    }
    assert wrong == {}
    codes = {f.code for f in outcome.findings if f.severity == "error"}
    assert codes == {"PARSE_INCOMPLETE"}
