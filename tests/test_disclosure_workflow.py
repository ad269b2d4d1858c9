"""Review before publishing, on SQLite and PostgreSQL: every transition and its refusals, the 索引号
at publication (unique under concurrent publishers), scheduled publication and withdrawal."""

from __future__ import annotations

import multiprocessing
import re
import threading
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path

import docx
import pytest
import time_machine
from sqlalchemy import func, select, text

from disclosure_support import (
    CODE,
    agency,
    approve,
    approved,
    draft,
    fields,
    item,
    publish,
    published,
    set_up,
    submit,
    user,
)
from xxgk.disclosure import service, workflow
from xxgk.disclosure.attachments import read_attachment
from xxgk.disclosure.content import read_content
from xxgk.disclosure.service import DisclosureError
from xxgk.now import CHINA, now, pin_from_environment, today
from xxgk.store.backup import backup_database, restore_database
from xxgk.store.database import Database, open_database
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.transaction import in_transaction
from xxgk.store.web import AuditEntry


@pytest.fixture
def db(database_url: str) -> Database:
    opened = open_database(database_url)
    set_up(opened)
    return opened


def test_a_draft_goes_through_secrecy_review_and_sign_off_and_gets_its_index_number(db: Database) -> None:
    item_id = approved(db)
    number = publish(db, item_id)
    assert number == f"{CODE}/{today().year}-00001"
    with db.sessions() as session:
        found = item(session, item_id)
        assert (found.state, found.published_on, found.validity) == ("published", today(), "现行有效")
        shown = service.version(session, found.published_version_id)
        levels = [(a.level_name, a.reviewer, a.content_hash == shown.content_hash) for a in shown.approvals]
        assert levels == [("保密审查", "王经办", True), ("签发", "李局长", True)]
        assert shown.approvals[0].basis == "《中华人民共和国政府信息公开条例》第十七条"
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "disclosure_item")).all()
        assert actions == [
            "disclosure.add",
            "disclosure.submit",
            "disclosure.approve",
            "disclosure.approve",
            "disclosure.publish",
        ]


def test_unapproved_content_cannot_be_published(db: Database) -> None:
    item_id = draft(db)
    with pytest.raises(DisclosureError, match="尚未通过审核"):
        publish(db, item_id)
    submit(db, item_id)
    approve(db, item_id, "clerk2")  # 保密审查 only; 签发 still missing
    with pytest.raises(DisclosureError, match="尚未通过审核"):
        publish(db, item_id)
    with db.sessions() as session:
        assert item(session, item_id).index_number is None


def test_secrecy_review_needs_its_opinion_and_basis_and_sign_off_needs_the_head(db: Database) -> None:
    item_id = draft(db)
    submit(db, item_id)
    with pytest.raises(DisclosureError, match="保密审查须记录审查意见和依据"):
        approve(db, item_id, "clerk2", basis="")
    approve(db, item_id, "clerk2")
    with pytest.raises(DisclosureError, match="“签发”须由机关负责人进行"):
        approve(db, item_id, "clerk2")


def test_a_drafter_may_not_approve_their_own_draft_unless_the_agency_allows_it(db: Database) -> None:
    item_id = draft(db, by="clerk")
    submit(db, item_id)
    with pytest.raises(DisclosureError, match="不允许审核自己起草的内容"):
        approve(db, item_id, "clerk")
    in_transaction(db, lambda s: service.configure(s, agency(s), "测试", self_approval=True))
    approve(db, item_id, "clerk")
    with db.sessions() as session:
        assert service.version(session, item(session, item_id).current_version_id).level == 1


def test_an_approval_is_bound_to_the_content_its_reviewer_saw(db: Database) -> None:
    item_id = draft(db)
    submit(db, item_id)
    with pytest.raises(DisclosureError, match="内容在您审核期间已被修改"):
        approve(db, item_id, "clerk2", seen_hash="0" * 64)


def test_an_edit_after_approval_makes_a_new_version_that_must_be_approved_again(db: Database) -> None:
    item_id = approved(db)
    edit(db, item_id, title="关于开展2026年科技活动周的通知（修订）")
    with pytest.raises(DisclosureError, match="尚未通过审核"):
        publish(db, item_id)
    with db.sessions() as session:
        found = item(session, item_id)
        assert [(v.number, v.status) for v in found.versions] == [(1, "superseded"), (2, "draft")]
        assert found.state == "draft"
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    approve(db, item_id, "head")
    number = publish(db, item_id)
    with db.sessions() as session:
        found = item(session, item_id)
        assert found.title.endswith("（修订）") and found.index_number == number


