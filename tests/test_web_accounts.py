"""Accounts and sessions (issue 13): password change and reset, strength, role change, sessions that end,
masked ID numbers, no-store pages, path parameters, error pages with their headers, the agency tree."""

from __future__ import annotations

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from sqlalchemy import select

from test_web_portal import GOOD, agency_id, apply, form_token
from webapp import PASSWORD, WebApp, csrf, login, signed_in
from xxgk.ledger.applications import record_application
from xxgk.now import today
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.web import AuditEntry, User
from xxgk.web.accounts import AccountError, check_strength

NEW_PASSWORD = "violet-harbour-lantern-19"


def _user(web: WebApp, username: str) -> User:
    with session_scope(web.context.db) as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        session.expunge(user)
        return user


def _second_browser(web: WebApp, username: str, password: str = PASSWORD) -> TestClient:
    other = TestClient(web.app, follow_redirects=False)
    assert login(other, username, password).status_code == 303
    return other


@pytest.mark.parametrize("weak", ["12345678", "password123", "qwertyuiop", "iloveyou2024", "clerk-a2024", "short"])
def test_guessable_passwords_are_refused_with_a_reason(weak: str) -> None:
    with pytest.raises(AccountError, match="密码"):
        check_strength(weak, "clerk-a")
    check_strength(NEW_PASSWORD, "clerk-a")


def test_logout_ends_every_session_so_a_saved_cookie_no_longer_opens_the_desk(web: WebApp) -> None:
    clerk = signed_in(web, "clerk-a")
    saved = dict(clerk.cookies)
    elsewhere = _second_browser(web, "clerk-a")
    assert clerk.post("/logout", data={"csrf_token": csrf(clerk, "/desk")}).status_code == 303
    replay = TestClient(web.app, follow_redirects=False, cookies=saved)
    assert replay.get("/desk").status_code == 303  # to the login page
    assert elsewhere.get("/desk").status_code == 303
    with session_scope(web.context.db) as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == "user.logout")).one().actor == "clerk-a"


def test_a_password_change_keeps_this_session_and_ends_the_others(web: WebApp) -> None:
    elsewhere = _second_browser(web, "clerk-a")
    clerk = signed_in(web, "clerk-a")
    token = csrf(clerk, "/account/password")
    weak = clerk.post(
        "/account/password",
        data={"csrf_token": token, "current": PASSWORD, "new": "12345678", "repeated": "12345678"},
    )
    assert weak.status_code == 400 and "太容易被猜到" in weak.text
    wrong = clerk.post(
        "/account/password",
        data={"csrf_token": token, "current": "not-it", "new": NEW_PASSWORD, "repeated": NEW_PASSWORD},
    )
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.text
    done = clerk.post(
        "/account/password",
        data={"csrf_token": token, "current": PASSWORD, "new": NEW_PASSWORD, "repeated": NEW_PASSWORD},
    )
    assert done.status_code == 200 and 'id="password-done"' in done.text
    assert clerk.get("/desk").status_code == 200
    assert elsewhere.get("/desk").status_code == 303
    web.client.cookies.clear()
    assert login(web.client, "clerk-a").status_code == 401
    assert login(web.client, "clerk-a", NEW_PASSWORD).status_code == 303


def test_an_admin_reset_forces_a_change_at_next_login_and_ends_the_users_sessions(web: WebApp) -> None:
    elsewhere = _second_browser(web, "clerk-a")
    admin = signed_in(web, "admin")
    clerk_id = _user(web, "clerk-a").id
    token = csrf(admin, "/admin")
    weak = admin.post(f"/admin/users/{clerk_id}/password", data={"csrf_token": token, "password": "12345678"})
    assert weak.status_code == 400 and "太容易被猜到" in weak.text
    reset = admin.post(
        f"/admin/users/{clerk_id}/password", data={"csrf_token": token, "password": "temporary-otter-88"}
    )
    assert reset.status_code == 303
    assert elsewhere.get("/desk").status_code == 303
    clerk = TestClient(web.app, follow_redirects=False)
    landed = login(clerk, "clerk-a", "temporary-otter-88")
    assert landed.headers["location"] == "/account/password"
    blocked = clerk.get("/desk")
    assert blocked.status_code == 303 and blocked.headers["location"] == "/account/password"
    assert "管理员已重置您的密码" in clerk.get("/account/password").text
    changed = clerk.post(
        "/account/password",
        data={
            "csrf_token": csrf(clerk, "/account/password"),
            "current": "temporary-otter-88",
            "new": NEW_PASSWORD,
            "repeated": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 200 and clerk.get("/desk").status_code == 200
    assert not _user(web, "clerk-a").must_change_password
    with session_scope(web.context.db) as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.target_id == str(clerk_id)))]
        assert "user.password_reset" in actions and "user.password_change" in actions


