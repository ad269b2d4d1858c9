"""Screening in the catalogue's workflow, on SQLite and PostgreSQL: an item with personal data
cannot be signed or published until the signer overrides with a reason (audited with the masked
hits, never the number itself); a changed content needs its own decision; word-list warnings
need an acknowledgement; the agency's own contacts and word list are its own."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from disclosure_support import agency, approve, draft, fields, item, publish, set_up, submit, user
from screen_support import ID, add_comment, docx_document, saved
from xxgk.disclosure import screening, service
from xxgk.disclosure.attachments import read_attachment
from xxgk.disclosure.content import ItemContent, read_content
from xxgk.disclosure.service import DisclosureError
from xxgk.screen import Word
from xxgk.store.database import Database, open_database
from xxgk.store.screening import ScreeningDecision
from xxgk.store.transaction import in_transaction
from xxgk.store.web import AuditEntry


@pytest.fixture
def db(database_url: str) -> Database:
    opened = open_database(database_url)
    set_up(opened)
    return opened


def through_secrecy_review(db: Database, **changes: str) -> int:
    item_id = draft(db, **changes)
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    return item_id


def override(db: Database, item_id: int, reason: str, by: str = "head") -> None:
    in_transaction(db, lambda s: screening.override(s, item(s, item_id), user(s, by), reason))


def test_an_id_number_blocks_signing_until_the_signer_overrides_with_a_reason(db: Database) -> None:
    item_id = through_secrecy_review(db, body=f"当事人张三，身份证号{ID}，现予处罚。")
    with pytest.raises(DisclosureError, match="身份证号 1 处"):
        approve(db, item_id, "head")
    with pytest.raises(DisclosureError, match="签发人"):
        override(db, item_id, "经核实可以公开", by="clerk")
    with pytest.raises(DisclosureError, match="理由"):
        override(db, item_id, " ")
    override(db, item_id, "当事人书面同意公开其身份信息")
    approve(db, item_id, "head")
    number = publish(db, item_id)
    assert number.startswith("11210100MB0000000P/")

    def audited(session: Session) -> list[AuditEntry]:
        query = select(AuditEntry).where(AuditEntry.action == "disclosure.screening_override")
        return list(session.scalars(query))

    def submitted(session: Session) -> dict[str, object]:
        return session.scalars(select(AuditEntry).where(AuditEntry.action == "disclosure.submit")).one().detail

    detail = in_transaction(db, submitted)
    assert detail["screening_hits"] == 1 and ID not in str(detail)

    [entry] = in_transaction(db, audited)
    assert entry.actor == "head" and entry.detail["reason"] == "当事人书面同意公开其身份信息"
    [hit] = entry.detail["hits"]
    assert hit["kind"] == "id_number" and hit["position"]["where"] == "“正文”栏 第 1 行"
    assert ID not in str(entry.detail) and hit["text"] == ID[:6] + "*" * 10 + ID[-2:]


def test_an_edit_after_the_override_is_screened_again(db: Database) -> None:
    item_id = through_secrecy_review(db, body=f"身份证号{ID}")
    override(db, item_id, "当事人书面同意公开")

    def edit(session: Session) -> None:
        found = item(session, item_id)
        content = service.content_of(service.version(session, found.current_version_id))
        service.edit_item(
            session, found, user(session, "clerk"), replace(content, body=f"身份证号{ID}，手机13912345678")
        )

    in_transaction(db, edit)
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    with pytest.raises(DisclosureError, match="发布前审查"):
        approve(db, item_id, "head")


def test_publication_is_refused_while_a_block_stands(db: Database) -> None:
    """An agency with one review level: its approval is the signing; publishing checks again."""
    in_transaction(db, lambda s: service.configure(s, agency(s), "测试", levels=["保密审查"]))
    item_id = draft(db, body="邮箱 zhangsan@163.com")
    submit(db, item_id)
    with pytest.raises(DisclosureError, match="电子邮箱 1 处"):
        approve(db, item_id, "clerk2")


def test_an_attachments_comment_blocks_like_the_body(db: Database) -> None:
    document = docx_document("某市科学技术局关于某事项的说明")
    add_comment(document, f"申请人身份证号 {ID}")

    def attach(session: Session) -> int:
        found = service.create_item(session, agency(session), user(session, "clerk"), _content())
        service.attach(session, found, user(session, "clerk"), [read_attachment("说明.docx", saved(document))])
        return found.id

    item_id = in_transaction(db, attach)
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    with pytest.raises(DisclosureError, match="身份证号"):
        approve(db, item_id, "head")
    hits = in_transaction(
        db,
        lambda s: screening.screen_version(
            s, item(s, item_id), service.version(s, item(s, item_id).current_version_id)
        ),
    )
    assert [h.position.describe() for h in hits.blocking] == ["《说明.docx》 批注 第 1 条"]


def _content() -> ItemContent:
    return read_content(fields(), {})


def test_word_list_warnings_need_an_acknowledgement(db: Database) -> None:
    item_id = through_secrecy_review(db, body="截止目前，已办结全部事项。")
    with pytest.raises(DisclosureError, match=r"易错词 1 处.*确认"):
        approve(db, item_id, "head")
    with pytest.raises(DisclosureError, match="没有需要确认"):
        override(db, item_id, "理由充分的说明")
    in_transaction(db, lambda s: screening.acknowledge(s, item(s, item_id), user(s, "clerk2")))
    approve(db, item_id, "head")
    publish(db, item_id)
    decisions = in_transaction(db, lambda s: [d.decision for d in s.scalars(select(ScreeningDecision))])
    assert decisions == ["acknowledge"]


def test_the_agencys_contacts_and_words_are_its_own(db: Database) -> None:
    def configure(session: Session) -> None:
        words = [Word("某项目", "某工程", "mistaken")]
        screening.configure_screening(
            session, agency(session), user(session, "head"), words=words, contacts=["024-23456789"]
        )

    in_transaction(db, configure)
    with pytest.raises(DisclosureError, match="机关负责人"):
        in_transaction(db, lambda s: screening.configure_screening(s, agency(s), user(s, "clerk"), contacts=[]))
    item_id = through_secrecy_review(db, body="咨询电话：024-23456789。截止目前办理某项目。")
    with pytest.raises(DisclosureError, match="易错词 1 处"):  # 截止目前 left the list; 某项目 joined it
        approve(db, item_id, "head")


def test_an_item_without_hits_goes_out_as_before(db: Database) -> None:
    item_id = through_secrecy_review(db)
    approve(db, item_id, "head")
    publish(db, item_id)
    assert in_transaction(db, lambda s: item(s, item_id).state) == "published"
    assert in_transaction(db, lambda s: [d.id for d in s.scalars(select(ScreeningDecision))]) == []
