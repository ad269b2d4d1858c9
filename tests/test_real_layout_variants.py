"""Layout features of published reports the parser had never been shown (issue 12), each written by hand.

Every test document here is our own wording and our own numbers; it reproduces one feature
seen in real reports read in session 7 (department reports of a district site, copied as
the page's text, every cell of a row run together):

- a glued row whose digits number exactly its cells (one digit a cell) while its printed
  total disagrees with its parts — the digits allow that one cut only, so it is what the
  document prints, and the broken total is the document's error, for the checks to name;
- a section that says a sentence with figures before its table ("2024年，主动公开政府信息86条，
  其中规范性文件类9条。第二十条第（一）项…"): in text run into one line, those figures are not
  the table's first row (they were read as 行政规范性文件 9 and as table 四's only number, 2024);
- a glued table 二 row with several splits ("行政规范性文件97253") whose figures the overview states
  in words ("制发行政规范性文件9件，废止文件7件，现行有效行政规范性文件共253件"): the one split the
  prose agrees with is read, with a warning; prose the table contradicts leaves the row unread;
- a report page whose body is only its title (the report itself an image or an attachment): the
  user is told that, not that the file is no annual report.
"""

from __future__ import annotations

import pytest

from xxgk.check import check_report
from xxgk.errors import NotAReportError
from xxgk.extract import extract_report
from xxgk.read import read_bytes

ACTIVE = (
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
    "行政规范性文件004第二十条第（五）项信息内容本年处理决定数量行政许可7第二十条第（六）项信息内容"
    "本年处理决定数量行政处罚0行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0"
)
ROWS = [
    ("一、本年新收政府信息公开申请数量", "130000013"),
    ("二、上年结转政府信息公开申请数量", "0000000"),
    ("三、本年度办理结果（一）予以公开", "9000009"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "0000000"),
    ("（三）不予公开1.属于国家秘密", "0000000"),
    ("2.其他法律行政法规禁止公开", "0000000"),
    ("3.危及“三安全一稳定”", "0000000"),
    ("4.保护第三方合法权益", "0000000"),
    ("5.属于三类内部事务信息", "0000000"),
    ("6.属于四类过程性信息", "0000000"),
    ("7.属于行政执法案卷", "0000000"),
    ("8.属于行政查询事项", "0000000"),
    ("（四）无法提供1.本机关不掌握相关政府信息", "4000004"),
    ("2.没有现成信息需要另行制作", "0000000"),
    ("3.补正后申请内容仍不明确", "0000000"),
    ("（五）不予处理1.信访举报投诉类申请", "0000000"),
    ("2.重复申请", "0000000"),
    ("3.要求提供公开出版物", "0000000"),
    ("4.无正当理由大量反复申请", "0000000"),
    ("5.要求行政机关确认或重新出具已获取信息", "0000000"),
    ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0000000"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0000000"),
    ("3.其他", "0000000"),
    ("（七）总计", "130000013"),
    ("四、结转下年度继续办理", "0000000"),
]
REVIEW_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
)


def glued_report(review_digits: str, active_intro: str = "", review_intro: str = "") -> bytes:
    """A district bureau's report as its page text copies: every row's cells run together."""
    applications = "".join(label + digits for label, digits in ROWS)
    text = (
        "标题: 某某区水务局2024年政府信息公开工作年度报告\n发布时间: 2025-01-16 09:30\n"
        "==================== 正文 ====================\n"
        "本报告中所列数据的统计期限为2024年1月1日至2024年12月31日。一、总体情况全年收到政府信息公开申请13件。"
        f"{ACTIVE.replace('情况第二十条', '情况' + active_intro + '第二十条', 1)}三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
        f"{applications}{REVIEW_HEAD.replace('情况行政复议', '情况' + review_intro + '行政复议', 1)}{review_digits}五、存在的主要问题及改进情况解读形式还不够丰富。"
        "六、其他需要报告的事项本年度未收取信息处理费。"
    )
    return text.encode("utf-8")


