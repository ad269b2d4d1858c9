"""Tables as a reader copies them from a web page, or a word processor saves them as text.

Select-all and copy in Chromium (the `browser-copy` layout of the independent corpus)
writes each table row on one line with a tab between its cells; an empty cell is
nothing between two tabs, and the row's empty cells at both ends are left out. A
blank cell is a column of its own there: it must be read as blank in its own column,
never closed up so that a neighbour's number drifts into it (before, such rows were
taken for glued digits: "21" under 上一年项目数量 / 本年增减 was cut into 2 and 1).
LibreOffice's "save as text" (the `lo-text` layout) writes a cell a line and an empty
line for an empty cell: there the empty lines after a row's label are its blank cells.
"""

from __future__ import annotations

from xxgk.extract import extract_report
from xxgk.extract.celllines import blank_lines_as_cells
from xxgk.extract.rows import match_rows, segments
from xxgk.extract.tokens import BLANK, cells_kept_apart, tokenize
from xxgk.read import read_bytes
from xxgk.template import TEMPLATES

APPLICATIONS = TEMPLATES["2021"].table("applications")


def _row_values(line: str, label: str) -> list[str | None]:
    """The values the text path reads for the row named `label` in `line`."""
    (found,) = [rt for rt in match_rows(APPLICATIONS, segments(tokenize(line))) if rt.row.label.endswith(label)]
    width = len(found.row.fields)
    return [None if t is BLANK else t.text for t in cells_kept_apart(found.values, width)]


def test_empty_cells_between_tabs_stay_in_their_columns() -> None:
    line = "三、本年度办理结果\t（一）予以公开\t16\t2\t \t\t \t \t18"
    assert _row_values(line, "予以公开") == ["16", "2", None, None, None, None, "18"]


def test_a_rows_trailing_empty_cells_left_out_by_the_browser_are_blank() -> None:
    line = "一、本年新收政府信息公开申请数量\t\t3\t\t\t1"
    assert _row_values(line, "本年新收政府信息公开申请数量") == [None, "3", None, None, "1", None, None]


def test_a_row_all_blank_is_a_row_of_blank_cells() -> None:
    text = "一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t\n二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1"
    assert _row_values(text, "本年新收政府信息公开申请数量") == [None] * 7


def test_a_line_of_values_without_its_label_lost_its_leading_empty_cells() -> None:
    # Table 四's line of values: Chromium's copy drops the empty cells a line starts with and keeps
    # the tabs of those it ends with, so a short line is the table's last cells.
    cells = cells_kept_apart(tokenize("2\t\t2\t\t4\t1\t\t\t\t1"), 15)
    assert [None if t is BLANK else t.text for t in cells] == [None] * 5 + ["2", None, "2", None, "4"] + [
        "1",
        None,
        None,
        None,
        "1",
    ]
    assert [None if t is BLANK else t.text for t in cells_kept_apart(tokenize("2\t\t\t2\t\t"), 8)] == [
        None,
        None,
        "2",
        None,
        None,
        "2",
        None,
        None,
    ]


def test_pipes_at_a_lines_edges_are_no_cells_and_a_cell_per_line_is_untouched() -> None:
    assert [t.kind for t in tokenize("| 规章 | 1 |  | 3 |")] == ["text", "number", "gap", "number", "end"]
    assert [t.kind for t in tokenize("规章 |\n0 |")] == ["text", "number"]
    # A table copied a cell per line, each indented by a tab: one cell a line, no row of cells.
    assert [t.kind for t in tokenize("\t规章\n\t1")] == ["empty", "text", "empty", "number"]


