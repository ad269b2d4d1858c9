"""Reports copied by a PDF viewer without -layout (plain pdftotext): a cell a line, tables partly column by column.

Nothing but order ties a number to its cell in such text, and the order is the viewer's, not the
table's. What a user needs: every number read is the one printed in that cell; where the order does
not settle it, the cell stays unread and the report says so — never a number from another column.
"""

from __future__ import annotations

from xxgk.extract import Extraction, extract_report
from xxgk.extract.bands import read_in_bands
from xxgk.extract.fold import fold
from xxgk.extract.rows import match_rows, segments
from xxgk.extract.stream import joined_cut_numbers, read_column_dump
from xxgk.extract.textlayout import one_number_per_line
from xxgk.extract.tokens import Token, tokenize
from xxgk.read.document import Document, Paragraph
from xxgk.template import TEMPLATES

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
# Table 四 with nothing to report, a cell a line: the one table these copies read whole.
REVIEWS = "四、政府信息公开行政复议、行政诉讼情况\n" + "0\n" * 15


def test_table_two_numbers_after_other_rows_captions_are_not_a_rows_own() -> None:
    extraction = _extract(HEAD + ACTIVE_BY_VIEWER + APPLICATIONS + REVIEWS)
    cells = extraction.report.cells
    # "规范性文件" is followed by the caption and headers, then 规章's and its numbers mixed: not 1 / 6 / 6.
    assert cells["active.normative_documents.made"] is None
    assert cells["active.normative_documents.total_published"] is None
    # "行政事业性收费" stands right above a number, but its own caption comes only after it.
    assert cells["active.fees.previous_items"] is None
    assert {"active.normative_documents.made", "active.fees.previous_items"} <= extraction.unread
    assert any(f.code == "PARSE_INCOMPLETE" for f in extraction.findings)


def test_numbers_after_a_repeated_caption_are_not_the_last_row_names() -> None:
    """The header of table 二 repeated on a new page between the row names and 行政事业性收费's
    numbers ("104", "-36"); table 三 prints two cells on one line ("201 18"), so the copy is not
    a cell a line: still, 政府集中采购 does not take numbers printed after a caption."""
    active = (
        "二、主动公开政府信息情况\n\n信息内容\n规章\n规范性文件\n信息内容\n行政许可\n其他对外管理服务事项\n信息内容\n"
        "行政处罚\n行政强制\n信息内容\n\n第二十条第（一）项\n本年新制作数\n本年新公开数\n对外公开总数\n量\n量\n量\n"
        "5\n0\n31\n0\n2\n77\n第二十条第（五）项\n上一年项目数\n本年增/减\n处理决定数量\n量\n0\n12\n4,410\n96\n-3\n"
        "1,020\n第二十条第（六）项\n上一年项目数\n本年增/减\n处理决定数量\n量\n0\n0\n3,118\n55\n-7\n0\n"
        "第二十条第（八）项\n上一年项目数\n本年增/减\n\n信息内容\n行政事业性收费\n信息内容\n政府集中采购\n\n"
        "第二十条第（一）项\n本年新制作数\n本年新公开数\n对外公开总数\n量\n量\n量\n量\n104\n-36\n"
        "第二十条第（九）项\n采购项目数量\n采购总金额\n226\n5,109.01\n\n"
    )
    applications = "三、收到和处理政府信息公开申请情况\n自然人\n一、本年新收政府信息公开申请数量\n201 18\n"
    extraction = _extract(HEAD + active + applications)
    cells = extraction.report.cells
    assert cells["active.procurement.items"] in (None, 226) and cells["active.procurement.amount"] in (None, 5109.01)
    assert "active.procurement.items" in extraction.unread or cells["active.procurement.items"] == 226
    assert not [f for f in extraction.findings if f.code == "R0"]


