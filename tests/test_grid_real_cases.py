"""What real government pages and Word files do to the three tables, and the reader's answer: read right, or a null
with a finding — never a wrong value.

Each case takes reports of the independent corpus as a government site prints them
(tests/independent, written without the parser) and changes the page as published
pages do: full-width digits, "—" or "/" for zero, "〇" for 0, a note row under a table, the
whole article inside a layout table, table 三 cut into two <table> elements (the
merged label cells cut with it), table 二's blocks as separate tables, an empty
column, 合计 for 总计, units in cells and in a header row, trailing empty cells left
out. The page is written to a file and checked as a user would check it. Word
files get the same treatment through python-docx ("—" for zero, full-width digits,
a note row merged across each table), and LibreOffice exports them to PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree
from lxml import html as lxml_html

from independent.convert import convert_with_soffice
from independent.corpus import plan
from independent.document import build_page
from independent.scoring import score
from independent.values import Truth
from independent.writers import write_docx, write_site_html
from xxgk.service import check_file

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
EMPTY = " \u3000\xa0"
Change = Callable[[etree._Element], None]


def _tables(root: etree._Element) -> list[etree._Element]:
    return list(root.iter("table"))


def _bare_cells(root: etree._Element) -> list[etree._Element]:
    return [td for td in root.iter("td") if len(td) == 0]


def full_width_digits(root: etree._Element) -> None:
    for td in _bare_cells(root):
        if td.text and re.fullmatch(r"[\s\d,.\-]+", td.text):
            td.text = td.text.translate(FULL_WIDTH)


def dash_for_zero(root: etree._Element) -> None:
    for td in _bare_cells(root):
        if not (td.text or "").strip(EMPTY):
            td.text = "—"


def slash_for_zero(root: etree._Element) -> None:
    for td in _bare_cells(root):
        if not (td.text or "").strip(EMPTY):
            td.text = "/"


def numeral_zero(root: etree._Element) -> None:
    """Zero typed as the numeral "〇" (a cell printing 0 still means 0)."""
    for td in _bare_cells(root):
        if (td.text or "").strip() == "0":
            td.text = "〇"


def note_rows(root: etree._Element) -> None:
    """注：… under every table, one cell across its width (numbers in it: a date)."""
    for table in _tables(root):
        last = table.findall(".//tr")[-1]
        width = sum(int(td.get("colspan", "1")) for td in last)
        row = etree.SubElement(last.getparent(), "tr")
        etree.SubElement(row, "td", colspan=str(width)).text = "注：本表数据统计截至12月31日，单位：件。"


def inside_a_layout_table(root: etree._Element) -> None:
    content = root.find(".//div[@class='content']")
    assert content is not None
    frame = etree.Element("table")
    content.addprevious(frame)
    etree.SubElement(etree.SubElement(frame, "tr"), "td").append(content)


def table_3_cut_in_two(root: etree._Element) -> None:
    """The second half of table 三's rows moved into a <table> of their own; the label cells merged
    down over the cut (三、本年度办理结果, （三）不予公开) stay in the first, so rows come out short."""
    table = _tables(root)[1]
    rows = table.findall(".//tr")
    second = etree.Element("table")
    body = etree.SubElement(second, "tbody")
    for row in rows[len(rows) // 2 :]:
        body.append(row)
    table.addnext(second)


def table_2_blocks_apart(root: etree._Element) -> None:
    """Each 第二十条 block of table 二 as a table of its own."""
    table = _tables(root)[0]
    current = table
    for row in table.findall(".//tr")[1:]:
        cells = row.findall("td")
        if len(cells) == 1 and "第二十条" in (cells[0].text or ""):
            fresh = etree.Element("table")
            etree.SubElement(fresh, "tbody")
            current.addnext(fresh)
            current = fresh
        if current is not table:
            body = current.find("tbody")
            assert body is not None
            body.append(row)


def empty_last_column(root: etree._Element) -> None:
    for table in _tables(root):
        for row in table.iter("tr"):
            etree.SubElement(row, "td")


def heji_for_zongji(root: etree._Element) -> None:
    for td in _bare_cells(root):
        if (td.text or "").strip() == "总计":
            td.text = "合计"


def units_in_cells(root: etree._Element) -> None:
    for td in _bare_cells(_tables(root)[2]):
        if td.text and re.fullmatch(r"\d+", td.text.strip()):
            td.text = td.text.strip() + "件"


def unit_header_row(root: etree._Element) -> None:
    first = _tables(root)[1].find(".//tr")
    assert first is not None
    row = etree.Element("tr")
    etree.SubElement(row, "td", colspan="10").text = "单位：件"
    first.addprevious(row)


def trailing_blank_cells_left_out(root: etree._Element) -> None:
    for row in _tables(root)[1].iter("tr"):
        cells = row.findall("td")
        while len(cells) > 4 and len(cells[-1]) == 0 and not (cells[-1].text or "").strip(EMPTY):
            row.remove(cells.pop())


CASES: dict[str, Change] = {
    change.__name__: change
    for change in (
        full_width_digits,
        dash_for_zero,
        slash_for_zero,
        numeral_zero,
        note_rows,
        inside_a_layout_table,
        table_3_cut_in_two,
        table_2_blocks_apart,
        empty_last_column,
        heji_for_zongji,
        units_in_cells,
        unit_header_row,
        trailing_blank_cells_left_out,
    )
}


@pytest.fixture(scope="module")
def truths() -> list[Truth]:
    """Consistent reports of both templates, blank zeros and thousands separators among them."""
    chosen = [t for t in plan(counts={"site-html": 30}) if t.injected is None][:8]
    assert {t.template for t in chosen} == {"2019", "2021"}
    assert any(None in t.printed.values() for t in chosen)
    return chosen


@pytest.mark.parametrize("case", list(CASES))
def test_a_page_as_sites_print_it_reads_right(case: str, truths: list[Truth], tmp_path: Path) -> None:
    problems = []
    for truth in truths:
        written = tmp_path / f"{truth.name}.html"
        write_site_html(build_page(truth), written, truth.seed, truth.agency)
        root = lxml_html.fromstring(written.read_bytes())
        CASES[case](root)
        written.write_bytes(etree.tostring(root, encoding="utf-8", method="html"))
        outcome = check_file(written)
        result = score(truth, outcome.report, outcome.findings, outcome.error)
        errors = sorted({f.code for f in outcome.findings if f.severity == "error"})
        if not result.exact or errors:
            problems.append(f"{truth.name}: {result.problem()} errors {errors}")
    assert not problems, "\n".join(problems)


def _word_changed(path: Path, kind: str) -> None:
    """The Word file at `path` changed by `kind` (dash, full_width, notes) with python-docx."""
    document = docx.Document(str(path))
    for table in document.tables:
        seen: set[int] = set()
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                text = cell.text.strip()
                if kind == "dash" and not text:
                    cell.text = "—"
                elif kind == "full_width" and re.fullmatch(r"[\d,.\-]+", text):
                    cell.text = text.translate(FULL_WIDTH)
        if kind == "notes":
            cells = table.add_row().cells
            cells[0].merge(cells[-1]).text = "注：本表统计截至2024年12月31日。"
    document.save(str(path))


def test_word_files_and_their_pdfs_with_dashes_full_width_digits_and_notes_read_right(tmp_path: Path) -> None:
    truths = [t for t in plan(counts={"docx": 12}) if t.injected is None]
    chosen = [next(t for t in truths if t.template == year) for year in ("2019", "2021")]
    files: list[tuple[Path, Truth]] = []
    for kind in ("dash", "full_width", "notes"):
        for truth in chosen:
            path = tmp_path / f"{kind}-{truth.name}.docx"
            write_docx(build_page(truth), path)
            _word_changed(path, kind)
            files.append((path, truth))
    pdfs = convert_with_soffice([path for path, _ in files], "pdf", tmp_path / "pdf", tmp_path / "profile")
    problems = []
    for (path, truth), pdf in zip(files, pdfs, strict=True):
        for document in (path, pdf):
            outcome = check_file(document)
            result = score(truth, outcome.report, outcome.findings, outcome.error)
            errors = sorted({f.code for f in outcome.findings if f.severity == "error"})
            if not result.exact or errors:
                problems.append(f"{document.name}: {result.problem()} errors {errors}")
    assert not problems, "\n".join(problems)
