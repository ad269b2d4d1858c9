"""Short rows of pdftotext -layout text placed by what the page shows when the arithmetic cannot help.

A row printing fewer numbers than cells is read only when its numbers' columns are certain. Where
the row's own sums break wherever its numbers stand (the report's own error), the sums tell
nothing, and the page's columns must: the user then gets the row as printed and the check's error
on its total, not a report "not fully read" that hides the error.
"""

from __future__ import annotations

from layout_text import MIDDLES, laid_out_row
from xxgk.extract.aligned import with_blank_cells
from xxgk.extract.chosen import chosen_by_sums
from xxgk.extract.flat import read_flat
from xxgk.extract.headed import flat_placings, shifted_headers
from xxgk.extract.named import named_page_columns
from xxgk.extract.readings import Line
from xxgk.extract.reconstruct import reconstruct
from xxgk.extract.rows import match_rows, segments
from xxgk.extract.tokens import tokenize_placed
from xxgk.read.document import PAGE_BREAK
from xxgk.template import TEMPLATES

TEMPLATE = TEMPLATES["2019"]
REVIEW = TEMPLATE.table("review_litigation")


def _stacked(columns: dict[int, str]) -> list[str]:
    """Header labels printed one character a line, each at its column (as narrow cells wrap them)."""
    height = max(len(label) for label in columns.values())
    lines = []
    for i in range(height):
        line = ""
        for column, label in sorted(columns.items()):
            if i < len(label):
                line = line.ljust(column) + label[i]
        lines.append(line)
    return lines


# Table 四's fifteen columns: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 three times, narrow and close.
LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
COLUMNS = (0, 5, 10, 16, 20, 29, 34, 36, 39, 44, 49, 57, 60, 63, 72)
HEADER = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "         行政复议                               行政诉讼",
    "                                 未经复议直接起诉                 复议后起诉",
    *_stacked(dict(zip(COLUMNS, LABELS * 3, strict=True))),
]


def _values(cells: dict[int, str]) -> str:
    line = ""
    for column, text in sorted(cells.items()):
        line = line.ljust(column) + text
    return line


def _read(values: str) -> list[str] | None:
    placed = flat_placings(REVIEW, "\n".join([*HEADER, values, ""]), TEMPLATE)
    return [t.text for t in placed[0]] if len(placed) == 1 else None


def test_table_four_whose_total_breaks_wherever_its_numbers_stand_is_read_by_its_header() -> None:
    """未经复议直接起诉 printed 4, 1, 5 with 总计 19 (the report's error): every placing breaks a total, and
    the header allows one placing only (1 a character right of 其他结果, 5 of 尚未审结: each next column
    is taken by the number after it), so the table is read as printed."""
    printed = _values({16: "2", 20: "2", 29: "4", 37: "1", 40: "5", 44: "19", 60: "5", 71: "5"})
    assert _read(printed) == ["", "", "", "2", "2", "4", "", "1", "5", "19", "", "", "5", "", "5"]


def test_a_broken_table_four_printed_characters_off_its_header_stays_unread() -> None:
    """The same numbers five characters right of their labels (pdftotext prints a header well off its
    numbers on some pages): the header still allows one placing, a column off, but no number stands
    under its label, so the header cannot be trusted where the sums cannot check it."""
    printed = _values({29 + 5: "4", 16 + 5: "2", 20 + 5: "2", 37 + 5: "1", 40 + 5: "5", 44 + 5: "19", 65: "5", 76: "5"})
    assert _read(printed) is None


def test_a_broken_table_four_the_header_places_two_ways_stays_unread() -> None:
    # 1 half-way between 其他结果 and 尚未审结 with nothing after it in 尚未审结: either column may be its.
    printed = _values({16: "2", 20: "2", 29: "4", 37: "1", 44: "19", 60: "5", 71: "5"})
    assert _read(printed) is None


def test_table_four_placed_two_ways_by_its_sums_reads_the_cells_both_ways_agree_on() -> None:
    """未经复议直接起诉 1 and 5 with 总计 6, the 5 half-way between 其他结果 and 尚未审结: both placings keep
    every sum. Each cell the two agree on is read (blanks as 0, marked inferred); the two cells the 5 may
    stand in stay null, unread, and the report says which they are."""
    printed = _values({0: "1", 10: "5", 20: "6", 29: "1", 37: "5", 44: "6", 66: "2", 72: "2"})
    region = "\n".join([*HEADER, printed, ""])
    assert len(flat_placings(REVIEW, region, TEMPLATE)) == 2
    line = Line.of_rows(REVIEW.rows, REVIEW.key, REVIEW.title)
    reading = read_flat(TEMPLATE, REVIEW, region, False, (True, True, False, False))
    cells = reconstruct([reading], TEMPLATE.equations_within(line.cells), line.cells)
    direct = {c: cells.values[f"review_litigation.litigation_direct.{c}"] for c in REVIEW_FIELDS}
    assert direct == {"upheld": 1, "corrected": 0, "other": None, "pending": None, "total": 6}
    assert cells.values["review_litigation.review.other"] == 5
    assert cells.values["review_litigation.litigation_after_review.pending"] == 2
    open_cells = {"review_litigation.litigation_direct.other", "review_litigation.litigation_direct.pending"}
    assert cells.unread == open_cells
    (ambiguous,) = [f for f in cells.findings if f.code == "PARSE_AMBIGUOUS"]
    assert set(ambiguous.cells) == open_cells and "这 2 栏已留空" in ambiguous.message


