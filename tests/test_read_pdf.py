"""The PDF reader: table rows of real reports survive as tab-separated lines; bad files fail clearly."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from conftest import DATA, load_gold
from xxgk.errors import ReadError
from xxgk.read import read_bytes
from xxgk.read.pdf import read_pdf

REALWORLD = DATA / "realworld"
APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
)
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
SONG = "STSong-Light"
WIDTH, HEIGHT = A4
# Right edges of the seven number columns of the generated table.
COLUMNS = [300 + 40 * i for i in range(7)]

pdfmetrics.registerFont(UnicodeCIDFont(SONG))


# --- real reports ---------------------------------------------------------


@cache
def real_report(name: str) -> tuple[list[str], dict[str, Any]]:
    """The lines read from a real report and its gold values."""
    pdf = REALWORLD / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} is not available")
    document = read_pdf(pdf.read_bytes(), pdf.name)
    gold = load_gold(REALWORLD / f"{name}.gold.json")
    return list(document.lines()), gold["report"]


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def cells(line: str) -> list[str]:
    return line.split("\t")


@cache
def grid_rows(name: str) -> list[list[str]]:
    """Each row of each ruled table of a real report, as the texts of its printed cells (line breaks joined)."""
    pdf = REALWORLD / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} is not available")
    document = read_pdf(pdf.read_bytes(), pdf.name)
    return [
        [cell.text.replace("\n", "") for cell in row if cell.text.strip()]
        for table in document.tables()
        for row in table.rows()
    ]


@pytest.mark.parametrize("name", ["hongze-2024", "huaian-2024"])
def test_every_row_of_table_3_has_its_seven_numbers_on_one_line_in_column_order(name: str) -> None:
    lines, gold = real_report(name)
    missing = []
    for row, values in gold["applications"].items():
        if values["total"] is None:
            continue
        expected = [number(values[column]) for column in APPLICANT_COLUMNS]
        if not any(cells(line)[-7:] == expected for line in lines):
            missing.append((row, expected))
    assert missing == []


@pytest.mark.parametrize("name", ["hongze-2024", "huaian-2024"])
def test_table_4_is_one_line_of_fifteen_numbers(name: str) -> None:
    lines, gold = real_report(name)
    review = gold["review_litigation"]
    expected = [
        number(review[group][column])
        for group in ("review", "litigation_direct", "litigation_after_review")
        for column in REVIEW_COLUMNS
    ]
    assert "\t".join(expected) in lines


def test_hongze_labels_and_values_placed_far_apart_are_cells_of_one_row() -> None:
    rows = grid_rows("hongze-2024")
    assert ["行政处罚", "2776"] in rows
    assert ["行政规范性文件", "3", "0", "8"] in rows
    assert ["（一）予以公开", "50", "0", "0", "0", "0", "0", "50"] in [row[-8:] for row in rows]
    assert ["（七）总计", "95", "0", "0", "0", "0", "0", "95"] in rows


def test_huaian_table_values_keep_their_decimals_and_large_numbers() -> None:
    lines, _ = real_report("huaian-2024")
    assert "行政处罚\t3985758" in lines
    assert "行政事业性收费\t96171.6" in lines
    assert "行政规范性文件\t8\t26\t66" in lines


def test_huaian_page_number_is_not_glued_to_the_last_row_before_the_page_break() -> None:
    rows = grid_rows("huaian-2024")
    assert ["（四）无", "1.本机关不掌握相关政府信息", "746", "12", "0", "0", "10", "1", "769"] in rows
    assert not any(cell.startswith("769") and cell != "769" for row in rows for cell in row)


def test_ruled_tables_are_grids_with_their_merged_cells() -> None:
    """The three tables of a Word-made PDF come out as grids: 28 rows × 10 columns for table 三."""
    document = read_pdf((REALWORLD / "hongze-2024.pdf").read_bytes(), "hongze-2024.pdf")
    tables = document.tables()
    assert len(tables) == 3
    applications = tables[1]
    assert applications.cell_at(0, 3) == ("申请人情况", 0, 3, 1, 7)
    assert applications.cell_at(1, 3).rowspan == 2
    assert [
        c.text for c in next(r for r in applications.rows() if r[0].text == "二、上年结转政府信息公开申请数量")
    ] == [
        "二、上年结转政府信息公开申请数量",
        *["0"] * 7,
    ]


@pytest.mark.parametrize(
    ("name", "before_break", "after_break"),
    [
        ("hongze-2024", "1.本机关不掌握相关政府信息\t31", "2.没有现成信息需要另行制作\t1"),
        ("huaian-2024", "1.本机关不掌握相关政府信息\t746", "2.没有现成信息需要另行制作\t11"),
    ],
    ids=["hongze", "huaian"],
)
def test_a_table_split_across_pages_continues_on_the_next_lines(name: str, before_break: str, after_break: str) -> None:
    lines, _ = real_report(name)
    before = next(i for i, line in enumerate(lines) if before_break in line)
    after = next(i for i, line in enumerate(lines) if after_break in line)
    assert 0 < after - before <= 2
    assert not any(re.fullmatch(r"-\s*\d+\s*-", line) for line in lines[before : after + 1])


@pytest.mark.parametrize("name", ["hongze-2024", "huaian-2024"])
def test_page_numbers_are_dropped(name: str) -> None:
    lines, _ = real_report(name)
    assert [line for line in lines if re.fullmatch(r"[-\s\d]+", line) and "-" in line] == []


@pytest.mark.parametrize(
    ("name", "row_label"),
    [("hongze-2024", "2.其他法律行政止公开"), ("huaian-2024", "2.其他法律行政法规禁止公开")],
    ids=["hongze", "huaian"],
)
def test_a_label_written_down_a_narrow_column_is_one_line_not_glued_to_rows(name: str, row_label: str) -> None:
    rows = grid_rows(name)
    assert any(row[0] == "三、本年度办理结果" for row in rows)
    assert any(row[0] == row_label and len(row) == 8 for row in rows)


def test_prose_reads_as_paragraphs_with_its_spaces() -> None:
    """Lines a paragraph was wrapped into are one line again; spaces around numbers stay."""
    lines, _ = real_report("huaian-2024")
    assert (
        "2024 年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 3940 元。" in lines
    )
    assert any("科技创新高地的若干政策”等新闻发布会 12 场，努力传递政府声音、宣传政策法规" in line for line in lines)
    assert "二、主动公开政府信息情况" in lines


def test_metadata_gives_title_and_creation_date() -> None:
    pdf = REALWORLD / "hongze-2024.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} is not available")
    document = read_bytes(pdf.read_bytes(), pdf.name)
    assert document.format == "pdf"
    assert document.metadata == {"title": "政府信息公开工作年度报告", "created": "2025-02-25"}


# --- generated PDFs -----------------------------------------------------------


def pdf(draw: Callable[[Canvas], None], **options: Any) -> bytes:
    """A PDF drawn by `draw` on A4 pages."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, **options)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()


