"""HTML reader: real report pages, Chinese encodings, site furniture and hostile input."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from conftest import DATA
from xxgk.errors import ReadError
from xxgk.read import html as html_module
from xxgk.read import read_bytes, read_path
from xxgk.read.document import Document, Paragraph, Table
from xxgk.read.html import read_html
from xxgk.read.html_grid import MAX_GRID_WORK

SAMPLE = DATA / "realworld" / "city-2025-sample.html"


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def text_of(document: Document) -> str:
    return "\n".join(document.lines())


# --- The real-world sample ----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Document:
    return read_path(SAMPLE)


def test_sample_is_read_as_html_with_its_title(sample: Document) -> None:
    assert sample.format == "html"
    assert sample.metadata["title"] == "测试市2025年政府信息公开工作年度报告"


def test_sample_blocks_keep_document_order(sample: Document) -> None:
    kinds = ["T" if isinstance(block, Table) else block.text[:2] for block in sample.blocks]
    assert kinds[:7] == ["根据", "一、", "20", "（一", "（二", "二、", "T"]
    assert kinds.index("三、") + 1 == kinds.index("T", kinds.index("三、"))
    assert kinds[-4:] == ["五、", "对照", "六、", "依据"]
    assert len(sample.tables()) == 3


def test_sample_table_three_header_spans(sample: Document) -> None:
    table = sample.tables()[1]
    corner = table.cell_at(0, 0)
    assert "勾稽关系" in corner.text
    assert (corner.rowspan, corner.colspan) == (3, 3)
    applicant = table.cell_at(0, 3)
    assert (applicant.text, applicant.colspan, applicant.rowspan) == ("申请人情况", 7, 1)
    assert table.cell_at(1, 4).text == "法人或其他组织"
    assert table.cell_at(1, 4).colspan == 5
    assert [cell.text for cell in table.cells if cell.row == 2][1:6] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]


def test_sample_new_applications_row_has_seven_numbers_in_columns_3_to_9(sample: Document) -> None:
    table = sample.tables()[1]
    row = next(cells for cells in table.rows() if cells[0].text.startswith("一、本年新收"))
    assert (row[0].col, row[0].colspan) == (0, 3)
    assert [(cell.col, cell.text) for cell in row[1:]] == [
        (3, "13612"),
        (4, "252"),
        (5, "0"),
        (6, "45"),
        (7, "128"),
        (8, "32"),
        (9, "14069"),
    ]


def test_sample_rowspans_place_later_rows_correctly(sample: Document) -> None:
    table = sample.tables()[1]
    results = next(cell for cell in table.cells if cell.text == "三、本年度办理结果")
    assert (results.row, results.col, results.rowspan) == (5, 0, 22)
    secret = next(cell for cell in table.cells if cell.text == "1.属于国家秘密")
    assert (secret.row, secret.col) == (7, 2)
    # A row under two rowspans starts at grid column 2.
    second = next(cell for cell in table.cells if cell.text == "2.其他法律行政法规禁止公开")
    assert (second.row, second.col) == (8, 2)
    assert table.cell_at(8, 9).text == "30"
    total = next(cell for cell in table.cells if cell.text == "（七）总计")
    assert (total.col, total.colspan) == (1, 2)
    assert max(cell.row + cell.rowspan for cell in table.cells) == 28
    assert all(cell.col + cell.colspan <= 10 for cell in table.cells)


def test_sample_review_and_litigation_table_is_fifteen_columns_wide(sample: Document) -> None:
    table = sample.tables()[2]
    assert table.cell_at(0, 5).text == "行政诉讼"
    assert table.cell_at(0, 5).colspan == 10
    assert [cell.text for cell in table.cells if cell.row == 3] == [
        "376", "97", "196", "121", "790", "16", "1", "12", "27", "56", "74", "1", "30", "51", "156",
    ]  # fmt: skip


def test_read_bytes_dispatches_html(sample: Document) -> None:
    assert read_bytes(SAMPLE.read_bytes(), "x.html") == Document(
        source="x.html", format="html", blocks=sample.blocks, metadata=sample.metadata
    )


# --- Encodings ------------------------------------------------------------------------------


def test_gb2312_label_keeps_gbk_only_characters() -> None:
    data = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
        "<body><p>国务院总理朱镕基签署</p></body></html>"
    ).encode("gbk")
    assert read_html(data, "gb.html").paragraphs() == ["国务院总理朱镕基签署"]


def test_undeclared_gb18030_page_is_decoded() -> None:
    data = "<html><body><p>政府信息公开工作年度报告</p></body></html>".encode("gb18030")
    assert read_html(data, "gb.html").paragraphs() == ["政府信息公开工作年度报告"]


def test_utf8_bom_page_is_decoded() -> None:
    data = b"\xef\xbb\xbf" + "<html><body><p>年度报告</p></body></html>".encode()
    assert read_html(data, "bom.html").paragraphs() == ["年度报告"]


def test_xhtml_with_xml_encoding_declaration() -> None:
    data = (
        '<?xml version="1.0" encoding="gb2312"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>朱镕基</p>'
        "<table><tr><td>总计</td></tr><tr><td>1</td></tr></table></body></html>"
    ).encode("gbk")
    document = read_html(data, "lo.xhtml")
    assert document.paragraphs() == ["朱镕基"]
    assert [cell.text for cell in document.tables()[0].cells] == ["总计", "1"]


def test_stale_gb2312_label_on_utf8_page_reads_utf8() -> None:
    data = page("<p>行政复议</p>", head='<meta charset="gb2312">')
    assert read_html(data, "x.html").paragraphs() == ["行政复议"]


# --- Text layout ------------------------------------------------------------------------------


def test_block_elements_and_br_make_separate_paragraphs() -> None:
    document = read_html(
        page(
            "<div>前言<p>第一段</p>尾随文字<h2>一、总体情况</h2>"
            "<ul><li>条目一</li><li>条目二</li></ul>甲<br>乙<br/>丙</div>"
        ),
        "x.html",
    )
    assert document.paragraphs() == ["前言", "第一段", "尾随文字", "一、总体情况", "条目一", "条目二", "甲", "乙", "丙"]


def test_inline_elements_join_without_spaces_and_whitespace_collapses() -> None:
    document = read_html(
        page(
            "<p>\u3000\u3000<span>2025</span><b>年</b><a href='javascript:alert(1)'>全市</a>"
            "收到申请\n   共计&nbsp;&nbsp;14069件。 </p>"
            "<p>根据《条例》\n      规定，编制本报告。</p>"
        ),
        "x.html",
    )
    # A source line break between Chinese characters renders as nothing.
    assert document.paragraphs() == ["2025年全市收到申请共计 14069件。", "根据《条例》规定，编制本报告。"]


def test_pre_keeps_its_lines() -> None:
    document = read_html(page("<pre>行政许可    11398889\n行政处罚    6937489\n</pre>"), "x.html")
    assert document.paragraphs() == ["行政许可    11398889", "行政处罚    6937489"]


def test_cell_text_joins_br_and_paragraphs_with_newlines() -> None:
    document = read_html(
        page("<table><tr><td><p>结果</p><p>维持</p></td><td>商业<br>企业</td><td> 5 </td></tr></table>"),
        "x.html",
    )
    assert [cell.text for cell in document.tables()[0].cells] == ["结果\n维持", "商业\n企业", "5"]


def test_caption_becomes_a_paragraph_before_its_table() -> None:
    document = read_html(page("<table><caption>表一</caption><tr><td>a</td><td>b</td></tr></table>"), "x")
    assert isinstance(document.blocks[0], Paragraph)
    assert document.blocks[0].text == "表一"
    assert isinstance(document.blocks[1], Table)


def test_thead_and_tfoot_rows_in_display_order() -> None:
    document = read_html(
        page(
            "<table><tfoot><tr><td>合计</td><td>3</td></tr></tfoot>"
            "<thead><tr><th>项目</th><th>数量</th></tr></thead>"
            "<tbody><tr><td>甲</td><td>3</td></tr></tbody></table>"
        ),
        "x",
    )
    assert [[cell.text for cell in row] for row in document.tables()[0].rows()] == [
        ["项目", "数量"],
        ["甲", "3"],
        ["合计", "3"],
    ]


# --- Spans --------------------------------------------------------------------------------------


def test_bad_span_values_are_clamped_or_ignored() -> None:
    document = read_html(
        page(
            "<table>"
            "<tr><td colspan='abc'>a</td><td colspan='0'>b</td><td colspan='2px'>c</td></tr>"
            "<tr><td rowspan='999999'>d</td><td colspan='100000'>e</td></tr>"
            "<tr><td rowspan='-3'>f</td></tr>"
            "</table>"
        ),
        "x",
    )
    spans = {cell.text: (cell.row, cell.col, cell.rowspan, cell.colspan) for cell in document.tables()[0].cells}
    assert spans["a"] == (0, 0, 1, 1)
    assert spans["b"] == (0, 1, 1, 1)
    assert spans["c"] == (0, 2, 1, 2)
    # A rowspan past the last row ends at the last row.
    assert spans["d"] == (1, 0, 2, 1)
    assert spans["e"] == (1, 1, 1, 1000)
    assert spans["f"] == (2, 1, 1, 1)


def test_rowspan_zero_reaches_the_last_row() -> None:
    document = read_html(
        page("<table><tr><td rowspan=0>a</td><td>b</td></tr><tr><td>c</td></tr><tr><td>d</td></tr></table>"),
        "x",
    )
    spans = {cell.text: (cell.row, cell.col, cell.rowspan) for cell in document.tables()[0].cells}
    assert spans == {"a": (0, 0, 3), "b": (0, 1, 1), "c": (1, 1, 1), "d": (2, 1, 1)}


# --- Layout tables and nesting --------------------------------------------------------------------


def test_layout_table_is_walked_and_inner_report_table_kept() -> None:
    document = read_html(
        page(
            "<table width='1000'><tr><td>首页 | 政务公开</td></tr>"
            "<tr><td><p>三、收到和处理政府信息公开申请情况</p>"
            "<table><tr><td colspan='3' rowspan='2'>说明</td><td>自然人</td></tr>"
            "<tr><td>5</td></tr></table>"
            "<p>四、行政复议</p></td></tr></table>"
        ),
        "x",
    )
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    inner = document.tables()[0]
    assert inner.cell_at(0, 0).rowspan == 2
    assert inner.cell_at(0, 0).colspan == 3
    assert inner.cell_at(1, 3).text == "5"


def test_single_cell_wrapper_table_reads_as_paragraphs() -> None:
    document = read_html(page("<table><tr><td><p>一、总体情况</p><p>二、主动公开</p></td></tr></table>"), "x")
    assert document.paragraphs() == ["一、总体情况", "二、主动公开"]
    assert document.tables() == []


# --- Furniture and content -------------------------------------------------------------------------


def test_scripts_styles_comments_and_controls_are_ignored() -> None:
    document = read_html(
        page(
            "<script>document.write('恶意脚本')</script><style>p{color:red}</style>"
            "<noscript>请启用脚本</noscript><template><p>模板</p></template><!-- 注释 -->"
            "<p>正文<select><option>选项</option></select><button>打印</button></p>"
        ),
        "x",
    )
    assert document.paragraphs() == ["正文"]


def test_site_furniture_is_dropped_but_the_report_is_kept() -> None:
    document = read_html(
        page(
            "<header><a href='/'>首页</a><a href='#'>机构</a></header>"
            "<nav>政务公开 | 办事服务</nav>"
            "<div class='breadcrumb'>当前位置：首页 > 年报</div>"
            "<div id='leftMenu'>2023年政府信息公开工作年度报告</div>"
            "<p>一、总体情况</p><p>本年度全区公开信息2000条。</p>"
            "<div class='bdshare_t'>分享到：微信</div>"
            "<footer>版权所有 网站标识码</footer>"
        ),
        "x",
    )
    assert document.paragraphs() == ["一、总体情况", "本年度全区公开信息2000条。"]


def test_furniture_holding_the_report_table_is_kept() -> None:
    # ASP.NET pages wrap the whole page in a form, and some templates put the article in a "sidebar".
    document = read_html(
        page(
            "<form id='form1'><div class='nav'>首页</div>"
            "<div class='sidebar'><p>二、主动公开</p><table><tr><td>规章</td><td>3</td></tr></table></div>"
            "</form>"
        ),
        "x",
    )
    assert document.paragraphs() == ["二、主动公开"]
    assert [cell.text for cell in document.tables()[0].cells] == ["规章", "3"]


def test_content_container_is_preferred_and_keeps_the_title_above() -> None:
    report = "".join(f"<p>第{n}段正文内容，本机关依法公开政府信息。</p>" for n in range(20))
    document = read_html(
        page(
            "<div class='top'>市人民政府门户网站 网站地图 无障碍</div>"
            "<div class='article'><h1>某区2024年政府信息公开工作年度报告</h1>"
            "<div class='info'>发布时间：2025-01-20 来源：区政府办</div>"
            f"<div class='TRS_Editor'>{report}<table><tr><td>规章</td><td>3</td></tr></table></div>"
            "</div>"
            "<div class='list'><a>某区2023年政府信息公开工作年度报告</a><a>某区2022年政府信息公开工作年度报告</a>"
            "<a>某区2021年政府信息公开工作年度报告</a><a>某区2020年政府信息公开工作年度报告</a></div>"
        ),
        "x",
    )
    text = text_of(document)
    assert text.startswith("某区2024年政府信息公开工作年度报告\n发布时间：2025-01-20 来源：区政府办\n第0段")
    assert "2023年" not in text
    assert "门户网站" not in text
    assert len(document.tables()) == 1


def test_whole_body_is_read_without_a_content_container() -> None:
    document = read_html(
        page("<div><p>甲</p></div><div><p>乙</p><table><tr><td>1</td><td>2</td></tr></table></div>"), "x"
    )
    assert document.paragraphs() == ["甲", "乙"]
    assert len(document.tables()) == 1


def test_container_missing_a_table_is_not_preferred() -> None:
    document = read_html(
        page(
            "<div id='content'><p>一、总体情况，本年度依法公开政府信息，内容较长较长较长。</p></div>"
            "<table><tr><td>规章</td><td>3</td></tr></table>"
        ),
        "x",
    )
    assert len(document.tables()) == 1


# --- Metadata -----------------------------------------------------------------------------------------


def test_metadata_from_cms_meta_tags() -> None:
    head = (
        '<meta charset="utf-8"><title>年报_某市人民政府</title>'
        '<meta name="ArticleTitle" content="某市2024年政府信息公开工作年度报告">'
        '<meta name="PubDate" content="2025-01-15 09:30">'
    )
    document = read_html(page("<p>正文</p>", head=head), "x")
    assert document.metadata == {"title": "某市2024年政府信息公开工作年度报告", "published": "2025-01-15 09:30"}


def test_metadata_open_graph_published_time() -> None:
    head = '<title> 年报 </title><meta property="article:published_time" content="2025-01-15T09:30:00+08:00">'
    document = read_html(page("<p>正文</p>", head=head), "x")
    assert document.metadata == {"title": "年报", "published": "2025-01-15T09:30:00+08:00"}


# --- Hostile input ------------------------------------------------------------------------------------


def test_empty_page_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="没有内容"):
        read_html(b"   \n ", "x")


def test_pathologically_nested_divs_fail_fast_with_a_reason() -> None:
    depth = 100_000
    data = ("<html><body>" + "<div>" * depth + "正文" + "</div>" * depth + "</body></html>").encode()

    # libxml2 stops at its depth limit: the page is refused before any of it is walked.
    def refused() -> None:
        with pytest.raises(ReadError, match="嵌套过深"):
            read_html(data, "deep.html")

    assert _python_calls(refused) < 200


def test_moderately_nested_page_is_read_whole() -> None:
    depth = 200
    data = page("<div>" * depth + "<p>深处正文</p>" + "</div>" * depth + "<p>结尾</p>")
    assert read_html(data, "x").paragraphs() == ["深处正文", "结尾"]


class _CellBudget:
    """Counts the cells the reader places (cells holding markup go through `_cell_text`).

    Fails the test as soon as more than `limit` are placed, so a reader without its
    protection fails here instead of running for hours.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
        self.placed = 0
        real = html_module._cell_text

        def counted(cell: Any, layout: Any, marked: bool) -> str:
            self.placed += 1
            assert self.placed <= limit, f"the reader placed more than {limit} cells before refusing"
            return real(cell, layout, marked)

        monkeypatch.setattr(html_module, "_cell_text", counted)


