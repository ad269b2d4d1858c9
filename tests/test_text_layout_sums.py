"""Table sums over many short rows of spaced text (`pdftotext -layout`), and numbers wrapped with their label.

A page of table 三 often prints a dozen short rows (zeros as nothing), each placed by the columns
its numbers stand under. A report that breaks one of its own sums (a wrong total, a cell too
large) must not leave all of them unread when no other placing could mend that sum, however
many placings the rows have together; one that a placing may have broken still leaves them
unread. The tables are hand-made here, laid out as -layout lays them out.
"""

from __future__ import annotations

from layout_text import MIDDLES, laid_out_row
from xxgk.extract.aligned import with_blank_cells
from xxgk.extract.centred import label_lines_first
from xxgk.extract.chosen import chosen_by_sums
from xxgk.extract.rows import match_rows, segments
from xxgk.extract.tokens import tokenize_placed
from xxgk.extract.wraps import joined_wraps
from xxgk.read.document import PAGE_BREAK
from xxgk.template import TEMPLATES, Row, TableSpec

TEMPLATE = TEMPLATES["2019"]
APPLICATIONS = TEMPLATE.table("applications")
HEADER = "（本列数据的勾稽关系）".ljust(28) + "自然人  商业企业 科研机构 社会公益 法律服务  其他    总计"
OUTCOMES = [row.key for row in APPLICATIONS.rows][2:-2]


def _rows_before_other_handling(table: TableSpec) -> list[Row]:
    """The required rows of table 三 above （六）其他处理."""
    keys = [row.key for row in table.rows]
    return [row for row in table.rows[: keys.index("other_no_correction")] if not row.optional]


def _printing_ones(rows: list[Row]) -> list[str]:
    """`rows` laid out each printing 1 six times and 6 as its total."""
    return [f"         {row.label}    " + "   ".join(["1"] * 6 + ["6"]) for row in rows]


def _table(short: dict[str, list[str]], totals: list[int], shift: int = 0) -> str:
    """Table 三 with the outcome rows of `short` (blank cells empty, `shift` characters right of their
    columns; others all zeros), 总计 printing `totals` (and 本年新收 the same, nothing carried over or forward)."""
    printed = [str(n) for n in totals]
    lines = [HEADER]
    for row in APPLICATIONS.rows:
        if row.key in short:
            lines.append(laid_out_row(row.label, short[row.key], shift))
            continue
        cells = printed if row.key in ("new_received", "total_processed") else ["0"] * 7
        lines.append(laid_out_row(row.label, cells))
    return "\n".join(lines) + "\n"


def _read(region: str, keys: list[str]) -> dict[str, list[str]]:
    found = {rt.row.key: rt for rt in match_rows(APPLICATIONS, segments(tokenize_placed(region)), blank_rows=True)}
    placed = chosen_by_sums(APPLICATIONS, with_blank_cells(APPLICATIONS, found, TEMPLATE), TEMPLATE, [])
    return {key: [t.text if t.kind == "number" else "" for t in placed[key].values if t.is_value] for key in keys}


def _column_sums(short: dict[str, list[str]]) -> list[int]:
    return [sum(int(cells[j] or 0) for cells in short.values()) for j in range(7)]


# Seven short rows of two numbers and a total: far more placings together than can be tried one by one.
SHORT = {
    OUTCOMES[0]: ["1", "", "2", "", "", "", "3"],
    OUTCOMES[1]: ["", "1", "", "", "1", "", "2"],
    OUTCOMES[2]: ["", "", "1", "", "", "2", "3"],
    OUTCOMES[4]: ["2", "", "", "1", "", "", "3"],
    OUTCOMES[6]: ["", "3", "", "", "", "1", "4"],
    OUTCOMES[8]: ["", "", "", "2", "1", "", "3"],
    OUTCOMES[10]: ["1", "", "", "", "", "1", "2"],
}


def test_many_short_rows_are_read_by_their_columns() -> None:
    assert _read(_table(SHORT, _column_sums(SHORT)), list(SHORT)) == SHORT


