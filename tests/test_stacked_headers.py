"""Table 四 whose column headers are printed down their narrow cells (issue 12), written by hand.

Seen in real district bureau reports published as PDF flip-books (session 8): the copied page
text prints table 四's fifteen narrow column headers one or two characters a line, each line
holding the same character of every column ("结 结 其 尚" / "果 果 他 未" / "维 纠 结 审" /
"持 正 果 结"), so "结果维持" never stands together. A sentence with a year in it before the table
("2023 年，本局…") was then left in the table's region and its "2023" read as the table's one
number: the table came out unread. The document here is our own wording and our own numbers.
"""

from __future__ import annotations

from xxgk.check import check_report
from xxgk.extract import extract_report
from xxgk.read import read_bytes
from xxgk.timelimit import cpu_limit

HEAD = """某某区统计局2023年政府信息公开工作年度报告
一、总体情况
2023 年，本局依法做好政府信息公开工作。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 1 0 3
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 0
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 0
行政强制 0
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 0
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
"""
ROWS = [
    ("一、本年新收政府信息公开申请数量", "4 1 0 0 0 0 5"),
    ("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"),
    ("三、本年度办理结果 （一）予以公开", "2 1 0 0 0 0 3"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "0 0 0 0 0 0 0"),
    ("（三）不予公开 1.属于国家秘密", "0 0 0 0 0 0 0"),
    ("2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("3.危及“三安全一稳定”", "0 0 0 0 0 0 0"),
    ("4.保护第三方合法权益", "0 0 0 0 0 0 0"),
    ("5.属于三类内部事务信息", "0 0 0 0 0 0 0"),
    ("6.属于四类过程性信息", "0 0 0 0 0 0 0"),
    ("7.属于行政执法案卷", "0 0 0 0 0 0 0"),
    ("8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("（四）无法提供 1.本机关不掌握相关政府信息", "2 0 0 0 0 0 2"),
    ("2.没有现成信息需要另行制作", "0 0 0 0 0 0 0"),
    ("3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("（五）不予处理 1.信访举报投诉类申请", "0 0 0 0 0 0 0"),
    ("2.重复申请", "0 0 0 0 0 0 0"),
    ("3.要求提供公开出版物", "0 0 0 0 0 0 0"),
    ("4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
    ("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("3.其他", "0 0 0 0 0 0 0"),
    ("（七）总计", "4 1 0 0 0 0 5"),
    ("四、结转下年度继续办理", "0 0 0 0 0 0 0"),
]
# One character of every column a line, as a PDF's narrow header cells copy.
ONE_CHARACTER_A_LINE = """行政复议 行政诉讼
未经复议直接起诉 复议后起诉
结 结 其 尚
结 结 其 尚 结 结 其 尚
果 果 他 未
总计 果 果 他 未 总 果 果 他 未 总
维 纠 结 审
维 纠 结 审 计 维 纠 结 审 计
持 正 果 结
持 正 果 结 持 正 果 结
"""
# Two characters a line.
TWO_CHARACTERS_A_LINE = """行政复议 行政诉讼
未经复议直接起诉 复议后起诉
结果 结果 其他 尚未 总
维持 纠正 结果 审结 计 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总
维持 纠正 结果 审结 计 维持 纠正 结果 审结 计
"""
VALUES = "1 0 1 0 2 0 0 1 0 1 0 0 0 0 0"


def stacked_report(header: str) -> bytes:
    table_three = "\n".join(f"{label} {numbers}" for label, numbers in ROWS)
    text = (
        f"{HEAD}{table_three}\n四、政府信息公开行政复议、行政诉讼情况\n"
        "2023 年，本局被申请行政复议 2 件，被提起行政诉讼 1 件。\n"
        f"{header}{VALUES}\n五、存在的主要问题及改进情况\n公开内容还不够丰富。\n六、其他需要报告的事项\n无。\n"
    )
    return text.encode("utf-8")


def _table_four(data: bytes) -> tuple[list[object], list[str]]:
    extraction = extract_report(read_bytes(data, "stats-2023.txt"))
    report = extraction.report
    groups = ("review", "litigation_direct", "litigation_after_review")
    fields = ("upheld", "corrected", "other", "pending", "total")
    values = [report.get(f"review_litigation.{g}.{f}") for g in groups for f in fields]
    findings = extraction.findings + check_report(report, unread=extraction.unread)
    return values, [f.code for f in findings if f.severity == "error"]


def test_headers_one_character_a_line_leave_the_sentence_before_them_out_of_the_table() -> None:
    values, errors = _table_four(stacked_report(ONE_CHARACTER_A_LINE))
    assert values == [int(v) for v in VALUES.split()]
    assert errors == []


def test_headers_two_characters_a_line_are_read_too() -> None:
    values, errors = _table_four(stacked_report(TWO_CHARACTERS_A_LINE))
    assert values == [int(v) for v in VALUES.split()]
    assert errors == []


def test_a_sentence_that_only_names_the_column_words_is_not_taken_for_stacked_headers() -> None:
    # The words of 结果维持 spread over one line of prose are not a stacked header: no table begins there,
    # and the table after them (headers printed whole) is read as before.
    prose = "复议结果经审查后予以维持，共计两件。\n"
    whole = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
    values, errors = _table_four(stacked_report(prose + whole))
    assert values == [int(v) for v in VALUES.split()]
    assert errors == []


def test_a_long_section_of_the_header_characters_is_searched_in_bounded_time() -> None:
    # Table 四's section printing no whole header, only thousands of its letters in no order and no digit
    # (as a garbled copy can): looking for a stacked header must not try every gap between them.
    noise = "结果维维果结纠正\n" * 4000
    data = stacked_report(noise).decode("utf-8").replace(VALUES, "", 1).encode("utf-8")
    with cpu_limit(5.0):  # CPU seconds, not wall time: raises TimeLimitExceeded past them, failing the test
        extraction = extract_report(read_bytes(data, "stats-2023.txt"))
    assert extraction.report.get("review_litigation.review.total") is None