def draw_row(canvas: Canvas, y: float, label: str, numbers: list[int], char_space: float = 0.0) -> None:
    """A table row: the label at the left, numbers right-aligned in seven columns."""
    text = canvas.beginText(80, y)
    text.setFont(SONG, 10)
    text.setCharSpace(char_space)
    text.textOut(label)
    canvas.drawText(text)
    canvas.setFont(SONG, 10)
    for right, value in zip(COLUMNS, numbers, strict=True):
        canvas.drawRightString(right, y, str(value))


def draw_split_table(canvas: Canvas) -> None:
    canvas.setFont(SONG, 14)
    canvas.drawString(80, 780, "三、收到和处理政府信息公开申请情况")
    canvas.setFont(SONG, 10)
    canvas.drawString(270, 750, "自然人")
    spread = canvas.beginText(500, 750)
    spread.setFont(SONG, 10)
    spread.setCharSpace(15)
    spread.textOut("总计")
    canvas.drawText(spread)
    draw_row(canvas, 720, "（一）予以公开", [50, 0, 0, 0, 0, 0, 50])
    draw_row(canvas, 696, "（二）部分公开", [9, 0, 0, 0, 0, 0, 9], char_space=1.5)
    draw_row(canvas, 90, "1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1])
    canvas.setFont(SONG, 10)
    canvas.drawCentredString(WIDTH / 2, 30, "- 1 -")
    canvas.showPage()
    canvas.setFont(SONG, 10)
    canvas.drawString(480, 815, "2/2")
    draw_row(canvas, 780, "2.其他法律行政法规禁止公开", [1288, 21, 0, 0, 50, 3, 1362])
    canvas.setFont(SONG, 10)
    canvas.drawString(80, 400, "3")
    draw_row(canvas, 50, "（七）总计", [3001, 53, 0, 0, 61, 4, 3119])
    canvas.setFont(SONG, 9)
    canvas.drawCentredString(WIDTH / 2, 30, "第2页 共2页")
    canvas.showPage()


SPLIT_TABLE_LINES = [
    "三、收到和处理政府信息公开申请情况",
    "自然人\t总 计",
    "（一）予以公开\t50\t0\t0\t0\t0\t0\t50",
    "（二）部分公开\t9\t0\t0\t0\t0\t0\t9",
    "1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1",
    "2.其他法律行政法规禁止公开\t1288\t21\t0\t0\t50\t3\t1362",
    "3",
    "（七）总计\t3001\t53\t0\t0\t61\t4\t3119",
]


def test_generated_table_split_over_two_pages_reads_as_tab_separated_lines_without_page_numbers() -> None:
    document = read_pdf(pdf(draw_split_table), "table.pdf")
    assert list(document.lines()) == SPLIT_TABLE_LINES
    assert document.format == "pdf"


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_are_read_upright(rotation: int) -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setPageRotation(rotation)
        # reportlab swaps the media box of pages turned by 90 degrees.
        width, height = (HEIGHT, WIDTH) if rotation in (90, 270) else (WIDTH, HEIGHT)
        turn = {90: (0, 1, -1, 0, width, 0), 180: (-1, 0, 0, -1, width, height), 270: (0, -1, 1, 0, 0, height)}
        canvas.transform(*turn[rotation])
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 500, "Fines")
        canvas.drawRightString(300, 500, "2776")
        canvas.drawString(60, 480, "Coercion")
        canvas.drawRightString(300, 480, "84")
        canvas.drawCentredString(200, 20, "- 7 -")
        canvas.showPage()

    assert list(read_pdf(pdf(draw), "rotated.pdf").lines()) == ["Fines\t2776", "Coercion\t84"]


