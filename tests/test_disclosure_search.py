"""Chinese full-text search of the published catalogue, on SQLite and PostgreSQL: a word inside a DOCX
attachment is found, two-character and one-character words too, a withdrawn item leaves the search,
facets count what the filters leave, and snippets mark the words."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from sqlalchemy.orm import Session

from disclosure_support import agency, draft, item, published, set_up, submit, user
from disclosure_support import approve as approve_item
from disclosure_support import publish as publish_item
from xxgk.disclosure import fulltext, service, workflow
from xxgk.disclosure.attachments import read_attachment
from xxgk.disclosure.fulltext import Filters
from xxgk.ledger.service import in_transaction
from xxgk.store.database import Database, open_database


@pytest.fixture
def db(database_url: str) -> Database:
    opened = open_database(database_url)
    set_up(opened)
    return opened


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_attachment(db: Database, filename: str, data: bytes, **changes: str) -> int:
    """An item whose DOCX attachment is added before review, then reviewed and published."""
    item_id = draft(db, **changes)

    def attach(session: Session) -> None:
        service.attach(session, item(session, item_id), user(session, "clerk"), [read_attachment(filename, data)])

    in_transaction(db, attach)
    submit(db, item_id)
    approve_item(db, item_id, "clerk2")
    approve_item(db, item_id, "head")
    publish_item(db, item_id)
    return item_id


def found(db: Database, query: str, filters: Filters = Filters()) -> list[int]:  # noqa: B008
    with db.sessions() as session:
        return [hit.item.id for hit in fulltext.search(session, query, filters).hits]


def test_a_word_inside_a_docx_attachment_is_found_and_marked_in_the_snippet(db: Database) -> None:
    attachment = docx_bytes("附件：2026年度高新技术企业认定名单", "第一批共有十二家企业通过复核，享受税收优惠。")
    with_item = with_attachment(db, "认定名单.docx", attachment, title="关于公布高新技术企业认定结果的通知")
    other = published(db, title="关于开展科技活动周的通知")
    assert found(db, "税收优惠") == [with_item]
    assert found(db, "复核") == [with_item]  # a two-character word
    assert found(db, "十二家企业") == [with_item]
    assert found(db, "通知") == [other, with_item]  # newest first
    assert found(db, "税收 开展") == []  # every word must be in one item
    assert found(db, "税收 认定") == [with_item]
    with db.sessions() as session:
        hit = fulltext.search(session, "税收优惠").hits[0]
    assert "<mark>税收优惠</mark>" in str(hit.snippet)
    assert "复核" in str(hit.snippet)


def test_one_character_words_mixed_words_and_full_width_digits_are_found(db: Database) -> None:
    first = published(db, title="关于第3批项目验收的公示", body="验收结果：全部合格。联系电话 12345。")
    published(db, title="关于开展科技活动周的通知", body="各区县：请做好准备。")
    assert found(db, "公示") == [first]
    assert found(db, "第3批") == [first]
    assert found(db, "第３批") == [first]  # typed with a full-width digit
    assert found(db, "格") == [first]  # a single character
    assert found(db, "1234") == [first]  # a number's beginning


def test_a_withdrawn_item_leaves_the_search_but_keeps_its_notice(db: Database, database_url: str) -> None:
    item_id = published(db, title="关于发放2026年种粮补贴的公告", body="补贴标准为每亩一百元。")
    assert found(db, "种粮补贴") == [item_id]
    in_transaction(db, lambda s: workflow.withdraw(s, item(s, item_id), user(s, "head"), "内容有误，更正后重发"))
    assert found(db, "种粮补贴") == []
    assert found(db, "每亩") == []
    with db.sessions() as session:
        assert item(session, item_id).state == "withdrawn"


def test_a_new_version_replaces_the_old_text_in_the_index(db: Database) -> None:
    item_id = published(db, title="关于征集科技项目的通知", body="申报截止日期为三月一日。")

    def edit(session: Session) -> None:
        found_item = item(session, item_id)
        content = service.content_of(service.version(session, found_item.current_version_id))
        from dataclasses import replace

        service.edit_item(
            session, found_item, user(session, "clerk"), replace(content, body="申报截止日期延至四月一日。")
        )

    in_transaction(db, edit)
    submit(db, item_id)
    approve_item(db, item_id, "clerk2")
    approve_item(db, item_id, "head")
    publish_item(db, item_id)
    assert found(db, "四月一日") == [item_id]
    assert found(db, "三月一日") == []


def test_facets_count_items_under_the_other_filters(db: Database) -> None:
    published(db, title="关于科技项目验收的通知", topic="科技、教育", genre="通知")
    published(db, title="关于科技统计的公告", topic="科技、教育", genre="公告")
    published(db, title="关于科技园区道路施工的通告", topic="工业、交通", genre="通告")
    with db.sessions() as session:
        results = fulltext.search(session, "科技")
        assert results.total == 3
        assert results.facets["topic"] == [("科技、教育", "科技、教育", 2), ("工业、交通", "工业、交通", 1)]
        assert results.facets["validity"] == [("现行有效", "现行有效", 3)]
        assert [(label, n) for _, label, n in results.facets["agency"]] == [(agency(session).name, 3)]
        narrowed = fulltext.search(session, "科技", Filters(topic="科技、教育"))
        assert narrowed.total == 2
        # the topic facet still offers the other topic (counted without its own filter)
        assert sum(n for _, _, n in narrowed.facets["topic"]) == 3
        assert [(v, n) for v, _, n in narrowed.facets["year"]] == [(str(narrowed.hits[0].entry.year), 2)]


def test_reindexing_everything_finds_the_same(db: Database) -> None:
    item_id = published(db, title="关于公布科技特派员名单的通知")
    in_transaction(db, fulltext.reindex_all)
    assert found(db, "特派员") == [item_id]