def test_a_row_breaking_its_own_total_leaves_the_other_short_rows_read() -> None:
    """One late row prints 总计 2 over a single 1 (the report's error, as printed): its total breaks the
    total column's sum wherever its numbers stand, so that sum tells no placing apart, whichever row
    comes first and however many placings the rows have together; every row is read as printed."""
    broken = {**SHORT, OUTCOMES[5]: ["", "", "", "1", "", "", "2"]}
    sums = _column_sums(broken)
    sums[-1] -= 1  # 总计 adds up the rows as they should have been
    assert _read(_table(broken, sums), list(broken)) == broken


def test_a_cell_too_large_with_its_total_leaves_the_short_rows_read() -> None:
    """One row prints 7 too many under 科研机构 and in its 总计 (its own sum holding): the 科研机构 and 总计
    columns break. Whatever placing mended 科研机构 would break another column, since the part columns
    together always add up to the total column, which no placing changes: the rows are read as printed."""
    wrong = {**SHORT, OUTCOMES[2]: ["", "", "8", "", "", "2", "10"]}
    sums = _column_sums(SHORT)
    assert _read(_table(wrong, sums), list(wrong)) == wrong


def test_a_row_whose_move_mends_the_sums_leaves_the_rows_unread() -> None:
    """One row's 1 printed under 社会公益组织 where the columns' sums want it under 法律服务机构: moving it
    mends both sums, so the placing may be the error, and the rows it runs through stay unread."""
    moved = {**SHORT, OUTCOMES[12]: ["", "", "", "1", "", "", "1"]}
    sums = _column_sums({**SHORT, OUTCOMES[12]: ["", "", "", "", "1", "", "1"]})
    read = _read(_table(moved, sums), list(moved))
    assert read[OUTCOMES[12]] == ["1", "1"]
    assert all("" not in cells for cells in read.values())


def test_a_number_wrapped_beside_its_wrapped_label_is_joined() -> None:
    """ "1,688" wraps as "1,68" over "8" in its narrow cell, and the row's label wraps too, so the pieces
    print after the label's first and last lines: the number is joined into the row's line, the
    label's lines kept around it."""
    region = "\n".join(
        [
            "一、本年新收政府信息公开   1,68                               2,43",
            "                       413   127   10   140   57",
            "申请数量             8                                 5",
        ]
    )
    lines = joined_wraps(region).split("\n")
    assert lines[0] == "一、本年新收政府信息公开"
    assert lines[1].split() == ["1,688", "413", "127", "10", "140", "57", "2,435"]
    assert lines[2] == "申请数量"
    # A piece that is a number of its own ("168") is not taken for a wrapped one.
    plain = region.replace("1,68", "168 ").replace("2,43", "243 ")
    assert joined_wraps(plain) == plain


def test_a_row_cut_by_a_page_break_beside_a_side_caption_keeps_its_numbers() -> None:
    """（六）其他处理's first row is cut by the page's end: its numbers print on its label's first line,
    after the side caption "(六)", and the label's next lines start where its enumerator does (the
    narrow "1." is less than two columns of text wide): they continue the cut label, whose numbers
    are its own (they were lost, the row read as printing nothing), and the rows after keep theirs."""
    table = TEMPLATES["2021"].table("applications")
    rows = _rows_before_other_handling(table)
    lines = _printing_ones(rows)
    lines += [
        "    (六)  1.申请人无         1              1    1    3",
        "    其他 正当理由逾",
        "    处理 期不补正，",
        "",
    ]
    lines += [PAGE_BREAK, "                 自然人       商业     科研       法律服               合计"]
    lines += [
        "       行政机关不",
        "       再处理其政",
        "       府信息公开",
        "       申请",
        "       2.申请人逾",
        "       期未按收费",
    ]
    lines += ["                           1      1            1             3", "       通知要求缴"]
    lines += ["       3.其他                1                                  1"]
    region = label_lines_first("\n".join(lines) + "\n")
    found = {rt.row.key: rt for rt in match_rows(table, segments(tokenize_placed(region)), blank_rows=True)}
    printed = {key: [t.text for t in rt.values if t.is_value] for key, rt in found.items()}
    assert printed["other_no_correction"] == ["1", "1", "1", "3"]
    assert printed["other_unpaid_fee"] == ["1", "1", "1", "3"]
    assert printed["other_misc"] == ["1", "1"]
    assert all(printed[row.key] == ["1"] * 6 + ["6"] for row in rows)


