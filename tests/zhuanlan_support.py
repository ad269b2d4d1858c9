"""Published items for the 专栏 tests, made through the catalogue's own service and workflow (the agency
reviews at no level, so the head publishes at once): what a clerk and head do on the desk, shortened."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import docx
from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.disclosure import service, workflow
from xxgk.disclosure.attachments import read_attachment
from xxgk.disclosure.content import read_content
from xxgk.now import today
from xxgk.store.agencies import Agency
from xxgk.store.database import Database
from xxgk.store.transaction import in_transaction
from xxgk.store.web import User

CODE = "11210100MB0000000P"


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agency_named(session: Session, name: str) -> Agency:
    return session.scalars(select(Agency).where(Agency.name == name)).one()


def prepare(db: Database, agency: str, code: str = CODE) -> int:
    """Give the agency its 统一社会信用代码 and no review levels; its id."""

    def work(session: Session) -> int:
        found = agency_named(session, agency)
        found.credit_code = code
        service.configure(session, found, "测试", levels=[], columns=["通知公告", "规划计划"])
        return found.id

    return in_transaction(db, work)


def publish(
    db: Database,
    agency: str,
    head: str,
    attachments: tuple[tuple[str, bytes], ...] = (),
    interprets: int | None = None,
    repeals: int | None = None,
    **changes: str,
) -> int:
    """A new item of `agency` with `attachments`, submitted and published by `head`; its id."""
    values = {
        "title": "关于开展科技活动周的通知",
        "issuer": agency,
        "written_on": today().isoformat(),
        "openness": "主动公开",
        "topic": "科技、教育",
        "genre": "通知",
        "doc_kind": "其他文件",
        "body": "各有关单位：现将有关事项通知如下。",
    } | changes

    def work(session: Session) -> int:
        owner = agency_named(session, agency)
        actor = session.scalars(select(User).where(User.username == head)).one()
        relations: dict[str, Any] = {"interprets": interprets, "repeals": repeals}
        item = service.create_item(session, owner, actor, read_content(values, relations))
        service.attach(session, item, actor, [read_attachment(name, data) for name, data in attachments])
        workflow.submit(session, item, actor)
        workflow.publish(session, item, actor)
        return item.id

    return in_transaction(db, work)


def withdraw(db: Database, item_id: int, head: str, reason: str = "内容有误，更正后重新发布") -> None:
    def work(session: Session) -> None:
        actor = session.scalars(select(User).where(User.username == head)).one()
        workflow.withdraw(session, service.find_item(session, None, item_id), actor, reason)

    in_transaction(db, work)
