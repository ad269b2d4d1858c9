"""Reading XLSX and Markdown: sniffed by content, merged ranges as spans, Markdown syntax as text, bad files refused."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from xxgk.errors import ReadError
from xxgk.read import Paragraph, Table, read_bytes
from xxgk.read.sniff import sniff_format
from xxgk.render.mdescape import escape_markdown


def workbook(build) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book)
    book.close()
    return buffer.getvalue()


def test_xlsx_is_known_by_its_content_not_its_name() -> None:
    data = workbook(lambda book: book.add_worksheet().write(0, 0, "标题"))
    assert sniff_format(data[:4096], data) == "xlsx"
    assert read_bytes(data, "report.pdf").format == "xlsx"


def test_a_sheet_is_cut_into_prose_and_tables_with_real_spans() -> None:
    def build(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book.add_worksheet("一")
        sheet.merge_range(0, 0, 0, 4, "某局2024年政府信息公开工作年度报告")
        sheet.write(2, 0, "第一段。\n第二段。")
        sheet.merge_range(4, 0, 6, 1, "勾稽关系")
        sheet.merge_range(4, 2, 4, 4, "申请人情况")
        sheet.write(5, 2, "自然人")
        sheet.write(6, 2, 7)
        sheet.write(6, 3, 96171.6)
        sheet.write(6, 4, -5)
        book.add_worksheet("二").write(0, 0, "第二张表")

    document = read_bytes(workbook(build), "book.xlsx")
    assert [type(b).__name__ for b in document.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert isinstance(document.blocks[1], Paragraph) and document.blocks[1].text == "第一段。\n第二段。"
    table = document.blocks[2]
    assert isinstance(table, Table)
    assert table.cell_at(0, 0).rowspan == 3 and table.cell_at(0, 0).colspan == 2
    assert table.cell_at(0, 2).colspan == 3
    assert [table.cell_at(2, c).text for c in (2, 3, 4)] == ["7", "96171.6", "-5"]
    assert list(document.lines())[-1] == "第二张表"


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda data: data[: len(data) // 2], "已损坏或不完整"),
        (lambda data: data.replace(b"xl/workbook.xml", b"xl/workbook.xmz"), "ZIP 压缩包不是可识别的文档"),
    ],
    ids=["truncated", "not-a-zip"],
)
def test_a_broken_workbook_is_refused_in_one_sentence(mangle, reason: str) -> None:  # type: ignore[no-untyped-def]
    data = workbook(lambda book: book.add_worksheet().write(0, 0, "x"))
    with pytest.raises(ReadError, match=reason):
        read_bytes(mangle(data), "bad.xlsx")


def test_a_workbook_claiming_huge_parts_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (40 * 1024 * 1024))
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_bytes(buffer.getvalue(), "bomb.xlsx")


# --- Markdown ----------------------------------------------------------------------------------


MARKDOWN = """# 某局2024年政府信息公开工作年度报告

## 一、总体情况

1\\. 全年 \\*无\\* 申请。

| 信息内容 | 本年制发件数 |
|---|---|
| 规章 | 3 |

<table><tr><td rowspan="2">合并</td><td>1</td></tr><tr><td>2</td></tr></table>
"""


def test_markdown_with_tables_is_known_by_its_content_and_read_as_rendered() -> None:
    data = MARKDOWN.encode("utf-8")
    assert sniff_format(data[:4096], data) == "markdown"
    document = read_bytes(data, "report.txt")
    assert document.format == "markdown"
    assert document.paragraphs()[:3] == ["某局2024年政府信息公开工作年度报告", "一、总体情况", "1. 全年 *无* 申请。"]
    pipe, html = document.tables()
    assert pipe.cell_at(1, 1).text == "3"
    assert html.cell_at(0, 0).rowspan == 2


def test_plain_text_with_a_hash_is_still_text() -> None:
    data = "# 不是 Markdown 的报告\n一、总体情况\n没有表格。\n".encode()
    assert sniff_format(data[:4096], data) == "text"


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp")) | st.just(" "),
        max_size=80,
    )
)
def test_escaped_prose_renders_to_exactly_its_text(text: str) -> None:
    """No character of a report's prose becomes Markdown syntax (runs of spaces become one, as in HTML)."""
    expected = re.sub(" +", " ", text).strip(" ")
    html = MarkdownIt("commonmark", {"html": True}).render(str(escape_markdown(text)))
    page = f"<html><body>{html}</body></html>".encode()
    assert read_bytes(page, "x.html").paragraphs() == ([expected] if expected else [])
