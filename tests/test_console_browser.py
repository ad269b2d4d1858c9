"""The supervisor's console in Debian's Chromium: the comparison page, the submission grid and a findings
page, over the demo site (`xxgk serve --demo`); screenshots kept in test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from test_web_browser import _shot, _sign_in, browser, page, site  # noqa: F401  (fixtures)
from webapp import faulty_report, report_text
from xxgk.now import today
from xxgk.web.demo import DEMO_PASSWORD


def test_the_comparison_page_draws_each_chart_beside_its_table(site: str, page: Page) -> None:  # noqa: F811
    _sign_in(page, site, "supervisor", DEMO_PASSWORD)
    page.goto(f"{site}/console/compare")
    expect(page.get_by_role("heading", name="逐年合计")).to_be_visible()
    expect(page.locator("#yearly-chart-1 canvas")).to_have_count(1)
    expect(page.locator("#yearly-chart-2 canvas")).to_have_count(1)
    chart, table = page.locator("#yearly-chart-2"), page.locator("#yearly-chart-2 + table")
    chart_box, table_box = chart.bounding_box(), table.bounding_box()
    assert chart_box and table_box and chart_box["height"] >= 250
    assert table_box["x"] >= chart_box["x"] + chart_box["width"] - 1  # the table beside the chart
    expect(page.locator("#definitions")).to_contain_text("实质公开率")
    _shot(page, "console-compare")
    agencies = page.locator('select[name="agency"] option')
    assert agencies.count() > 2
    chosen = page.locator('select[name="agency"] option', has_text="测试市").get_attribute("value")  # has 2025's report
    assert chosen
    page.locator('select[name="agency"]').select_option(chosen)
    page.get_by_role("button", name="查看").click()
    expect(page.locator("#ranking-table")).to_be_visible()
    expect(page.locator("#peers-table")).to_contain_text("实质公开率")
    expect(page.locator("#history-table")).to_contain_text("实质公开率")
    _shot(page, "console-compare-peers")
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    for table in ("#peers-table", "#yearly-chart-2 + table"):
        heights = page.locator(f"{table} th").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and max(heights) < 2 * line + 4, (table, heights)  # no label cut onto a second line


def test_the_grid_runs_from_2019_with_this_years_reports_not_yet_due(site: str, page: Page) -> None:  # noqa: F811
    _sign_in(page, site, "supervisor", DEMO_PASSWORD)
    page.goto(f"{site}/console/reports")
    headers = page.locator("table.status-grid thead th")
    expect(headers.nth(1)).to_have_text("2019 年度")
    expect(page.locator("table.status-grid thead")).to_contain_text(f"{today().year} 年度")
    this_year = page.locator(f'td[data-year="{today().year}"]')
    assert this_year.count() > 0
    expect(this_year.first).not_to_contain_text("缺报")
    expect(page.locator("table.status-grid")).not_to_contain_text("错误 0")
    _shot(page, "console-grid")


def test_a_findings_page_is_grouped_and_marks_the_shared_cell(site: str, page: Page, tmp_path: Path) -> None:  # noqa: F811
    report = tmp_path / "有错误的报告.txt"
    report.write_bytes(report_text(faulty_report()))
    _sign_in(page, site, "supervisor", DEMO_PASSWORD)
    page.goto(f"{site}/console/checks")
    page.locator('input[type="file"]:not([webkitdirectory])').first.set_input_files(report)
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".progress-text")).to_contain_text("已完成", timeout=60_000)
    page.get_by_role("link", name=re.compile("有错误的报告")).click()
    findings = page.locator("#report-findings")
    expect(findings.locator("h3").first).to_contain_text("表三")
    expect(findings).to_contain_text("总计栏不等于各类申请人之和")
    expect(findings).not_to_contain_text("R3")
    expect(findings.locator(".shared-mark").first).to_have_text("共 2 项")
    shared = page.locator('td.shared-cell[data-cell="applications.granted.total"]')
    expect(shared).to_have_text("9")
    findings.locator('a[href="#cell-applications.granted.total"]').first.click()
    expect(page).to_have_url(re.compile(r"#cell-applications\.granted\.total$"))
    box = findings.bounding_box()
    assert box and box["height"] < 2000  # compact: the list is not pages long
    _shot(page, "console-findings")
