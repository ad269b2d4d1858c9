"""The issue's journeys through the real site (`xxgk serve` with its demo, Debian's Chromium):
a citizen applies and looks up the status; a clerk records a 补正 and a decision and sees the
report's cell change; a supervisor uploads a folder into the corpus and sees the findings."""

# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser and named as parameters)

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from test_web_browser import _shot, _sign_in, browser, page, site  # noqa: F401  (fixtures)
from webapp import EXAMPLES, faulty_report, report_text
from xxgk.check.catalogue import BY_CODE
from xxgk.now import today
from xxgk.service import parse_file
from xxgk.web.demo import DEMO_PASSWORD


def test_a_citizen_applies_and_looks_up_the_status(site: str, page: Page) -> None:
    page.goto(site)
    page.get_by_role("link", name="演示市科学技术局").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("演示市科学技术局政府信息公开指南")
    page.get_by_role("link", name="申请公开").first.click()
    page.get_by_role("button", name="提交申请").click()  # empty: every field says what is missing
    expect(page.locator("#error-name")).to_have_text("请填写申请人姓名或名称")
    expect(page.locator("#error-delivery")).to_have_text("请选择获取信息的方式")
    _shot(page, "portal-form-errors")
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("姓名或名称").fill("陈<b>小</b>红")
    page.get_by_label("证件类型").select_option("居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系方式（手机、固定电话或电子邮箱）").fill("chen@example.cn")
    page.get_by_label("所需政府信息的描述").fill("请公开本局2025年度科技计划项目验收结果")
    page.get_by_label("获取信息的方式").select_option("电子邮件")
    page.get_by_role("button", name="提交申请").click()
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#query-code").inner_text()
    assert re.fullmatch(rf"{today().year}-\d{{5}}", number) and len(code) == 10
    _shot(page, "portal-filed")
    page.get_by_role("link", name="查询办理进度").first.click()
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#status-state")).to_have_text("办理中")
    expect(page.locator("#status-due")).to_have_text(re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"))
    expect(page.locator("#status-result")).to_contain_text("第三十三条第二款")
    _shot(page, "portal-status")


def _cell(page: Page, cell: str) -> int:
    return int(page.locator(f'td[data-cell="{cell}"]').inner_text())


def test_a_clerk_records_a_correction_and_a_decision_and_sees_the_report_cell_change(site: str, page: Page) -> None:
    year = today().year
    _sign_in(page, site, "clerk", DEMO_PASSWORD)
    page.goto(f"{site}/desk/reports/{year}")
    granted = _cell(page, "applications.granted.total")
    page.goto(f"{site}/desk")
    expect(page.locator("tr.due-soon")).not_to_have_count(0)
    _shot(page, "desk-due-list")
    page.locator("table.due-list tbody tr a").first.click()
    number = page.url.rsplit("/", 1)[-1]
    # 第三十条: the notice, within 7 working days of receipt (dated on the receipt day), states the period
    received = re.search(r"收到日期：(\d{4}-\d{2}-\d{2})", page.content())
    assert received is not None
    page.locator("#event-correction_notice input[name=on]").fill(received.group(1))
    page.locator("#event-correction_notice input[name=until]").fill((today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="记录补正告知").click()
    expect(page.locator("#application-state")).to_have_text("等待申请人补正")
    page.locator("summary", has_text="收到补正").click()
    page.get_by_role("button", name="记录收到补正").click()
    expect(page.locator("#timeline")).to_contain_text("收到补正")
    expect(page.locator("#due-date")).to_have_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    _shot(page, "desk-application")
    page.get_by_label("办理结果").select_option("granted")
    page.once("dialog", lambda dialog: dialog.accept())  # the desk asks before 办结
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#application-state")).to_have_text(re.compile("已办结"))
    page.goto(f"{site}/desk/reports/{year}")
    assert _cell(page, "applications.granted.total") == granted + 1
    with page.expect_download() as caught:
        page.locator("#report-downloads").get_by_role("link", name="Word（DOCX）").click()
    download = caught.value
    assert download.suggested_filename == f"演示市科学技术局{year}年政府信息公开工作年度报告（草稿）.docx"
    saved = parse_file(Path(download.path())).report
    assert saved is not None and saved.cells["applications.granted.total"] == granted + 1
    page.get_by_label("一、总体情况").fill("本年度未收到政府信息公开申请。")  # contradicts table 三: a warning, live
    expect(page.locator("#report-findings")).to_contain_text("未收到", timeout=10_000)
    _shot(page, "desk-report-live-findings")
    page.goto(f"{site}/desk/reports/{year}/cells/applications.granted.total")
    expect(page.locator("main")).to_contain_text(number)


def test_a_supervisor_uploads_a_folder_into_the_corpus_and_sees_the_findings(
    site: str, page: Page, tmp_path: Path
) -> None:
    folder = tmp_path / "年报"
    folder.mkdir()
    (folder / "yangcheng-2023.txt").write_bytes((EXAMPLES / "yangcheng-2023.txt").read_bytes())
    (folder / "有错误的报告.txt").write_bytes(report_text(faulty_report(today().year - 1)))  # a year the grid shows
    _sign_in(page, site, "supervisor", DEMO_PASSWORD)
    page.goto(f"{site}/console/corpus")
    page.locator("input[webkitdirectory]").set_input_files(folder)
    expect(
        page.get_by_label("入库（检查后存入报告库", exact=False)
    ).to_be_checked()  # the one upload form, set to store
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("#library-done")).to_contain_text("新入库 1 份", timeout=60_000)
    _shot(page, "corpus-upload-done")
    # 测试县科学技术局 is in no directory: queued, nothing public, until the supervisor confirms it under the city.
    page.locator("#go-queue").get_by_role("link", name="待确认机关").click()
    queued = page.locator("#queue tbody tr", has_text="测试县科学技术局")
    expect(queued).to_have_count(1)
    _shot(page, "corpus-queue")
    queued.get_by_role("button", name="确认新建").click()
    expect(page.locator("#queue-empty")).to_be_visible()
    page.goto(f"{site}/console/reports")
    row = page.locator("tr", has_text="测试县科学技术局")
    expect(row).to_contain_text("已入库（未公开）")
    _shot(page, "console-report-states")
    row.get_by_role("link", name="已入库（未公开）").click()
    expect(page.locator('td.sev-error[data-cell="applications.granted.total"]')).to_have_text("9")
    findings = page.locator("#report-findings")
    expect(findings).to_contain_text(BY_CODE["R3"].title)  # the rule's title, never its code, on a page
    expect(findings).not_to_contain_text("R3")
    _shot(page, "console-report-findings")
    page.get_by_role("button", name="在门户网站公开").click()  # with errors: refused unless confirmed
    expect(page.locator("main .error[role=alert]")).to_contain_text("仍然公开")
    page.get_by_label("仍然公开", exact=False).check()
    page.get_by_role("button", name="在门户网站公开").click()
    expect(page.locator("#report-status")).to_have_text("已公开")
    page.goto(f"{site}/console/compare")
    expect(page.locator("#yearly-chart-1 canvas")).to_have_count(1)
    expect(page.locator("#definitions")).to_contain_text("复议纠错率")
    _shot(page, "console-compare")