def test_span_bomb_table_is_refused_at_the_grid_work_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Row k walks past the k * 1,000 columns covered by the rows above, then covers
    # 1,000 more: rows 0..k-1 cost 1,000 * k * (k + 1) / 2 grid positions, so the
    # page budget stops the table after about a hundred rows, not 20,000 rows of
    # quadratic work.
    rows = "<tr><td rowspan='65534' colspan='1000'><b>x</b></td></tr>" * 20_000
    within_budget = max(k for k in range(20_000) if 1_000 * k * (k + 1) // 2 <= MAX_GRID_WORK)
    budget = _CellBudget(monkeypatch, limit=within_budget)
    with pytest.raises(ReadError, match="表格规模异常"):
        read_html(page(f"<table>{rows}</table>"), "bomb.html")
    assert budget.placed == within_budget


def _python_calls(read: Callable[[], object]) -> int:
    """Python and C function calls made while `read` runs: the reader's work, whatever the machine's load."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        read()
    finally:
        sys.setprofile(None)
    return calls


def test_large_flat_page_is_read_in_linear_work() -> None:
    paragraph = "<p>第<b>一</b>段<a href='javascript:void(0)'>链接</a></p>"
    small = _python_calls(lambda: read_html(page(paragraph * 5_000), "half.html"))
    large = _python_calls(lambda: read_html(page(paragraph * 10_000), "big.html"))
    # Twice the paragraphs, at most a little over twice the work (a quadratic walk gives four times).
    assert large <= 2.2 * small
    document = read_html(page(paragraph * 40_000), "big.html")
    assert len(document.blocks) == 40_000
    assert document.blocks[0] == Paragraph("第一段链接")


def test_page_with_too_many_tags_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(html_module.etree, "fromstring", never)
    with pytest.raises(ReadError, match="标签过多"):
        read_html(page("<i class=nav>x</i>" * 400_000), "huge.html")


def test_many_small_span_tables_share_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each table costs 2,000 grid positions (1,000 columns covered, then walked past)
    # and places two cells: one budget for the page refuses it after
    # MAX_GRID_WORK / 2,000 of the 10,000 tables.
    table = "<table><tr><td rowspan=2 colspan=1000><b>x</b></td></tr><tr><td><b>y</b></td></tr></table>"
    within_budget = 2 * (MAX_GRID_WORK // 2_000)
    budget = _CellBudget(monkeypatch, limit=within_budget)
    with pytest.raises(ReadError, match="表格规模异常"):
        read_html(page(table * 10_000), "tables.html")
    assert budget.placed == within_budget