def _printed(table_key: str, lines: list[str]) -> dict[str, list[str]]:
    return _printed_in(TEMPLATES["2021"].table(table_key), lines)


def _printed_in(table: TableSpec, lines: list[str]) -> dict[str, list[str]]:
    region = label_lines_first("\n".join(lines) + "\n")
    found = {rt.row.key: rt for rt in match_rows(table, segments(tokenize_placed(region)), blank_rows=True)}
    return {key: [t.text for t in rt.values if t.is_value] for key, rt in found.items()}


FIRST_ROWS = [
    "一、本年新收政府信息公开申请数量     252   571   114   8   267   46   1258",
    "二、上年结转政府信息公开申请数量       0    48     0    0   25    4    77",
    "三  (一)予以公开         0    471   84    0    0    0    555",
    "、  (二)部分公开(区分处理的,只计这一情形,不计其他情形)    44    0      0    0   55    0    99",
]


def test_a_label_tail_beside_a_side_caption_on_the_next_page_goes_back_to_its_row() -> None:
    """ "1. 属于国家" ends a page with its numbers; "秘密" tops the next, beside the side caption "办" (of
    "本年度办理结果"): the tail is its label's end, not the start of the next row's label."""
    lines = [*FIRST_ROWS, "度  (三)不 1. 属于国家    0    0      2    3    0    0     5", "", PAGE_BREAK]
    lines += ["                         自然   商业   科研   社会  法律     其他   合计"]
    lines += ["办        秘密", "理        2.其他法律行", "结        政法规禁止公     0    20   0   1    0    0    21"]
    lines += ["果        开", "         3.危及“三安全一稳定”     0    0    0   0    3    0     3"]
    printed = _printed("applications", lines)
    assert printed["withheld_state_secret"] == ["0", "0", "2", "3", "0", "0", "5"]
    assert printed["withheld_prohibited_by_law"] == ["0", "20", "0", "1", "0", "0", "21"]


def test_label_tails_on_a_page_set_two_columns_right_go_back_to_their_row() -> None:
    """pdftotext places each page anew: on the next page the labels stand two columns right of the page
    before's, the cut label's tail lines with them, above "3.其他" and its numbers. The tails are found
    at the column the page's first row starts at, and 3.其他 keeps its own label and numbers."""
    table = TEMPLATES["2021"].table("applications")
    rows = _printing_ones(_rows_before_other_handling(table))
    rows += [
        "         1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请     0    0    5   0    5    0    10",
        "         2、申请人逾",
        "                    0    27   0   0    0    0    27",
        "",
        PAGE_BREAK,
        "                               自然   商业   科研   社会  法律     其他   合计",
    ]
    rows += [
        f"           {tail}"
        for tail in ("期未按收费通", "知要求缴纳费", "用、行政机关", "不再处理其政", "府信息公开申", "请")
    ]
    rows += ["           3.其他           0    0      0      0    17    32    49"]
    printed = _printed("applications", rows)
    assert printed["other_unpaid_fee"] == ["0", "27", "0", "0", "0", "0", "27"]
    assert printed["other_misc"] == ["0", "0", "0", "0", "17", "32", "49"]


def test_short_rows_between_columns_are_placed_together_when_one_placing_of_them_all_keeps_the_sums() -> None:
    """Two short rows whose numbers stand half-way between two columns each: alone, neither is checked
    (each column sum runs through the other), and each could stand in either column; together, only
    one placing of both keeps every column sum, and both are read. Sums no placing keeps leave both
    unread."""
    short = {OUTCOMES[0]: ["1", "", "", "", "", "", "1"], OUTCOMES[1]: ["", "2", "", "", "", "", "2"]}
    assert _read(_table(short, _column_sums(short), shift=4), list(short)) == short
    sums = _column_sums(short)
    sums[0], sums[-1] = sums[0] + 1, sums[-1] + 1
    assert _read(_table(short, sums, shift=4), list(short)) == {
        key: [c for c in cells if c] for key, cells in short.items()
    }


