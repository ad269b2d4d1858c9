"""Reports copied by a PDF viewer without -layout (plain pdftotext): a cell a line, tables partly column by column.

Nothing but order ties a number to its cell in such text, and the order is the viewer's, not the
table's. What a user needs: every number read is the one printed in that cell; where the order does
not settle it, the cell stays unread and the report says so — never a number from another column.
"""

from __future__ import annotations

from xxgk.extract import Extraction, extract_report
from xxgk.extract.aligned import one_number_per_line
from xxgk.extract.stream import joined_cut_numbers
from xxgk.read.document import Document, Paragraph

HEAD = "某县水利局2019年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n"


def _extract(text: str) -> Extraction:
    return extract_report(Document("a.txt", "text", tuple(Paragraph(line) for line in text.splitlines())))


# Table 二 as the viewer copies it: the row names first, then each sub-table's caption, its headers
# (wrapped: "本年新制作数" / "量") and its numbers; 规章's 本年新公开数量 is blank (nothing printed).
ACTIVE_BY_VIEWER = (
    "二、主动公开政府信息情况\n\n信息内容\n规章\n规范性文件\n\n第二十条第(一)项\n本年新制作数\n本年新公开数\n量\n量\n"
    "1\n6\n6\n\n对外公开总数\n量\n2\n14\n\n信息内容\n行政事业性收费\n\n2\n\n第二十条第（八）项\n上一年项目数\n本年增/减\n量\n"
)
APPLICATIONS = (
    "三、收到和处理政府信息公开申请情况\n自然人\n一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n"
    "\n1,03\n9\n115\n\n合计\n1,71\n7\n115\n"
)


def test_table_two_numbers_after_other_rows_captions_are_not_a_rows_own() -> None:
    extraction = _extract(HEAD + ACTIVE_BY_VIEWER + APPLICATIONS)
    cells = extraction.report.cells
    # "规范性文件" is followed by the caption and headers, then 规章's and its numbers mixed: not 1 / 6 / 6.
    assert cells["active.normative_documents.made"] is None
    assert cells["active.normative_documents.total_published"] is None
    # "行政事业性收费" stands right above a number, but its own caption comes only after it.
    assert cells["active.fees.previous_items"] is None
    assert {"active.normative_documents.made", "active.fees.previous_items"} <= extraction.unread
    assert any(f.code == "PARSE_INCOMPLETE" for f in extraction.findings)


def test_table_two_as_a_word_processor_saves_it_is_still_read_row_by_row() -> None:
    active = (
        "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n"
        "规章\n1\n2\n4\n规范性文件\n3\n3\n68\n"
    )
    cells = _extract(HEAD + active + APPLICATIONS).report.cells
    assert [cells[f"active.regulations.{k}"] for k in ("made", "published", "total_published")] == [1, 2, 4]
    assert [cells[f"active.normative_documents.{k}"] for k in ("made", "published", "total_published")] == [3, 3, 68]


def test_a_thousands_number_wrapped_in_its_cell_is_one_number_again() -> None:
    # "1,039" wrapped in a narrow cell: "1,03" over "9". A cell a line still, not digits among text.
    assert one_number_per_line([APPLICATIONS])
    assert joined_cut_numbers("1,03\n9\n115\n1,71\n7\n") == "1,039\n115\n1,717\n"
    # Pieces that make no thousands number together stay apart: "1,03" over "15" is not 1,0315.
    assert joined_cut_numbers("1,03\n15\n") == "1,03\n15\n"


def test_a_wrapped_thousands_number_does_not_make_the_copy_look_glued() -> None:
    # Before, "1,03" made the copy "numbers among text": table 三's cells were split as glued digits and
    # found unbalanced (a false error on a consistent report).
    extraction = _extract(HEAD + ACTIVE_BY_VIEWER + APPLICATIONS)
    assert not any(f.code == "PARSE_DIGITS_UNBALANCED" for f in extraction.findings)
    assert extraction.report.cells["applications.carried_over.natural_person"] is None
