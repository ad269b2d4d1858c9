"""Full tables copied by a PDF viewer without -layout (plain pdftotext): every cell printed, a cell a line.

Such a table prints one number per cell, so the count and the arithmetic pair them with the rows the
label column names. What a user needs: a table whose every cell is printed is read whole when only
one reading holds its sums, and a piece of label text is never taken for a blank cell.
"""

from __future__ import annotations

from xxgk.extract import extract_report
from xxgk.extract.spill import with_spill_moved
from xxgk.extract.stream import read_column_dump
from xxgk.extract.tokens import tokenize
from xxgk.read.document import Document, Paragraph
from xxgk.template import TEMPLATES, Row

TEMPLATE = TEMPLATES["2019"]
TABLE = TEMPLATE.table("applications")
ROWS = [row for row in TABLE.rows if not row.optional]


def _table(rows_printed: list[Row] = ROWS) -> dict[str, list[str]]:
    """Table 三 (2019, or `rows_printed`'s template) with a few applications, every sum holding."""
    outcomes = {
        "granted": [3, 1, 0, 1, 0, 5],
        "withheld_state_secret": [0, 2, 0, 0, 1, 3],
        "unavailable_not_held": [1, 0, 1, 0, 0, 2],
        "not_processed_duplicate": [2, 0, 0, 0, 1, 3],
    }
    rows = {key: [*cells, sum(cells)] for key, cells in outcomes.items()}
    for row in rows_printed:
        rows.setdefault(row.key, [0] * 7)
    rows["carried_forward"] = [1, 0, 0, 1, 0, 2]
    rows["carried_forward"].append(sum(rows["carried_forward"]))
    processed = [sum(rows[key][c] for key in outcomes) for c in range(7)]
    rows["total_processed"] = processed
    rows["new_received"] = [p + f for p, f in zip(processed, rows["carried_forward"], strict=True)]
    return {key: [str(v) for v in cells] for key, cells in rows.items()}


def _copy(table: dict[str, list[str]], numbers: list[str] | None = None) -> str:
    """The viewer's copy: the label column's cells, the caption （四）无法提供 printed down its narrow
    cell a character a line, the column headers, then the numbers row by row."""
    labels: list[str] = []
    for row in ROWS:
        if row.key == "unavailable_not_held":
            labels += ["（四", "无", "法", "提", "供"]
        labels.append(row.label)
    headers = [f.label for f in ROWS[0].fields]
    numbers = numbers if numbers is not None else [v for row in ROWS for v in table[row.key]]
    return "\n".join(labels + headers + numbers) + "\n"


def _read(text: str) -> dict[str, list[str]]:
    rows = read_column_dump(TABLE, TEMPLATE, text, tokenize(text))
    return {key: [t.text for t in rt.values] for key, rt in rows.items()}


def test_a_caption_spelled_a_character_a_line_is_no_blank_cell() -> None:
    # "无" on a line of its own between "（四" and "法" is the caption's first character, not a cell
    # printed "无": the table prints one number per cell and is read whole.
    table = _table()
    assert _read(_copy(table)) == table


def test_a_placeholder_among_the_numbers_still_leaves_the_table_unread() -> None:
    # 新收's 商业企业 printed "无" (blank) among the numbers: the copy no longer prints a number per
    # cell, and nothing tells which cell the placeholder stands for.
    table = _table()
    numbers = [v for row in ROWS for v in table[row.key]]
    numbers[1] = "无"
    assert _read(_copy(table, numbers)) == {}


HEAD = "某县水利局2019年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n"
# Table 二's row names before section 三's heading; its captions, headers and numbers after it, as the
# viewer prints the page where section 三 begins.
ACTIVE_NAMES = "二、主动公开政府信息情况\n信息内容\n规章\n规范性文件\n信息内容\n政府集中采购\n"
ACTIVE_CELLS = (
    "第二十条第(一)项\n本年新制作数量\n本年新公开数量\n对外公开总数量\n2\n3\n5\n1\n0\n4\n"
    "第二十条第（九）项\n采购项目数量\n采购总金额\n7\n53.8\n"
)
ACTIVE_PRINTED = {
    "regulations.made": 2,
    "regulations.published": 3,
    "regulations.total_published": 5,
    "normative_documents.made": 1,
    "normative_documents.published": 0,
    "normative_documents.total_published": 4,
    "procurement.items": 7,
    "procurement.amount": 53.8,
}
REVIEWS = "四、政府信息公开行政复议、行政诉讼情况\n" + "0\n" * 15


def test_table_two_cells_printed_after_section_three_heading_are_not_table_threes() -> None:
    table = _table()
    applications = "三、收到和处理政府信息公开申请情况\n" + ACTIVE_CELLS + _copy(table)
    extraction = extract_report(
        Document(
            "a.txt",
            "text",
            tuple(Paragraph(line) for line in (HEAD + ACTIVE_NAMES + applications + REVIEWS).splitlines()),
        )
    )
    cells = extraction.report.cells
    # Table 三 prints a number per cell once table 二's numbers are not counted among its own: read whole.
    assert {row.key: [str(cells[c]) for c in row.cell_ids("applications")] for row in ROWS} == table
    # Table 二's numbers are back under its captions: read where they print.
    assert {cell: cells[f"active.{cell}"] for cell in ACTIVE_PRINTED} == ACTIVE_PRINTED


