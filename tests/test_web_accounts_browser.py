"""Issue 13 in the browser (`xxgk serve --demo`, Debian's Chromium): an administrator resets a clerk's
password; the clerk's open session is gone at once, and at the next login the clerk must choose a new
password before reaching anything else."""

# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser and named as parameters)

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from test_web_browser import _shot, _sign_in, browser, page, site  # noqa: F401  (fixtures)
from xxgk.web.demo import DEMO_PASSWORD

TEMPORARY = "harbour-violet-otter-31"
CHOSEN = "lantern-meadow-copper-58"


def test_an_admin_resets_a_clerks_password_the_old_session_ends_and_the_clerk_must_change_it(
    site: str, page: Page, browser: Browser
) -> None:
    _sign_in(page, site, "county-clerk", DEMO_PASSWORD)
    expect(page).to_have_url(f"{site}/desk")
    expect(page.locator("#demo-mode")).to_contain_text("演示模式")

    admin_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = admin_context.new_page()
    try:
        _sign_in(admin, site, "admin", DEMO_PASSWORD)
        admin.goto(f"{site}/admin")
        row = admin.locator("#user-county-clerk")
        row.locator("summary").click()
        row.get_by_label("临时密码").fill("12345678")
        row.get_by_role("button", name="重置密码（下次登录须修改）").click()
        expect(admin.locator("main .error[role=alert]")).to_contain_text("太容易被猜到")
        row = admin.locator("#user-county-clerk")
        row.locator("summary").click()
        row.get_by_label("临时密码").fill(TEMPORARY)
        row.get_by_role("button", name="重置密码（下次登录须修改）").click()
        expect(admin).to_have_url(f"{site}/admin")
        _shot(admin, "admin-reset-password")
    finally:
        admin_context.close()

    page.goto(f"{site}/desk")  # the clerk's old session is gone
    expect(page).to_have_url(f"{site}/login?next=/desk")
    _sign_in(page, site, "county-clerk", DEMO_PASSWORD)
    expect(page.locator("main .error[role=alert]")).to_contain_text("用户名或密码错误")
    _sign_in(page, site, "county-clerk", TEMPORARY)
    expect(page).to_have_url(f"{site}/account/password")
    expect(page.locator("#password-forced")).to_contain_text("管理员已重置您的密码")
    page.goto(f"{site}/desk")  # nothing else until the password is changed
    expect(page).to_have_url(f"{site}/account/password")
    page.get_by_label("当前密码").fill(TEMPORARY)
    page.get_by_label("新密码", exact=True).fill(CHOSEN)
    page.get_by_label("再次输入新密码").fill(CHOSEN)
    page.get_by_role("button", name="修改密码").click()
    expect(page.locator("#password-done")).to_be_visible()
    _shot(page, "password-changed")
    page.goto(f"{site}/desk")
    expect(page).to_have_url(f"{site}/desk")
    expect(page.locator("main h1")).to_be_visible()