def test_slanted_watermarks_and_doubled_glyphs_are_left_out() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 10)
        for offset in (0, 0.3):  # fake bold: the text drawn twice, slightly shifted
            x = 60 + offset
            for char in "Licensing":
                canvas.drawString(x, 500, char)
                x += canvas.stringWidth(char, "Helvetica", 10)
            canvas.drawRightString(300 + offset, 500, "9487")
            canvas.drawString(60 + offset, 480, "Fees")
            canvas.drawRightString(300 + offset, 480, "7545")
        canvas.saveState()
        canvas.translate(100, 300)
        canvas.rotate(45)
        canvas.setFont("Helvetica", 40)
        canvas.drawString(0, 0, "DRAFT")
        canvas.restoreState()
        canvas.showPage()

    assert list(read_pdf(pdf(draw), "marked.pdf").lines()) == ["Licensing\t9487", "Fees\t7545"]


def test_digits_a_too_wide_table_runs_past_the_page_edge_are_read_and_text_far_off_it_is_not() -> None:
    """LibreOffice lays out a web page's table saved as DOCX wider than A4: its 总计 column runs past
    the right edge ("14069" with "69" beyond it). The digits are the document's, as a viewer's copy
    gives them; cutting them off read 140 and blamed the report for sums it never broke."""

    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 500, "Received")
        canvas.drawString(WIDTH - 14, 500, "14069")
        canvas.drawString(60, 480, "Hidden")
        canvas.drawString(WIDTH + 400, 480, "777")
        canvas.showPage()

    assert list(read_pdf(pdf(draw), "wide.pdf").lines()) == ["Received\t14069", "Hidden"]


