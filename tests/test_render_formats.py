"""What each format carries beyond its text: A4, Chinese faces, repeated header rows, merged cells, same bytes."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from lxml import etree

from reports import consistent_report
from xxgk.render import FORMATS, render_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_report_gives_the_same_bytes(fmt: str) -> None:
    report = consistent_report("2019")
    assert render_report(report, fmt) == render_report(report, fmt)


def test_docx_is_a4_with_chinese_faces_and_repeated_merged_headers() -> None:
    data = render_report(consistent_report("2021"), "docx")
    document = docx_part(data, "word/document.xml")
    size = document.find(f".//{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    applications = list(document.iter(f"{W}tbl"))[1]
    header_rows = [row for row in applications.iter(f"{W}tr") if row.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header_rows) == 3
    spans = [int(span.get(f"{W}val")) for span in header_rows[0].iter(f"{W}gridSpan")]
    assert spans == [3, 7]  # the 勾稽 note over three label columns, 申请人情况 over seven
    restarts = [tc for tc in header_rows[1].iter(f"{W}tc") if tc.find(f"{W}tcPr/{W}vMerge") is not None]
    assert len(restarts) == 3  # the note continues, 自然人 and 总计 start a merge down
    styles = docx_part(data, "word/styles.xml")
    faces = {
        style.get(f"{W}styleId"): style.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
        for style in styles.iter(f"{W}style")
        if style.find(f"{W}rPr/{W}rFonts") is not None
    }
    assert faces["Normal"] == "仿宋_GB2312" and faces["Title"] == "方正小标宋简体" and faces["Heading1"] == "黑体"
    fonts = etree.tostring(docx_part(data, "word/fontTable.xml"), encoding="unicode")
    assert 'w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"' in fonts


def test_html_is_a_complete_a4_page_naming_official_faces_first() -> None:
    page = render_report(consistent_report("2021"), "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "size: A4" in page and "display: table-header-group" in page
    body = re.search(r"--body: ([^;]+);", page)
    assert body and body.group(1).index("仿宋_GB2312") < body.group(1).index("Noto Serif CJK SC")
    assert "<script" not in page and "http" not in page.split("<body>")[1], "nothing is fetched or run"


def test_markdown_headings_are_markdown_and_tables_are_html() -> None:
    text = render_report(consistent_report("2019"), "markdown").decode("utf-8")
    assert text.startswith("# 测试县科学技术局2020年政府信息公开工作年度报告\n")
    assert "\n## 三、收到和处理政府信息公开申请情况\n" in text
    assert text.count("<table") == 3 and '<th colspan="7"' in text
    assert not re.search(r"<table[^\n]*\n\s*\n", text), "a blank line would end the HTML block"


def test_xlsx_has_a_sheet_per_section_with_merged_ranges_and_a4_print_setup() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render_report(consistent_report("2021"), "xlsx")))
    sheet = workbook["三、收到和处理政府信息公开申请情况"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "D3:J3" in merged  # 申请人情况 over seven columns
    assert "E4:I4" in merged  # 法人或其他组织 over five
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$3:$5"  # the three header rows repeat on every printed page
    assert sheet["D6"].value == 11 and isinstance(sheet["D6"].value, int)  # 一、本年新收 · 自然人, a number


def test_the_pdf_group_column_holds_its_number_without_clipping() -> None:
    """“（五）” heads its rows within its own column: the closing bracket ends left of the row labels."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(render_report(consistent_report(), "pdf"))) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    # "1." starting a row label: the label column's left edge
    label_edge = min(chars[i]["x0"] for i in range(len(chars) - 1) if text[i : i + 2] == "1.")
    for number in ("（四）无", "（五）不", "（六）其"):  # the group numbers of table 三, its caption after
        close = chars[text.index(number) + 2]
        assert close["x1"] <= label_edge - 1, number