def test_numbers_after_the_column_headers_are_not_the_last_row_names() -> None:
    """Table 三's row names, then its column headers, then its numbers column by column: the numbers
    are under 自然人 / 商业企业, not those of the row named last before the headers (沈阳 2024 as
    a PDF viewer copies it)."""
    applications = (
        "三、收到和处理政府信息公开申请情况\n二、上年结转政府信息公开申请数量\n0\n0\n0\n0\n0\n0\n0\n5.要求行政机关确认\n或重新出具已获取信\n息\n"
        "（六）其他处理\n\n(七)总计\n四、结转下年度继续办理\n\n自然人\n\n商业\n企业\n\n1\n1\n\n2\n\n1\n\n5\n3\n\n1\n"
    )
    extraction = _extract(HEAD + ACTIVE_BY_VIEWER + applications)
    cells = extraction.report.cells
    assert cells["applications.carried_over.total"] == 0
    for row in ("not_processed_confirmation", "other_handling", "total_processed", "carried_forward"):
        assert cells[f"applications.{row}.natural_person"] is None, row
        assert cells[f"applications.{row}.total"] is None, row


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
    extraction = _extract(HEAD + ACTIVE_BY_VIEWER + APPLICATIONS + REVIEWS)
    assert not any(f.code == "PARSE_DIGITS_UNBALANCED" for f in extraction.findings)
    assert extraction.report.cells["applications.carried_over.natural_person"] is None


TEMPLATE = TEMPLATES["2019"]
TABLE = TEMPLATE.table("applications")
ROWS = [row for row in TABLE.rows if not row.optional]
# Table 三 with few applications: 新收 12 / 9 / 4 … in every column, all granted; nothing carried.
VALUES = {
    "new_received": [12, 9, 4, 2, 1, 3, 31],
    "granted": [10, 9, 4, 2, 1, 3, 29],
    "partially_granted": [2, 0, 0, 0, 0, 0, 2],
    "total_processed": [12, 9, 4, 2, 1, 3, 31],
}


def _numbers(key: str) -> list[str]:
    return [str(v) for v in VALUES.get(key, [0] * 7)]


def _dump(band: list[str]) -> str:
    """Table 三 as the viewer copies it: the row names, the headers, the numbers a cell a line, row by
    row, but the last three rows as `band` prints them."""
    lines = [row.label for row in ROWS] + [f.label for f in ROWS[0].fields]
    for row in ROWS[:-3]:
        lines += _numbers(row.key)
    return "\n".join(lines + band) + "\n"


def _read(text: str) -> dict[str, list[str]]:
    rows = read_column_dump(TABLE, TEMPLATE, text, tokenize(text))
    return {key: [t.text for t in rt.values] for key, rt in rows.items()}


def test_a_band_of_rows_printed_in_column_groups_is_read_by_its_sums() -> None:
    # As plain pdftotext prints a band of rows: the first column down the band, the next five across
    # its rows, the totals down the band again.
    last = [_numbers(row.key) for row in ROWS[-3:]]
    band = [r[0] for r in last] + [v for r in last for v in r[1:6]] + [r[6] for r in last]
    read = _read(_dump(band))
    assert len(read) == len(ROWS)
    assert read["total_processed"] == _numbers("total_processed")
    assert read["granted"] == _numbers("granted")


def test_a_band_whose_every_reading_breaks_a_column_sum_is_not_read() -> None:
    last = [_numbers(row.key) for row in ROWS[-3:]]
    last[1] = ["12", "8", "4", "2", "1", "3", "30"]  # 处理总数 commercial 8 (holds its row, not 新收 9)
    band = [r[0] for r in last] + [v for r in last for v in r[1:6]] + [r[6] for r in last]
    assert _read(_dump(band)) == {}


def _texts(cells: dict[str, list[Token]]) -> dict[str, list[str]]:
    return {key: [t.text for t in values] for key, values in cells.items()}


