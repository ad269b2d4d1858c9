"""Each statutory rule of the clock, enforced: it fires on an unlawful case and stays silent on a lawful one.

Articles: 《政府信息公开条例》(国务院令第711号) 第三十条 (补正: notice within 7 working
days, the applicant's period, 逾期不补正), 第三十二条 (a third party's 15 working days),
第三十三条第二款 (one extension, at most 20 working days, before the due date), 第三十三条
第三款/第三十四条 (consultation not counted; other agencies open-ended);
《政府信息公开信息处理费管理办法》(国办函〔2020〕109号: 20 working days to pay from the
day after receipt of the notice, 逾期未缴费). The rules are enforced in the service layer,
so the command line and the desk refuse alike; both are exercised here. Dates are counted by
hand on the State Council's 2025 schedule (国庆 1–8 Oct, 调休 Sun 28 Sep and Sat 11 Oct).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from conftest import run_xxgk
from webapp import WebApp, csrf, signed_in
from xxgk.ledger import decisions
from xxgk.ledger.annual import cell_members, year_report
from xxgk.ledger.applications import agency_named, find_application, record_application
from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.clock import Event, EventKind, Party, deadline
from xxgk.ledger.decisions import record_event
from xxgk.ledger.due import DueItem, due_list
from xxgk.ledger.records import LedgerError
from xxgk.ledger.workdays import refresh_stale_clocks
from xxgk.now import today
from xxgk.store import open_database, session_scope
from xxgk.store.database import Database
from xxgk.store.ledger import Application
from xxgk.store.transaction import in_transaction

CAL = WorkCalendar()
D = date
AGENCY = "某市自然资源局"
RECEIVED = D(2025, 9, 26)  # due Thu 30 Oct 2025 without events


def ledger(database_url: str, *numbers: str) -> Database:
    db = open_database(database_url)

    def work(session: Session) -> None:
        agency = agency_named(session, AGENCY)
        for number in numbers:
            record_application(session, agency, received=RECEIVED, applicant_type="natural_person", number=number)

    in_transaction(db, work)
    return db


def record(db: Database, number: str, event: Event) -> Application:
    return in_transaction(db, lambda s: record_event(s, agency_named(s, AGENCY, create=False), number, event))


def close(db: Database, number: str, on: date, outcome: str) -> Application:
    return in_transaction(db, lambda s: decisions.decide(s, agency_named(s, AGENCY, create=False), number, on, outcome))


def due_item(db: Database, number: str, today: date) -> DueItem:
    with db.sessions() as session:
        items = due_list(session, agency_named(session, AGENCY, create=False), today).items
    return next(item for item in items if item.number == number)


# ---------------------------------------------------------------- fee (国办函〔2020〕109号)


def test_fee_period_runs_from_the_day_after_the_notice_is_received_and_is_not_counted() -> None:
    # Notice Mon 29 Sep, received by the applicant Thu 9 Oct: 20 working days from Fri 10 Oct
    # (Sat 11 Oct is a 调休 working day) → Wed 5 Nov. Paid Fri 10 Oct: 29 Sep – 10 Oct is not
    # counted (Sun 28 Sep is day 1; 29, 30 Sep, 9, 10 Oct paused) → day 2 is Sat 11 Oct, day 20 is 5 Nov.
    notice = Event(EventKind.fee_notice, D(2025, 9, 29), delivered=D(2025, 10, 9))
    waiting = deadline(RECEIVED, [notice], CAL, fee_counted=False)
    assert waiting.fee_payment_by == D(2025, 11, 5)
    assert waiting.state == "awaiting_fee" and waiting.due is None
    assert waiting.attention == D(2025, 11, 5) and waiting.closable == "other_unpaid_fee"
    assert any("XXGK_FEE_PERIOD_COUNTED=0" in step.text for step in waiting.steps)
    paid = deadline(RECEIVED, [notice, Event(EventKind.fee_paid, D(2025, 10, 10))], CAL, fee_counted=False)
    assert paid.state == "running" and paid.due == D(2025, 11, 5)
    assert any("不计入答复期限" in step.text and "XXGK_FEE_PERIOD_COUNTED" in step.basis for step in paid.steps)
    counted = deadline(RECEIVED, [notice, Event(EventKind.fee_paid, D(2025, 10, 10))], CAL, fee_counted=True)
    assert counted.due == D(2025, 10, 30)


def test_the_fee_setting_is_read_from_the_deployment(monkeypatch: pytest.MonkeyPatch) -> None:
    notice = Event(EventKind.fee_notice, D(2025, 9, 29))
    assert deadline(RECEIVED, [notice], CAL).state == "awaiting_fee"  # default: not counted
    monkeypatch.setenv("XXGK_FEE_PERIOD_COUNTED", "1")
    assert deadline(RECEIVED, [notice], CAL).due == D(2025, 10, 30)


def test_unpaid_after_pay_by_comes_up_ready_to_close_and_only_then_closes(database_url: str) -> None:
    db = ledger(database_url, "F-1", "F-2")
    record(db, "F-1", Event(EventKind.fee_notice, D(2025, 9, 29)))  # pay by Mon 3 Nov
    assert due_item(db, "F-1", D(2025, 11, 3)).ready_to_close is None
    item = due_item(db, "F-1", D(2025, 11, 4))
    assert item.ready_to_close == "other_unpaid_fee" and "逾期未缴费" in item.status and not item.overdue
    with pytest.raises(LedgerError, match="缴费期限至 2025-11-03"):
        close(db, "F-1", D(2025, 11, 3), "逾期未缴费")
    assert close(db, "F-1", D(2025, 11, 4), "逾期未缴费").outcome == "other_unpaid_fee"
    with pytest.raises(LedgerError, match="没有收费通知"):  # F-2 never got a fee notice
        close(db, "F-2", D(2025, 11, 20), "逾期未缴费")


# ---------------------------------------------------------------- 补正 (第三十条)


def test_a_correction_notice_must_state_the_applicants_period(database_url: str) -> None:
    db = ledger(database_url, "C-1")
    with pytest.raises(LedgerError, match="补正期限"):
        record(db, "C-1", Event(EventKind.correction_notice, D(2025, 9, 30)))
    stored = record(db, "C-1", Event(EventKind.correction_notice, D(2025, 9, 30), until=D(2025, 10, 17)))
    assert stored.clock_state == "awaiting_correction" and stored.due_on == D(2025, 10, 17)


def test_no_correction_by_the_period_comes_up_and_closes_only_after_it(database_url: str) -> None:
    db = ledger(database_url, "C-1", "C-2")
    record(db, "C-1", Event(EventKind.correction_notice, D(2025, 9, 30), until=D(2025, 10, 17)))
    assert due_item(db, "C-1", D(2025, 10, 17)).ready_to_close is None
    assert due_item(db, "C-1", D(2025, 10, 18)).ready_to_close == "other_no_correction"
    with pytest.raises(LedgerError, match="补正期限至 2025-10-17"):
        close(db, "C-1", D(2025, 10, 17), "逾期不补正")
    assert close(db, "C-1", D(2025, 10, 20), "逾期不补正").outcome == "other_no_correction"
    with pytest.raises(LedgerError, match="没有补正告知"):
        close(db, "C-2", D(2025, 10, 20), "逾期不补正")


def test_a_correction_received_in_time_cannot_be_closed_as_abandoned(database_url: str) -> None:
    db = ledger(database_url, "C-1")
    record(db, "C-1", Event(EventKind.correction_notice, D(2025, 9, 30), until=D(2025, 10, 17)))
    record(db, "C-1", Event(EventKind.correction_received, D(2025, 10, 16)))
    with pytest.raises(LedgerError, match="在期限内补正"):
        close(db, "C-1", D(2025, 10, 20), "逾期不补正")


def test_a_late_correction_is_recorded_and_waits_for_the_clerk(database_url: str) -> None:
    db = ledger(database_url, "C-1", "C-2")
    for number in ("C-1", "C-2"):
        record(db, number, Event(EventKind.correction_notice, D(2025, 9, 30), until=D(2025, 10, 17)))
    late = record(db, "C-1", Event(EventKind.correction_received, D(2025, 10, 21)))
    assert late.clock_state == "late_correction" and late.due_on == D(2025, 10, 17)
    item = due_item(db, "C-1", D(2025, 10, 21))
    assert item.ready_to_close == "other_no_correction" and "待承办人决定" in item.status
    # accepted with a good reason: the 20 days restart from 21 Oct → 18 Nov
    accepted = record(db, "C-2", Event(EventKind.correction_received, D(2025, 10, 21), reason="邮寄延误"))
    assert accepted.clock_state == "running" and accepted.due_on == D(2025, 11, 18)
    assert close(db, "C-1", D(2025, 10, 22), "逾期不补正").outcome == "other_no_correction"


def test_a_correction_notice_after_7_working_days_is_an_error_on_the_case(database_url: str) -> None:
    db = ledger(database_url, "C-1", "C-2")
    late = record(db, "C-1", Event(EventKind.correction_notice, D(2025, 10, 14), until=D(2025, 10, 28)))
    assert late.clock_state == "running" and late.due_on == D(2025, 10, 30)
    assert late.clock_problem and "7 个工作日" in late.clock_problem and "第三十条" in late.clock_problem
    in_time = record(db, "C-2", Event(EventKind.correction_notice, D(2025, 10, 13), until=D(2025, 10, 27)))
    assert in_time.clock_problem is None


# ---------------------------------------------------------------- extension (第三十三条第二款)


def test_an_extension_after_the_due_date_is_refused_and_before_it_is_recorded(database_url: str) -> None:
    db = ledger(database_url, "E-1")
    after = Event(EventKind.extension, D(2025, 10, 31), days=10, approver="主任", reason="数量大")
    with pytest.raises(LedgerError, match="已届满，不能再延期"):
        record(db, "E-1", after)
    assert due_item(db, "E-1", D(2025, 10, 31)).overdue  # still shown as overdue
    on_time = Event(EventKind.extension, D(2025, 10, 30), days=20, approver="主任", reason="数量大")
    assert record(db, "E-1", on_time).due_on == D(2025, 11, 27)
    with pytest.raises(LedgerError, match="只能延期一次"):
        record(db, "E-1", Event(EventKind.extension, D(2025, 10, 30), days=1, approver="主任", reason="再延"))


def test_an_extension_stored_after_the_due_date_is_not_applied() -> None:
    late = Event(EventKind.extension, D(2025, 10, 31), days=10, approver="主任", reason="数量大")
    clock = deadline(RECEIVED, [late], CAL)
    assert clock.due == D(2025, 10, 30) and any("此延期无效" in error for error in clock.errors)
    assert not deadline(
        RECEIVED, [Event(EventKind.extension, D(2025, 10, 30), days=10, approver="主任", reason="多")], CAL
    ).errors


def test_deadline_command_dates_the_extension_with_extension_on(tmp_path: Path) -> None:
    def run(*extra: str) -> dict[str, object]:
        args = ("deadline", "2025-09-26", "--extension", "10", "--approver", "主任", "--reason", "多", *extra)
        result = run_xxgk(*args, "--format", "json", "--db", f"sqlite:///{tmp_path / 'x.db'}")
        assert result.returncode == 0, result.stderr
        return dict(json.loads(result.stdout))

    assert run()["due"] == "2025-11-13"
    late = run("--extension-on", "2025-10-31")
    assert late["due"] == "2025-10-30" and any("此延期无效" in e for e in late["errors"])  # type: ignore[union-attr]
    assert run("--extension-on", "2025-10-30")["due"] == "2025-11-13"


# ---------------------------------------------------------------- consultation (第三十二条、第三十四条)


def test_a_third_partys_silence_ends_the_pause_after_15_working_days() -> None:
    # Consulted Thu 9 Oct after 3 counted days (Sun 28, 29, 30 Sep): the third party has until
    # the 15th working day after it (10, Sat 11, 13–17, 20–24, 27–29 Oct → Wed 29 Oct); the
    # clock runs again from 30 Oct and counts 17 more days → Fri 21 Nov.
    open_third = Event(EventKind.consultation, D(2025, 10, 9), party=Party.third_party)
    clock = deadline(RECEIVED, [open_third], CAL)
    assert clock.state == "running" and clock.due is not None
    assert clock.due == D(2025, 11, 21)
    assert any("恢复计时" in step.text and "第三十二条" in step.text for step in clock.steps)
    other = deadline(RECEIVED, [Event(EventKind.consultation, D(2025, 10, 9), party=Party.agency)], CAL)
    assert other.state == "consulting" and other.due is None and other.attention == D(2025, 10, 29)


def test_an_open_consultation_of_other_agencies_comes_up_after_15_working_days(database_url: str) -> None:
    db = ledger(database_url, "Q-1", "Q-2")
    record(db, "Q-1", Event(EventKind.consultation, D(2025, 10, 9), party=Party.agency))
    assert due_item(db, "Q-1", D(2025, 10, 29)).status == "征求意见中，计时暂停"
    assert "超过 15 个工作日" in due_item(db, "Q-1", D(2025, 10, 30)).status
    third = record(db, "Q-2", Event(EventKind.consultation, D(2025, 10, 9), party=Party.third_party))
    assert third.clock_state == "running" and third.due_on == D(2025, 11, 21)
    assert not due_item(db, "Q-2", D(2025, 11, 21)).overdue and due_item(db, "Q-2", D(2025, 11, 24)).overdue


# ---------------------------------------------------------------- the same refusals on the command line


def test_the_command_line_refuses_closing_before_the_period(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"

    def xxgk(*args: str) -> tuple[int, str]:
        result = run_xxgk(*args, "--agency", AGENCY, "--db", db)
        return result.returncode, result.stdout + result.stderr

    code, out = xxgk("ledger", "add", "--received", "2025-09-26", "--applicant-type", "自然人", "--number", "K-1")
    assert code == 0, out
    code, out = xxgk("ledger", "event", "K-1", "correction_notice", "--on", "2025-09-30")
    assert code != 0 and "补正期限" in out and "Traceback" not in out
    code, out = xxgk("ledger", "event", "K-1", "correction_notice", "--on", "2025-09-30", "--until", "2025-10-17")
    assert code == 0, out
    code, out = xxgk("ledger", "decide", "K-1", "--on", "2025-10-17", "--outcome", "逾期不补正")
    assert code != 0 and "期限届满后才能" in out and "Traceback" not in out
    code, out = xxgk("ledger", "decide", "K-1", "--on", "2025-10-20", "--outcome", "逾期不补正")
    assert code == 0, out


# ---------------------------------------------------------------- the same rules on the desk


def test_the_desk_shows_ready_to_close_cases_and_refuses_what_the_clock_forbids(web_any: WebApp) -> None:
    web = web_any
    calendar = WorkCalendar()
    received = calendar.nth_workday_after(today() - timedelta(days=45), 1)
    notice = calendar.nth_workday_after(received, 2)
    period = calendar.nth_workday_after(notice, 10)  # long past today

    def work(session: Session) -> None:
        agency = agency_named(session, "甲市科学技术局", create=False)
        for number in ("W-1", "W-2"):
            record_application(session, agency, received=received, applicant_type="natural_person", number=number)
        record_event(session, agency, "W-1", Event(EventKind.correction_notice, notice, until=period))

    with session_scope(web.context.db) as session:
        work(session)
    signed_in(web, "clerk-a")
    desk = web.client.get("/desk")
    assert "补正期限已过，可按“逾期不补正”办结" in desk.text  # 第三十条: the case comes back up
    case = web.client.get("/desk/applications/W-1")
    assert f"{period.isoformat()} 后申请人仍未补正的" in case.text and "逾期不补正" in case.text
    assert "等待申请人补正" in case.text
    consulted = web.client.post(
        "/desk/applications/W-2/events",
        data={
            "kind": "consultation",
            "on": today().isoformat(),
            "party": "third_party",
            "csrf_token": csrf(web.client, "/desk"),
        },
    )
    assert consulted.status_code == 303
    assert "对象：第三方" in web.client.get("/desk/applications/W-2").text
    day = today().isoformat()
    refused = web.client.post(
        "/desk/applications/W-2/decision",
        data={"on": day, "outcome": "other_no_correction", "csrf_token": csrf(web.client, "/desk")},
    )
    assert refused.status_code == 400 and "没有补正告知的记录" in refused.text
    signed_in(web, "head-a")  # 第三十三条第二款: W-2 was due long ago; no extension now
    late = web.client.post(
        "/desk/applications/W-2/events",
        data={
            "kind": "extension",
            "on": day,
            "days": "10",
            "reason": "材料多",
            "csrf_token": csrf(web.client, "/desk"),
        },
    )
    assert late.status_code == 400 and "不能再延期" in late.text
    closed = web.client.post(
        "/desk/applications/W-1/decision",
        data={"on": day, "outcome": "other_no_correction", "csrf_token": csrf(web.client, "/desk")},
    )
    assert closed.status_code == 303


def test_lateness_is_stored_at_decision_and_shown_on_the_desk(database_url: str) -> None:
    # Due Thu 30 Oct 2025; answered Tue 4 Nov: 31 Oct, 3 Nov, 4 Nov → 3 working days late.
    db = ledger(database_url, "L-1", "L-2")
    assert close(db, "L-1", D(2025, 11, 4), "予以公开").late_days == 3
    assert close(db, "L-2", D(2025, 10, 30), "予以公开").late_days == 0


def test_the_desk_shows_the_working_days_late(web: WebApp) -> None:
    with session_scope(web.context.db) as session:
        agency = agency_named(session, "甲市科学技术局", create=False)
        record_application(session, agency, received=RECEIVED, applicant_type="natural_person", number="L-1")
        decisions.decide(session, agency, "L-1", D(2025, 11, 4), "予以公开")
    page = signed_in(web, "clerk-a").get("/desk/applications/L-1")
    assert "超过答复期限 3 个工作日" in page.text


def test_changing_the_fee_setting_recomputes_the_stored_clocks(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ledger(database_url, "F-1")
    in_transaction(db, refresh_stale_clocks)
    assert record(db, "F-1", Event(EventKind.fee_notice, D(2025, 9, 29))).clock_state == "awaiting_fee"
    monkeypatch.setenv("XXGK_FEE_PERIOD_COUNTED", "1")
    assert in_transaction(db, refresh_stale_clocks) == 1
    with db.sessions() as session:
        application = find_application(session, agency_named(session, AGENCY), "F-1")
        assert (application.clock_state, application.due_on) == ("running", D(2025, 10, 30))


# ---------------------------------------------------------------- 撤回: an outcome counted in its row


def test_a_withdrawal_is_an_outcome_counted_in_other_in_both_formats(database_url: str) -> None:
    # 2021 format: （六）3.其他; 2019 format (reports for 2019 and 2020): the single （六）其他处理.
    db = open_database(database_url)

    def work(session: Session) -> None:
        agency = agency_named(session, AGENCY)
        for number, received, decided in (("R-25", RECEIVED, D(2025, 10, 9)), ("R-20", D(2020, 9, 1), D(2020, 9, 3))):
            record_application(session, agency, received=received, applicant_type="natural_person", number=number)
            assert decisions.decide(session, agency, number, decided, "撤回").outcome == "withdrawn"

    in_transaction(db, work)
    with db.sessions() as session:
        agency = agency_named(session, AGENCY, create=False)
        report_2025 = year_report(session, agency, 2025)
        assert report_2025.get("applications.other_misc.natural_person") == 1
        assert report_2025.get("applications.other_no_correction.natural_person") == 0
        assert year_report(session, agency, 2020).get("applications.other_handling.natural_person") == 1
        members = cell_members(session, agency, 2025, "applications.other_misc.total")
        assert [m.number for m in members] == ["R-25"]


def test_deadline_command_states_the_correction_period_and_when_the_case_may_close(tmp_path: Path) -> None:
    # 第三十条: notice Tue 30 Sep with 10 working days (9, 10, Sat 11, 13–17, 20, 21 Oct → Tue 21 Oct).
    args = ("deadline", "2025-09-26", "--correction-notice", "2025-09-30", "--correction-period", "10")
    result = run_xxgk(*args, "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 0, result.stderr
    assert "申请人应于 2025-10-21（星期二） 前补正" in result.stdout
    assert "2025-10-21 后申请人仍未补正的，可按“（六）其他处理 1." in result.stdout
