"""Reports in local layouts, written by hand as real sites print them (not generated from the template).

Shanghai-style reports put the three tables in 附表 after the last section; some
reports print other headings (一、概述) in another order, or the tables with no
section headings at all; pages state the date and the publisher in their
furniture ("来源：… 时间：2022-02-08", "信息来源：… 发布日期：2023年1月28日").
Every one must be read completely, with the same cells, and checked clean.
"""

from __future__ import annotations

import pytest

from xxgk.check import check_report
from xxgk.extract import extract_report
from xxgk.extract.meta import read_meta
from xxgk.read import read_bytes

# Table 二 (2021 format) as printed: label, then the values of its row.
ACTIVE = """第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 3
行政规范性文件 2 1 15
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 120
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 35
行政强制 4
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 0"""

APPLICATIONS_HEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他"
APPLICATIONS = [
    ("一、本年新收政府信息公开申请数量", "20 3 0 0 1 0 24"),
    ("二、上年结转政府信息公开申请数量", "2 0 0 0 0 0 2"),
    ("三、本年度办理结果 （一）予以公开", "10 2 0 0 1 0 13"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3 0 0 0 0 0 3"),
    ("（三）不予公开 1.属于国家秘密", "0 0 0 0 0 0 0"),
    ("2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("3.危及“三安全一稳定”", "0 0 0 0 0 0 0"),
    ("4.保护第三方合法权益", "1 0 0 0 0 0 1"),
    ("5.属于三类内部事务信息", "0 0 0 0 0 0 0"),
    ("6.属于四类过程性信息", "0 0 0 0 0 0 0"),
    ("7.属于行政执法案卷", "0 0 0 0 0 0 0"),
    ("8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("（四）无法提供 1.本机关不掌握相关政府信息", "4 1 0 0 0 0 5"),
    ("2.没有现成信息需要另行制作", "0 0 0 0 0 0 0"),
    ("3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("（五）不予处理 1.信访举报投诉类申请", "0 0 0 0 0 0 0"),
    ("2.重复申请", "1 0 0 0 0 0 1"),
    ("3.要求提供公开出版物", "0 0 0 0 0 0 0"),
    ("4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
    ("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("3.其他", "0 0 0 0 0 0 0"),
    ("（七）总计", "19 3 0 0 1 0 23"),
    ("四、结转下年度继续办理", "3 0 0 0 0 0 3"),
]
REVIEW_HEAD = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计"
REVIEW = "1 0 0 0 1 0 1 0 0 1 0 0 0 0 0"

OVERVIEW = "2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息 156 条。"
PROBLEMS = "政策解读形式还不够丰富。下一步将加强解读回应。"
OTHER = "本年度未收取信息处理费。"

EXPECTED = {
    "active.regulations.in_force": 3,
    "active.normative_documents.issued": 2,
    "active.normative_documents.in_force": 15,
    "active.licensing.decisions": 120,
    "active.coercion.decisions": 4,
    "active.fees.amount": 0,
    "applications.new_received.total": 24,
    "applications.granted.commercial": 2,
    "applications.withheld_third_party.natural_person": 1,
    "applications.unavailable_not_held.total": 5,
    "applications.total_processed.natural_person": 19,
    "applications.carried_forward.total": 3,
    "review_litigation.review.upheld": 1,
    "review_litigation.litigation_direct.corrected": 1,
    "review_litigation.litigation_after_review.total": 0,
}


def _table_text() -> tuple[str, str, str]:
    applications = APPLICATIONS_HEAD + "\n" + "\n".join(f"{label} {values}" for label, values in APPLICATIONS)
    return ACTIVE, applications, REVIEW_HEAD + "\n" + REVIEW


def _read(data: bytes, name: str):  # type: ignore[no-untyped-def]
    extraction = extract_report(read_bytes(data, name))
    findings = extraction.findings + check_report(extraction.report, unread=extraction.unread)
    return extraction.report, findings


def _assert_read_completely(report, findings) -> None:  # type: ignore[no-untyped-def]
    assert report.template == "2021"
    for cell, value in EXPECTED.items():
        assert report.get(cell) == value, cell
    assert all(report.get(c) is not None for c in report.spec.cell_ids(include_optional=False))
    assert not [f.message for f in findings if f.severity == "error"]
    assert not [f.message for f in findings if f.code.startswith("PARSE_")]


def test_shanghai_style_report_with_the_tables_as_appendices() -> None:
    active, applications, review = _table_text()
    text = f"""上海市长宁区民政局2022年政府信息公开工作年度报告
信息来源：上海市长宁区民政局 发布日期：2023年1月28日 【字体：大 中 小】
一、总体情况
{OVERVIEW}
二、主动公开政府信息情况
本年度主动公开政府信息情况详见附表1。
三、收到和处理政府信息公开申请情况
本年度收到和处理政府信息公开申请情况详见附表2。
四、政府信息公开行政复议、行政诉讼情况
本年度政府信息公开行政复议、行政诉讼情况详见附表3。
五、存在的主要问题及改进情况
{PROBLEMS}
六、其他需要报告的事项
{OTHER}
附表1 主动公开政府信息情况
{active}
附表2 收到和处理政府信息公开申请情况
{applications}
附表3 政府信息公开行政复议、行政诉讼情况
{review}
"""
    report, findings = _read(text.encode("utf-8"), "changning-2022.txt")
    _assert_read_completely(report, findings)
    assert (report.agency, report.year, report.published) == ("上海市长宁区民政局", 2022, "2023-01-28")
    assert report.text["other_matters"] == OTHER
    assert report.text["overview"] == OVERVIEW


def test_report_with_its_own_headings_in_its_own_order_and_the_tables_in_an_annex() -> None:
    active, applications, review = _table_text()
    text = f"""2023年度金华市婺城区交通运输局政府信息公开工作年度报告
发布时间：2024-01-19  浏览次数：312
一、概述
{OVERVIEW}
二、存在的主要问题和改进措施
{PROBLEMS}
三、其他需要报告的事项
{OTHER}
附件：政府信息公开工作年度报告统计表
附表一：主动公开政府信息情况
{active}
附表二：收到和处理政府信息公开申请情况
{applications}
附表三：政府信息公开行政复议、行政诉讼情况
{review}
"""
    report, findings = _read(text.encode("gb18030"), "wucheng-2023.txt")
    _assert_read_completely(report, findings)
    # The year printed before the agency is the year, not part of the name ("年度金华市…").
    assert (report.agency, report.year, report.published) == ("金华市婺城区交通运输局", 2023, "2024-01-19")
    assert report.text["overview"] == OVERVIEW
    assert report.text["problems"] == PROBLEMS
    assert report.text["other_matters"] == OTHER


def _html_table(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0">{body}</table>'


def _rows(text: str) -> list[list[str]]:
    """Label and values of each printed line as table cells."""
    out = []
    for line in text.splitlines():
        words = line.split(" ")
        values = [w for w in words if w.replace(".", "").isdigit()]
        label = " ".join(w for w in words if w not in values) if values else line
        out.append([label, *values] if values else words)
    return out


def test_web_page_with_the_three_tables_and_no_section_headings() -> None:
    """The tables follow the overview directly; the date and the publisher stand in the page furniture."""
    active, applications, review = _table_text()
    tables = "".join(_html_table(_rows(part)) for part in (active, applications, review))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府信息公开年报</div>
<h1>2022年政府信息公开工作年度报告</h1>
<div class="info">来源：温州市鹿城区财政局　时间：2023-02-08　【打印】【关闭】</div>
<div class="content">
<p>一、总体情况</p><p>{OVERVIEW}</p>
{tables}
<p>五、存在的主要问题及改进情况</p><p>{PROBLEMS}</p>
<p>六、其他需要报告的事项</p><p>{OTHER}</p>
</div><div class="footer">主办单位：温州市鹿城区人民政府 ICP备案号 浙ICP备05001234号</div></body></html>"""
    report, findings = _read(page.encode("utf-8"), "lucheng-2022.html")
    _assert_read_completely(report, findings)
    assert (report.agency, report.year, report.published) == ("温州市鹿城区财政局", 2022, "2023-02-08")
    assert report.text["overview"] == OVERVIEW
    assert report.text["problems"] == PROBLEMS


def test_headings_come_from_the_template_only() -> None:
    """sections.py has no heading words of its own: every keyword is in the template's Section data."""
    from pathlib import Path

    import xxgk.extract.sections as sections
    from xxgk.template import SECTIONS

    source = Path(sections.__file__).read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section.title not in source
        for keyword in section.keywords + section.local:
            assert keyword not in source, keyword


def test_sections_in_another_order() -> None:
    """The review table last, after the problems and other matters: every section still holds its own text."""
    active, applications, review = _table_text()
    text = f"""杭州市西湖区民政局政府信息公开工作年度报告（2022年度）
发布日期：2023年1月28日
一、总体情况
{OVERVIEW}
二、主动公开政府信息情况
{active}
三、收到和处理政府信息公开申请情况
{applications}
五、存在的主要问题及改进情况
{PROBLEMS}
六、其他需要报告的事项
{OTHER}
四、政府信息公开行政复议、行政诉讼情况
{review}
"""
    report, findings = _read(text.encode("utf-8"), "xihu-2022.txt")
    _assert_read_completely(report, findings)
    assert (report.agency, report.year, report.published) == ("杭州市西湖区民政局", 2022, "2023-01-28")
    assert report.text["problems"] == PROBLEMS
    assert report.text["other_matters"] == OTHER


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (["2023年度宁波市鄞州区市场监督管理局政府信息公开工作年度报告"], ("宁波市鄞州区市场监督管理局", 2023, None)),
        (
            ["2023年金华市财政局政府信息公开工作年度报告", "发布时间：2024-01-19 10:32"],
            ("金华市财政局", 2023, "2024-01-19"),
        ),
        (
            ["淮安市洪泽区人民政府", "2024年政府信息公开工作年度报告", "时间：2025-01-20"],
            ("淮安市洪泽区人民政府", 2024, "2025-01-20"),
        ),
        (
            ["2022年政府信息公开工作年度报告", "信息来源：上海市长宁区人民政府 发布时间：2023-01-30 浏览次数：88"],
            ("上海市长宁区人民政府", 2022, "2023-01-30"),
        ),
        (["长宁区2022年度政府信息公开工作年度报告", "统计时间：2022年1月1日至2022年12月31日"], ("长宁区", 2022, None)),
        (
            ["来源：温州市鹿城区财政局　时间：2022-02-08", "政府信息公开工作年度报告（2021年度）"],
            ("温州市鹿城区财政局", 2021, "2022-02-08"),
        ),
        # A catalogue's header table (名称 / 索引号 / 发布机构 / 公开日期), under a saved page's capture time.
        (
            [
                "采集时间：2025-12-30T21:37:37+08:00",
                "名称\t沭阳县发展和改革局2023年政府信息公开年度报告",
                "索引号\t014314799/2024-00002\t分类\t信息公开年报",
                "发布机构\t沭阳县发展和改革局\t公开日期\t2024-01-17",
            ],
            ("沭阳县发展和改革局", 2023, "2024-01-17"),
        ),
        (
            ["名称\t2023年政府信息公开工作年度报告", "发布机构\t沭阳县发展和改革局\t公开日期\t2024-01-17"],
            ("沭阳县发展和改革局", 2023, "2024-01-17"),
        ),
    ],
)
def test_title_and_page_furniture(head: list[str], expected: tuple[object, ...]) -> None:
    found = read_meta(head, {}, "", 10_000)
    assert (found.agency, found.year, found.published) == expected


def test_tables_numbered_as_tables_after_the_overview() -> None:
    """ "表1 …" captions with no section headings: the captions and their numbers stay out of prose and values."""
    active, applications, review = _table_text()
    text = f"""绍兴市越城区水利局2022年政府信息公开工作年度报告
一、总体情况
{OVERVIEW}
表1 主动公开政府信息情况
{active}
表2 收到和处理政府信息公开申请情况
{applications}
表3 政府信息公开行政复议、行政诉讼情况
{review}
五、存在的主要问题及改进情况
{PROBLEMS}
六、其他需要报告的事项
{OTHER}
"""
    report, findings = _read(text.encode("utf-8"), "yuecheng-2022.txt")
    _assert_read_completely(report, findings)
    assert report.text["overview"] == OVERVIEW


def test_table_four_with_its_heading_spelled_a_character_a_line_is_found_by_its_variant_header() -> None:
    """A viewer's copy spells the heading 四 a character a line, and the table writes 结果维护 for
    结果维持: the table is still found by its column headers and read."""
    active, applications, review = _table_text()
    spelled = "\n".join("四、政府信息公开行政复议、行政诉讼情况")
    text = "\n".join(
        [
            "某区财政局2022年政府信息公开工作年度报告",
            "一、总体情况",
            OVERVIEW,
            "二、主动公开政府信息情况",
            active,
            "三、收到和处理政府信息公开申请情况",
            applications,
            spelled,
            review.replace("结果维持", "结果维护"),
            "五、存在的主要问题及改进情况",
            PROBLEMS,
            "六、其他需要报告的事项",
            OTHER,
        ]
    )
    report, findings = _read(text.encode("utf-8"), "a.txt")
    assert report.get("review_litigation.review.upheld") == 1
    assert report.get("review_litigation.litigation_direct.corrected") == 1
    assert not [f.message for f in findings if f.severity == "error"]
