"""Chinese full-text search of the published catalogue, on SQLite and PostgreSQL: a word inside a DOCX
attachment is found, two-character and one-character words too, a withdrawn item leaves the search,
facets count what the filters leave, and snippets mark the words."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import docx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from conftest import run_xxgk
from disclosure_support import AGENCY, CODE, agency, draft, item, published, set_up, submit, user
from disclosure_support import approve as approve_item
from disclosure_support import publish as publish_item
from xxgk.disclosure import frequent, fulltext, service, workflow
from xxgk.disclosure.attachments import read_attachment
from xxgk.disclosure.fulltext import Filters
from xxgk.disclosure.importer import read_catalogue
from xxgk.disclosure.imports import import_catalogue
from xxgk.store.database import Database, open_database
from xxgk.store.transaction import in_transaction


@pytest.fixture
def db(database_url: str) -> Database:
    opened = open_database(database_url)
    set_up(opened)
    return opened


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
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


def test_an_item_not_proactively_disclosed_is_found_by_its_metadata_never_by_its_body(db: Database) -> None:
    item_id = published(
        db,
        title="关于内部考核结果的通报",
        openness="依申请公开",
        openness_reason="涉及个人考核信息",
        body="考核结果：王某某不称职。",
    )
    assert found(db, "考核结果的通报") == [item_id]
    assert found(db, "不称职") == []
    with db.sessions() as session:
        assert "不称职" not in str(fulltext.search(session, "通报").hits[0].snippet)


def test_an_imported_catalogue_is_searchable_at_once(db: Database, tmp_path: Path) -> None:
    header = ["索引号", "名称", "发文机关", "成文日期", "发布日期", "主题分类", "体裁分类", "文件类型", "栏目"]
    row = [
        f"{CODE}/2025-00007",
        "关于科技创新券兑付结果的公示",
        AGENCY,
        "2025-03-01",
        "2025-03-02",
        "科技、教育",
        "公告",
        "其他文件",
        "",
    ]
    path = tmp_path / "目录.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    parsed = read_catalogue(path)
    in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", parsed.rows))
    with db.sessions() as session:
        hits = fulltext.search(session, "创新券").hits
        assert [(h.item.index_number, h.entry.year) for h in hits] == [(f"{CODE}/2025-00007", 2025)]


def test_the_cli_rebuilds_the_index(db: Database, tmp_path: Path) -> None:
    item_id = published(db, title="关于公布科技特派员名单的通知")
    in_transaction(db, lambda s: s.execute(text("DELETE FROM disclosure_search_chunks")))
    assert found(db, "特派员") == []
    answer = run_xxgk("disclosure", "reindex", "--db", db.url)
    assert answer.returncode == 0, answer.stderr
    assert "已为 1 条已发布信息建立检索索引" in answer.stdout
    assert found(db, "特派员") == [item_id]


def test_a_very_common_word_gives_its_first_page_and_the_exact_total(db: Database, tmp_path: Path) -> None:
    """A word in most items (补贴, 公示 in two of three) is paged and counted by the database:
    the first page is the newest twenty, the total and the facets count every match."""
    header = ["索引号", "名称", "发文机关", "成文日期", "发布日期", "主题分类", "体裁分类", "文件类型", "栏目"]
    rows = []
    for n in range(1, 61):
        title = f"关于第{n}批农机购置补贴对象的公示" if n % 3 else f"关于第{n}批科技项目验收的通知"
        day = date(2025, 1, 1) + timedelta(days=n)
        topic = "农业、林业、水利" if n % 2 else "综合政务"
        rows.append(
            [f"{CODE}/2025-{n:05d}", title, AGENCY, day.isoformat(), day.isoformat(), topic, "公告", "其他文件", ""]
        )
    path = tmp_path / "目录.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", read_catalogue(path).rows))
    holding = sorted((r for r in rows if "公示" in r[1]), key=lambda r: r[4], reverse=True)
    for _ in range(2):  # as imported (batched), then after the CLI's reindex
        with db.sessions() as session:
            first = fulltext.search(session, "公示")
            second = fulltext.search(session, "公示", offset=20)
            narrowed = fulltext.search(session, "公示", Filters(topic="综合政务"))
        assert first.total == len(holding) == 40
        assert [h.item.index_number for h in first.hits] == [r[0] for r in holding[:20]]
        assert [h.item.index_number for h in second.hits] == [r[0] for r in holding[20:40]]
        assert all("<mark>公示</mark>" in str(h.snippet) for h in first.hits)
        by_topic = Counter(r[5] for r in holding)
        assert dict((v, n) for v, _, n in first.facets["topic"]) == by_topic
        assert narrowed.total == by_topic["综合政务"]
        assert sum(n for _, _, n in narrowed.facets["topic"]) == len(holding)  # its own filter left out
        answer = run_xxgk("disclosure", "reindex", "--db", db.url)
        assert "已为 60 条已发布信息建立检索索引" in answer.stdout, answer.stderr


def test_a_word_most_items_hold_is_paged_by_walking_newest_first_and_its_facets_sampled(
    db: Database, tmp_path: Path
) -> None:
    """Over `frequent.SAMPLE_AT` matches: the total stays exact, the page is the title's matches
    newest first then the others newest first (a page straddling the two too), and the facets
    are estimates (约 N) close to the true counts; a filtered total is an estimate too."""
    header = [
        "索引号",
        "名称",
        "内容概述",
        "发文机关",
        "成文日期",
        "发布日期",
        "主题分类",
        "体裁分类",
        "文件类型",
        "栏目",
    ]
    rows = []
    for n in range(1, 4101):
        kind = n % 8
        title = f"关于第{n}批补贴对象的公示" if kind in (1, 2, 3) else f"关于第{n}批项目的通知"
        summary = "现予公示" if kind in (5, 6, 7) else "现予通知"
        day = (date(2014, 1, 1) + timedelta(days=n)).isoformat()
        topic = "农业、林业、水利" if n % 3 else "综合政务"
        rows.append([f"{CODE}/2025-{n:05d}", title, summary, AGENCY, day, day, topic, "公告", "其他文件", ""])
    path = tmp_path / "目录.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", read_catalogue(path).rows))
    newest = sorted(rows, key=lambda r: r[5], reverse=True)
    titled = [r[0] for r in newest if "公示" in r[1]]
    others = [r[0] for r in newest if "公示" in r[2]]
    assert len(titled) + len(others) > frequent.SAMPLE_AT
    with db.sessions() as session:
        first = fulltext.search(session, "公示")
        straddling = fulltext.search(session, "公示", offset=len(titled) - 10)
        narrowed = fulltext.search(session, "公示", Filters(topic="综合政务"))
        # a filter on no facet (体裁: the sample's size counted apart) and one on the item (有效性)
        by_genre = fulltext.search(session, "公示", Filters(genre="公告"))
        by_validity = fulltext.search(session, "公示", Filters(validity="现行有效"), offset=len(titled) - 10)
        assert fulltext.matching_ids(session, "公示") == {
            h.item.id for h in fulltext.search(session, "公示", limit=5000).hits
        }  # recall: walking finds every match
    assert (first.total, first.approximate, first.total_approximate) == (len(titled) + len(others), True, False)
    assert [h.item.index_number for h in first.hits] == titled[:20]
    assert [h.item.index_number for h in straddling.hits] == titled[-10:] + others[:10]
    truth = Counter(r[6] for r in rows if "公示" in r[1] + r[2])
    for value, _, estimate in first.facets["topic"]:
        assert abs(estimate - truth[value]) <= 0.15 * truth[value], (value, estimate, truth[value])
    assert narrowed.total_approximate and abs(narrowed.total - truth["综合政务"]) <= 0.15 * truth["综合政务"]
    every = len(titled) + len(others)  # all 公告 and 现行有效
    assert by_genre.total_approximate and abs(by_genre.total - every) <= 0.05 * every
    assert [h.item.index_number for h in by_genre.hits] == titled[:20]
    assert [h.item.index_number for h in by_validity.hits] == titled[-10:] + others[:10]
    shown = [h.item.index_number for h in narrowed.hits]
    holding = {r[0] for r in rows if r[6] == "综合政务"}
    assert len(shown) == 20 and set(shown) <= holding
    assert shown == [n for n in titled if n in holding][:20]
