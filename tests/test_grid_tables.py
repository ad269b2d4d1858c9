"""Tables read as grids: columns named by their header cells, blank cells kept in their column.

Small HTML pages (the simplest grid a reader hands over) with table 三 printed in ways that
reading a row as a run of numbers gets wrong: columns in another order, zero left blank,
and for contrast a table with no header at all, which the line path still reads.
"""

from __future__ import annotations

from xxgk.service import check_bytes, parse_bytes
from xxgk.template import get_template

TEMPLATE = get_template("2021")
APPLICATIONS = TEMPLATE.table("applications")
COLUMNS = [f.key for f in APPLICATIONS.rows[0].fields]
LABELS = {f.key: f.label for f in APPLICATIONS.rows[0].fields}
ORDER = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


def _values(row_index: int) -> dict[str, int]:
    """A consistent row: 自然人 and 其他 vary, the others are 0, 总计 is their sum."""
    values = dict.fromkeys(COLUMNS, 0)
    values["natural_person"] = 10 + row_index
    values["other_org"] = row_index % 3
    values["total"] = values["natural_person"] + values["other_org"]
    return values


def _page(
    order: list[str], *, header: bool = True, blank_zero: bool = False, raised: tuple[str, ...] = ()
) -> tuple[bytes, dict[str, int]]:
    """A report page with table 三 in the column `order`; returns it and the values written.

    `raised` ("row.column") are cells printed 5 higher than the arithmetic wants: an error of the report.
    """
    rows = [r for r in APPLICATIONS.rows if not r.optional]
    truth: dict[str, int] = {}
    cells: dict[str, dict[str, int]] = {}
    for index, row in enumerate(rows):
        cells[row.key] = _values(index)
    # Keep the table's own arithmetic true: 一 + 二 = （七） + 四, （七） = the outcomes.
    outcomes = [r.key for r in rows if r.outcome]
    cells["total_processed"] = {c: sum(cells[k][c] for k in outcomes) for c in COLUMNS}
    cells["carried_over"] = dict.fromkeys(COLUMNS, 0)
    cells["new_received"] = {c: cells["total_processed"][c] + cells["carried_forward"][c] for c in COLUMNS}
    for cell in raised:
        row_key, column = cell.split(".")
        cells[row_key][column] += 5
    head = ""
    if header:
        head = "<tr><td>项目</td>" + "".join(f"<td>{LABELS[c]}</td>" for c in order) + "</tr>"
    body = []
    for row in rows:
        printed = []
        for column in order:
            value = cells[row.key][column]
            truth[f"applications.{row.key}.{column}"] = value
            printed.append("" if blank_zero and value == 0 else str(value))
        body.append(f"<tr><td>{row.label}</td>" + "".join(f"<td>{v}</td>" for v in printed) + "</tr>")
    html = (
        "<html><head><meta charset='utf-8'><title>某局2024年政府信息公开工作年度报告</title></head><body>"
        "<h1>某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本年度共收到申请。</p>"
        "<p>二、主动公开政府信息情况</p><p>见下表。</p>"
        "<p>三、收到和处理政府信息公开申请情况</p>"
        f"<table border='1'>{head}{''.join(body)}</table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p>"
        "<p>五、存在的主要问题及改进情况</p><p>无。</p><p>六、其他需要报告的事项</p><p>无。</p>"
        "</body></html>"
    )
    return html.encode(), truth


def _read(data: bytes) -> dict[str, object]:
    outcome = parse_bytes(data, "report.html")
    assert outcome.report is not None, outcome.error
    return outcome.report.cells


def test_columns_in_another_order_are_read_by_their_headers() -> None:
    order = ["total", "other_org", "natural_person", "legal_service", "social_welfare", "research", "commercial"]
    data, truth = _page(order)
    cells = _read(data)
    assert {cell: cells[cell] for cell in truth} == truth


