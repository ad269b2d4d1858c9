"""Journeys through the real site: `xxgk serve` in a child process, Debian's Chromium driven by Playwright.

Screenshots go to test-artifacts/ (not committed). The browser is never downloaded:
Playwright is pointed at /usr/bin/chromium, which scripts/system-deps.sh installs.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from webapp import EXAMPLES, faulty_report, report_text
from xxgk.web.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`xxgk serve --demo` on a free loopback port over a new SQLite database."""
    folder = tmp_path_factory.mktemp("site")
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "xxgk",
        "serve",
        "--demo",
        "--db",
        f"sqlite:///{folder / 'xxgk.db'}",
        "--port",
        str(port),
    ]
    command += ["--data-dir", str(folder / "data"), "--jobs", "1", "--no-access-log"]
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, folder / "serve.log")
        yield url
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Until `xxgk serve` answers /healthz. The wait ends with the server's first answer or its exit
    (either failing the test with its log), never after a time read off the clock."""
    while server.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # 2xx: an error status raises
                return
        except urllib.error.HTTPError as answer:
            raise AssertionError(f"/healthz answered {answer.code}: {log.read_text(encoding='utf-8')}") from None
        except OSError:  # not listening yet
            time.sleep(0.3)
    raise AssertionError(f"xxgk serve exited: {log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: bash scripts/system-deps.sh"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context; a script error or anything the content security policy blocks fails the test.

    (Answers such as 401 for a wrong password are logged by Chromium as console errors too: they are expected.)
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource: the server responded"):
            problems.append(message.text)

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert problems == []


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _sign_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_a_clerk_signs_in_after_a_wrong_password(site: str, page: Page) -> None:
    _sign_in(page, site, "clerk", "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误")
    _shot(page, "login-wrong-password")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{site}/desk")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.locator("main")).to_contain_text("演示市科学技术局")
    _shot(page, "desk")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(f"{site}/")


def test_a_supervisor_uploads_a_folder_and_sees_the_findings_highlighted(site: str, page: Page, tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    for example in ("city-2025.html", "yangcheng-2023.txt"):
        (folder / example).write_bytes((EXAMPLES / example).read_bytes())
    (folder / "有错误的报告.txt").write_bytes(report_text(faulty_report()))
    _sign_in(page, site, "supervisor", DEMO_PASSWORD)
    expect(page).to_have_url(f"{site}/console/checks")
    page.locator("input[webkitdirectory]").set_input_files(folder)
    expect(page.get_by_label("仅检查", exact=False)).to_be_checked()  # the one upload form: check only by default
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page).to_have_url(re.compile(r"/console/checks/\d+$"))
    expect(page.locator(".progress-text")).to_contain_text("已完成：已检查 3 / 3 个文件", timeout=60_000)
    expect(page.locator("#findings-chart canvas")).to_have_count(1)
    _shot(page, "check-results")
    page.get_by_role("link", name=re.compile("有错误的报告")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("测试县科学技术局")
    expect(page.locator(".findings")).to_contain_text("总计栏不等于各类申请人之和")
    highlighted = page.locator('td.sev-error[data-cell="applications.granted.total"]')
    expect(highlighted).to_have_text("9")
    assert page.locator("td.sev-error").count() >= 7
    page.get_by_role("link", name="表三（一）予以公开·总计").first.click()
    expect(page).to_have_url(re.compile(r"#cell-applications\.granted\.total$"))
    _shot(page, "report-findings")
    page.emulate_media(media="print")  # printed: no navigation or forms, the tables and findings stay
    expect(page.locator("header.site nav")).to_be_hidden()
    expect(page.locator("table.official").first).to_be_visible()
    expect(highlighted).to_be_visible()
    _shot(page, "report-print")
