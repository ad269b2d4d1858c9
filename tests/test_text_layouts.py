"""Tables in text as PDF viewers copy it: laid out by spacing (pdftotext -layout) or a cell per line.

Such text has no grid: a zero printed as an empty cell leaves no trace but a gap in
the spacing (-layout) or nothing at all (a cell per line). What a user needs: a blank
cell is read as blank in its own column where the page's columns show it, and
otherwise the row stays unread (the report says so) — never a number in another
column or another row.
"""

from __future__ import annotations

from xxgk.extract import extract_report
from xxgk.extract.aligned import with_blank_cells
from xxgk.extract.centred import label_lines_first
from xxgk.extract.chosen import chosen_by_sums
from xxgk.extract.readings import Line
from xxgk.extract.rejoin import WRAPPED_DIGITS
from xxgk.extract.rows import match_rows, segments
from xxgk.extract.stream import read_column_dump, read_flat_dump
from xxgk.extract.textlayout import looks_aligned, one_number_per_line
from xxgk.extract.tokens import cell_tokens, tokenize, tokenize_placed
from xxgk.read.document import PAGE_BREAK, Document, Paragraph
from xxgk.read.text import read_text
from xxgk.template import TEMPLATES

TEMPLATE = TEMPLATES["2019"]
APPLICATIONS = TEMPLATE.table("applications")
ACTIVE = TEMPLATE.table("active")

# Where pdftotext -layout puts the middle of each value column (each character, CJK or not, one column).
MIDDLES = (30, 38, 46, 54, 62, 70, 78)


def _row(label: str, cells: list[str], shift: int = 0) -> str:
    """A row as -layout prints it: the label, then each number centred on its column."""
    line = label
    for middle, cell in zip(MIDDLES, cells, strict=True):
        if cell:
            start = middle + shift - len(cell) // 2
            line = line.ljust(start) + cell
    return line


# Table 三 as pdftotext -layout prints it: the first rows print every cell, （一）予以公开 has
# blank cells (zeros printed as nothing) under 商业企业, 社会公益组织 and 其他.
HEADER = "（本列数据的勾稽关系）".ljust(28) + "自然人  商业企业 科研机构 社会公益 法律服务  其他    总计"
FULL = [
    _row("一、本年新收政府信息公开申请数量", ["12", "11", "6", "3", "2", "9", "43"]),
    _row("二、上年结转政府信息公开申请数量", ["1", "2", "1", "1", "1", "1", "7"]),
]
GRANTED = _row("（一）予以公开", ["4", "", "2", "", "1", "", "7"])
LAYOUT_PAGE = "\n".join([HEADER, *FULL, GRANTED]) + "\n"


def _applications(region: str) -> dict[str, list[str]]:
    rows = {rt.row.key: rt for rt in match_rows(APPLICATIONS, segments(tokenize_placed(region)), blank_rows=True)}
    placed = with_blank_cells(APPLICATIONS, rows, TEMPLATE)
    return {key: [t.text if t.kind == "number" else "" for t in rt.values if t.is_value] for key, rt in placed.items()}


def test_blank_cells_keep_their_columns_in_spaced_text() -> None:
    rows = _applications(LAYOUT_PAGE)
    assert rows["new_received"] == ["12", "11", "6", "3", "2", "9", "43"]
    assert rows["granted"] == ["4", "", "2", "", "1", "", "7"]


def test_a_number_between_two_columns_leaves_its_row_unread() -> None:
    # 2 stands half-way between 科研机构 and 社会公益组织.
    between = "（一）予以公开".ljust(30) + "4".ljust(20) + "2".ljust(12) + "1".ljust(16) + "7"
    shifted = LAYOUT_PAGE.replace(GRANTED, between)
    assert _applications(shifted)["granted"] == ["4", "2", "1", "7"]


