"""Reports copied out of Chrome's PDF viewer (pdfium's text): rows on a line, blank cells left out.

A supervisor who opens a published PDF in the browser and copies its text gets what pdfium
extracts: each table row on one line, its cells one space apart, a blank cell simply absent
("行政处罚 6 47" for 6, blank, 47), and on some pages a character a line ("1,962" as five
lines). What a user needs: no number read into a column it was not printed in; where the
copy leaves the columns open, the cells stay unread and the report says so.

Measured on the independent corpus's own PDFs (LibreOffice's and Chromium's), copied with
pdfium as Chrome does (`independent.viewer`), against the truth of those PDFs.
"""

from __future__ import annotations

import pytest

from independent.corpus import Corpus, load_or_build
from independent.scoring import DocumentScore, by_layout, score_entries
from independent.viewer import viewer_copies
from xxgk.extract import Extraction, extract_report
from xxgk.extract.spelled import spelled_out
from xxgk.read.document import Document, Paragraph
from xxgk.service import check_file
from xxgk.template import TEMPLATES

# Measured 2026-12-04 (seed 20261201, pypdfium2's pdfium): a floor for the cells right (%). Blank
# cells dropped from a row leave its columns open wherever the sums allow several placings.
LEVELS = {"lo-pdf-copy": 79.7, "chromium-pdf-copy": 75.8}


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> list[DocumentScore]:
    corpus: Corpus = load_or_build()
    folder = tmp_path_factory.mktemp("viewer-copies")
    pairs = viewer_copies(corpus, folder)
    scores = score_entries([entry for _, entry in pairs], check_file)
    for (layout, _), result in zip(pairs, scores, strict=True):
        result.layout = layout
    return scores


def test_a_viewer_copy_never_reads_a_number_into_another_column(copies: list[DocumentScore]) -> None:
    wrong = {s.name: s.wrong[:3] for s in copies if s.wrong}
    assert wrong == {}


def test_a_viewer_copy_raises_no_false_alarm_and_catches_every_injected_error(copies: list[DocumentScore]) -> None:
    assert [s.name for s in copies if s.false_alarm] == []
    assert [s.name for s in copies if s.injected and not s.caught] == []


def test_a_viewer_copy_reads_its_cells_at_todays_level(copies: list[DocumentScore]) -> None:
    layouts = by_layout(copies)
    assert set(layouts) == set(LEVELS)
    for name, level in LEVELS.items():
        line = layouts[name]
        assert line.documents >= 40
        assert line.right_percent >= level, f"{name}: {line.right}/{line.cells}"


HEAD = "某区人民政府2021年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n"


def _extract(text: str) -> Extraction:
    return extract_report(Document("a.txt", "text", tuple(Paragraph(line) for line in text.splitlines())))


# Table 二 as pdfium copies a LibreOffice PDF of it (blank cells left out).
ACTIVE = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 1 1 5
规范性文件 5 4 33
第二十条第(五)项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 398 12 77
其他对外管理服务事项 4 78 5
第二十条第(六)项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 1 458 2
行政强制 2 13 0
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 2
第二十条第(九)项
信息内容 采购项目数量 采购总金额
政府集中采购 3
"""


def test_two_counts_one_number_printed_is_neither_column() -> None:
    """ "行政事业性收费 2": 上一年项目数量 blank and 本年增/减 2, or the other way round: not filled in order."""
    text = HEAD.replace("2021", "2019") + ACTIVE + "四、政府信息公开行政复议、行政诉讼情况\n" + "0 " * 14 + "0\n"
    cells = _extract(text).report.cells
    assert cells["active.licensing.previous_items"] == 398
    assert cells["active.fees.previous_items"] is None and cells["active.fees.change"] is None
    # A count before a sum of money: the count is printed first where the sum is left out.
    assert cells["active.procurement.items"] == 3


def _spelled(label: str, digits: str) -> str:
    return "\n".join([*label, *digits]) + "\n"


def test_a_table_copied_a_character_a_line_is_not_read_and_the_report_says_why() -> None:
    """ "一、本年新收…" and "1,962 11 9 …" a character a line: which digits make one number is not known."""
    table = TEMPLATES["2021"].table("applications")
    region = (
        "申请人情况\n自然人\n"
        + _spelled("一、本年新收政府信息公开申请数量", "1,9621194")
        + _spelled("（一）予以公开", "1246")
    )
    assert spelled_out(table, region)
    text = HEAD + "二、主动公开政府信息情况\n规章 1 0 3\n三、收到和处理政府信息公开申请情况\n" + region
    extraction = _extract(text + "四、政府信息公开行政复议、行政诉讼情况\n" + "0 " * 14 + "0\n")
    assert all(v is None for k, v in extraction.report.cells.items() if k.startswith("applications."))
    codes = [f.code for f in extraction.findings]
    assert "PARSE_CHARACTERS_APART" in codes and "PARSE_INCOMPLETE" in codes


def test_narrow_column_headers_a_character_a_line_are_still_read() -> None:
    """Table 四's headers wrap a character a line in narrow columns ("结" / "果" / "维" / "持"); its
    numbers are whole: such a table is no copy spelled out."""
    table = TEMPLATES["2021"].table("review_litigation")
    region = "行政复议\n" + "\n".join("结果维持结果纠正其他结果尚未审结总计") + "\n2\n0\n1\n0\n3\n"
    assert not spelled_out(table, region)
    # A row name spelled out, but its numbers printed whole: the digits say where each number ends.
    assert not spelled_out(TEMPLATES["2021"].table("applications"), _spelled("（一）予以公开", "") + "12\n4\n6\n")