def test_an_edit_of_a_published_item_keeps_the_published_version_until_the_new_one_is_approved(
    db: Database,
) -> None:
    item_id = published(db)
    with db.sessions() as session:
        first = item(session, item_id).index_number
    edit(db, item_id, body="更正后的正文。")
    with db.sessions() as session:
        found = item(session, item_id)
        assert found.state == "published"
        assert service.content_of(service.version(session, found.published_version_id)).body.startswith("各区县")
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    approve(db, item_id, "head")
    assert publish(db, item_id) == first  # the 索引号 never changes once published
    with db.sessions() as session:
        found = item(session, item_id)
        history = [(v.number, v.status) for v in service.public_history(found)]
        assert history == [(1, "superseded"), (2, "published")]


def test_a_returned_draft_is_edited_into_a_new_version(db: Database) -> None:
    item_id = draft(db)
    submit(db, item_id)

    def reject(session: service.Session) -> None:
        found = item(session, item_id)
        seen = service.version(session, found.current_version_id).content_hash
        with pytest.raises(DisclosureError, match="退回须写明理由"):
            workflow.review(session, found, user(session, "clerk2"), approve=False, seen_hash=seen)
        workflow.review(session, found, user(session, "clerk2"), approve=False, seen_hash=seen, opinion="含个人电话")

    in_transaction(db, reject)
    with pytest.raises(DisclosureError, match="不是草稿"):
        submit(db, item_id)
    edit(db, item_id, body="已删除个人电话。")
    submit(db, item_id)
    with db.sessions() as session:
        assert [v.status for v in item(session, item_id).versions] == ["rejected", "reviewing"]


def test_an_agency_without_a_credit_code_cannot_publish(database_url: str) -> None:
    db = open_database(database_url)
    set_up(db, code=None)
    item_id = approved(db)
    with pytest.raises(DisclosureError, match="尚未登记统一社会信用代码"):
        publish(db, item_id)
    in_transaction(db, lambda s: setattr(agency(s), "credit_code", "11210100MB0000001X"))
    with pytest.raises(DisclosureError, match="校验不通过"):
        publish(db, item_id)


def test_index_numbers_stay_unique_when_many_publish_at_once(db: Database) -> None:
    ids = [approved(db, title=f"通知{i}") for i in range(12)]
    numbers: list[str] = []
    errors: list[BaseException] = []

    def run(chunk: list[int]) -> None:
        try:
            for item_id in chunk:
                numbers.append(publish(db, item_id))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(ids[w::4],)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = today().year
    assert sorted(numbers) == [f"{CODE}/{year}-{n:05d}" for n in range(1, 13)]
    with db.sessions() as session:
        stored = session.scalars(select(DisclosureItem.index_number)).all()
        assert sorted(n for n in stored if n) == sorted(numbers)


def test_a_scheduled_item_is_published_when_due_with_that_years_number(db: Database) -> None:
    item_id = approved(db)
    at = datetime(today().year + 1, 1, 4, 9, 0, tzinfo=CHINA)
    in_transaction(db, lambda s: workflow.publish(s, item(s, item_id), user(s, "head"), at))
    assert in_transaction(db, workflow.run_due).published == []
    with db.sessions() as session:
        assert item(session, item_id).state == "scheduled"
    with time_machine.travel(at + timedelta(minutes=1), tick=False):
        summary = in_transaction(db, workflow.run_due)
    assert summary.published == [f"{CODE}/{at.year}-00001"]
    with db.sessions() as session:
        found = item(session, item_id)
        assert (found.state, found.published_on) == ("published", at.date())


def test_an_edit_of_a_scheduled_item_cancels_the_schedule(db: Database) -> None:
    item_id = approved(db)
    at = now() + timedelta(days=2)
    in_transaction(db, lambda s: workflow.publish(s, item(s, item_id), user(s, "head"), at))
    edit(db, item_id, summary="改过的概述")
    with time_machine.travel(at + timedelta(minutes=1), tick=False):
        assert in_transaction(db, workflow.run_due).published == []
    with db.sessions() as session:
        assert item(session, item_id).state == "draft"


def test_withdrawal_keeps_a_notice_and_hides_a_version_withdrawn_for_screening(db: Database) -> None:
    plain, screened = published(db, title="甲"), published(db, title="乙")
    with pytest.raises(DisclosureError, match="撤回须写明理由"):
        in_transaction(db, lambda s: workflow.withdraw(s, item(s, plain), "测试", " "))
    in_transaction(db, lambda s: workflow.withdraw(s, item(s, plain), "测试", "内容已过时"))
    in_transaction(db, lambda s: workflow.withdraw(s, item(s, screened), "测试", "含个人信息", screening=True))
    with db.sessions() as session:
        kept, hidden = item(session, plain), item(session, screened)
        assert (kept.state, kept.withdrawn_reason) == ("withdrawn", "内容已过时")
        assert [v.number for v in service.public_history(kept)] == [1]
        assert service.public_history(hidden) == []
        assert hidden.index_number is not None  # the number is never reused
    with pytest.raises(DisclosureError, match="已撤回，不能再修改"):
        edit(db, plain, title="再改")