def test_a_placing_that_breaks_the_row_total_is_not_taken_where_another_keeps_it() -> None:
    # 3 printed under 其他 with 总计 blank: as 总计 it would keep the row's sum, so its column is uncertain.
    other = LAYOUT_PAGE.replace(GRANTED, _row("（一）予以公开", ["1", "", "2", "", "", "3", ""]))
    assert _applications(other)["granted"] == ["1", "2", "3"]


def test_a_row_total_the_document_breaks_wherever_its_numbers_stand_is_read_as_printed() -> None:
    """总计 printed as 8 over 4 + 2 + 1 (the report's own error): no placing of the four numbers keeps the
    row's sum, so the sum cannot tell their columns and the page's columns, clear for each, do; the
    checks then report the broken total, as for the same row in a grid. Unread, the report could only
    say it was not fully read."""
    wrong_total = LAYOUT_PAGE.replace(GRANTED, _row("（一）予以公开", ["4", "", "2", "", "1", "", "8"]))
    assert _applications(wrong_total)["granted"] == ["4", "", "2", "", "1", "", "8"]
    # The same numbers a column off 法律服务机构's middle: not clearly in one column, the row stays unread.
    between = "（一）予以公开".ljust(29) + "4".ljust(16) + "2".ljust(12) + "1".ljust(16) + "8"
    assert _applications(LAYOUT_PAGE.replace(GRANTED, between))["granted"] == ["4", "2", "1", "8"]


def test_columns_are_not_carried_over_a_page_break() -> None:
    # The page's columns are known only from its own full rows: after the break there are none.
    broken = "\n".join([HEADER, *FULL, PAGE_BREAK, GRANTED]) + "\n"
    assert _applications(broken)["granted"] == ["4", "2", "1", "7"]


def test_form_feeds_become_page_break_lines_that_prose_never_shows() -> None:
    document = read_text("第一页\f第二页".encode(), "a.txt")
    assert list(document.lines()) == ["第一页", PAGE_BREAK, "第二页"]


def test_spaced_and_cell_per_line_text_are_told_from_separator_joined_text() -> None:
    spaced = ["规章                1                            3\n行政许可         11        160\n" * 3]
    assert looks_aligned(spaced)
    joined = ["规章   0   21   25\n规范性文件   18   18   18\n行政许可   0   0   0\n行政强制   1   56   0\n"]
    assert not looks_aligned(joined)
    assert one_number_per_line(["规章\n17\n17\n132\n规范性文件\n47\n5\n"])
    assert not one_number_per_line(["规章\t17\t17\t132\n规范性文件\t47\t5\t1458\n"])


def test_a_placeholder_word_before_label_text_is_label_text() -> None:
    # "（四）无法提供" printed down the side, one piece per line: "无" is not a blank value.
    assert [t.kind for t in cell_tokens("无  成信息需")] == ["text", "text"]
    assert [t.kind for t in cell_tokens("规章 无 无 无")] == ["text", "placeholder", "placeholder", "placeholder"]


def test_zero_written_as_a_numeral_is_the_number_zero() -> None:
    assert [(t.kind, t.text) for t in cell_tokens("自然人 〇 〇 3")] == [
        ("text", "自然人"),
        ("number", "0"),
        ("number", "0"),
        ("number", "3"),
    ]
    assert [(t.kind, t.text) for t in cell_tokens("〇")] == [("number", "0")]
    # Inside a word (a date in prose) it is text.
    assert [t.kind for t in cell_tokens("二〇二一年 3")] == ["text", "number"]


def test_numbers_under_a_column_header_are_no_rows_values() -> None:
    # pdftotext without -layout: a sub-table's labels, then its headers, then its numbers.
    region = "信息内容\n行政处罚\n行政强制\n\n上一年项目数量\n\n第二十条第（六）项\n本年增/减\n1078\n37\n"
    found = {rt.row.key: rt for rt in match_rows(ACTIVE, segments(tokenize(region)))}
    assert "coercion" not in found and "punishment" not in found


