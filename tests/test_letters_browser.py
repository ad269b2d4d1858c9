"""A citizen files, refreshes the receipt (still the same application), a clerk is refused a reasonless
partial answer, decides with reasons and downloads the letter; the citizen downloads it from the status page.
Real `xxgk serve` and Debian's Chromium (fixtures of test_web_browser)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from test_letters import _docx_text, _flat, _pdf_text
from test_web_browser import _shot, _sign_in, browser, page, site  # noqa: F401  (fixtures)
from xxgk.web.demo import DEMO_PASSWORD


def test_a_citizen_gets_one_application_and_the_signed_answer(site: str, page: Page) -> None:  # noqa: F811
    page.on("dialog", lambda dialog: dialog.accept())  # the desk asks before 办结
    page.goto(site)
    page.get_by_role("link", name="演示市科学技术局").click()
    portal = page.url.rstrip("/")
    page.get_by_role("link", name="申请公开").first.click()
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("姓名或名称").fill("周晓梅")
    page.get_by_label("证件类型").select_option("居民身份证")
    page.get_by_label("证件号码").fill("110105194912310021")  # wrong check digit
    page.get_by_label("联系方式（手机、固定电话或电子邮箱）").fill("zhou@example.cn")
    page.get_by_label("所需政府信息的描述").fill("请公开本局2025年度科技项目专家评审名单")
    page.get_by_label("获取信息的方式").select_option("纸质文本邮寄")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#error-document_number")).to_contain_text("校验码")
    expect(page.locator("#error-address")).to_contain_text("邮寄地址")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("邮寄地址（选择纸质文本邮寄时必填）").fill("演示市人民路 8 号 周晓梅 收")
    page.get_by_role("button", name="提交申请").click()
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#query-code").inner_text()
    page.reload()  # a refresh of the receipt: the same application, nothing filed again
    expect(page.locator("#tracking-number")).to_have_text(number)
    expect(page.locator("#query-code")).to_have_text(code)

    _sign_in(page, site, "clerk", DEMO_PASSWORD)
    page.goto(f"{site}/desk/applications/{number}")
    expect(page.locator("#postal-address")).to_have_text("演示市人民路 8 号 周晓梅 收")
    page.get_by_label("办理结果").select_option("partially_granted")
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_role("alert")).to_contain_text("须写明理由")
    page.get_by_label("办理结果").select_option("partially_granted")
    page.get_by_label(re.compile("^理由（部分公开")).fill("名单中专家的联系电话属于个人隐私，已作区分处理")
    page.get_by_label(re.compile("条例第十五条")).check()
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#application-state")).to_have_text(re.compile("已办结"))
    with page.expect_download() as caught:
        page.locator("#letters li", has_text="答复告知书").get_by_role("link", name="PDF").click()
    download = caught.value
    assert download.suggested_filename == f"政府信息公开申请答复告知书（{number}）.pdf"
    letter = _flat(_pdf_text(Path(download.path()).read_bytes()))
    assert "第三十七条" in letter and "第十五条" in letter and "救济途径" in letter and "演示市科学技术局" in letter

    page.context.clear_cookies()  # the citizen again, in a browser of their own
    page.goto(f"{portal}/status")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#decision-letter")).to_be_visible()
    _shot(page, "portal-status-decided")
    with page.expect_download() as caught:
        page.get_by_role("button", name="下载 Word（DOCX）").click()
    text = _flat(_docx_text(Path(caught.value.path()).read_bytes()))
    assert number in text and "第三十七条" in text and "周晓梅" in text