def test_a_blank_cell_stays_null_in_its_own_column_and_is_flagged() -> None:
    data, truth = _page(ORDER, blank_zero=True)
    cells = _read(data)
    expected = {cell: (None if value == 0 else value) for cell, value in truth.items()}
    assert {cell: cells[cell] for cell in truth} == expected
    outcome = check_bytes(data, "report.html")
    blank = [f for f in outcome.findings if f.code == "P1"]
    assert blank and "留空" in blank[0].message
    assert not [f for f in outcome.findings if f.code in ("PARSE_MISSING_CELLS", "PARSE_AMBIGUOUS")]


def test_a_table_without_a_header_row_is_read_line_by_line() -> None:
    data, truth = _page(ORDER, header=False)
    cells = _read(data)
    assert {cell: cells[cell] for cell in truth} == truth


def test_an_error_among_blank_cells_is_caught_blanks_counting_as_zero() -> None:
    """Zero printed blank everywhere: a raised row total (R3) or outcome (R2) is still an error."""
    for raised, rule in (
        (("granted.total",), "R3"),
        (("partially_granted.other_org", "partially_granted.total"), "R2"),
    ):
        data, _ = _page(ORDER, blank_zero=True, raised=raised)
        outcome = check_bytes(data, "report.html")
        errors = [(f.code, f.message) for f in outcome.findings if f.severity == "error"]
        assert any(code == rule and "留空的单元格按 0 计" in message for code, message in errors), (raised, errors)
    data, _ = _page(ORDER, blank_zero=True)
    assert not [f for f in check_bytes(data, "report.html").findings if f.code in ("R1", "R2", "R3", "R4")]


def test_a_review_group_total_beyond_its_printed_results_is_an_error() -> None:
    """Table 四 with zeros left blank: 行政复议 prints 42 under 结果纠正 and 50 as its total (R4)."""
    head = "".join(f"<td>{t}</td>" for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    groups = ("行政复议", "未经复议直接起诉", "复议后起诉")
    rows = [["", "42", "", "", "50"], ["", "", "3", "", "3"], ["", "", "", "", ""]]
    cells = "".join(
        f"<tr><td>{g}</td>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for g, r in zip(groups, rows, strict=True)
    )
    data, _ = _page(ORDER)
    page = data.decode().replace(
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p>",
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p><table border='1'><tr><td>项目</td>{head}</tr>{cells}</table>",
    )
    outcome = check_bytes(page.encode(), "report.html")
    assert outcome.report is not None
    assert outcome.report.cells["review_litigation.review.corrected"] == 42
    assert outcome.report.cells["review_litigation.review.upheld"] is None
    r4 = [f for f in outcome.findings if f.code == "R4"]
    assert len(r4) == 1 and "review_litigation.review.total" in r4[0].cells, r4


def test_a_negative_count_in_table_two_stays_in_its_column_and_is_an_error() -> None:
    """A draft with a figure imported out of range: 规章 prints -1 under 本年制发件数, the rest "—"."""
    head = "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    rows = "<tr><td>规章</td><td>-1</td><td>—</td><td>—</td></tr><tr><td>行政规范性文件</td><td>2</td><td>0</td><td>5</td></tr>"
    data = (
        "<html><head><meta charset='utf-8'></head><body><h1>某局2024年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>无。</p><p>二、主动公开政府信息情况</p>"
        f"<table border='1'><tr><td colspan='4'>第二十条第（一）项</td></tr>{head}{rows}</table>"
        "<p>三、收到和处理政府信息公开申请情况</p><p>无。</p></body></html>"
    ).encode()
    cells = _read(data)
    assert cells["active.regulations.issued"] == -1
    assert cells["active.regulations.repealed"] is None and cells["active.normative_documents.in_force"] == 5
    messages = [f.message for f in check_bytes(data, "report.html").findings if f.severity == "error"]
    assert any("“规章”行“本年制发件数”栏为负数（-1）" in m for m in messages), messages
