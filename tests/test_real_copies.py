"""Copies of a real published report made by real tools, read back cell by cell against its gold.

shanghai-office-2019.html (tests/data/realworld-extra) prints zero as an empty cell
throughout and leaves the 总计 column blank. A user meets it as whatever their tools made
of the page: LibreOffice's DOCX and the PDF exported from it, the PDF Chromium's
`--print-to-pdf` prints (with its page header and footer: date, title, URL, page numbers),
and the text pdftotext copies out of the PDF. Chromium's own header carries the wall-clock
time of printing, so the same page is also printed through Playwright with header and
footer templates fixing a print stamp ("12/2/26, 10:40 AM": its digits once became values
of an empty table row) and page counters, and once without them. Each copy is scored against the gold: a
wrong value is never acceptable; cells right must not fall below the level measured for
that copy; a copy not fully read must say so with the not-fully-read error.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from browser_print import STAMP_EN, STAMP_ZH, print_pages, running_templates, templates
from conftest import load_gold, read_as_gold, report_cells
from independent.convert import CHROMIUM, CHROMIUM_ARGS, convert_with_soffice, pdftotext, save_as_docx
from xxgk.service import check_file

DATA = Path(__file__).parent / "data" / "realworld-extra"
SOURCE = DATA / "shanghai-office-2019.html"
GOLD = DATA / "shanghai-office-2019.gold.json"

# copy → cells right at least (measured 2026-12-02 with Debian's LibreOffice, Chromium, poppler)
# lo-pdf-text: 153 since numbers printed before a row's whole name are no longer credited to it (they put
# 1/148/1/5/4/1/1 of other rows on （六）其他处理, whose cells are blank).
# lo-pdf-layout-text: 192 (was 157) since a page's groups of numbers are named by the header labels on it
# (extract/named.py) and rows whose blank 总计 breaks their sums wherever their numbers stand are placed so;
# （七）总计 and 结转下年度 alone on the next page by that page's columns moved onto them and the sums.
# chromium-pdf-text (pdftotext of the page Chromium printed): 153 since a row gathered from numbers printed
# a line each, a part over its total ("14 2 1 859 18 1 1" on 2.其他法律行政法规禁止公开), is not read as one
# row (it was read as printed, 7 wrong values and an R3 error).
MEASURED = {
    "docx": 198,
    "lo-pdf": 198,
    "chromium-pdf": 198,
    "chromium-bare": 198,
    "chromium-stamped-1040": 198,
    "chromium-stamped-1234": 198,
    "chromium-stamped-zh": 198,
    "chromium-running": 198,
    "lo-pdf-text": 153,
    "lo-pdf-layout-text": 192,
    "chromium-pdf-text": 153,
    "chromium-pdf-layout-text": 161,
}
# Print stamps the header and footer templates carry (Chromium's date and time of day).
STAMPS = {
    "chromium-stamped-1040": STAMP_EN,
    "chromium-stamped-1234": "12/2/26, 12:34 PM",
    "chromium-stamped-zh": STAMP_ZH,
}
NOT_FULLY_READ = "PARSE_INCOMPLETE"


def _chromium_print(source: Path, target: Path) -> None:
    """The page printed as `chromium --headless --print-to-pdf` does, header and footer included."""
    command = [CHROMIUM, "--headless", *CHROMIUM_ARGS, f"--print-to-pdf={target}", source.resolve().as_uri()]
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    assert target.exists(), "Chromium wrote no PDF"


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("real-copies")
    profile = work / "profile"
    docx = save_as_docx(SOURCE, work, profile)
    pdf = convert_with_soffice([docx], "pdf", work / "pdf", profile)[0]
    chromium = work / "chromium.pdf"
    _chromium_print(SOURCE, chromium)
    decorations = {"chromium-bare": None, "chromium-running": running_templates()}
    decorations |= {copy: templates(stamp) for copy, stamp in STAMPS.items()}
    printed = {copy: work / f"{copy}.pdf" for copy in decorations}
    print_pages({printed[copy]: (SOURCE, decoration) for copy, decoration in decorations.items()})
    plain, layout = work / "plain.txt", work / "layout.txt"
    pdftotext(pdf, plain, layout=False)
    pdftotext(pdf, layout, layout=True)
    printed_plain, printed_layout = work / "chromium-plain.txt", work / "chromium-layout.txt"
    pdftotext(chromium, printed_plain, layout=False)
    pdftotext(chromium, printed_layout, layout=True)
    return {
        "docx": docx,
        "lo-pdf": pdf,
        "chromium-pdf": chromium,
        **printed,
        "lo-pdf-text": plain,
        "lo-pdf-layout-text": layout,
        "chromium-pdf-text": printed_plain,
        "chromium-pdf-layout-text": printed_layout,
    }


def _score(path: Path) -> tuple[int, dict[str, tuple[object, object]], int, set[str]]:
    """(cells right, wrong cells with (printed, read), cells missed, error codes) of one copy: a blank
    cell the table's arithmetic forces may be read as that value, marked inferred (`read_as_gold`)."""
    outcome = check_file(path)
    assert outcome.report is not None, outcome.error
    gold = load_gold(GOLD)
    want, have = report_cells(gold["report"]), report_cells(outcome.report.to_dict())
    inferred = set(outcome.report.inferred)
    right = sum(1 for cell in want if read_as_gold(gold, cell, have.get(cell, "MISSING"), inferred))
    missed = sum(1 for cell, value in want.items() if value is not None and have.get(cell) is None)
    wrong = {
        cell: (value, have.get(cell, "MISSING"))
        for cell, value in want.items()
        if not read_as_gold(gold, cell, have.get(cell, "MISSING"), inferred)
        and not (value is not None and have.get(cell) is None)
    }
    errors = {f.code for f in outcome.findings if f.severity == "error"}
    return right, wrong, missed, errors