def test_a_label_tail_beside_a_side_caption_with_its_own_enumerator_stays_with_its_row() -> None:
    """ "3.要求提供公开出" / numbers / "(五)不予 版物": the label's last line prints the side caption's first
    piece, "(五)" reading like an enumerator, before "版物". The tail still ends the row's label, so its
    numbers stay its own and the next row keeps its own."""
    table = TEMPLATES["2019"].table("applications")
    keys = [row.key for row in table.rows]
    rows = table.rows[: keys.index("not_processed_complaint")]
    lines = [f"          {row.label}    " + "   ".join(["1"] * 6 + ["6"]) for row in rows]
    lines += ["          1.信访举报投诉类", "                       1        1       1       3", "          申请"]
    lines += ["          2.重复申请"]
    lines += ["          3.要求提供公开出", "                                1       1       2", "    (五)不予 版物"]
    lines += ["    处理    4.无正当理由大量", "                       1        1   1           3", "          反复申请"]
    printed = _printed_in(table, lines)
    assert printed["not_processed_complaint"] == ["1", "1", "1", "3"]
    assert printed["not_processed_duplicate"] == []
    assert printed["not_processed_publication"] == ["1", "1", "2"]
    assert printed["not_processed_excessive"] == ["1", "1", "1", "3"]


def test_a_blank_row_above_the_next_sub_tables_header_is_found_blank() -> None:
    """表二's 其他对外管理服务事项 prints nothing, right above the header of 第二十条第（六）项, and a page break
    follows: the row is printed blank (not missing, which the report would flag as not fully read)."""
    lines = [
        "                 第二十条第（五）项",
        "    信息内容       上一年项目数量   本年增/减    处理决定数量",
        "行政许可              532      399     13,652",
        "其他对外管理服务事项",
        "                 第二十条第（六）项",
        "   信息内容        上一年项目数量   本年增/减    处理决定数量",
        "",
        PAGE_BREAK,
        "行政处罚",
        "行政强制            169                 -7               2,920",
    ]
    printed = _printed_in(TEMPLATES["2019"].table("active"), lines)
    assert printed["other_services"] == []
    assert printed["coercion"] == ["169", "-7", "2920"]


def test_a_wrapped_number_squeezed_by_a_long_label_is_joined_beside_it() -> None:
    """ "2625" wraps as "262" over "5" around a row whose long label ends a character before where the
    joined number would start: it is joined a column further left, not left as two numbers (the "5"
    read as the row's 7th cell shifted every number one column: wrong values)."""
    region = "\n".join(
        [
            "                    262                          327",
            "一、本年新收政府信息公开申请数量        226   71   49   43   256",
            "                     5                            0",
        ]
    )
    assert joined_wraps(region).split() == [
        "一、本年新收政府信息公开申请数量",
        "2625",
        "226",
        "71",
        "49",
        "43",
        "256",
        "3270",
    ]


def test_a_full_cell_wrapped_beside_a_side_caption_is_joined() -> None:
    """ "1230" wraps as "123" over "0" beside the side caption "三、" / "本年": the cell is full at three
    characters (no number of the table is wider), so the pieces are one number, joined into the row's
    line (the lone "0" was read as the row's total: a wrong value and a false alarm)."""
    region = "\n".join(
        [
            "二、上年结转政府信息公开申请数量    108  0    2    2    0     0  112",
            "三、                                               123",
            "   （一）予以公开          993  0    39   20   0    178",
            "本年                                                0",
            "度办 （二）部分公开          595 101      0    14   0    31    741",
        ]
    )
    lines = joined_wraps(region).split("\n")
    assert lines[1].split() == ["（一）予以公开", "993", "0", "39", "20", "0", "178", "1230"]
    assert lines[2].split()[-1] == "741"
    # A table whose cells hold four digits prints "123" whole: a number of its own, not a wrapped one.
    wider = region.replace("112", "1120")
    assert joined_wraps(wider) == wider