def test_numbers_before_any_header_of_table_two_stay_table_threes() -> None:
    # Section 三 opening with numbers and no caption or header of table 二: nothing moves (the table's
    # own cells, its count still one number per cell).
    table = _table()
    text = _copy(table)
    lines = text.split("\n")
    assert with_spill_moved({"active": ACTIVE_NAMES, "applications": text}, TEMPLATE)["applications"] == text
    numbers_first = "\n".join(["5", "信息内容", *lines]) + "\n"
    moved = with_spill_moved({"active": ACTIVE_NAMES, "applications": numbers_first}, TEMPLATE)
    assert moved["applications"] == numbers_first


TEMPLATE_2021 = TEMPLATES["2021"]
TABLE_2021 = TEMPLATE_2021.table("applications")
ROWS_2021 = [row for row in TABLE_2021.rows if not row.optional]


def test_the_caption_over_the_other_handling_rows_is_no_row_of_cells() -> None:
    # 2021's （六）其他处理 printed down the side of its three rows: its label matches 2019's single
    # row of that name, which would make the table 26 rows for 25 rows' numbers.
    table = _table(ROWS_2021)
    labels: list[str] = []
    for row in ROWS_2021:
        if row.key == "other_no_correction":
            labels += ["（六）其", "他处理"]
        labels.append(row.label)
    headers = [f.label for f in ROWS_2021[0].fields]
    text = "\n".join(labels + headers + [v for row in ROWS_2021 for v in table[row.key]]) + "\n"
    rows = read_column_dump(TABLE_2021, TEMPLATE_2021, text, tokenize(text))
    assert {key: [t.text for t in rt.values] for key, rt in rows.items()} == table


def test_rows_named_out_of_order_in_a_full_table_are_read_in_the_tables_order() -> None:
    # The viewer prints the page's label column in two blocks: (七)总计 and 四、结转下年度继续办理
    # before the names of the rows above them. The numbers still come in the table's order, one per cell.
    table = _table()
    last = [row for row in ROWS if row.key in ("total_processed", "carried_forward")]
    others = [row for row in ROWS if row not in last]
    labels = [row.label for row in others[:12]] + [row.label for row in last] + [row.label for row in others[12:]]
    headers = [f.label for f in ROWS[0].fields]
    text = "\n".join(labels + headers + [v for row in ROWS for v in table[row.key]]) + "\n"
    assert _read(text) == table


def _deferred_copy(table: dict[str, list[str]]) -> str:
    """The page as the viewer prints it when 其他 and 总计 head their columns apart: the first three rows'
    first columns (自然人 and 商业企业 down, the three under 法人或其他组织 across), every row below in
    order, then the headers 其他 / 总计 and the first three rows' last columns down."""
    rows = [table[row.key] for row in ROWS]
    head = rows[:3]
    numbers = [r[0] for r in head] + [r[1] for r in head] + [v for r in head for v in r[2:5]]
    numbers += [v for r in rows[3:] for v in r]
    labels = [row.label for row in ROWS] + [f.label for f in ROWS[0].fields[:5]]
    tail = ["其他", "总计"] + [r[5] for r in head] + [r[6] for r in head]
    return "\n".join(labels + numbers + tail) + "\n"


def test_a_head_bands_last_columns_printed_after_the_page_are_read_by_the_sums() -> None:
    table = _table()
    assert _read(_deferred_copy(table)) == table


def test_deferred_last_columns_that_break_a_column_sum_are_not_read() -> None:
    # 新收's 其他 printed 2 too many (its total too): the row holds, the column sums do not; nothing is read.
    table = _table()
    broken = dict(
        table, new_received=[*table["new_received"][:5], *(str(int(v) + 2) for v in table["new_received"][5:])]
    )
    assert _read(_deferred_copy(broken)) == {}


def _deferred_pages(table: dict[str, list[str]]) -> str:
    """Table 三 as pdftotext copies a two-page LibreOffice PDF whose 其他 and 总计 headers stand apart:
    each page's rows with their first five cells, then under "其他" "总计" the same rows' last two —
    the second page's only after the heading of section 四, two of its rows down the columns."""

    def page(rows: list[Row]) -> list[str]:
        return [line for row in rows for line in (row.label, *table[row.key][:5])]

    first, second = ROWS[:11], ROWS[11:]
    tails = [v for row in first for v in table[row.key][5:]]
    *before, processed, forward = second
    low = [v for row in before for v in table[row.key][5:]]
    banded = [table[processed.key][5], table[forward.key][5], table[processed.key][6], table[forward.key][6]]
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "申请人情况",
        "自然人",
        "商业企业",
        *page(first),
        "其他",
        "总计",
        *tails,
    ]
    lines += ["申请人情况", "自然人", "商业企业", *page(second)]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "其他", "总计", *low, *banded]
    lines += ["行政复议", "结", "果", "维", "持", *["0"] * 15, "五、存在的主要问题及改进情况", "无。"]
    return "\n".join(lines)


def test_last_columns_printed_after_each_page_and_past_section_four_are_put_back() -> None:
    table = _table()
    text = "某县水利局2019年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n" + _deferred_pages(table)
    report = extract_report(Document("a.txt", "text", tuple(Paragraph(line) for line in text.splitlines()))).report
    for row in ROWS:
        got = [report.cells[f"applications.{row.key}.{f.key}"] for f in row.fields]
        assert got == [int(v) for v in table[row.key]], row.key
    assert report.cells["review_litigation.review.total"] == 0
