"""The receipt date by channel, 《政府信息公开条例》第三十一条: the clerk records the facts, the clock derives the day.

第一项 in person: the day submitted; 第二项 post: the day signed for, 平常信函: the day
confirmed with the applicant; 第三项 internet or fax: the day both sides confirm (the
portal confirms a filing when it is made).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import run_xxgk
from webapp import WebApp, signed_in
from xxgk.ledger.applications import agency_named, record_application
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.generate import generate_ledger
from xxgk.ledger.importer import read_ledger
from xxgk.ledger.receipt import Channel, ReceiptError, ReceiptFacts, channel_label, channel_of, receipt_of
from xxgk.store import session_scope
from xxgk.store.database import open_database
from xxgk.store.ledger import Application

AGENCY = "某县人民政府办公室"
POSTED, SIGNED = date(2025, 9, 26), date(2025, 9, 29)


def test_each_channel_takes_the_day_its_clause_names() -> None:
    assert receipt_of(ReceiptFacts(Channel.in_person, POSTED)).received == POSTED  # 第一项
    post = receipt_of(ReceiptFacts(Channel.post, POSTED, signed_for=SIGNED))  # 第二项: signed for, not posted
    assert (post.received, post.submitted) == (SIGNED, POSTED) and post.basis.endswith("第三十一条第二项")
    plain = receipt_of(ReceiptFacts(Channel.ordinary_mail, POSTED, confirmed=SIGNED))
    assert plain.received == SIGNED and "确认" in plain.text
    online = receipt_of(ReceiptFacts(Channel.online, POSTED, confirmed=SIGNED))  # 第三项
    assert online.received == SIGNED and online.basis.endswith("第三项")
    assert receipt_of(ReceiptFacts(Channel.online, POSTED)).received == POSTED  # the portal confirms when filed


def test_a_channel_without_its_fact_or_with_a_fact_before_the_submission_is_refused() -> None:
    with pytest.raises(ReceiptError, match=r"签收日期.*第三十一条第二项"):
        receipt_of(ReceiptFacts(Channel.post, POSTED))
    with pytest.raises(ReceiptError, match="确认日期"):
        receipt_of(ReceiptFacts(Channel.ordinary_mail, POSTED))
    with pytest.raises(ReceiptError, match="早于"):
        receipt_of(ReceiptFacts(Channel.post, SIGNED, signed_for=POSTED))


def test_channel_is_a_vocabulary_of_labels_and_the_variants_ledgers_use() -> None:
    assert channel_of("信函") is Channel.post and channel_of("平信") is Channel.ordinary_mail
    assert channel_of("电子邮件") is Channel.online and channel_of("当面") is Channel.in_person
    assert channel_label("网上") == "网上申请" and channel_label(" ") is None
    with pytest.raises(ReceiptError, match="不是申请方式"):
        channel_label("托梦")


def test_a_ledger_row_with_an_unknown_channel_is_a_problem_of_that_row(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    rows = generate_ledger(1, range(2024, 2025), 3).rows
    write_ledger(path, rows)
    text = path.read_text(encoding="utf-8-sig")
    first = rows[0].channel or ""
    path.write_text(text.replace(first, "托梦", 1), encoding="utf-8")
    parsed = read_ledger(path)
    assert any("不是申请方式" in p.message for p in parsed.problems)


def test_deadline_counts_a_posted_application_from_the_day_signed_for(tmp_path: Path) -> None:
    result = run_xxgk("deadline", "2025-09-26", "--channel", "邮寄", "--signed-for", "2025-09-29", "--format", "json")
    data = json.loads(result.stdout)
    assert data["received"] == "2025-09-29" and data["due"] == "2025-11-03"
    assert data["steps"][0]["basis"] == "《政府信息公开条例》第三十一条第二项"
    in_person = json.loads(run_xxgk("deadline", "2025-09-26", "--channel", "当面", "--format", "json").stdout)
    assert in_person["received"] == "2025-09-26" and in_person["due"] == "2025-10-30"  # lawful: silent
    refused = run_xxgk("deadline", "2025-09-26", "--channel", "邮寄")
    assert refused.returncode == 2 and "第三十一条第二项" in refused.stderr and "Traceback" not in refused.stderr


def test_ledger_add_stores_the_derived_receipt_day_and_the_applicants_day(database_url: str) -> None:
    db = ("--db", database_url, "--agency", AGENCY, "--applicant-type", "自然人")
    post = run_xxgk("ledger", "add", "--channel", "信函", "--received", "2025-09-26", "--signed-for", "2025-09-29", *db)
    assert post.returncode == 0, post.stderr
    unsigned = run_xxgk("ledger", "add", "--channel", "邮寄", "--received", "2025-09-26", *db)
    assert unsigned.returncode == 2 and "签收日期" in unsigned.stderr
    store = open_database(database_url)
    with session_scope(store) as session:
        stored = session.scalars(select(Application)).one()
        assert (stored.channel, stored.received_on, stored.submitted_on) == ("邮寄", SIGNED, POSTED)
        assert stored.due_on == date(2025, 11, 3)
    store.engine.dispose()


def test_the_desk_explains_how_the_receipt_day_was_fixed(web: WebApp) -> None:
    with session_scope(web.context.db) as session:
        agency = agency_named(session, "甲市科学技术局", create=False)
        number = record_application(
            session,
            agency,
            received=SIGNED,
            submitted=POSTED,
            channel="邮寄",
            applicant_type="natural_person",
            actor="测试",
        ).number
    page = signed_in(web, "clerk-a").get(f"/desk/applications/{number}").text
    assert "申请人 2025-09-26 提交" in page and "签收日期为收到申请之日（第三十一条第二项）" in page