def test_numbers_two_band_readings_fit_are_read_only_where_the_table_tells_them_apart() -> None:
    # Two rows of three cells, the third the sum of the first two: "0 1 1 2 1 3" holds row by row
    # (0 1 1 / 2 1 3) and down the columns (0 1 1 / 1 2 3).
    rows = list(TEMPLATE.table("active").rows[:2])
    numbers = [Token("number", n) for n in ["0", "1", "1", "2", "1", "3"]]

    def row_holds(_: object, cells: list[Token]) -> bool:
        return int(cells[2].text) == int(cells[0].text) + int(cells[1].text)

    # Both readings give the first row 0 1 1: that row is read whichever was printed, the second is not.
    assert _texts(read_in_bands(rows, numbers, row_holds, lambda cells: True)) == {rows[0].key: ["0", "1", "1"]}
    # A sum across the rows that only the reading down the columns keeps (first cells 0 + 1 = 1).
    only_down = read_in_bands(rows, numbers, row_holds, lambda cells: cells[rows[1].key][0].text == "1")
    assert _texts(only_down) == {rows[0].key: ["0", "1", "1"], rows[1].key: ["1", "2", "3"]}


def test_a_staircase_under_the_header_is_read_by_its_sums() -> None:
    # The first three rows in column groups (新收's and 结转's first two columns down, the next three
    # across), then the next four rows' first cells in a staircase (4, 3, 2, 1 cells), then the band's
    # last two columns down, then the rest of the staircase's rows.
    rows = [_numbers(row.key) for row in ROWS]
    band, stairs = rows[:3], rows[3:7]
    numbers = [r[0] for r in band] + [r[1] for r in band] + [v for r in band for v in r[2:5]]
    numbers += [v for j, r in enumerate(stairs) for v in r[: 4 - j]]
    numbers += [r[5] for r in band] + [r[6] for r in band]
    numbers += [v for j, r in enumerate(stairs) for v in r[4 - j :]]
    numbers += [v for r in rows[7:] for v in r]
    lines = [row.label for row in ROWS] + [f.label for f in ROWS[0].fields]
    read = _read("\n".join(lines + numbers) + "\n")
    assert read == {row.key: _numbers(row.key) for row in ROWS}


def _cells(*numbers: int) -> list[str]:
    """Numbers a cell a line, an empty line before each."""
    return [line for n in numbers for line in ("", str(n))]


def _lines(text: str) -> list[str]:
    """The lines of `text` written with "|" between them."""
    return text.split("|")


# Table 三 (2021) as the viewer copies a page of it column by column: the first rows' names, the
# headers 自然人 / 商业企业 and their numbers, then the headers 其他 / 总计 and theirs; the next page
# prints the other rows' names (wrapped in the narrow label column) before all their numbers.
FIRST_NAMES = _lines(
    "（本列数据的勾稽关系|为：第一项加第二项之|和，等于第三项加第四|项之和）|一、本年新收政府信息|公开申请数量|二、上年结转政府信息|"
    "公开申请数量|三 （一）予以公开|、 （二）部分公开|本 （区分处理的，只|年 计这一情形，不计||申请人情况|法人或其他组织|"
    "科研机 社会公 法律服|构|益组织 务机构||自然人||商业企|业"
)
LATER_NAMES = _lines(
    "度|办|理|结|果||其他情形）|1.属于国家|秘密|2.其他法律|行政法规禁|止公开|3.危及“三|安全一稳|定”|（三|4.保护第三|）不|"
    "方合法权益|予公|5.属于三类|开|内部事务信|息|6.属于四类|过程性信息|7.属于行政|执法案卷|8.属于行政|查询事项|1.本机关不|"
    "掌握相关政|府信息|（四|2.没有现成|）无|信息需要另|法提|行制作|供|3.补正后申|请内容仍不|明确|1.信访举报|投诉类申请|2.重复申请|"
    "3.要求提供|（五 公开出版物|）不 4.无正当理|予处 由大量反复|理|申请|5.要求行政|机关确认或|重新出具已|获取信息|（六 1.申请人无|"
    "）其 正当理由逾|他处 期不补正、|理|行政机关不|再处理其政|府信息公开|申请|2.申请人逾|期未按收费|通知要求缴|纳费用、行|"
    "政机关不再|处理其政府|信息公开申|请"
)
AFTER_HEADERS = [5, 31, 2, 8, 1, 6, 3]
APPLICATIONS_BY_COLUMN = [
    *FIRST_NAMES,
    *_cells(9, 2, 3, 1, 2, 1, 1, 3),
    *["", "其他", "", "总计"],
    *_cells(*AFTER_HEADERS),
    "",
    *LATER_NAMES,
    *_cells(*([1, 1, 2] * 8)),
    *["", "3.其他", "（七）总计", "四、结转下年度继续办", "理"],
    *_cells(1, 12, 2, 4),
]


