"""A citizen on the real site (`xxgk serve`, Debian's Chromium), by keyboard where a citizen would type:
finds an item on the home page by a word that only its DOCX attachment holds, opens its 解读 and comes
back by the 解读's link, and subscribes to the column's Atom feed (which parses back and lists it).
Screenshots are kept in test-artifacts/."""

# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser and named as parameters)

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import feedparser
import pytest
from playwright.sync_api import Page, expect

from test_web_browser import _free_port, _shot, _wait_until_up, browser, page  # noqa: F401  (fixtures)
from xxgk.now import NOW_VARIABLE, now
from xxgk.store.database import open_database
from xxgk.web.demo import LEDGER_AGENCY, seed_demo
from zhuanlan_support import docx_bytes, prepare, publish

POLICY = "关于支持科技型中小企业发展的若干措施"
READING = "《关于支持科技型中小企业发展的若干措施》政策解读"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`xxgk serve` over the demo, whose 市科学技术局 published a policy (its list of firms attached
    as DOCX) in the column 通知公告, and a 解读 of it."""
    folder = tmp_path_factory.mktemp("site")
    url = f"sqlite:///{folder / 'xxgk.db'}"
    db = open_database(url)
    seed_demo(db)
    prepare(db, LEDGER_AGENCY)
    attachment = docx_bytes("附件：首批入库企业名单", "演示市星辰光电材料有限公司、演示市云帆软件有限公司。")
    policy = publish(
        db, LEDGER_AGENCY, "head", attachments=(("入库企业名单.docx", attachment),), title=POLICY, column="通知公告"
    )
    publish(db, LEDGER_AGENCY, "head", title=READING, genre="解读", interprets=policy, column="通知公告")
    publish(db, LEDGER_AGENCY, "head", title="演示市科技创新规划", genre="规划", column="规划计划")
    db.engine.dispose()
    port = _free_port()
    command = [sys.executable, "-m", "xxgk", "serve", "--db", url, "--port", str(port), "--no-demo"]
    command += ["--data-dir", str(folder / "data"), "--jobs", "1", "--no-access-log"]
    log = (folder / "serve.log").open("w")
    clock = os.environ | {NOW_VARIABLE: now().isoformat()}
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder, env=clock)
    address = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(address, server, folder / "serve.log")
        yield address
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def test_a_citizen_finds_an_item_by_a_word_of_its_attachment_opens_its_reading_and_subscribes(
    site: str, page: Page
) -> None:
    page.goto(site)
    search = page.get_by_label("检索全部机关公开的政府信息")
    search.focus()
    page.keyboard.type("星辰光电")
    page.keyboard.press("Enter")
    expect(page.locator("#total")).to_have_text("1")
    expect(page.locator("#results .snippet mark")).to_have_text("星辰光电")
    expect(page.locator("#facet-agency").locator("xpath=..")).to_contain_text(LEDGER_AGENCY)
    _shot(page, "zhuanlan-search")

    page.locator("#results").get_by_role("link", name=POLICY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(POLICY)
    expect(page.locator("#attachments")).to_contain_text("入库企业名单.docx")
    expect(page.locator("#index-number")).to_contain_text("/")
    _shot(page, "zhuanlan-item")

    page.locator("#interpretations").get_by_role("link", name=READING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(READING)
    _shot(page, "zhuanlan-reading")
    page.get_by_role("link", name=POLICY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(POLICY)

    subscribe = page.get_by_role("link", name="订阅“通知公告”栏目（Atom）")
    subscribe.focus()
    expect(subscribe).to_be_focused()
    _shot(page, "zhuanlan-subscribe")
    href = subscribe.get_attribute("href")
    assert href is not None
    answer = page.request.get(site + href)
    assert answer.ok and answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.body())
    assert not feed.bozo and feed.feed.title == f"{LEDGER_AGENCY} · 通知公告"
    assert sorted(entry.title for entry in feed.entries) == sorted([POLICY, READING])
    assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1


def test_a_citizen_narrows_the_catalogue_by_column_and_reads_the_guide(site: str, page: Page) -> None:
    page.goto(site)
    page.get_by_label("按名称或地区查找机关").fill(LEDGER_AGENCY)
    page.get_by_label("按名称或地区查找机关").press("Enter")
    expect(page.locator("#agency-list > li")).to_have_count(1)
    page.locator("#agency-list").get_by_role("link", name="目录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{LEDGER_AGENCY}政府信息公开目录")
    expect(page.locator("#total")).to_have_text("3")
    page.locator("#facet-column").locator("xpath=..").get_by_role("link", name="通知公告（2）").click()
    expect(page.locator("#total")).to_have_text("2")
    expect(page.locator("#column-feed")).to_be_visible()
    _shot(page, "zhuanlan-catalogue")
    page.get_by_role("navigation", name=f"{LEDGER_AGENCY}政府信息公开").get_by_role("link", name="公开指南").click()
    expect(page.locator("#guide-published")).to_contain_text("目录现有主动公开信息 3 条")
    expect(page.locator("#guide-remedy")).to_contain_text("申请行政复议")
    _shot(page, "zhuanlan-guide")