REVIEW_FIELDS = ("upheld", "corrected", "other", "pending", "total")
APPLICATIONS = TEMPLATE.table("applications")
# Where pdftotext -layout puts the middle of each of table 三's value columns.
# Table 三's header as a narrow cell wraps it: each label in pieces, one under the other, centred on its column.
PIECES = (
    ("自然", "人"),
    ("商业", "企业"),
    ("科研", "机构"),
    ("社会", "公益", "组织"),
    ("法律", "服务", "机构"),
    ("其他",),
    ("总计",),
)


def _header() -> list[str]:
    lines = []
    for i in range(3):
        line = "（本列数据的勾稽关系）" if i == 0 else ""
        for middle, pieces in zip(MIDDLES, PIECES, strict=True):
            if i < len(pieces):
                line = line.ljust(middle - len(pieces[i]) // 2) + pieces[i]
        lines.append(line)
    return lines


def _table_three(carried_over: list[str], carried_forward: list[str]) -> dict[str, list[str]]:
    """Table 三 with every row but 结转下年度 whole on its first page, and 结转下年度 alone on the next
    page under the header repeated, its numbers pushed eight characters right of their labels (as a
    long label pushes them): the rows' cells as read, blank cells empty."""
    whole = {
        "new_received": ["3", "2", "1", "1", "1", "1", "9"],
        "carried_over": carried_over,
        "granted": ["3", "2", "1", "1", "1", "1", "9"],
        "total_processed": ["3", "2", "1", "1", "1", "1", "9"],
    }
    lines = _header()
    for row in APPLICATIONS.rows:
        if row.key == "carried_forward":
            lines += [PAGE_BREAK, *_header(), laid_out_row(row.label, carried_forward, shift=8)]
        else:
            lines.append(laid_out_row(row.label, whole.get(row.key, ["0"] * 7)))
    region = "\n".join(lines) + "\n"
    tokens = tokenize_placed(region)
    found = {rt.row.key: rt for rt in match_rows(APPLICATIONS, segments(tokens), blank_rows=True)}
    placed = with_blank_cells(APPLICATIONS, found, TEMPLATE, tokens)
    placed = chosen_by_sums(APPLICATIONS, placed, TEMPLATE, tokens, shifted_headers(placed, region))
    return {key: [t.text if t.kind == "number" else "" for t in rt.values if t.is_value] for key, rt in placed.items()}


def test_a_row_alone_under_a_repeated_header_is_placed_by_the_header_spacing_and_the_sums() -> None:
    """1 under 商业企业 and 1 under 总计, pushed right so the first stands under 科研机构's label: only the
    header's spacing holds. Moved to fit it, the numbers are 商业企业 and 总计 or 自然人 and 其他; the
    row's total rules out the second, 商业企业's balance (2 + 1 = 2 + 1) checks the first."""
    cells = _table_three(["", "1", "", "", "", "", "1"], ["", "1", "", "", "", "", "1"])
    assert cells["carried_forward"] == ["", "1", "", "", "", "", "1"]


def test_a_row_alone_under_a_repeated_header_the_sums_do_not_confirm_stays_unread() -> None:
    # 上年结转 under 科研机构: the balance wants 结转下年度's 1 there, which the header's spacing does not allow.
    cells = _table_three(["", "", "1", "", "", "", "1"], ["", "1", "", "", "", "", "1"])
    assert cells["carried_forward"] == ["1", "1"]


def _header_over_a_break(after: set[int]) -> list[str]:
    """The header with the labels of the columns in `after` printed after a page break (the header row
    cut by it), the others before it: only those after it stand on the page of the numbers."""
    before, behind = _header(), _header()
    for j, (middle, pieces) in enumerate(zip(MIDDLES, PIECES, strict=True)):
        for i, piece in enumerate(pieces):
            lines = before if j in after else behind
            start = middle - len(piece) // 2
            lines[i] = lines[i][:start] + " " * len(piece) + lines[i][start + len(piece) :]
    return [*before, PAGE_BREAK, *behind]


def _named_rows(after: set[int], rows: dict[str, list[str]], shift: int = 0) -> dict[str, list[str]]:
    """`rows` printed under a header cut by a page break, 科研机构 and 社会公益组织 blank throughout and
    no row printing every cell, `shift` characters off the labels: the rows' cells as read (blank cells empty)."""
    lines = _header_over_a_break(after)
    lines += [laid_out_row(row.label, rows[row.key], shift) for row in APPLICATIONS.rows if row.key in rows]
    region = "\n".join(lines) + "\n"
    tokens = tokenize_placed(region)
    found = {rt.row.key: rt for rt in match_rows(APPLICATIONS, segments(tokens), blank_rows=True)}
    named = named_page_columns(region, list(APPLICATIONS.rows[0].fields), tokens)
    placed = with_blank_cells(APPLICATIONS, found, TEMPLATE, tokens, named)
    return {key: [t.text if t.kind == "number" else "" for t in rt.values if t.is_value] for key, rt in placed.items()}


SHORT_ROWS = {
    "new_received": ["12", "3", "", "", "2", "1", "18"],
    "carried_over": ["1", "", "", "", "", "", "1"],
    # 总计 left blank, as shanghai-office-2019 prints its outcome rows: the row's sum breaks wherever
    # its numbers stand, so only the columns place them.
    "granted": ["5", "1", "", "", "1", "", ""],
}


def test_groups_of_numbers_named_by_the_header_labels_on_their_page_place_blank_cells() -> None:
    """自然人 and 总计 printed on the page before: the groups under 商业企业, 法律服务机构 and 其他 stand at their
    labels, the group before them can only be 自然人 and the one after them only 总计."""
    cells = _named_rows({1, 2, 3, 4, 5}, SHORT_ROWS)
    assert cells == SHORT_ROWS


def test_a_group_two_columns_without_a_label_could_be_leaves_the_rows_unread() -> None:
    # Only 商业企业 and 其他 on the page: the group under 法律服务机构 could as well be 科研机构's or 社会公益组织's.
    cells = _named_rows({1, 5}, SHORT_ROWS)
    assert cells == {key: [c for c in row if c] for key, row in SHORT_ROWS.items()}


def _two_pages(first: dict[str, list[str]], second: dict[str, list[str]]) -> dict[str, list[str]]:
    """Table 三 with the rows of `first` (every other row all zeros) on a page under the header, and those
    of `second` on the next page, no header there, pushed six characters right: the cells as read."""
    lines = _header_over_a_break({1, 2, 3, 4, 5})
    for row in APPLICATIONS.rows:
        if row.key == "total_processed":
            lines.append(PAGE_BREAK)
        if row.key in second:
            lines.append(laid_out_row(row.label, second[row.key], shift=6))
        else:
            lines.append(laid_out_row(row.label, first.get(row.key, ["0"] * 7)))
    region = "\n".join(lines) + "\n"
    tokens = tokenize_placed(region)
    found = {rt.row.key: rt for rt in match_rows(APPLICATIONS, segments(tokens), blank_rows=True)}
    named = named_page_columns(region, list(APPLICATIONS.rows[0].fields), tokens)
    placed = with_blank_cells(APPLICATIONS, found, TEMPLATE, tokens, named)
    placed = chosen_by_sums(APPLICATIONS, placed, TEMPLATE, tokens, shifted_headers(placed, region), named)
    return {key: [t.text if t.kind == "number" else "" for t in rt.values if t.is_value] for key, rt in placed.items()}


def test_numbers_a_whole_column_off_their_labels_with_no_total_printed_are_not_named() -> None:
    """Rows whose 总计 is left blank printed a column right of the header: each group stands at its
    neighbour's label. Without a group under 总计 nothing shows the header is off, so the page gets no
    columns and the rows (whose sums break wherever their numbers stand) stay unread."""
    rows = {"granted": ["5", "1", "", "", "1", "", ""], "partially_granted": ["7", "2", "", "", "1", "", ""]}
    assert _named_rows({0, 1, 2, 3, 4, 5, 6}, rows, shift=8) == {key: [c for c in r if c] for key, r in rows.items()}


def test_rows_on_a_page_with_no_columns_of_its_own_are_placed_by_the_page_before_and_the_sums() -> None:
    """（七）总计 and 结转下年度 printed on the next page, no header there and no row printing every cell, all
    pushed six characters right: the page before's columns (of its rows of zeros), moved onto their
    numbers, with the table's sums (总计 = the sum of the outcome rows per column, the two with their
    总计 left blank; the balance) leave one placing each."""
    first = {
        **SHORT_ROWS,
        "partially_granted": ["7", "2", "", "", "1", "1", ""],
    }
    second = {"total_processed": ["12", "3", "", "", "2", "1", "18"], "carried_forward": ["1", "", "", "", "", "", "1"]}
    cells = _two_pages(first, second)
    assert {key: cells[key] for key in (*first, *second)} == {**first, **second}


def test_a_total_row_on_the_next_page_its_outcome_rows_contradict_stays_unread() -> None:
    # （七）总计 prints 13 under 自然人 where the outcome rows (their totals printed and holding) add up to 12.
    first = {
        **SHORT_ROWS,
        "granted": ["5", "1", "", "", "1", "", "7"],
        "partially_granted": ["7", "2", "", "", "1", "1", "11"],
    }
    second = {"total_processed": ["13", "3", "", "", "2", "1", "19"], "carried_forward": ["1", "", "", "", "", "", "1"]}
    assert _two_pages(first, second)["total_processed"] == ["13", "3", "2", "1", "19"]