def test_a_spaced_report_with_blank_cells_is_read_without_a_wrong_number() -> None:
    """A whole report: every number lands in its printed column, and what cannot be placed is unread."""
    text = (
        "某县交通运输局2019年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n"
        "二、主动公开政府信息情况\n"
        "                   第二十条第（一）项\n"
        "    信息内容       本年新制作数量    本年新公开数量      对外公开总数量\n"
        "规章                1                                  3\n"
        "三、收到和处理政府信息公开申请情况\n" + LAYOUT_PAGE
    )
    document = Document("a.txt", "text", tuple(Paragraph(line) for line in text.splitlines()))
    extraction = extract_report(document)
    cells = extraction.report.cells
    assert cells["applications.granted.natural_person"] == 4
    assert cells["applications.granted.commercial"] is None
    assert cells["applications.granted.research"] == 2
    assert cells["applications.granted.total"] == 7
    # Table 二's row has no full row to take columns from: unread, not 1 / 3 / blank.
    assert cells["active.regulations.published"] is None
    assert "active.regulations.published" in extraction.unread
    assert any(f.code == "PARSE_INCOMPLETE" for f in extraction.findings)


def _column_dump(values: dict[str, list[int]], by_columns: tuple[str, ...] = ()) -> str:
    """Table 三 as pdftotext copies it without -layout: every row's label, the header, then the numbers
    a cell per line, row by row (the rows in `by_columns` together, column by column)."""
    rows = [row for row in APPLICATIONS.rows if not row.optional]
    lines = [row.label for row in rows] + [f.label for f in rows[0].fields]
    block = [values.get(row.key, [0] * 7) for row in rows if row.key in by_columns]
    for row in rows:
        if row.key not in by_columns:
            lines += [str(v) for v in values.get(row.key, [0] * 7)]
        elif row.key == by_columns[0]:
            lines += [str(column[i]) for i in range(7) for column in block]
    return "\n".join(lines) + "\n"


ONE_GRANTED = {
    "new_received": [1, 0, 0, 0, 0, 0, 1],
    "granted": [1, 0, 0, 0, 0, 0, 1],
    "total_processed": [1, 0, 0, 0, 0, 0, 1],
}


def test_a_table_copied_a_cell_per_line_is_read_by_count_and_arithmetic() -> None:
    rows = read_column_dump(APPLICATIONS, TEMPLATE, _column_dump(ONE_GRANTED), tokenize(_column_dump(ONE_GRANTED)))
    assert [t.text for t in rows["granted"].values] == ["1", "0", "0", "0", "0", "0", "1"]
    assert [t.text for t in rows["carried_over"].values] == ["0"] * 7
    tail = ("other_handling", "total_processed", "carried_forward")
    text = _column_dump(ONE_GRANTED, by_columns=tail)
    rows = read_column_dump(APPLICATIONS, TEMPLATE, text, tokenize(text))
    assert [t.text for t in rows["total_processed"].values] == ["1", "0", "0", "0", "0", "0", "1"]


def test_a_cell_per_line_table_that_breaks_its_sums_is_not_read() -> None:
    broken = {**ONE_GRANTED, "total_processed": [2, 0, 0, 0, 0, 0, 2]}
    text = _column_dump(broken)
    assert read_column_dump(APPLICATIONS, TEMPLATE, text, tokenize(text)) == {}
    short = "\n".join(_column_dump(ONE_GRANTED).splitlines()[:-1]) + "\n"  # a blank cell vanished
    assert read_column_dump(APPLICATIONS, TEMPLATE, short, tokenize(short)) == {}


