"""The closing rules on ledger import, the counted-fee setting on the due list, `xxgk deadline` for every event.

《政府信息公开条例》第三十条: 逾期不补正 only after a 补正 notice and the period it
states; 国办函〔2020〕109号: 逾期未缴费 only after the 20 working days from the day
after the applicant received the fee notice. An import is held to the rules
`ledger decide` applies; with `XXGK_FEE_PERIOD_COUNTED` the clock runs through an
unpaid fee, and the case still comes up ready to close after its pay-by date.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from conftest import run_xxgk
from webapp import WebApp, signed_in
from xxgk.ledger.applications import agency_named, record_application
from xxgk.ledger.clock import Event, EventKind
from xxgk.ledger.decisions import record_event
from xxgk.ledger.due import due_list
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.importer import read_ledger
from xxgk.store import open_database, session_scope
from xxgk.store.transaction import in_transaction

AGENCY = "某县人民政府办公室"
HEADER = "申请编号,收到日期,申请人类型,补正告知日期,补正期限,收费通知日期,收到收费通知日期,办结日期,办理结果\n"


def ledger(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "台账.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_an_import_closing_before_the_period_or_without_a_notice_is_refused(database_url: str, tmp_path: Path) -> None:
    lawful = (
        "N-1,2025-09-26,自然人,2025-09-29,2025-10-20,,,2025-10-21,逾期不补正",
        "F-1,2025-09-26,自然人,,,2025-09-29,2025-09-30,2025-11-05,逾期未缴费",
    )
    early = "N-2,2025-09-26,自然人,2025-09-29,2025-10-20,,,2025-10-20,逾期不补正"
    no_notice = "F-2,2025-09-26,自然人,,,,,2025-11-20,逾期未缴费"
    refused = run_xxgk(
        "ledger", "import", str(ledger(tmp_path, *lawful, early, no_notice)), "--agency", AGENCY, "--db", database_url
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "2 条申请的办结不符合规定，未导入任何记录" in refused.stderr
    assert "申请“N-2”：申请人的补正期限至 2025-10-20" in refused.stderr and "第三十条" in refused.stderr
    assert "申请“F-2”：没有收费通知的记录" in refused.stderr
    imported = run_xxgk("ledger", "import", str(ledger(tmp_path, *lawful)), "--agency", AGENCY, "--db", database_url)
    assert imported.returncode == 0, imported.stderr  # lawful: silent
    assert "新增 2" in imported.stdout


def test_the_correction_period_and_the_fee_notices_receipt_survive_export_and_import(tmp_path: Path) -> None:
    path = ledger(tmp_path, "N-1,2025-09-26,自然人,2025-09-29,2025-10-20,2025-10-22,2025-10-24,,")
    parsed = read_ledger(path)
    assert not parsed.problems
    out = tmp_path / "导出.csv"
    write_ledger(out, parsed.rows)
    events = {e.kind: e for e in read_ledger(out).rows[0].events}
    assert events[EventKind.correction_notice].until == date(2025, 10, 20)
    assert events[EventKind.fee_notice].delivered == date(2025, 10, 24)
    orphan = read_ledger(ledger(tmp_path, "N-1,2025-09-26,自然人,,2025-10-20,,,,"))
    assert any("没有补正告知日期" in p.message for p in orphan.problems)


def _fee_case(session: Session) -> None:
    agency = agency_named(session, AGENCY)
    record_application(
        session, agency, received=date(2025, 9, 26), applicant_type="natural_person", number="C-1", actor="测试"
    )
    record_event(session, agency, "C-1", Event(EventKind.fee_notice, date(2025, 9, 29)), actor="测试")


def test_with_the_fee_counted_an_unpaid_case_comes_up_ready_to_close_after_pay_by(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XXGK_FEE_PERIOD_COUNTED", "1")  # the clock runs through the fee: due 30 Oct
    db = open_database(database_url)
    in_transaction(db, _fee_case)
    with session_scope(db) as session:
        agency = agency_named(session, AGENCY, create=False)
        before = due_list(session, agency, date(2025, 11, 3)).items[0]  # pay by Mon 3 Nov
        after = due_list(session, agency, date(2025, 11, 4)).items[0]
    assert (before.state.value, before.due, before.ready_to_close) == ("running", date(2025, 10, 30), None)
    assert after.ready_to_close == "other_unpaid_fee" and "逾期未缴费" in after.status
    assert after.overdue  # counted: the agency's own 20 working days ran out on 30 Oct
    db.engine.dispose()


def test_the_desk_shows_a_counted_fee_case_ready_to_close(web: WebApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_FEE_PERIOD_COUNTED", "1")
    with session_scope(web.context.db) as session:
        agency = agency_named(session, "甲市科学技术局", create=False)
        record_application(
            session, agency, received=date(2025, 9, 26), applicant_type="natural_person", number="C-1", actor="测试"
        )
        record_event(session, agency, "C-1", Event(EventKind.fee_notice, date(2025, 9, 29)), actor="测试")
    desk = signed_in(web, "clerk-a").get("/desk").text
    assert "缴费期限已过，可按“逾期未缴费”办结" in desk


def test_deadline_takes_every_event_and_answers_in_json() -> None:
    args = (
        "deadline",
        "2025-09-26",
        "--channel",
        "邮寄",
        "--signed-for",
        "2025-09-29",
        "--fee-notice",
        "2025-10-09",
        "--fee-notice-received",
        "2025-10-10",
        "--fee-paid",
        "2025-10-14",
        "--format",
        "json",
    )
    data = json.loads(run_xxgk(*args).stdout)
    # Received (signed for) 29 Sep; 9–14 Oct paying is not counted: the 20th working day is 10 Nov.
    assert (data["received"], data["due"], data["fee_payment_by"]) == ("2025-09-29", "2025-11-10", "2025-11-06")
    bases = [step["basis"] for step in data["steps"]]
    assert bases[0] == "《政府信息公开条例》第三十一条第二项" and any("109号" in b for b in bases)
    period = json.loads(
        run_xxgk(
            "deadline",
            "2025-09-26",
            "--correction-notice",
            "2025-09-29",
            "--correction-period",
            "10",
            "--format",
            "json",
        ).stdout
    )
    assert (period["state"], period["attention"]) == ("awaiting_correction", "2025-10-20")