def test_a_role_change_takes_effect_at_once_and_is_audited(web: WebApp) -> None:
    clerk = _second_browser(web, "clerk-a")
    assert clerk.get("/console/reports").status_code == 403
    admin = signed_in(web, "admin")
    clerk_id = _user(web, "clerk-a").id
    token = csrf(admin, "/admin")
    missing = admin.post(
        f"/admin/users/{clerk_id}/role", data={"csrf_token": token, "role": "supervisor", "agency": "没有的机关"}
    )
    assert missing.status_code == 400 and "不存在" in missing.text
    changed = admin.post(
        f"/admin/users/{clerk_id}/role", data={"csrf_token": token, "role": "supervisor", "agency": "甲市人民政府"}
    )
    assert changed.status_code == 303
    assert clerk.get("/desk").status_code == 303  # its session ended
    assert login(clerk, "clerk-a").status_code == 303 and clerk.get("/console/reports").status_code == 200
    with session_scope(web.context.db) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.role")).one()
        assert entry.detail["role"] == ["clerk", "supervisor"]


def test_disabling_ends_the_users_sessions(web: WebApp) -> None:
    clerk = _second_browser(web, "clerk-a")
    admin = signed_in(web, "admin")
    user = _user(web, "clerk-a")
    disabled = admin.post(f"/admin/users/{user.id}/active", data={"csrf_token": csrf(admin, "/admin")})
    assert disabled.status_code == 303
    assert clerk.get("/desk").status_code == 303
    assert _user(web, "clerk-a").session_epoch > user.session_epoch


def test_id_numbers_are_masked_on_the_desk_and_revealed_on_request_with_an_audit_entry(web: WebApp) -> None:
    web.client.cookies.clear()
    bureau = agency_id(web, "甲市科学技术局")
    status, _ = apply(web.client, bureau)
    assert status == 200
    assert "no-store" in web.client.get(f"/agencies/{bureau}/apply").headers["cache-control"]
    with session_scope(web.context.db) as session:
        number = session.scalars(select(Application.number)).one()
    clerk = signed_in(web, "clerk-a")
    page = clerk.get(f"/desk/applications/{number}")
    assert GOOD["document_number"] not in page.text and "110***********002X" in page.text
    assert page.headers["cache-control"] == "no-store"
    shown = clerk.post(f"/desk/applications/{number}/identity", headers={"X-CSRF-Token": csrf(clerk, "/desk")})
    assert shown.status_code == 200 and shown.text == GOOD["document_number"]
    with session_scope(web.context.db) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "application.identity_shown")).one()
        assert entry.actor == "clerk-a" and entry.target_id == number
    other = signed_in(web, "clerk-c")
    assert (
        other.post(f"/desk/applications/{number}/identity", headers={"X-CSRF-Token": csrf(other, "/desk")}).status_code
        == 404
    )


def test_pages_with_personal_data_or_query_codes_are_never_cached_but_static_files_may_be(web: WebApp) -> None:
    web.client.cookies.clear()
    bureau = agency_id(web, "甲市科学技术局")
    token = csrf(web.client, f"/agencies/{bureau}/apply")
    once = form_token(web.client.get(f"/agencies/{bureau}/apply").text)
    sent = web.client.post(f"/agencies/{bureau}/apply", data={**GOOD, "csrf_token": token, "form_token": once})
    filed = web.client.get(sent.headers["location"])  # the receipt, shown by GET after the redirect
    assert "查询码" in filed.text and filed.headers["cache-control"] == "no-store"
    assert web.client.get(f"/agencies/{bureau}/status").headers["cache-control"] == "no-store"
    assert "no-store" not in web.client.get("/static/app.css").headers.get("cache-control", "")
    clerk = signed_in(web, "clerk-a")
    for path in ("/desk", "/desk/cases", f"/desk/active/{today().year}", "/account/password"):
        assert clerk.get(path).headers["cache-control"] == "no-store", path


def test_out_of_range_path_parameters_are_not_found_not_server_errors(web: WebApp) -> None:
    clerk = signed_in(web, "clerk-a")
    for path in ("/desk/active/99999", "/desk/reports/99999", "/desk/active/-1"):
        answer = clerk.get(path)
        assert answer.status_code == 404 and "页面不存在" in answer.text, path
    supervisor = signed_in(web, "sup-a")
    for path in ("/console/checks/99999999999999999999", "/console/reports/1/99999", "/console/corpus/0"):
        assert supervisor.get(path).status_code == 404, path
    web.client.cookies.clear()
    assert web.client.get("/agencies/99999999999999999999").status_code == 404


