"""A year whose report was submitted (报送) or published is not rewritten silently; late answers are counted.

《政府信息公开条例》第五十条: the annual report is published by 31 January and is
the record the supervisor checks (第四十九条, 第五十二条). A decision, import, case or
table 二 figure that would change a reported year is refused with the reason unless
recorded as an amendment, which reopens the year's report as a new version to be
submitted again and keeps the earlier version. 第三十三条: answers after the due date
are counted, per agency and year, by working days late.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from conftest import run_xxgk
from test_web_desk import post
from webapp import WebApp, csrf, signed_in
from xxgk.ledger import decisions
from xxgk.ledger.amendments import Amendment, Counted, changed_years, report_versions
from xxgk.ledger.annual import late_answers
from xxgk.ledger.applications import agency_named, import_rows, ledger_rows, record_application
from xxgk.ledger.cases import add_review_case, set_active_figures
from xxgk.ledger.records import LedgerError
from xxgk.now import today
from xxgk.store import open_database, session_scope
from xxgk.store.database import Database
from xxgk.store.ledger import Application
from xxgk.store.portal import ReportDraft
from xxgk.store.transaction import in_transaction
from xxgk.store.web import AuditEntry

AGENCY = "某市自然资源局"
RECEIVED = date(2025, 9, 26)  # due 30 Oct 2025


def reported(db: Database, agency_name: str, year: int, status: str = "submitted") -> None:
    def work(session: Session) -> None:
        agency = agency_named(session, agency_name)
        report = {"agency": agency_name, "year": year, "template": "2021", "cells": {}}
        session.add(ReportDraft(agency_id=agency.id, year=year, status=status, text={}, report=report, findings=[]))

    in_transaction(db, work)


def filed(db: Database, *numbers: str) -> None:
    def work(session: Session) -> None:
        agency = agency_named(session, AGENCY)
        for number in numbers:
            record_application(
                session, agency, received=RECEIVED, applicant_type="natural_person", number=number, actor="测试"
            )

    in_transaction(db, work)


def decide(db: Database, number: str, on: date, amendment: Amendment | None = None) -> Application:
    return in_transaction(
        db,
        lambda s: decisions.decide(
            s, agency_named(s, AGENCY, create=False), number, on, "予以公开", actor="测试", amendment=amendment
        ),
    )


def draft_status(db: Database, year: int) -> str:
    with session_scope(db) as session:
        return session.scalars(select(ReportDraft.status).where(ReportDraft.year == year)).one()


def test_the_years_a_change_touches_follow_the_reports_counting() -> None:
    open_case = Counted(date(2024, 12, 1), "natural_person", None, None)
    closed_2025 = Counted(date(2024, 12, 1), "natural_person", date(2025, 2, 3), "granted")
    assert changed_years(open_case, closed_2025) == set(
        range(2025, today().year + 1)
    )  # no longer carried into later years
    assert changed_years(closed_2025, closed_2025) == set()
    assert changed_years(None, closed_2025) == {2024, 2025}


def test_a_decision_changing_a_submitted_year_is_refused_unless_an_amendment(database_url: str) -> None:
    db = open_database(database_url)
    filed(db, "A-1", "A-2")
    reported(db, AGENCY, 2025)
    with pytest.raises(LedgerError, match=r"2025 年度（已报送）.*--amend"):
        decide(db, "A-1", date(2025, 10, 20))
    assert decide(db, "A-2", date(2026, 1, 5)).decided_on == date(2026, 1, 5)  # 2025 still counts it as carried
    with pytest.raises(LedgerError, match="2025 年度"):  # re-deciding into the reported year
        decide(db, "A-2", date(2025, 12, 30))
    assert decide(db, "A-1", date(2025, 10, 20), Amendment("补录漏登的办结记录")).decided_on == date(2025, 10, 20)
    assert draft_status(db, 2025) == "returned"  # to be submitted again
    with session_scope(db) as session:
        agency = agency_named(session, AGENCY, create=False)
        versions = report_versions(session, agency, 2025)
        assert [v.version for v in versions] == [1]  # what was submitted, kept as the first version
        assert versions[0].report["year"] == 2025
        draft = session.scalars(select(ReportDraft)).one()
        assert draft.return_reason is not None and "第 2 版" in draft.return_reason
        reopened = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.reopen")).one()
        assert reopened.detail["reason"] == "补录漏登的办结记录"
    db.engine.dispose()


def test_cases_figures_and_imports_into_a_published_year_are_refused_unless_amendments(database_url: str) -> None:
    db = open_database(database_url)
    filed(db, "B-1")
    reported(db, AGENCY, 2025, "published")

    def case(session: Session, amendment: Amendment | None = None) -> None:
        agency = agency_named(session, AGENCY, create=False)
        add_review_case(session, agency, kind="行政复议", filed_on=date(2025, 5, 6), actor="测试", amendment=amendment)

    with pytest.raises(LedgerError, match="已公开"):
        in_transaction(db, case)
    with pytest.raises(LedgerError, match="已公开"):
        in_transaction(
            db,
            lambda s: set_active_figures(s, agency_named(s, AGENCY), 2025, {"regulations.issued": "1"}, actor="测试"),
        )
    in_transaction(
        db, lambda s: set_active_figures(s, agency_named(s, AGENCY), 2026, {"regulations.issued": "1"}, actor="测试")
    )
    with session_scope(db) as session:
        rows = list(ledger_rows(session, agency_named(session, AGENCY, create=False)))
    same = rows  # re-importing what is stored changes nothing: lawful, silent
    in_transaction(db, lambda s: import_rows(s, agency_named(s, AGENCY), same, actor="测试"))
    changed = [replace(rows[0], decided=date(2025, 10, 9), outcome="granted")]
    with pytest.raises(LedgerError, match="导入的台账"):
        in_transaction(db, lambda s: import_rows(s, agency_named(s, AGENCY), changed, actor="测试"))
    amend = Amendment("上级复核后更正")
    in_transaction(db, lambda s: import_rows(s, agency_named(s, AGENCY), changed, actor="测试", amendment=amend))
    assert draft_status(db, 2025) == "returned"
    in_transaction(db, lambda s: case(s))  # reopened: no longer reported, so a case can be added
    db.engine.dispose()


def test_the_command_line_refuses_then_amends_with_a_reason(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    db = open_database(url)
    filed(db, "C-1")
    reported(db, AGENCY, 2025)
    db.engine.dispose()
    args = ("ledger", "decide", "C-1", "--agency", AGENCY, "--on", "2025-10-20", "--outcome", "予以公开", "--db", url)
    refused = run_xxgk(*args)
    assert refused.returncode == 2 and "2025 年度（已报送）" in refused.stderr and "Traceback" not in refused.stderr
    blank = run_xxgk(*args, "--amend", " ")
    assert blank.returncode == 2 and "更正理由" in blank.stderr
    amended = run_xxgk(*args, "--amend", "补录", "--actor", "王五")
    assert amended.returncode == 0, amended.stderr
    db = open_database(url)
    assert draft_status(db, 2025) == "returned"
    with session_scope(db) as session:
        actors = session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "report.reopen")).all()
        assert actors == ["王五（命令行）"]
    db.engine.dispose()


def test_the_desk_refuses_a_decision_into_a_submitted_year_and_takes_it_as_an_amendment(web: WebApp) -> None:
    agency = "甲市科学技术局"
    with session_scope(web.context.db) as session:
        found = agency_named(session, agency, create=False)
        record_application(
            session, found, received=RECEIVED, applicant_type="natural_person", number="D-1", actor="测试"
        )
    reported(web.context.db, agency, 2025)
    client = signed_in(web, "clerk-a")
    path = "/desk/applications/D-1/decision"
    page = "/desk/applications/D-1"
    assert 'id="amend"' in client.get(page).text
    refused = client.post(path, data={"on": "2025-10-20", "outcome": "granted", "csrf_token": csrf(client, page)})
    assert refused.status_code == 400 and "2025 年度（已报送）" in refused.text
    assert draft_status(web.context.db, 2025) == "submitted"
    amend = {"on": "2025-10-20", "outcome": "granted", "amend": "1", "amend_reason": "补录"}
    assert post(web, path, amend, page) == 303
    assert draft_status(web.context.db, 2025) == "returned"


def test_late_answers_are_counted_per_agency_and_year(database_url: str) -> None:
    db = open_database(database_url)
    filed(db, "L-1", "L-2", "L-3")
    decide(db, "L-1", date(2025, 11, 4))  # 3 working days late
    decide(db, "L-2", date(2025, 11, 6))  # 5 working days late
    decide(db, "L-3", date(2025, 10, 30))  # on the due date: lawful, not late
    with session_scope(db) as session:
        agency = agency_named(session, AGENCY, create=False)
        other = agency_named(session, "某市财政局")
        counts = late_answers(session, [agency.id, other.id], 2025)
        assert list(counts) == [agency.id]
        late = counts[agency.id]
        assert (late.decided, late.late, late.days_late, late.most_days_late) == (3, 2, 8, 5)
        assert late_answers(session, [agency.id], 2026) == {}
    db.engine.dispose()


def register(db: Database, received: date, number: str, amendment: Amendment | None = None) -> Application:
    return in_transaction(
        db,
        lambda s: record_application(
            s,
            agency_named(s, AGENCY),
            received=received,
            applicant_type="natural_person",
            number=number,
            actor="测试",
            amendment=amendment,
        ),
    )


def test_a_receipt_back_dated_into_a_submitted_year_art_31_is_refused_unless_an_amendment(database_url: str) -> None:
    """第三十一条 fixes the receipt date; an application received in a reported year counts there (第五十条)."""
    db = open_database(database_url)
    reported(db, AGENCY, 2024)
    reported(db, AGENCY, 2025, "published")
    with pytest.raises(LedgerError, match=r"登记收到日期为 2025-09-26 的申请会改变2025 年度（已公开）.*--amend"):
        register(db, RECEIVED, "R-1")
    with pytest.raises(LedgerError, match=r"2024 年度（已报送）、2025 年度（已公开）"):  # open: carried over into 2025
        register(db, date(2024, 12, 30), "R-0")
    with session_scope(db) as session:
        assert session.scalars(select(Application.number)).all() == []  # nothing registered
    assert register(db, today(), "R-2").received_on == today()  # this year is not reported: lawful, silent
    assert draft_status(db, 2025) == "published"
    amended = register(db, RECEIVED, "R-1", Amendment("补登漏登的邮寄申请"))
    assert amended.received_on == RECEIVED
    assert (draft_status(db, 2024), draft_status(db, 2025)) == ("submitted", "returned")
    with session_scope(db) as session:
        reopened = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.reopen")).one()
        assert reopened.detail["reason"] == "补登漏登的邮寄申请" and reopened.target_id.endswith("/2025")
    db.engine.dispose()


def test_ledger_add_refuses_a_back_dated_receipt_art_31_then_amends_with_a_reason(tmp_path: Path) -> None:
    """`xxgk ledger add` into a submitted year: one Chinese line, exit 2; `--amend 理由` registers it."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    db = open_database(url)
    reported(db, AGENCY, 2025)
    db.engine.dispose()
    args = ("ledger", "add", "--agency", AGENCY, "--applicant-type", "自然人", "--db", url)
    posted = ("--channel", "邮寄", "--received", "2025-09-22", "--signed-for", "2025-09-26")
    refused = run_xxgk(*args, *posted)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "登记收到日期为 2025-09-26 的申请会改变2025 年度（已报送）" in refused.stderr
    assert run_xxgk(*args, *posted, "--amend", " ").returncode == 2
    amended = run_xxgk(*args, *posted, "--amend", "补登", "--actor", "王五")
    assert amended.returncode == 0, amended.stderr
    db = open_database(url)
    assert draft_status(db, 2025) == "returned"
    with session_scope(db) as session:
        assert session.scalars(select(Application.received_on)).all() == [RECEIVED]
        entries = session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "report.reopen")).all()
        assert entries == ["王五（命令行）"]
    db.engine.dispose()