def test_numbers_after_the_headers_other_and_total_are_no_rows() -> None:
    """The numbers after "其他" / "总计" are those columns' (the first rows'), not a row's whose wrapped
    name the next page prints later ("6.属于四类过程性信息" took them: wrong values, a false alarm):
    a label ending with two column headers one after another is a header's, however the cells split."""
    table = TEMPLATES["2021"].table("applications")
    tokens = tokenize(fold("\n".join(APPLICATIONS_BY_COLUMN) + "\n"))
    after_headers = [str(n) for n in AFTER_HEADERS]
    for closing in (1, 2):
        for blank_rows in (False, True):
            found = match_rows(table, segments(tokens, closing_empties=closing), blank_rows=blank_rows)
            assert all([t.text for t in rt.values if t.is_value][: len(after_headers)] != after_headers for rt in found)


# Table 三 of a busier office, every number printed (zeros too): each outcome row by hand, the
# totals and 新收 from them (nothing carried over, two applications carried forward).
OUTCOMES = {
    "granted": [5, 3, 2, 1, 1, 2],
    "partially_granted": [1, 2, 0, 1, 0, 0],
    "withheld_state_secret": [0, 1, 0, 0, 0, 0],
    "withheld_prohibited_by_law": [2, 0, 0, 0, 1, 0],
    "withheld_security_stability": [0, 0, 1, 0, 0, 0],
    "withheld_third_party": [3, 1, 0, 0, 0, 1],
    "withheld_internal_affairs": [0, 2, 0, 0, 0, 0],
    "withheld_process_info": [1, 0, 0, 2, 0, 0],
    "withheld_enforcement_files": [0, 0, 0, 0, 3, 0],
    "withheld_query_matters": [4, 0, 1, 0, 0, 0],
    "unavailable_not_held": [6, 1, 0, 0, 0, 0],
}


def _busy_table() -> dict[str, list[str]]:
    rows = {key: [*cells, sum(cells)] for key, cells in OUTCOMES.items()}
    for row in ROWS:
        rows.setdefault(row.key, [0] * 7)
    rows["carried_forward"] = [0, 1, 0, 0, 0, 1, 2]
    processed = [sum(rows[key][c] for key in OUTCOMES) for c in range(7)]
    rows["total_processed"] = processed
    rows["new_received"] = [p + f for p, f in zip(processed, rows["carried_forward"], strict=True)]
    return {key: [str(v) for v in cells] for key, cells in rows.items()}


def _with_stairs_at(table: dict[str, list[str]], head: int, units: list[tuple[int, int]]) -> list[str]:
    """The numbers of `table` as pdftotext prints a page starting at row `head` under a repeated
    header: the rows above in order; the head row's first two cells and the next three (spanned by
    "法人或其他组织"); the staircase units' first cells ((rows, cells) each, down their columns);
    the head row's last two cells; each unit's other cells; the rows below in order."""
    rows = [table[row.key] for row in ROWS]
    numbers = [v for r in rows[:head] for v in r] + rows[head][:5]
    at, stairs = head + 1, []
    for height, cells in units:
        stairs.append((rows[at : at + height], cells))
        at += height
    numbers += [r[c] for unit, cells in stairs for c in range(cells) for r in unit]
    numbers += rows[head][5:]
    numbers += [r[c] for unit, cells in stairs for c in range(cells, 7) for r in unit]
    return numbers + [v for r in rows[at:] for v in r]