def test_a_server_error_page_carries_the_security_headers(web: WebApp) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    web.app.add_api_route("/broken-for-test", broken)
    client = TestClient(web.app, raise_server_exceptions=False)
    answer = client.get("/broken-for-test")
    assert answer.status_code == 500 and "服务器内部错误" in answer.text and "boom" not in answer.text
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY" and answer.headers["cache-control"] == "no-store"
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "content-security-policy" in missing.headers


def test_the_agency_tree_is_edited_moved_merged_and_retired(web: WebApp) -> None:
    admin = signed_in(web, "admin")
    bureau, county = agency_id(web, "甲市科学技术局"), agency_id(web, "甲市乙县人民政府")
    token = csrf(admin, "/admin")
    bad = admin.post(
        f"/admin/agencies/{bureau}", data={"csrf_token": token, "name": "甲市科学技术局", "credit_code": "123"}
    )
    assert bad.status_code == 400 and "统一社会信用代码“123”无效" in bad.text
    good = admin.post(
        f"/admin/agencies/{bureau}",
        data={
            "csrf_token": token,
            "name": "甲市科学技术局",
            "credit_code": "11100000000013127A",
            "region_code": "110000",
        },
    )
    assert good.status_code == 400 and "无效" in good.text  # a wrong check character
    good = admin.post(
        f"/admin/agencies/{bureau}",
        data={
            "csrf_token": token,
            "name": "甲市科学技术局",
            "credit_code": "91110000600037341L",
            "region_code": "110000",
        },
    )
    assert good.status_code == 303
    added = admin.post("/admin/agencies", data={"csrf_token": token, "name": "甲市科技局", "parent": "甲市人民政府"})
    assert added.status_code == 400 and "已存在" in added.text  # a naming variant of the same agency
    admin.post(
        "/admin/agencies", data={"csrf_token": token, "name": "甲市乙县丙丁镇人民政府", "parent": "甲市乙县人民政府"}
    )
    with session_scope(web.context.db) as session:
        agency = session.get_one(Agency, bureau)
        assert (agency.credit_code, agency.kind, agency.region_code) == ("91110000600037341L", "部门", "110000")
        town = session.scalars(select(Agency).where(Agency.name == "甲市乙县丙丁镇人民政府")).one()
        assert (town.kind, town.level) == ("乡镇街道", "乡")
    cycle = admin.post(f"/admin/agencies/{county}/move", data={"csrf_token": token, "parent_id": str(town.id)})
    assert cycle.status_code == 400 and "下级机关" in cycle.text
    # Merge the county's education bureau, with its applications, into a new one: numbers kept.
    school = agency_id(web, "甲市乙县教育局")
    with session_scope(web.context.db) as session:
        application = record_application(
            session, session.get_one(Agency, school), received=today(), applicant_type="natural_person"
        )
        number = application.number
    admin.post(
        "/admin/agencies", data={"csrf_token": token, "name": "甲市乙县教育体育局", "parent": "甲市乙县人民政府"}
    )
    target = agency_id(web, "甲市乙县教育体育局")
    merged = admin.post(f"/admin/agencies/{school}/merge", data={"csrf_token": token, "target_id": str(target)})
    assert merged.status_code == 303
    with session_scope(web.context.db) as session:
        assert session.get(Agency, school) is None
        moved = session.scalars(select(Application)).one()
        assert (moved.agency_id, moved.number) == (target, number)
    # Retire the city's bureau: gone from the public pages, its records and its desk kept.
    retired = admin.post(f"/admin/agencies/{bureau}/retire", data={"csrf_token": token, "retired": "true"})
    assert retired.status_code == 303
    web.client.cookies.clear()
    assert "甲市科学技术局" not in web.client.get("/").text
    assert web.client.get(f"/agencies/{bureau}").status_code == 404
    assert signed_in(web, "clerk-a").get("/desk").status_code == 200
    with session_scope(web.context.db) as session:
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("agency.%"))))
        assert {"agency.edit", "agency.create", "agency.merge", "agency.retire"} <= actions


def test_a_route_raising_not_found_still_says_so_in_chinese(web: WebApp) -> None:
    def missing() -> None:
        raise HTTPException(404)

    web.app.add_api_route("/missing-for-test", missing)
    answer = web.client.get("/missing-for-test")
    assert answer.status_code == 404 and "页面不存在" in answer.text
