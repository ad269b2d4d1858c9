"""The catalogue's journey through the real site (`xxgk serve`, Debian's Chromium): a clerk drafts an
item with a DOCX attachment, the head approves it through two levels (保密审查, 签发) and publishes it,
the public page shows its 索引号; a later edit by the clerk needs approval again."""

# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser and named as parameters)

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from test_web_browser import _free_port, _shot, _sign_in, _wait_until_up, browser, page  # noqa: F401  (fixtures)
from xxgk.now import NOW_VARIABLE, now, today
from xxgk.store.agencies import Agency
from xxgk.store.database import open_database, session_scope
from xxgk.web.demo import DEMO_PASSWORD, LEDGER_AGENCY, seed_demo

CODE = "11210100MB0000000P"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`xxgk serve` over the demo, whose 市科学技术局 has its 统一社会信用代码 entered (as an administrator would)."""
    folder = tmp_path_factory.mktemp("site")
    url = f"sqlite:///{folder / 'xxgk.db'}"
    db = open_database(url)
    seed_demo(db)
    with session_scope(db) as session:
        session.scalars(select(Agency).where(Agency.name == LEDGER_AGENCY)).one().credit_code = CODE
    db.engine.dispose()
    port = _free_port()
    command = [sys.executable, "-m", "xxgk", "serve", "--db", url, "--port", str(port), "--no-demo"]
    command += ["--data-dir", str(folder / "data"), "--jobs", "1", "--no-access-log"]
    log = (folder / "serve.log").open("w")
    clock = os.environ | {NOW_VARIABLE: now().isoformat()}  # module-scoped: started before the per-test clock hand-over
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder, env=clock)
    address = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(address, server, folder / "serve.log")
        yield address
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _docx(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_a_clerk_drafts_the_head_approves_through_two_levels_and_a_later_edit_needs_approval_again(
    site: str, page: Page, tmp_path: Path
) -> None:
    attachment = _docx(tmp_path / "验收结果.docx", "2026年度科技计划项目验收结果：项目甲通过验收。")
    _sign_in(page, site, "clerk", DEMO_PASSWORD)
    page.get_by_role("link", name="主动公开目录").first.click()
    page.get_by_role("link", name="起草信息").first.click()
    page.get_by_role("button", name="保存").click()  # empty: each field says what is missing
    expect(page.locator("#error-title")).to_have_text("请填写名称")
    expect(page.locator("#error-written_on")).to_have_text("请填写成文日期")
    page.get_by_label(re.compile(r"^名称")).fill("关于2026年度科技计划项目验收结果的公示")
    page.get_by_label("文号").fill("演科发〔2026〕12号")
    page.get_by_label("成文日期").fill(today().isoformat())
    page.get_by_label("主题分类").select_option(label="科技、教育")
    page.get_by_label("体裁分类").select_option(label="公告")
    page.get_by_label(re.compile(r"^正文")).fill("现将2026年度科技计划项目验收结果公示如下。")
    page.locator("input[name=attachments]").set_input_files(str(attachment))
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#attachments")).to_contain_text("验收结果.docx")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#version-state")).to_contain_text("待保密审查")
    item_url = page.url
    _shot(page, "disclosure-submitted")
    _sign_out(page)

    _sign_in(page, site, "head", DEMO_PASSWORD)
    page.goto(f"{site}/desk/disclosure")
    page.locator("#my-queue").get_by_role("link", name="关于2026年度科技计划项目验收结果的公示").click()
    page.get_by_label("保密审查意见").fill("经审查，不涉及国家秘密、工作秘密和个人信息，可以公开")
    page.get_by_role("button", name="通过").click()
    expect(page.locator("#version-state")).to_contain_text("待签发")
    page.get_by_role("button", name="通过").click()
    expect(page.locator("#version-state")).to_contain_text("已审核待发布")
    page.get_by_role("button", name="发布").click()
    number = f"{CODE}/{today().year}-00001"
    expect(page.locator("#index-number")).to_have_text(number)
    expect(page.locator("#item-state")).to_have_text("已发布")
    expect(page.locator("#history")).to_contain_text("保密审查：市科技局 李局长 通过")
    _shot(page, "disclosure-published")
    page.get_by_role("link", name="查看公开页面").click()
    expect(page.locator("#index-number")).to_have_text(number)
    expect(page.locator("#attachments")).to_contain_text("验收结果.docx")
    public_url = page.url
    _sign_out(page)

    _sign_in(page, site, "clerk", DEMO_PASSWORD)
    page.goto(item_url)
    page.get_by_role("link", name="修改", exact=True).click()
    page.get_by_label(re.compile(r"^正文")).fill("更正：项目甲、项目乙均通过验收。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#version-state")).to_contain_text("草稿")
    expect(page.locator("#item-state")).to_have_text("已发布")
    expect(page.locator("#publish-form")).to_have_count(0)
    assert re.search(r"当前为第 2 版", page.content())
    _shot(page, "disclosure-edited")
    page.goto(public_url)
    expect(page.locator("#body")).to_contain_text("现将2026年度科技计划项目验收结果公示如下。")
    expect(page.locator("#body")).not_to_contain_text("更正")