@pytest.mark.parametrize("copy", MEASURED)
def test_no_copy_reads_a_wrong_value(copies: dict[str, Path], copy: str) -> None:
    _, wrong, _, _ = _score(copies[copy])
    assert wrong == {}


@pytest.mark.parametrize("copy", MEASURED)
def test_each_copy_reads_at_least_its_measured_cells(copies: dict[str, Path], copy: str) -> None:
    right, _, _, _ = _score(copies[copy])
    assert right >= MEASURED[copy]


@pytest.mark.parametrize("copy", MEASURED)
def test_a_copy_not_fully_read_says_so(copies: dict[str, Path], copy: str) -> None:
    right, wrong, missed, errors = _score(copies[copy])
    if missed:
        assert NOT_FULLY_READ in errors, (missed, sorted(errors))
    else:
        assert NOT_FULLY_READ not in errors
        assert right + len(wrong) == len(report_cells(load_gold(GOLD)["report"]))


@pytest.mark.parametrize("copy", [*STAMPS, "chromium-running"])
def test_a_browser_header_and_footer_give_no_value(copies: dict[str, Path], copy: str) -> None:
    """The print with a header and footer reads exactly as the print without: no value comes from
    the stamp's or the page counters' digits, no table is cut apart by them, and the report's own
    title (the same words as the header's) still names the agency and year."""
    printed = subprocess.run(["pdftotext", str(copies[copy]), "-"], capture_output=True, text=True, check=True).stdout
    furniture = [re.escape(STAMPS[copy]), r"^1/\d+$"] if copy in STAMPS else ["政府信息公开专栏", r"第 ?1 ?页"]
    assert all(re.search(pattern, printed, re.MULTILINE) for pattern in furniture)  # the furniture is printed
    decorated, bare = check_file(copies[copy]).report, check_file(copies["chromium-bare"]).report
    assert decorated is not None and bare is not None
    assert decorated.to_dict() == bare.to_dict()
    assert (decorated.agency, decorated.year) == ("上海市人民政府办公厅", 2019)
    assert _score(copies[copy])[:3] == (len(report_cells(load_gold(GOLD)["report"])), {}, 0)