def test_a_row_off_its_column_whose_move_mends_the_sums_alone_stays_unread() -> None:
    """As above, but the 1 stands a character left of 社会公益组织's numbers (a line whose label text
    pdftotext -layout shifts): the rows whose every number stands with its column's others did not
    break the sums, so they are read, and only the row standing off its column stays unread."""
    moved = {**SHORT, OUTCOMES[12]: ["", "", "", "1", "", "", "1"]}
    sums = _column_sums({**SHORT, OUTCOMES[12]: ["", "", "", "", "1", "", "1"]})
    region = _table(moved, sums)
    row = APPLICATIONS.rows[[r.key for r in APPLICATIONS.rows].index(OUTCOMES[12])]
    region = region.replace(
        laid_out_row(row.label, moved[OUTCOMES[12]]),
        laid_out_row(row.label, ["", "", "", "1", "", "", ""], -1).ljust(77) + "1",
    )
    read = _read(region, list(moved))
    assert read[OUTCOMES[12]] == ["1", "1"]
    assert {key: cells for key, cells in read.items() if key != OUTCOMES[12]} == SHORT


def test_a_blank_wrapped_row_right_above_3_other_leaves_it_its_numbers() -> None:
    """2.申请人逾期未按… prints nothing (blank cells) over five lines, beside the side caption
    "（六）其他处理" cut into pieces, and 3.其他 prints its numbers on its own line: the row above is
    blank, and the numbers are 3.其他's (they were lost, read as no row's)."""
    table = TEMPLATES["2021"].table("applications")
    rows = _printing_ones(_rows_before_other_handling(table))
    rows += [
        "        1.申请人无正当理",
        "        由逾期不补正、行",
        "                            1              1   1         3",
        "        政机关不再处理其",
        "   （六）",
        "        2.申请人逾期未按",
        "   其他处",
        "        收费通知要求缴纳",
        "   理",
        "        费用、行政机关不",
        "        再处理其政府信息",
        "        公开申请",
        "        3.其他                 1   1    1                  3",
    ]
    printed = _printed_in(table, rows)
    assert printed["other_no_correction"] == ["1", "1", "1", "3"]
    assert printed["other_unpaid_fee"] == []
    assert printed["other_misc"] == ["1", "1", "1", "3"]