def test_a_row_cut_by_a_page_break_keeps_its_numbers_and_the_blank_rows_after_it_stay_blank() -> None:
    """LibreOffice splits a tall row at a page's end: its numbers print on its label's first line, the
    label runs to the page's end and its last character tops the next page; the next rows print
    nothing. The numbers are the cut row's, not the next printed row's."""
    keys = [row.key for row in APPLICATIONS.rows]
    between = APPLICATIONS.rows[2 : keys.index("unavailable_not_held")]
    lines = [HEADER, *FULL, *(_row(f"      {row.label}", ["1"] * 6 + ["6"]) for row in between)]
    lines += [_row("      1.本机关", ["2", "", "", "", "", "", "2"]), "      不掌握相", "      关政府信", ""]
    lines += [PAGE_BREAK, "      息", "      2.没有现成信息需要另行制作", "      3.补正后申请内容仍不明确"]
    lines += [_row("      1.信访举报投诉类申请", ["1", "", "", "", "", "", "1"])]
    rows = _applications(label_lines_first("\n".join(lines) + "\n"))
    assert rows["unavailable_not_held"] == ["2", "", "", "", "", "", "2"]
    assert rows["unavailable_needs_creation"] == rows["unavailable_unclear"] == []
    assert rows["not_processed_complaint"] == ["1", "1"]


def test_a_table_two_label_wrapped_around_its_numbers_is_read() -> None:
    """ "行政规范性文" / numbers / "件": a narrow label column wraps the label and the numbers print
    between its two lines; the row is 规范性文件's, not unread, and the next sub-table is untouched."""
    region = "\n".join(
        [
            "              第二十条第(一)项",
            "  信息内容   本年制发件数    本年废止件数        现行有效件数",
            "规 章         3          1            7",
            "行政规范性文",
            "           2              4        9",
            "件",
            "                第二十条第(五)项",
            "  信息内容                本年处理决定数量",
            "行政许可                      46",
        ]
    )
    lines = label_lines_first(region).split("\n")
    assert lines.index("件") < next(i for i, line in enumerate(lines) if line.split() == ["2", "4", "9"])
    template = TEMPLATES["2021"]
    found = {rt.row.key: rt for rt in match_rows(template.table("active"), segments(tokenize_placed("\n".join(lines))))}
    assert [t.text for t in found["normative_documents"].values if t.is_value] == ["2", "4", "9"]
    assert [t.text for t in found["licensing"].values if t.is_value] == ["46"]


def test_a_table_two_label_wrapped_around_its_numbers_atop_a_page_is_read() -> None:
    """The same wrapped label printed first on a new page (the page ended after 规章's row): the page
    break above the label's first line starts the row as a row's numbers do."""
    region = "\n".join(
        [
            "              第二十条第(一)项",
            "  信息内容   本年制发件数    本年废止件数        现行有效件数",
            "规 章         3          1            7",
            "",
            PAGE_BREAK,
            "行政规范性文",
            "           2              4        9",
            "件",
            "                第二十条第(五)项",
            "  信息内容                本年处理决定数量",
            "行政许可                      46",
        ]
    )
    lines = label_lines_first(region).split("\n")
    assert lines.index("件") < next(i for i, line in enumerate(lines) if line.split() == ["2", "4", "9"])
    template = TEMPLATES["2021"]
    found = {rt.row.key: rt for rt in match_rows(template.table("active"), segments(tokenize_placed("\n".join(lines))))}
    assert [t.text for t in found["normative_documents"].values if t.is_value] == ["2", "4", "9"]
    assert [t.text for t in found["regulations"].values if t.is_value] == ["3", "1", "7"]


def _short_rows_read(short: dict[str, list[str]], full: dict[str, list[str]], shift: int) -> dict[str, list[str]]:
    """Table 三 printed with the rows of `full` whole and those of `short` (blank cells empty) `shift`
    characters off their columns, every other row all zeros: the short rows' cells as read."""
    lines = [HEADER]
    for row in APPLICATIONS.rows:
        if row.key in short:
            lines.append(_row(row.label, short[row.key], shift=shift))
        else:
            lines.append(_row(row.label, full.get(row.key, ["0"] * 7)))
    found = {
        rt.row.key: rt for rt in match_rows(APPLICATIONS, segments(tokenize_placed("\n".join(lines))), blank_rows=True)
    }
    placed = chosen_by_sums(APPLICATIONS, with_blank_cells(APPLICATIONS, found, TEMPLATE), TEMPLATE, [])
    return {key: [t.text if t.kind == "number" else "" for t in placed[key].values if t.is_value] for key in short}


