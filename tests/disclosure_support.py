"""Helpers for the catalogue tests: an agency with a 统一社会信用代码, its staff, and items."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.disclosure import service, workflow
from xxgk.disclosure.content import read_content
from xxgk.now import today
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.database import Database
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.transaction import in_transaction
from xxgk.store.web import User
from xxgk.web.accounts import NewUser, create_user

AGENCY = "某市科学技术局"
CODE = "11210100MB0000000P"  # a valid 统一社会信用代码 (check digit per GB 32100)
STAFF = (("clerk", "clerk", "张经办"), ("clerk2", "clerk", "王经办"), ("head", "head", "李局长"))


def fields(**changes: str) -> dict[str, str]:
    base = {
        "title": "关于开展2026年科技活动周的通知",
        "summary": "部署全市科技活动周工作",
        "doc_number": "某科发〔2026〕3号",
        "issuer": AGENCY,
        "written_on": today().isoformat(),  # written today: never published late, whatever day the run is frozen at
        "openness": "主动公开",
        "topic": "科技、教育",
        "genre": "通知",
        "doc_kind": "其他文件",
        "body": "各区县科技局：现将有关事项通知如下。",
    }
    return base | changes


def set_up(db: Database, *, code: str | None = CODE) -> None:
    """The agency (with `code`) and its staff; passwords are never used here."""

    def work(session: Session) -> None:
        agency = agency_for(session, AGENCY)
        agency.credit_code = code
        session.flush()
        for username, role, name in STAFF:
            create_user(session, NewUser(username, "correct-horse-42", role, AGENCY, name), "测试")

    in_transaction(db, work)


def user(session: Session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def agency(session: Session) -> Agency:
    return session.scalars(select(Agency).where(Agency.name == AGENCY)).one()


def draft(db: Database, by: str = "clerk", **changes: Any) -> int:
    """A new draft by `by`; its id."""

    def work(session: Session) -> int:
        owner = agency(session)
        relations = {key: changes.pop(key) for key in ("interprets", "amends", "repeals") if key in changes}
        content = read_content(fields(**changes), relations)
        return service.create_item(session, owner, user(session, by), content).id

    return in_transaction(db, work)


def item(session: Session, item_id: int) -> DisclosureItem:
    return service.find_item(session, None, item_id)


def submit(db: Database, item_id: int, by: str = "clerk") -> None:
    in_transaction(db, lambda s: workflow.submit(s, item(s, item_id), user(s, by)))


def approve(db: Database, item_id: int, by: str, **options: Any) -> None:
    def work(session: Session) -> None:
        found = item(session, item_id)
        seen = options.pop("seen_hash", None) or service.version(session, found.current_version_id).content_hash
        opinion = options.pop("opinion", "未发现涉密内容，可以公开")
        basis = options.pop("basis", "《中华人民共和国政府信息公开条例》第十七条")
        workflow.review(session, found, user(session, by), approve=True, seen_hash=seen, opinion=opinion, basis=basis)

    in_transaction(db, work)


def approved(db: Database, **changes: Any) -> int:
    """A draft by the clerk taken through 保密审查 (by the other clerk) and 签发 (by the head)."""
    item_id = draft(db, **changes)
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    approve(db, item_id, "head")
    return item_id


def publish(db: Database, item_id: int, by: str = "head") -> str:
    def work(session: Session) -> str:
        found = item(session, item_id)
        workflow.publish(session, found, user(session, by))
        assert found.index_number is not None
        return found.index_number

    return in_transaction(db, work)


def published(db: Database, **changes: Any) -> int:
    item_id = approved(db, **changes)
    publish(db, item_id)
    return item_id


def on(day: date) -> str:
    return day.isoformat()