def test_a_staircase_under_a_later_pages_header_is_read_by_its_sums() -> None:
    # Row 8 heads a new page; below it units of 4, 3 and 2 cells, two one-line rows down their columns
    # as one unit of 2 cells, then a row of one cell.
    table = _busy_table()
    numbers = _with_stairs_at(table, 8, [(1, 4), (1, 3), (2, 2), (1, 1)])
    lines = [row.label for row in ROWS] + [f.label for f in ROWS[0].fields]
    assert _read("\n".join(lines + numbers) + "\n") == table


def test_a_staircase_row_whose_total_is_misprinted_puts_no_number_in_another_cell() -> None:
    table = _busy_table()
    numbers = _with_stairs_at(table, 8, [(1, 4), (1, 3), (2, 2), (1, 1)])
    # 属于三类内部事务 (row 8, the head) printed with a total of 8 instead of 2.
    broken = dict(table, withheld_internal_affairs=[*table["withheld_internal_affairs"][:6], "8"])
    numbers = _with_stairs_at(broken, 8, [(1, 4), (1, 3), (2, 2), (1, 1)])
    lines = [row.label for row in ROWS] + [f.label for f in ROWS[0].fields]
    read = _read("\n".join(lines + numbers) + "\n")
    assert all(read[key] == broken[key] for key in read)


def _in_order(table: dict[str, list[str]]) -> str:
    lines = [row.label for row in ROWS] + [f.label for f in ROWS[0].fields]
    return "\n".join(lines + [v for row in ROWS for v in table[row.key]]) + "\n"


def test_a_misprinted_total_in_a_table_copied_in_order_is_read_as_printed_and_reported() -> None:
    # 属于国家秘密's total printed 7 instead of 1: read as printed, so the checks can say it is wrong.
    broken = dict(_busy_table(), withheld_state_secret=["0", "1", "0", "0", "0", "0", "7"])
    assert _read(_in_order(broken)) == broken
    extraction = _extract(HEAD + "三、收到和处理政府信息公开申请情况\n" + _in_order(broken))
    assert extraction.report.cells["applications.withheld_state_secret.total"] == 7


def test_two_rows_out_of_order_are_no_misprint() -> None:
    # Two rows' numbers swapped between their first cells: two rows break their totals, nothing is read
    # past the first of them.
    table = _busy_table()
    swapped = dict(table)
    swapped["granted"] = ["1", *table["granted"][1:]]
    swapped["partially_granted"] = ["5", *table["partially_granted"][1:]]
    read = _read(_in_order(swapped))
    assert "granted" not in read and "partially_granted" not in read
    assert all(read[key] == table[key] for key in read)


def test_a_last_band_printing_its_last_row_apart_group_by_group_is_read_by_its_sums() -> None:
    # The last three rows: the first two columns down 处理总数 and 其他处理... then 结转's two cells;
    # the next three across the two rows (under a spanned header), then 结转's three; the last two likewise.
    table = _busy_table()
    rows = [table[row.key] for row in ROWS]
    top, last = rows[-3:-1], rows[-1]
    numbers = [v for r in rows[:-3] for v in r]
    numbers += [r[c] for c in (0, 1) for r in top] + last[0:2]
    numbers += [r[c] for r in top for c in (2, 3, 4)] + last[2:5]
    numbers += [r[c] for c in (5, 6) for r in top] + last[5:7]
    lines = [row.label for row in ROWS] + [f.label for f in ROWS[0].fields]
    assert _read("\n".join(lines + numbers) + "\n") == table


def test_numbers_before_the_label_column_copied_as_one_run_are_no_rows_own() -> None:
    # The viewer copies the 其他 and 总计 columns of the first rows, then the label column's cells of the
    # rows below one after the other (each label wrapped over two lines), then their numbers: no row's
    # label stands by its own numbers, and a label run naming a dozen rows is none of them.
    labels = [piece for row in ROWS[4:16] for piece in (row.label[:5], row.label[5:]) if piece]
    first = ["其他", "", "总计", "", "6", "", "46", "", "1", "", "3", "", "1", "", "6", "4", ""]
    text = (
        "三、收到和处理政府信息公开申请情况\n" + "\n".join([*first, "度", "办", "理", *labels, "", "1", "", "2"]) + "\n"
    )
    active = "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n规章\n1\n2\n4\n"
    extraction = _extract(HEAD + active + text)
    values = {key: v for key, v in extraction.report.cells.items() if key.startswith("applications.")}
    assert all(v is None for v in values.values())