def test_short_rows_that_only_check_one_another_are_read_together() -> None:
    """A page whose short rows stand three characters off the full rows' columns: each placing is the only
    one near, but every column sum through one short row runs through the other, so neither is checked
    alone. Taken together every sum holds and both are read; one number changed leaves both unread."""
    full = {
        "new_received": ["12", "11", "6", "3", "2", "9", "43"],
        "carried_over": ["1", "2", "1", "1", "1", "1", "7"],
        "granted": ["9", "12", "6", "1", "2", "9", "39"],
        "total_processed": ["12", "12", "6", "3", "2", "9", "44"],
        "carried_forward": ["1", "1", "1", "1", "1", "1", "6"],
    }
    short = {
        "partially_granted": ["2", "", "", "2", "", "", "4"],
        "withheld_state_secret": ["1", "", "", "", "", "", "1"],
    }
    assert _short_rows_read(short, full, 3) == short
    broken = {**short, "withheld_state_secret": ["2", "", "", "", "", "", "2"]}
    assert _short_rows_read(broken, full, 3) == {key: [c for c in cells if c] for key, cells in broken.items()}


def test_a_sum_the_document_breaks_wherever_its_numbers_stand_leaves_the_placing_read() -> None:
    """结转下年度 printed with 9 too many under 法律服务机构 and in 总计 (the report's own error): the column
    balance breaks, but no other placing of the row mends it without breaking another column, so the
    row is read as printed (the checks then report the balance). A row whose move would mend the
    broken sum is not trusted: it stays unread."""
    full = {
        "new_received": ["12", "11", "6", "3", "2", "9", "43"],
        "carried_over": ["1", "2", "1", "1", "1", "1", "7"],
        "granted": ["11", "13", "7", "4", "3", "10", "48"],
        "total_processed": ["12", "13", "7", "4", "3", "10", "49"],
    }
    short = {"partially_granted": ["1", "", "", "", "", "", "1"], "carried_forward": ["1", "", "", "", "9", "", "10"]}
    assert _short_rows_read(short, full, 0) == short
    # 1 printed under 商业企业 where the balance wants it under 自然人: moving it mends every sum.
    moved = {**short, "partially_granted": ["", "1", "", "", "", "", "1"]}
    assert _short_rows_read(moved, full, 0)["partially_granted"] == ["1", "1"]