def test_one_digit_a_cell_with_a_broken_total_is_read_as_printed_and_flagged() -> None:
    # 行政复议: 结果维持 1, 结果纠正 0, 其他结果 1, 尚未审结 0, and 总计 printed as 0 (should be 2).
    extraction = extract_report(read_bytes(glued_report("101000000000000"), "water-2024.txt"))
    report = extraction.report
    findings = extraction.findings + check_report(report, unread=extraction.unread)
    printed = [1, 0, 1, 0, 0] + [0] * 10
    groups = ("review", "litigation_direct", "litigation_after_review")
    fields = ("upheld", "corrected", "other", "pending", "total")
    cells = [f"review_litigation.{g}.{f}" for g in groups for f in fields]
    assert [report.get(c) for c in cells] == printed
    assert all(c in report.inferred for c in cells)  # cut from glued digits: marked and explained
    errors = [f for f in findings if f.severity == "error"]
    assert [f.code for f in errors] == ["R4"], [f.message for f in errors]
    assert "行政复议" in errors[0].message
    assert not [f for f in findings if f.code in ("PARSE_DIGITS_UNBALANCED", "PARSE_INCOMPLETE")]


def test_digits_that_allow_several_cuts_with_no_balanced_one_stay_unread() -> None:
    # Sixteen digits for fifteen cells: several cuts, none balanced — still the document's error, left open.
    extraction = extract_report(read_bytes(glued_report("1010000000000000"), "water-2024.txt"))
    report = extraction.report
    assert report.get("review_litigation.review.total") is None
    assert "PARSE_DIGITS_UNBALANCED" in [f.code for f in extraction.findings]


def test_a_sentence_with_figures_before_a_glued_table_is_not_its_first_row() -> None:
    data = glued_report(
        "000000000000000",
        active_intro="2024年，主动公开政府信息86条，其中规范性文件类9条、其他信息77条。",
        review_intro="2024年，本局未发生政府信息公开行政复议、行政诉讼。",
    )
    extraction = extract_report(read_bytes(data, "water-2024.txt"))
    report = extraction.report
    findings = extraction.findings + check_report(report, unread=extraction.unread)
    assert [report.get(f"active.regulations.{f}") for f in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert [report.get(f"active.normative_documents.{f}") for f in ("issued", "repealed", "in_force")] == [0, 0, 4]
    assert report.get("active.licensing.decisions") == 7
    assert all(report.get(c) == 0 for c in report.spec.cell_ids(include_optional=False) if c.startswith("review_"))
    assert not [f.message for f in findings if f.severity == "error"]


def _normative_row(normative: str, overview: str) -> tuple[list[object], list[str]]:
    data = glued_report("000000000000000").decode("utf-8")
    data = data.replace("行政规范性文件004", f"行政规范性文件{normative}", 1)
    data = data.replace("全年收到政府信息公开申请13件。", f"全年收到政府信息公开申请13件。{overview}", 1)
    extraction = extract_report(read_bytes(data.encode("utf-8"), "water-2024.txt"))
    row = [extraction.report.get(f"active.normative_documents.{f}") for f in ("issued", "repealed", "in_force")]
    return row, [f.code for f in extraction.findings]


def test_a_glued_table_two_row_is_split_as_the_prose_states_its_figures() -> None:
    overview = "本年度制发行政规范性文件12件，按程序废止文件5件，现行有效行政规范性文件共318件。"
    row, codes = _normative_row("125318", overview)
    assert row == [12, 5, 318]
    assert "PARSE_CORRECTED" in codes and "PARSE_INCOMPLETE" not in codes


def test_prose_figures_the_table_contradicts_leave_the_glued_row_unread() -> None:
    # 现行有效 stated as 300 (another scope): no split of 125318 agrees with both figures.
    row, codes = _normative_row("125318", "本年度制发行政规范性文件12件，现行有效行政规范性文件300件。")
    assert row == [None, None, None]
    assert "PARSE_INCOMPLETE" in codes
    # No figure stated: as before, several splits and no arithmetic, the row stays unread.
    row, _ = _normative_row("125318", "本年度加强规范性文件管理。")
    assert row == [None, None, None]


def test_a_report_page_with_only_its_title_says_the_tables_are_not_text() -> None:
    page = "标题: 某某区水务局2020年政府信息公开工作年度报告\n发布时间: 2021-01-20 10:00\n正文\n某某区水务局2020年政府信息公开工作年度报告\n"
    with pytest.raises(NotAReportError, match="可能是图片或附件"):
        extract_report(read_bytes(page.encode("utf-8"), "water-2020.txt"))