def test_one_number_under_two_row_names_printed_in_turn_is_neither_rows() -> None:
    """Table 二 (2021) copied without its blank cells: "行政处罚" / "行政强制" / "185". The number is
    行政处罚's (行政强制 blank), but the copy would print the same were it 行政强制's: it is not read."""
    head = HEAD.replace("2019", "2021")
    active = (
        "二、主动公开政府信息情况\n信息内容\n行政许可\n第二十条第（五）项\n本年处理决定数量\n751\n"
        "第二十条第（六）项\n本年处理决定数量\n\n行政处罚\n行政强制\n\n185\n第二十条第（八）项\n"
        "本年收费金额（单位：万元）\n\n信息内容\n行政事业性收费\n\n"
    )
    extraction = _extract(head + active + APPLICATIONS + REVIEWS)
    cells = extraction.report.cells
    assert cells["active.licensing.decisions"] == 751
    assert cells["active.punishment.decisions"] is None
    assert cells["active.coercion.decisions"] is None
    assert {"active.punishment.decisions", "active.coercion.decisions"} <= extraction.unread


def test_table_two_as_pdftotext_copies_a_word_processors_pdf_is_read_cell_by_cell() -> None:
    """LibreOffice's PDF of table 二 through pdftotext: 第二十条第(一)项 prints its first two columns one
    number short and its total column one over (a staircase: 规范性文件's 新公开 after 规章's total),
    (五)'s first columns come row by row over two text blocks, and the 处理决定数量 columns of (五) and
    (六) only after every sub-table, in the sub-tables' order."""
    active = (
        "二、主动公开政府信息情况\n信息内容\n规 章\n规范性文件\n信息内容\n行政许可\n其他对外管理服务事项\n信息内容\n"
        "行政处罚\n行政强制\n\n第二十条第(一)项\n本年新制作数量\n本年新公开数量\n0\n0\n30\n\n对外公开总数量\n3\n\n0\n\n332\n\n"
        "第二十条第(五)项\n上一年项目数量\n本年增/减\n1\n0\n4\n\n4\n\n第二十条第（六）项\n上一年项目数量\n本年增/减\n8\n0\n2\n0\n\n"
        "处理决定数量\n0\n51\n处理决定数量\n214\n0\n\n"
    )
    cells = _extract(HEAD + active + APPLICATIONS + REVIEWS).report.cells
    got = {key: cells[f"active.{key}"] for key in ("regulations.made", "regulations.published")}
    assert got == {"regulations.made": 0, "regulations.published": 0}
    assert cells["active.regulations.total_published"] == 3
    assert cells["active.normative_documents.made"] == 30
    assert cells["active.normative_documents.published"] == 0
    assert cells["active.normative_documents.total_published"] == 332
    assert [cells[f"active.licensing.{k}"] for k in ("previous_items", "change", "decisions")] == [1, 0, 0]
    assert [cells[f"active.other_services.{k}"] for k in ("previous_items", "change", "decisions")] == [4, 4, 51]
    assert [cells[f"active.punishment.{k}"] for k in ("previous_items", "change", "decisions")] == [8, 0, 214]
    assert [cells[f"active.coercion.{k}"] for k in ("previous_items", "change", "decisions")] == [2, 0, 0]


def test_a_sub_table_copied_a_column_a_block_is_not_read_row_by_row() -> None:
    """Two blocks of two numbers under two headers of a two-row sub-table may be its rows or its
    columns: neither is read."""
    active = (
        "二、主动公开政府信息情况\n信息内容\n行政许可\n其他对外管理服务事项\n\n"
        "第二十条第(五)项\n上一年项目数量\n本年增/减\n1\n7\n\n4\n9\n\n"
    )
    cells = _extract(HEAD + active + APPLICATIONS + REVIEWS).report.cells
    assert cells["active.licensing.previous_items"] is None
    assert cells["active.other_services.change"] is None