def _review_dump(before: list[str]) -> list[str]:
    """Table 四 as pdftotext copies it without -layout, after `before` (numbers and headers of table 三's
    last page, run onto the page of table 四): each part's headers, then its numbers, cell by cell."""
    headers = ["结", "果", "维", "护", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = ["四、政府信息公开行政复议、行政诉讼情况", *before, "行政复议", *headers, "2", "0", "1", "0", "3"]
    lines += ["未经复议直接起诉", *headers, "0", "0", "0", "1", "1", "复议后起诉", *headers, "0", "0", "2", "0", "2"]
    return lines


def test_numbers_run_onto_table_four_from_the_table_before_are_not_its() -> None:
    table = TEMPLATE.table("review_litigation")
    line = Line.of_rows(table.rows, table.key, table.title)
    equations = TEMPLATE.equations_within(line.cells)
    spilled = "\n".join(_review_dump(["其他", "总计", "0", "1", "37", "0", "2"])) + "\n"
    reading = read_flat_dump(line, equations, tokenize(spilled))
    assert reading is not None
    assert reading.candidates == [(2, 0, 1, 0, 3, 0, 0, 0, 1, 1, 0, 0, 2, 0, 2)]
    # A number missing from the table itself (a blank cell) still leaves it unread.
    short = "\n".join(_review_dump(["1", "6"])[:-1]) + "\n"
    assert read_flat_dump(line, equations, tokenize(short)) is None


def test_a_number_of_table_four_wrapped_in_its_narrow_cell_is_joined_where_the_sums_allow_one_way() -> None:
    """pdftotext copies "101" in a narrow 总计 cell as "10" over "1": joined again because only that
    join makes every row of table 四 add up; a join the sums cannot tell apart leaves it unread."""
    table = TEMPLATE.table("review_litigation")
    line = Line.of_rows(table.rows, table.key, table.title)
    equations = TEMPLATE.equations_within(line.cells)
    lines = _review_dump([])
    wrapped = [*lines[:10], "0", "58", "43", "0", "10", "1", *lines[15:]]
    reading = read_flat_dump(line, equations, tokenize("\n".join(wrapped) + "\n"))
    assert reading is not None and reading.reason == WRAPPED_DIGITS
    assert reading.candidates == [(0, 58, 43, 0, 101, 0, 0, 0, 1, 1, 0, 0, 2, 0, 2)]
    # "1" "1" "1" … "12": 11 + 1 or 1 + 11 make 12 alike, so neither is read.
    either = [*lines[:10], "1", "1", "1", "0", "0", "12", *lines[15:]]
    assert read_flat_dump(line, equations, tokenize("\n".join(either) + "\n")) is None


def test_table_four_printed_past_the_next_heading_is_read_and_kept_out_of_its_prose() -> None:
    """A PDF viewer's copy reads the heading 五 before table 四's lower cells: they are still table 四's."""
    lines = [
        "某县交通运输局2019年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度依法公开。",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容",
        "本年新制作数量",
        "规章",
        "1",
        *_review_dump([])[:15],
        "五、存在的主要问题及改进情况",
        *_review_dump([])[15:],
        "本年度公开工作仍有不足。",
        "六、其他需要报告的事项",
        "无。",
    ]
    document = Document("a.txt", "text", tuple(Paragraph(line) for line in lines))
    extraction = extract_report(document)
    cells = extraction.report.cells
    assert cells["review_litigation.review.total"] == 3
    assert cells["review_litigation.litigation_direct.total"] == 1
    assert cells["review_litigation.litigation_after_review.other"] == 2
    assert extraction.report.text["problems"] == "本年度公开工作仍有不足。"


def test_a_labels_enumerator_wrapped_alone_onto_its_line_is_no_number() -> None:
    """A viewer's copy breaks "4.无正当理由大量反复申请" after "4.": the "4." is the label's, not a value
    of the row above; a number with decimals stays a number."""
    assert [t.kind for t in cell_tokens("4.")] == ["text"]
    assert [t.kind for t in cell_tokens("2、")] == ["text"]
    assert [(t.kind, t.text) for t in cell_tokens("4.5")] == [("number", "4.5")]
    tokens = tokenize("3.要求提供公开出版物\n1\n1\n2\n4.\n无正当理由大量反复申请\n1\n1\n")
    assert [t.text for t in tokens if t.is_value] == ["1", "1", "2", "1", "1"]


def test_a_label_cut_by_a_page_break_is_found_by_its_first_half() -> None:
    """A viewer's copy prints "1. 属于国家 141 41 0 0 0 0 182" at a page's foot, the header repeated, and
    "秘密" only after it: the row is still 1.属于国家秘密."""
    table = TEMPLATES["2021"].table("applications")
    text = "（三）不予公开\n1. 属于国家 141 41 0 0 0 0 182\n申请人情况\n自然人\n秘密\n"
    rows = {rt.row.key: [t.text for t in rt.values if t.is_value] for rt in match_rows(table, segments(tokenize(text)))}
    assert rows.get("withheld_state_secret") == ["141", "41", "0", "0", "0", "0", "182"]
