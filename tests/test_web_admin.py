"""Administration through the pages: agencies in the tree, users added and disabled, each change audited."""

from __future__ import annotations

from sqlalchemy import select

from webapp import PASSWORD, WebApp, csrf, login, signed_in
from xxgk.store.agencies import Agency
from xxgk.store.web import AuditEntry, User


def _actions(web: WebApp) -> list[str]:
    with web.context.db.sessions() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_an_administrator_builds_the_tree_and_adds_a_user_under_it(web: WebApp) -> None:
    admin = signed_in(web, "admin")
    token = csrf(admin, "/admin")
    missing_parent = admin.post(
        "/admin/agencies", data={"name": "丁县人民政府", "parent": "戊市人民政府", "csrf_token": token}
    )
    assert missing_parent.status_code == 400 and "上级机关“戊市人民政府”不存在" in missing_parent.text
    added = admin.post("/admin/agencies", data={"name": "丁县人民政府", "parent": "甲市人民政府", "csrf_token": token})
    assert added.status_code == 303
    duplicate = admin.post("/admin/agencies", data={"name": "丁县人民政府", "csrf_token": token})
    assert "已存在" in duplicate.text
    user = admin.post(
        "/admin/users",
        data={
            "username": "ding",
            "password": "mallory-long-enough-42",
            "role": "clerk",
            "agency": "丁县人民政府",
            "csrf_token": token,
        },
    )
    assert user.status_code == 303
    refused = admin.post(
        "/admin/users",
        data={"username": "ding", "password": "mallory-long-enough-42", "role": "clerk", "csrf_token": token},
    )
    assert refused.status_code == 400 and "机关不能为空" in refused.text
    with web.context.db.sessions() as session:
        county = session.scalars(select(Agency).where(Agency.name == "丁县人民政府")).one()
        assert county.parent is not None and county.parent.name == "甲市人民政府"
        assert session.scalars(select(User).where(User.username == "ding")).one().agency_id == county.id
    assert _actions(web)[-2:] == ["agency.create", "user.create"]


def test_a_disabled_account_cannot_sign_in_and_the_administrator_cannot_disable_itself(web: WebApp) -> None:
    admin = signed_in(web, "admin")
    with web.context.db.sessions() as session:
        ids = {u.username: u.id for u in session.scalars(select(User))}
    token = csrf(admin, "/admin")
    assert admin.post(f"/admin/users/{ids['clerk-a']}/active", data={"csrf_token": token}).status_code == 303
    assert "不能停用自己的账号" in admin.post(f"/admin/users/{ids['admin']}/active", data={"csrf_token": token}).text
    web.client.cookies.clear()
    assert login(web.client, "clerk-a", PASSWORD).status_code == 401
    admin = signed_in(web, "admin")
    token = csrf(admin, "/admin")
    admin.post(f"/admin/users/{ids['clerk-a']}/active", data={"active": "true", "csrf_token": token})
    web.client.cookies.clear()
    assert login(web.client, "clerk-a", PASSWORD).status_code == 303
    assert [a for a in _actions(web) if a.startswith("user.") and a != "user.login"][-2:] == [
        "user.disable",
        "user.enable",
    ]