def test_a_copied_report_reads_blank_cells_as_blank_not_as_glued_digits() -> None:
    active = (
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
        "规章\t\t\t2\n行政规范性文件\t3\t\t12\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t12\n"
        "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t21\n行政强制\t\n"
        "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t\n"
    )
    rows = [
        "申请人情况\t自然人\t法人或其他组织\t总计",
        "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
        "一、本年新收政府信息公开申请数量\t21\t\t\t\t\t\t21",
        "二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t",
        "三、本年度办理结果\t（一）予以公开\t21\t\t\t\t\t\t21",
    ]
    text = (
        "某县司法局2021年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n"
        + active
        + "三、收到和处理政府信息公开申请情况\n"
        + "\n".join(rows)
        + "\n"
    )
    report = extract_report(read_bytes(text.encode("utf-8"), "copied.txt")).report
    cells = report.cells
    assert cells["active.regulations.issued"] is None and cells["active.regulations.in_force"] == 2
    assert cells["active.normative_documents.issued"] == 3 and cells["active.normative_documents.repealed"] is None
    assert cells["active.punishment.decisions"] == 21
    assert cells["applications.new_received.natural_person"] == 21
    assert cells["applications.new_received.commercial"] is None
    assert cells["applications.new_received.total"] == 21
    assert cells["applications.carried_over.total"] is None
    assert cells["applications.granted.natural_person"] == 21


def test_empty_lines_of_a_cell_per_line_export_are_blank_cells() -> None:
    values = [t for t in tokenize("\n\n13\n")]
    cells = blank_lines_as_cells(values, 3)
    assert [None if t is BLANK else t.text for t in cells] == [None, None, "13"]
    # Not when the lines do not number the row's cells: the columns are unknown then.
    assert blank_lines_as_cells(tokenize("\n13"), 3) == tokenize("\n13")


def _saved_as_text(rows: list[tuple[str, list[str]]]) -> str:
    """Rows as LibreOffice saves a table as text: the label, then a line per cell ("" when empty)."""
    return "".join(label + "\n" + "".join(cell + "\n" for cell in cells) for label, cells in rows)


def test_a_text_export_with_many_blank_rows_keeps_each_blank_in_its_column() -> None:
    # Rows all blank say nothing of how blanks are printed; the rows with numbers do, and
    # there "104, empty, 774" under 制发 / 废止 / 现行有效 is 104 and 774 with 废止 blank.
    blank7 = [""] * 7
    active = (
        _saved_as_text([("规章", ["", "", ""]), ("行政规范性文件", ["104", "", "774"])])
        + "第二十条第(五)项\n信息内容\n本年处理决定数量\n"
        + _saved_as_text([("行政许可", ["22,646"])])
    )
    applications = _saved_as_text(
        [
            ("一、本年新收政府信息公开申请数量", ["851", "316", "13", "38", "101", "259", "1,578"]),
            ("二、上年结转政府信息公开申请数量", ["", "", "", "", "4", "11", "15"]),
            ("三、本年度办理结果\n（一）予以公开", ["335", "118", "", "", "", "178", "631"]),
            ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", blank7),
            ("（三）不予公开\n1.属于国家秘密", blank7),
            ("2.其他法律行政法规禁止公开", blank7),
            ("3.危及“三安全一稳定”", blank7),
            ("4.保护第三方合法权益", ["", "43", "1", "7", "", "", "51"]),
            ("5.属于三类内部事务信息", blank7),
            ("6.属于四类过程性信息", blank7),
        ]
    )
    text = (
        "某县司法局2021年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n"
        "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
        + active
        + "三、收到和处理政府信息公开申请情况\n申请人情况\n\n自然人\n法人或其他组织\n总计\n\n\n"
        "商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n\n" + applications
    )
    cells = extract_report(read_bytes(text.encode("utf-8"), "saved.txt")).report.cells
    normative = [cells[f"active.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")]
    assert normative == [104, None, 774]
    assert cells["applications.carried_over.commercial"] is None
    assert cells["applications.carried_over.legal_service"] == 4
    assert cells["applications.withheld_third_party.commercial"] == 43
    assert cells["applications.withheld_third_party.total"] == 51


def test_a_short_row_of_table_two_is_not_filled_from_its_first_column() -> None:
    # Two numbers under 制发 / 废止 / 现行有效 with nothing to say which cell is blank: a blank
    # 本年废止件数 between them is as likely as one at the end, so both stay unread (flagged).
    text = (
        "某县司法局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n0\n行政规范性文件\n104\n774\n"
        "第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n12\n"
    )
    outcome = extract_report(read_bytes(text.encode("utf-8"), "short.txt"))
    cells = outcome.report.cells
    assert [cells[f"active.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")] == [None] * 3
    assert any("104 774" in f.message and "留空" in f.message for f in outcome.findings)
