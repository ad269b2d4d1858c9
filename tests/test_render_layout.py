"""The official layout derived from the template: merged header cells, row groups, value cells."""

from __future__ import annotations

import pytest

from reports import consistent_report
from xxgk.render.fit import Fit, fit_number
from xxgk.render.grid import Grid, GridCell
from xxgk.render.layout import layout_report
from xxgk.render.tables import table_grid
from xxgk.render.text import canonical_text, value_text
from xxgk.report import Report
from xxgk.template import TEMPLATES


def cell(grid: Grid, text: str) -> GridCell:
    found = [c for c in grid.cells if c.text == text and c.kind != "value"]
    assert len(found) == 1, (text, found)
    return found[0]


def spans(grid: Grid, text: str) -> tuple[int, int]:
    found = cell(grid, text)
    return found.rowspan, found.colspan


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_table_three_header_is_the_official_merged_block(template: str) -> None:
    grid = table_grid(consistent_report(template), "applications")
    assert grid.header_rows == 3 and grid.label_cols == 3 and grid.cols == 10
    note = cell(grid, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (note.row, note.col, note.rowspan, note.colspan) == (0, 0, 3, 3)
    assert spans(grid, "申请人情况") == (1, 7)
    assert spans(grid, "法人或其他组织") == (1, 5)
    assert spans(grid, "自然人") == (2, 1)
    assert spans(grid, "总计") == (2, 1)
    organisations = [c.text for c in grid.row_cells(2)]
    assert organisations == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


@pytest.mark.parametrize(("template", "other_rows"), [("2019", 0), ("2021", 3)])
def test_table_three_row_groups_are_merged_down_the_rows_they_head(template: str, other_rows: int) -> None:
    grid = table_grid(consistent_report(template), "applications")
    outcomes = sum(1 for row in TEMPLATES[template].table("applications").rows if row.outcome and not row.optional)
    results = cell(grid, "三、本年度办理结果")
    assert (results.col, results.rowspan) == (0, outcomes + 1)  # the outcome rows and （七）总计
    assert spans(grid, "（三）不予公开") == (8, 1)
    assert spans(grid, "（四）无法提供") == (3, 1)
    assert spans(grid, "（五）不予处理") == (5, 1)
    if other_rows:
        assert spans(grid, "（六）其他处理") == (other_rows, 1)
    else:
        assert cell(grid, "（六）其他处理").kind == "label"
    assert spans(grid, "一、本年新收政府信息公开申请数量") == (1, 3)
    assert spans(grid, "（一）予以公开") == (1, 2)
    assert spans(grid, "1.属于国家秘密") == (1, 1)
    assert spans(grid, "（七）总计") == (1, 2)


def test_table_four_is_review_over_five_and_litigation_over_ten() -> None:
    grid = table_grid(consistent_report("2021"), "review_litigation")
    assert (grid.rows, grid.cols, grid.header_rows) == (4, 15, 3)
    assert spans(grid, "行政复议") == (1, 5)
    assert spans(grid, "行政诉讼") == (1, 10)
    assert spans(grid, "未经复议直接起诉") == (1, 5)
    assert spans(grid, "复议后起诉") == (1, 5)
    assert [c.rowspan for c in grid.row_cells(1)[:5]] == [2] * 5
    assert [c.text for c in grid.row_cells(2)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert [c.cell_id for c in grid.row_cells(3)][:2] == [
        "review_litigation.review.upheld",
        "review_litigation.review.corrected",
    ]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_table_two_has_a_caption_and_header_per_item_and_stretches_short_blocks(template: str) -> None:
    grid = table_grid(consistent_report(template), "active")
    captions = [c.text for c in grid.cells if c.kind == "caption"]
    expected = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert captions == expected + (["第二十条第（九）项"] if template == "2019" else [])
    assert all(c.colspan == 4 for c in grid.cells if c.kind == "caption")
    assert [c.text for c in grid.cells if c.kind == "header" and c.col == 0] == ["信息内容"] * len(captions)
    for row in range(grid.rows):
        assert sum(c.colspan for c in grid.row_cells(row)) == 4
    if template == "2021":
        fee = next(c for c in grid.value_cells() if c.cell_id == "active.fees.amount")
        assert (fee.col, fee.colspan) == (1, 3)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_printed_cell_has_exactly_one_value_cell(template: str) -> None:
    report = consistent_report(template)
    layout = layout_report(report)
    ids = [c.cell_id for grid in layout.grids for c in grid.value_cells()]
    printed = [
        cell_id
        for table in report.spec.tables
        for key in report.printed_rows(table.key)
        for cell_id in table.row(key).cell_ids(table.key)
    ]
    assert ids == printed


def test_sections_are_the_six_in_order_with_their_prose() -> None:
    report = consistent_report("2021")
    report.text["overview"] = "第一段。\n\n  第二段，有  两个空格。  \n"
    layout = layout_report(report)
    assert [s.heading for s in layout.sections] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert layout.sections[0].paragraphs == ("第一段。", "第二段，有 两个空格。")
    assert layout.title == "测试县科学技术局2023年政府信息公开工作年度报告"


def test_a_mixed_2021_report_prints_the_old_other_row_instead_of_its_sub_rows() -> None:
    report = consistent_report("2021")
    for cell_id in TEMPLATES["2021"].table("applications").row("other_handling").cell_ids("applications"):
        report.cells[cell_id] = 0
    for key in ("other_no_correction", "other_unpaid_fee", "other_misc"):
        for cell_id in TEMPLATES["2021"].table("applications").row(key).cell_ids("applications"):
            report.cells[cell_id] = None
    labels = [c.text for c in table_grid(report, "applications").cells if c.kind == "label"]
    assert "（六）其他处理" in labels and "3.其他" not in labels


def test_value_cells_name_their_column_and_row_headers() -> None:
    grid = table_grid(consistent_report("2021"), "applications")
    value = next(c for c in grid.value_cells() if c.cell_id == "applications.withheld_third_party.research")
    names = [h.text for h in grid.headers_of(value)]
    assert names == [
        "申请人情况",
        "法人或其他组织",
        "科研机构",
        "三、本年度办理结果",
        "（三）不予公开",
        "4.保护第三方合法权益",
    ]
    active = table_grid(consistent_report("2021"), "active")
    punishment = next(c for c in active.value_cells() if c.cell_id == "active.punishment.decisions")
    assert [h.text for h in active.headers_of(punishment)] == ["第二十条第（六）项", "本年处理决定数量", "行政处罚"]


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "—"), (0, "0"), (-675, "-675"), (96171.6, "96171.6"), (75394432.52, "75394432.52"), (5.0, "5"),
     (1e-07, "0.0000001"), (1.5e16, "15000000000000000"), (123456789012.345, "123456789012.345")],
)  # fmt: skip
def test_values_print_exactly_without_exponents(value: float | None, text: str) -> None:
    assert value_text(value) == text
    if value is not None:
        assert float(text) == value


def test_a_blank_cell_of_a_form_is_empty() -> None:
    report = Report(template="2021", agency="某局", year=2025)
    grid = layout_report(report, blank="").grids[1]
    assert all(c.text == "" for c in grid.value_cells())


def test_canonical_text_is_one_paragraph_per_line_with_single_spaces() -> None:
    assert canonical_text("  一、\u3000\u3000第一段  \n\n\t第二段\xa0\xa0末尾 \n") == "一、 第一段\n第二段 末尾"


def test_characters_no_document_can_hold_are_left_out_of_prose() -> None:
    """Control characters and lone surrogates (valid in a JSON string) would break XML and UTF-8 writers."""
    assert canonical_text("a\x01b\x00c \ud800d\x0be") == "abc d e"


def test_numbers_are_tightened_before_they_are_shrunk() -> None:
    """In a 14 mm column of table 三 at 9 pt: six digits as they are, nine tighter, twelve smaller."""
    assert fit_number("123456", 14.0, 9.0) == Fit(9.0)
    tight = fit_number("123456789", 14.0, 9.0)
    assert tight.size_pt == 9.0 and tight.spacing_em < 0
    small = fit_number("123456789012", 14.0, 9.0)
    assert small.size_pt < 9.0
