"""The whole answer, in a real browser: a citizen files (a refresh of the confirmation files nothing more),
a clerk asks for 补正, the citizen reads what to correct on the status page and sends it with a file, the
clerk sees it and decides, and the citizen downloads the 答复告知书. Page 1 of each letter (pdftoppm) and
the status page are kept as test artifacts. Real `xxgk serve` and Debian's Chromium."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from test_letters import _docx_text, _flat, _pdf_text
from test_web_browser import ARTIFACTS, _shot, _sign_in, browser, page, site  # noqa: F401  (fixtures)
from xxgk.now import today
from xxgk.web.demo import DEMO_PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _page_one(data: bytes, name: str, folder: Path) -> None:
    """Page 1 of a letter's PDF as a PNG among the artifacts, drawn by poppler's pdftoppm."""
    ARTIFACTS.mkdir(exist_ok=True)
    source = folder / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(ARTIFACTS / name)],
        check=True,
        timeout=60,
    )
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def _next_number(number: str) -> str:
    year, serial = number.split("-")
    return f"{year}-{int(serial) + 1:0{len(serial)}d}"


def test_a_citizen_corrects_online_and_downloads_the_answer(site: str, page: Page, tmp_path: Path) -> None:  # noqa: F811
    page.goto(site)
    page.get_by_role("link", name="演示市科学技术局").click()
    portal = page.url.rstrip("/")
    page.get_by_role("link", name="申请公开").first.click()
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("姓名或名称").fill("吴小川")
    page.get_by_label("证件类型").select_option("护照")
    page.get_by_label("证件号码").fill("E12345678")
    page.get_by_label("联系方式（手机、固定电话或电子邮箱）").fill("wu@example.cn")
    page.get_by_label("所需政府信息的描述").fill("请公开本局的科技项目专家名单")
    page.get_by_label("获取信息的方式").select_option("电子邮件")
    page.get_by_role("button", name="提交申请").click()
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#query-code").inner_text()
    expect(page.locator("#receipt-due")).to_contain_text("年")
    page.reload()  # the confirmation refreshed: the same receipt, nothing filed again
    expect(page.locator("#tracking-number")).to_have_text(number)
    expect(page.locator("#query-code")).to_have_text(code)

    _sign_in(page, site, "clerk", DEMO_PASSWORD)
    page.goto(f"{site}/desk/applications/{number}")
    notice = page.locator("#event-correction_notice")  # each kind its own form, with only its fields
    expect(notice.locator("input[name=days]")).to_have_count(0)
    notice.get_by_label(re.compile("^补正期限")).fill((today() + timedelta(days=15)).isoformat())
    notice.get_by_label("需要补正的内容").fill("请写明专家名单所属的项目年度")
    notice.get_by_role("button", name="记录补正告知").click()
    expect(page.locator("#timeline")).to_contain_text("补正告知")
    missing = page.request.get(f"{site}/desk/applications/{_next_number(number)}")
    assert missing.status == 404  # the refresh filed no second application

    page.context.clear_cookies()  # the citizen, from the home page
    page.goto(site)
    home = page.locator("#home-status")
    home.get_by_label("受理机关").select_option(label="演示市科学技术局")
    home.get_by_label("申请编号").fill(number)
    home.get_by_label("查询码").fill(code)
    home.get_by_role("button", name="查询").click()
    expect(page.locator("#correction-what")).to_have_text("请写明专家名单所属的项目年度")
    expect(page.locator("#status-letters")).to_contain_text("补正告知书")
    with page.expect_download() as caught:
        page.locator("#status-letters li", has_text="补正告知书").get_by_role("button", name="下载 PDF").click()
    notice = Path(caught.value.path()).read_bytes()
    assert "请写明专家名单所属的项目年度" in _flat(_pdf_text(notice))
    _page_one(notice, "letter-page-correction-notice", tmp_path)
    _shot(page, "portal-status-correction-asked")
    page.get_by_label("补正内容").fill("所需名单为2025年度科技计划项目的评审专家名单")
    page.get_by_label(re.compile("^补正材料")).set_input_files(
        [{"name": "项目通知.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="提交补正").click()
    expect(page.locator("#correction-sent")).to_contain_text("已收到您的补正")
    expect(page.locator("#status-steps")).to_contain_text("补正")
    _shot(page, "portal-status-corrected")

    _sign_in(page, site, "clerk", DEMO_PASSWORD)
    page.goto(f"{site}/desk/applications/{number}")
    expect(page.locator("#applicant-files")).to_contain_text("2025年度科技计划项目")
    expect(page.locator("#applicant-files")).to_contain_text("项目通知.pdf")
    expect(page.locator("#timeline")).to_contain_text("收到补正")
    page.get_by_label("办理结果").select_option("granted")
    page.get_by_label("答复内容").fill("名单见附件")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="办结").click()  # the confirmation, declined: nothing is closed
    expect(page.locator("#application-state")).not_to_have_text(re.compile("已办结"))
    assert asked and "（一）予以公开" in asked[0] and "确认" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#application-state")).to_have_text(re.compile("已办结"))

    page.context.clear_cookies()
    page.goto(f"{portal}/status")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#decision-letter")).to_be_visible()
    _shot(page, "portal-status-answered")
    with page.expect_download() as caught:
        page.locator("#decision-letter").get_by_role("button", name="下载 PDF").click()
    answer = Path(caught.value.path()).read_bytes()
    assert caught.value.suggested_filename == f"政府信息公开申请答复告知书（{number}）.pdf"
    text = _flat(_pdf_text(answer))
    assert number in text and "本机关决定予以公开" in text and "救济途径" in text and "吴小川" in text
    _page_one(answer, "letter-page-decision", tmp_path)
    with page.expect_download() as caught:
        page.locator("#decision-letter").get_by_role("button", name="下载 Word（DOCX）").click()
    assert "名单见附件" in _flat(_docx_text(Path(caught.value.path()).read_bytes()))


def test_report_tables_scroll_inside_their_box_on_a_phone(site: str, browser) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    phone = context.new_page()
    try:
        _sign_in(phone, site, "clerk", DEMO_PASSWORD)
        phone.goto(f"{site}/desk/reports/{today().year - 1}")
        box = phone.locator("#table-applications .table-scroll")
        expect(box).to_be_visible()
        page_width = phone.evaluate("document.documentElement.scrollWidth")
        inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert page_width <= 391 and inner > outer  # the page keeps the screen's width; the table scrolls
        _shot(phone, "desk-report-phone")
    finally:
        context.close()