def test_spaces_keep_words_in_one_cell_unless_they_pad_columns_apart() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(SONG, 10)
        canvas.drawString(80, 700, "（一）\u3000予以公开")
        canvas.drawRightString(300, 700, "50")
        canvas.setFont("Helvetica", 10)
        canvas.drawString(80, 680, "Fines" + " " * 30 + "2776" + " " * 10 + "12")
        canvas.drawString(80, 660, "Open government information annual report")
        canvas.showPage()

    assert list(read_pdf(pdf(draw), "spaces.pdf").lines()) == [
        "（一） 予以公开\t50",
        "Fines\t2776\t12",
        "Open government information annual report",
    ]


def test_pdf_with_only_an_owner_password_is_read() -> None:
    restricted = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    document = read_pdf(pdf(draw_split_table, encrypt=restricted), "restricted.pdf")
    assert list(document.lines()) == SPLIT_TABLE_LINES


def test_pdf_missing_its_end_marker_but_complete_is_read() -> None:
    data = pdf(draw_split_table)
    assert data.rstrip().endswith(b"%%EOF")
    unmarked = data.rstrip()[: -len(b"%%EOF")]
    assert list(read_pdf(unmarked, "unmarked.pdf").lines()) == SPLIT_TABLE_LINES


# --- failures -----------------------------------------------------------------


def failure(data: bytes) -> str:
    with pytest.raises(ReadError) as caught:
        read_pdf(data, "bad.pdf")
    return str(caught.value)


def test_empty_file_is_refused() -> None:
    assert failure(b"") == "文件为空"


def test_truncated_pdf_is_refused_as_incomplete() -> None:
    path = REALWORLD / "hongze-2024.pdf"
    data = path.read_bytes() if path.exists() else pdf(draw_split_table)
    assert failure(data[: len(data) // 2]) == "PDF 文件已损坏或不完整，无法读取"


def test_pdf_cut_in_the_middle_of_a_generated_file_is_refused() -> None:
    data = pdf(draw_split_table)
    assert failure(data[: len(data) * 2 // 3]) == "PDF 文件已损坏或不完整，无法读取"


@pytest.mark.parametrize("tail", [b"", b"\n%%EOF\n"])
def test_garbage_after_the_pdf_header_is_refused(tail: bytes) -> None:
    garbage = random.Random(7).randbytes(4000)
    assert failure(b"%PDF-1.7\n" + garbage + tail) == "PDF 文件已损坏或不完整，无法读取"


def test_password_protected_pdf_is_refused() -> None:
    assert failure(pdf(draw_split_table, encrypt="pw")) == "PDF 已加密，需要密码才能读取"


def test_pdf_without_text_layer_is_refused_as_a_scan() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.rect(50, 50, 400, 600, fill=1)
        canvas.showPage()

    assert failure(pdf(draw)) == "PDF 没有文本层（可能是扫描件），不支持 OCR"


def test_pdf_with_too_many_pages_is_refused() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 10)
        for page in range(301):
            canvas.drawString(60, 500, f"Page {page}")
            canvas.showPage()

    assert failure(pdf(draw)) == "PDF 页数过多（301 页，上限 300 页），不是年度报告"
