"""A glued 政府集中采购 row settled by the figures the report's prose states (issue 12), written by hand.

Seen in a real department report of 2019 (session 7's Pingtan set, the one cell still missed):
the page text runs every cell together, so table 二's procurement row prints "政府集中采购" and one
run of digits, which the average-purchase convention leaves two ways to cut; the overview says
the same figures in words ("共发布采购信息21条共…元"). The document here is our own wording and
our own numbers: "12600000" is 1 / 2600000 or 12 / 600000, and the prose says 12 and 600000.
"""

from __future__ import annotations

from xxgk.extract import extract_report
from xxgk.read import read_bytes

ROWS_2019 = [
    ("一、本年新收政府信息公开申请数量", "3000003"),
    ("二、上年结转政府信息公开申请数量", "0000000"),
    ("三、本年度办理结果（一）予以公开", "2000002"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "0000000"),
    ("（三）不予公开1.属于国家秘密", "0000000"),
    ("2.其他法律行政法规禁止公开", "0000000"),
    ("3.危及“三安全一稳定”", "0000000"),
    ("4.保护第三方合法权益", "0000000"),
    ("5.属于三类内部事务信息", "0000000"),
    ("6.属于四类过程性信息", "0000000"),
    ("7.属于行政执法案卷", "0000000"),
    ("8.属于行政查询事项", "0000000"),
    ("（四）无法提供1.本机关不掌握相关政府信息", "1000001"),
    ("2.没有现成信息需要另行制作", "0000000"),
    ("3.补正后申请内容仍不明确", "0000000"),
    ("（五）不予处理1.信访举报投诉类申请", "0000000"),
    ("2.重复申请", "0000000"),
    ("3.要求提供公开出版物", "0000000"),
    ("4.无正当理由大量反复申请", "0000000"),
    ("5.要求行政机关确认或重新出具已获取信息", "0000000"),
    ("（六）其他处理", "0000000"),
    ("（七）总计", "3000003"),
    ("四、结转下年度继续办理", "0000000"),
]


def glued_2019_report(overview: str) -> bytes:
    """A bureau's 2019-format report as its page text copies: every row's cells run together."""
    rows = "".join(label + digits for label, digits in ROWS_2019)
    text = (
        "标题: 某某区林业局2019年政府信息公开工作年度报告\n发布时间: 2020-01-20 10:00\n"
        "==================== 正文 ====================\n"
        f"一、总体情况{overview}二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量"
        "对外公开总数量规章000规范性文件000第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
        "行政许可000其他对外管理服务事项000第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量"
        "行政处罚000行政强制000第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费00"
        "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购12600000元"
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        f"申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他{rows}"
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
        "000000000000000五、存在的主要问题及改进情况公开形式还不够丰富。六、其他需要报告的事项无。"
    )
    return text.encode("utf-8")


def _procurement(overview: str) -> tuple[list[object], list[str]]:
    extraction = extract_report(read_bytes(glued_2019_report(overview), "forestry-2019.txt"))
    row = [extraction.report.get(f"active.procurement.{f}") for f in ("items", "amount")]
    return row, [f.code for f in extraction.findings]


def test_the_procurement_figures_the_prose_states_settle_the_glued_row() -> None:
    row, codes = _procurement("全年在政府采购网公开采购信息，共完成政府集中采购12项，采购金额600000元。")
    assert row == [12, 600000]
    assert "PARSE_CORRECTED" in codes


def test_one_stated_figure_is_enough_when_it_leaves_one_cut() -> None:
    row, _ = _procurement("今年共发布采购信息12条。")
    assert row == [12, 600000]


def test_prose_that_agrees_with_no_cut_or_counts_in_wan_yuan_leaves_the_row_unread() -> None:
    # 5 items: neither 1 / 2600000 nor 12 / 600000 — the prose counts something else.
    row, codes = _procurement("共完成政府集中采购5项。")
    assert row == [None, None]
    assert "PARSE_INCOMPLETE" in codes
    # 60万元 is not a figure in 元 (the cell's unit): nothing is stated, both cuts stay possible.
    row, _ = _procurement("政府集中采购金额约60万元。")
    assert row == [None, None]
    # No figure at all: as before, unread.
    row, _ = _procurement("严格执行政府采购信息公开规定。")
    assert row == [None, None]


def test_items_counted_in_batches_and_an_amount_with_decimals_are_stated_figures() -> None:
    """ "197批次涉及金额3601627.4元" (a 平潭 office's wording): batches count items and the amount may
    have decimals; "12600000" is then cut 12 / 600000 by "12批次" alone, and an amount stated with a
    decimal agrees with a cut only where it is that very figure."""
    row, codes = _procurement("全年共发布采购信息12批次涉及金额600000.0元。")
    assert row == [12, 600000]
    assert "PARSE_CORRECTED" in codes
    row, _ = _procurement("全年共发布采购信息涉及金额2600000.5元。")
    assert row == [None, None]
