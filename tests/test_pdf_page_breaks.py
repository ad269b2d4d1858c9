"""A table 二 printed by Chromium with its page break in every place: after a header row, an all-blank
data row on the next page is a row of its own, never the rest of the header row.

The page is written by the independent corpus's site writer (tests/independent), a 2019 report whose
rows under each 信息内容 header row print nothing (zero left blank); a spacer of growing height before
the table moves the page break through it, row by row.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from independent.convert import print_with_chromium
from independent.corpus import plan
from independent.document import build_page
from independent.scoring import score
from independent.values import Truth
from independent.writers import write_site_html
from xxgk.service import check_file

# Rows that follow a 信息内容 header row in the 2019 table 二, printed all blank.
BLANK_ROWS = ("regulations", "licensing", "punishment", "fees", "procurement")
SPACERS = range(180, 400, 12)


def _truth() -> Truth:
    truth = next(t for t in plan(counts={"site-html": 12}) if t.template == "2019" and t.injected is None)
    truth.style.blank_zeros, truth.style.repeat_header, truth.style.thousands = "all", True, False
    for cell in list(truth.values):
        if cell.startswith("active.") and cell.split(".")[1] in BLANK_ROWS:
            truth.values[cell], truth.printed[cell] = 0, None
        elif truth.values[cell] == 0:
            truth.printed[cell] = None
    return truth


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Truth, list[Path]]:
    folder = tmp_path_factory.mktemp("page-breaks")
    truth = _truth()
    source = folder / "page.html"
    write_site_html(build_page(truth), source, truth.seed, truth.agency)
    page = source.read_text(encoding="utf-8")
    jobs = []
    for height in SPACERS:
        variant = folder / f"spacer-{height}.html"
        marker = '<p class="h">二、'
        assert marker in page
        variant.write_text(page.replace(marker, f'<div style="height:{height}px"></div>{marker}', 1), "utf-8")
        jobs.append((variant, folder / f"spacer-{height}.pdf"))
    print_with_chromium(jobs)
    return truth, [pdf for _, pdf in jobs]


def _breaks_after_a_header_row(pdf: Path) -> bool:
    """Some page ends with a 信息内容 header row of table 二 (the next page starts with a blank row)."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    for text in pages.stdout.split("\f")[:-1]:
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and "信息内容" in lines[-1] and "三、收到" not in text:
            return True
    return False


def test_every_page_break_through_table_2_reads_every_row(printed: tuple[Truth, list[Path]]) -> None:
    truth, pdfs = printed
    problems = []
    for pdf in pdfs:
        outcome = check_file(pdf)
        result = score(truth, outcome.report, outcome.findings, outcome.error)
        codes = {f.code for f in outcome.findings}
        if not result.exact or {"PARSE_ROW_NOT_FOUND", "PARSE_INCOMPLETE"} & codes:
            problems.append(f"{pdf.name}: {result.problem()} {sorted(codes)}")
    assert not problems, "\n".join(problems)


def test_the_spacers_put_a_page_break_right_under_a_header_row(printed: tuple[Truth, list[Path]]) -> None:
    _, pdfs = printed
    assert sum(_breaks_after_a_header_row(pdf) for pdf in pdfs) >= 2