def test_publishing_an_amendment_or_repeal_changes_the_older_documents_validity(db: Database) -> None:
    old, older = published(db, title="旧办法"), published(db, title="更旧的办法")
    published(db, title="修改决定", amends=old)
    published(db, title="废止决定", repeals=older)
    with db.sessions() as session:
        amended, repealed = item(session, old), item(session, older)
        assert (amended.validity, repealed.validity) == ("已修改", "已废止")
        change = amended.validity_changes[0]
        assert change.on == today() and "修改决定" in change.reason and change.by_item_id is not None


def test_search_finds_published_items_by_any_word_of_their_text(db: Database) -> None:
    published(db, title="关于2026年度科技计划项目验收的通知", body="验收工作安排如下")
    draft(db, title="尚未发布的科技计划")
    with db.sessions() as session:
        found = service.search(session, "科技计划 验收")
        assert [i.title for i in found] == ["关于2026年度科技计划项目验收的通知"]
        assert re.fullmatch(rf"{CODE}/\d{{4}}-\d{{5}}", found[0].index_number or "")
        assert session.scalar(select(func.count()).select_from(DisclosureItem)) == 2


def edit(db: Database, item_id: int, **changes: str) -> None:
    def work(session: service.Session) -> None:
        found = item(session, item_id)
        current = service.content_of(service.version(session, found.current_version_id))
        merged = fields(**{k: str(v) for k, v in current.to_json().items() if isinstance(v, str)}) | changes
        content = read_content(merged, {}, current.attachments)
        service.edit_item(session, found, user(session, "clerk"), content)

    in_transaction(db, work)


def test_whoever_last_wrote_a_draft_counts_as_its_drafter(db: Database) -> None:
    item_id = draft(db, by="clerk")

    def head_edits(session: service.Session) -> None:
        found = item(session, item_id)
        content = read_content(fields(body="局长改写的正文。"), {})
        service.edit_item(session, found, user(session, "head"), content)

    in_transaction(db, head_edits)
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    with pytest.raises(DisclosureError, match="不允许审核自己起草的内容"):
        approve(db, item_id, "head")


def test_index_numbers_stay_unique_when_processes_publish_at_once(database_url: str) -> None:
    db = open_database(database_url)
    set_up(db)
    ids = [approved(db, title=f"通知{i}") for i in range(9)]
    db.engine.dispose()
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.starmap(publish_all, [(database_url, ids[w::3]) for w in range(3)])
    numbers = sorted(n for chunk in results for n in chunk)
    assert numbers == [f"{CODE}/{today().year}-{n:05d}" for n in range(1, 10)]


def publish_all(url: str, ids: list[int]) -> list[str]:
    """In a worker process: publish each item, as several web or cron processes would."""
    pin_from_environment()  # the test's frozen instant, handed over in XXGK_NOW
    db = open_database(url)
    return [publish(db, item_id) for item_id in ids]


def test_a_backup_brings_back_the_catalogue_with_its_attachments_and_counter(db: Database, tmp_path: Path) -> None:
    item_id = draft(db)

    def attach(session: service.Session) -> None:
        read = read_attachment("名单.docx", docx_bytes("项目甲"))
        service.attach(session, item(session, item_id), user(session, "clerk"), [read])

    in_transaction(db, attach)
    submit(db, item_id)
    approve(db, item_id, "clerk2")
    approve(db, item_id, "head")
    number = publish(db, item_id)
    backup = tmp_path / "backup.json.gz"
    backup_database(db, backup)
    in_transaction(db, lambda s: s.execute(text("DELETE FROM disclosure_attachments")))
    restore_database(db, backup)
    with db.sessions() as session:
        found = item(session, item_id)
        ref = service.content_of(service.version(session, found.published_version_id)).attachments[0]
        assert found.index_number == number and service.attachment(session, found, ref.id).data.startswith(b"PK")
    assert publish(db, approved(db)).endswith("-00002")  # the counter came back too


def docx_bytes(text_: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text_)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_two_publishers_of_one_item_give_it_one_number(db: Database) -> None:
    item_id = approved(db)
    outcomes: list[str] = []

    def run() -> None:
        try:
            outcomes.append(publish(db, item_id))
        except DisclosureError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = [o for o in outcomes if o.startswith(CODE)]
    assert numbers == [f"{CODE}/{today().year}-00001"], outcomes
    assert all("已发布" in o for o in outcomes if not o.startswith(CODE))
    with db.sessions() as session:
        assert item(session, item_id).index_number == numbers[0]


def test_a_change_of_the_agencys_levels_applies_to_items_under_review(db: Database) -> None:
    item_id = draft(db)
    submit(db, item_id)
    in_transaction(db, lambda s: service.configure(s, agency(s), "测试", levels=["初审", "签发"]))
    with db.sessions() as session:
        assert workflow.pending_level(session, item(session, item_id)) == "初审"
    approve(db, item_id, "clerk2")
    approve(db, item_id, "head")
    assert publish(db, item_id).endswith("-00001")