def _squeezed(label: str, cells: list[str]) -> str:
    """A full row whose long label squeezes its 社会公益组织 and 法律服务机构 numbers three characters left."""
    line = label
    for j, (middle, cell) in enumerate(zip(MIDDLES, cells, strict=True)):
        line = line.ljust(middle - (3 if j in (3, 4) else 0) - len(cell) // 2) + cell
    return line


def _squeezing_full_rows(region: str, short: list[str], totals: list[int]) -> str:
    """`region` (`_table`) with every row but the `short` ones squeezed (`_squeezed`)."""
    for row in APPLICATIONS.rows:
        if row.key not in short:
            cells = [str(n) for n in totals] if row.key in ("new_received", "total_processed") else ["0"] * 7
            region = region.replace(laid_out_row(row.label, cells), _squeezed(row.label, cells))
    return region


def test_short_rows_are_placed_by_their_own_columns_where_the_full_rows_are_squeezed() -> None:
    """The page's full rows (本年新收, 总计, the rows of zeros) print 社会公益组织's and 法律服务机构's numbers three characters
    left of where every short row prints them: the short rows' numbers stand between the full rows'
    columns, but in seven tight groups of their own, one a column, which place them (the sums holding)
    without a search through the placings the sums allow."""
    sums = _column_sums(SHORT)
    region = _squeezing_full_rows(_table(SHORT, sums), list(SHORT), sums)
    found = {rt.row.key: rt for rt in match_rows(APPLICATIONS, segments(tokenize_placed(region)), blank_rows=True)}
    placed = with_blank_cells(APPLICATIONS, found, TEMPLATE)
    read = {key: [t.text if t.kind == "number" else "" for t in placed[key].values if t.is_value] for key in SHORT}
    assert read == SHORT


def test_short_rows_whose_own_columns_break_the_sums_stay_unread() -> None:
    """As above, but one short row's 1 printed under 社会公益组织 where the sums want 法律服务机构: the
    short rows' groups place it, the column sums break, and the rows stay unread."""
    moved = {**SHORT, OUTCOMES[12]: ["", "", "", "1", "", "", "1"]}
    sums = _column_sums({**SHORT, OUTCOMES[12]: ["", "", "", "", "1", "", "1"]})
    region = _squeezing_full_rows(_table(moved, sums), list(moved), sums)
    read = _read(region, list(moved))
    assert read[OUTCOMES[12]] == ["1", "1"]
    assert all(cells == moved[key] or "" not in cells for key, cells in read.items())


def test_a_label_cut_by_a_page_break_with_a_side_caption_a_space_before_it_keeps_its_numbers() -> None:
    """ "2.没有现" prints its numbers on its first line and ends the page; its label goes on atop the next
    page beside the side caption "（四）无法提供" cut into pieces, one space before it ("提 成信息需"):
    the pieces are the label's end, the numbers its own (the row was not found), and 3.补正后… keeps its."""
    table = TEMPLATES["2019"].table("applications")
    keys = [row.key for row in table.rows]
    rows = [row for row in table.rows[: keys.index("unavailable_needs_creation")] if not row.optional]
    lines = _printing_ones(rows)
    lines += [laid_out_row("   法  2.没有现", ["2", "", "", "", "", "", "2"]), "", PAGE_BREAK]
    lines += ["                 自然人       商业     科研       法律服               合计"]
    lines += ["    提 成信息需", "    供 要另行制", "      作", "      3.补正后"]
    lines += [laid_out_row("      申请内容", ["3", "", "", "1", "", "", "4"]), "      仍不明确"]
    printed = _printed_in(table, lines)
    assert printed["unavailable_needs_creation"] == ["2", "2"]
    assert printed["unavailable_unclear"] == ["3", "1", "4"]
    assert all(printed[row.key] == ["1"] * 6 + ["6"] for row in rows)


def test_side_caption_pieces_on_a_page_with_two_sub_items_are_taken_out_by_the_next_pages_column() -> None:
    """The table's first page ends after 1.属于国家秘密 and 2.其他法律行政法规禁止公开, the side captions
    "三、本年度办理结果" and "（三）不予公开" printed down beside them ("理" between "1.属于国家秘" and
    "密"): two sub-items are too few to show the labels' column, so the next page's (where its own
    two start too) takes the pieces out, and 国家秘密's numbers are its own (they were lost)."""
    table = TEMPLATES["2021"].table("applications")
    lines = [
        laid_out_row("一、本年新收政府信息公开申请数量", ["4", "24", "", "1", "", "", "29"]),
        laid_out_row("二、上年结转政府信息公开申请数量", ["", "", "", "", "", "", "0"]),
        laid_out_row("三  （一）予以公开", ["1", "", "", "", "", "", "1"]),
        "、  （二）部分公开（区",
        "本  分处理的，只计这一",
        "年  情形，不计其他情",
        "度  形）",
        "办  （三  1.属于国家秘",
        "理",
        "   ）不  密",
        laid_out_row("", ["", "24", "", "1", "", "", "25"]),
        "结  予公  2.其他法律行",
        "果  开   政法规禁止公",
        "       开",
        laid_out_row("", ["3", "", "", "", "", "", "3"]),
        "",
        PAGE_BREAK,
        "                 自然人       商业     科研       法律服               合计",
        laid_out_row("       3.危及“三安全一稳定”", ["0"] * 7),
        laid_out_row("       4.保护第三方合法权益", ["0"] * 7),
        laid_out_row("       5.属于三类内部事务信息", ["0"] * 7),
    ]
    printed = _printed_in(table, lines)
    assert printed["withheld_state_secret"] == ["24", "1", "25"]
    assert printed["withheld_prohibited_by_law"] == ["3", "3"]
    assert printed["withheld_third_party"] == ["0"] * 7
