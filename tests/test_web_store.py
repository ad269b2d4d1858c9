"""Users, roles, the audit log and agency scoping, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from xxgk.store import open_database, session_scope
from xxgk.store.agencies import Agency
from xxgk.store.database import alembic_config
from xxgk.store.web import AuditEntry, User
from xxgk.web.accounts import AccountError, NewUser, authenticate, create_user
from xxgk.web.scope import agency_outline, visible_agencies


def test_the_web_tables_migrate_on_their_own_alembic_branch(database_url: str) -> None:
    db = open_database(database_url)
    assert {"users", "audit_log", "check_runs", "check_items"} <= set(inspect(db.engine).get_table_names())
    script = ScriptDirectory.from_config(alembic_config())
    web_head = script.get_revision("web@head")
    assert web_head is not None
    assert script.get_revision("w0001").down_revision == "0001"


def test_a_new_user_gets_an_argon2_hash_an_agency_and_an_audit_entry(database_url: str) -> None:
    db = open_database(database_url)
    with session_scope(db) as session:
        create_user(session, NewUser("zhang", "zebra-s3cret-pass", "clerk", "某县科学技术局", "张三"), "命令行")
    with db.sessions() as session:
        user = session.scalars(select(User)).one()
        assert user.password_hash.startswith("$argon2id$") and "zebra-s3cret-pass" not in user.password_hash
        assert user.agency is not None and user.agency.name == "某县科学技术局"
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.action, entry.target_id) == ("命令行", "user.create", str(user.id))
        assert entry.detail["role"] == "clerk" and entry.agency_id == user.agency_id
        assert authenticate(session, "ZHANG", "zebra-s3cret-pass") is not None  # names are case-insensitive
        assert authenticate(session, "zhang", "wrong-password") is None
        assert authenticate(session, "nobody", "zebra-s3cret-pass") is None
        user.active = False
        assert authenticate(session, "zhang", "zebra-s3cret-pass") is None


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (NewUser("ok-name", "short", "clerk", "某局"), "密码过短"),
        (NewUser("bad name!", "mallory-long-enough-42", "clerk", "某局"), "用户名无效"),
        (NewUser("ok-name", "mallory-long-enough-42", "janitor", "某局"), "角色“janitor”无效"),
        (NewUser("ok-name", "mallory-long-enough-42", "clerk", None), "机关不能为空"),
        (NewUser("Taken", "mallory-long-enough-42", "admin", None), "已存在"),
    ],
)
def test_invalid_accounts_are_refused_with_the_reason(database_url: str, new: NewUser, message: str) -> None:
    db = open_database(database_url)
    with session_scope(db) as session:
        create_user(session, NewUser("taken", "mallory-long-enough-42", "admin"), "测试")
    with session_scope(db) as session, pytest.raises(AccountError, match=message):
        create_user(session, new, "测试")


def test_the_database_itself_refuses_a_clerk_without_an_agency(database_url: str) -> None:
    db = open_database(database_url)
    with pytest.raises(IntegrityError), session_scope(db) as session:
        session.add(User(username="x", display_name="x", password_hash="h", role="clerk"))


def test_a_supervisor_sees_its_whole_subtree_and_nothing_beside_it(database_url: str) -> None:
    db = open_database(database_url)
    with session_scope(db) as session:
        city = Agency(name="甲市人民政府", key="甲市政府")
        county = Agency(name="乙县人民政府", key="乙县政府", parent=city)
        bureau = Agency(name="乙县教育局", key="乙县教育局", parent=county)
        other = Agency(name="丙市人民政府", key="丙市政府")
        session.add_all([city, county, bureau, other])
        session.flush()
        supervisor = create_user(
            session, NewUser("sup", "mallory-long-enough-42", "supervisor", "甲市人民政府"), "测试"
        )
        county_clerk = create_user(session, NewUser("clerk", "mallory-long-enough-42", "clerk", "乙县教育局"), "测试")
        admin = create_user(session, NewUser("root", "mallory-long-enough-42", "admin"), "测试")
        seen = visible_agencies(session, supervisor)
        assert seen.agencies == {city.id, county.id, bureau.id}
        assert not seen.allows(other.id) and not seen.allows(None)
        assert visible_agencies(session, county_clerk).agencies == {bureau.id}
        assert visible_agencies(session, admin).allows(other.id)
        outline = [(node.name, node.depth) for node in agency_outline(session)]
        assert outline == [("丙市人民政府", 0), ("甲市人民政府", 0), ("乙县人民政府", 1), ("乙县教育局", 2)]
