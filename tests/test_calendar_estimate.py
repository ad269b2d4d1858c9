"""Years nobody has published: estimated from 《全国年节及纪念日放假办法》, marked 推定, and
recomputed when the State Council notice is imported (SQLite and PostgreSQL).

chinese-calendar 1.11 knows 2004–2026; 2027 is estimated everywhere below. The 2027 notice
used for the import is of the form the State Council publishes, with invented numbers: it
has not been published when this was written.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from lunar_python import Lunar
from sqlalchemy import select
from sqlalchemy.orm import Session

from conftest import run_xxgk
from xxgk.ledger.applications import agency_named, application_deadline, find_application, record_application
from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.clock import Event, EventKind, deadline
from xxgk.ledger.decisions import record_event
from xxgk.ledger.estimate import estimated_days_off, rules_for
from xxgk.ledger.schedule import ScheduleError, parse_schedule
from xxgk.ledger.workdays import load_calendar, set_calendar_day
from xxgk.ledger.yearly import import_schedule, preview_schedule
from xxgk.store import open_database
from xxgk.store.database import Database
from xxgk.store.ledger import Application, DueChange
from xxgk.store.transaction import in_transaction
from xxgk.web.timeline import entries

AGENCY = "某市生态环境局"
NOTICE_2027 = """# 国务院办公厅关于2027年部分节假日安排的通知（格式示例，数字为虚构）
年份,2027
文号,国办发明电〔2026〕99号
发布日期,2026-11-25
放假,2027-01-01,2027-01-03,元旦
放假,2027-02-05,2027-02-13,春节
上班,2027-02-14,,春节调休
上班,2027-02-20,,春节调休
放假,2027-04-03,2027-04-05,清明节
放假,2027-05-01,2027-05-05,劳动节
上班,2027-04-25,,劳动节调休
放假,2027-06-09,2027-06-11,端午节
放假,2027-09-15,2027-09-17,中秋节
放假,2027-10-01,2027-10-07,国庆节
上班,2027-09-26,,国庆节调休
上班,2027-10-09,,国庆节调休
"""


def weekdays_off(year: int) -> set[date]:
    day, off = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not chinese_calendar.is_workday(day):
            off.add(day)
        day += timedelta(days=1)
    return off


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_estimate_of_a_published_year_is_its_schedule_without_the_tiaoxiu_swaps(year: int) -> None:
    """Every weekday off that is not a 调休 swap (chinese-calendar's in-lieu days) is estimated, and no other."""
    swapped = {day for day in chinese_calendar.in_lieu_days if day.year == year}
    assert set(estimated_days_off(year)) == weekdays_off(year) - swapped
    assert rules_for(year).revision == "2024年修订"  # 春节 4 days, 劳动节 2 since 2025


def test_the_estimate_follows_the_revision_in_force_that_year() -> None:
    # 2024 (2013 revision): 春节 初一–初三 = Sat 10 – Mon 12 Feb; the weekend two made up Tue 13, Wed 14.
    spring_2024 = {d for d, name in estimated_days_off(2024).items() if name.startswith("春节")}
    assert spring_2024 == {date(2024, 2, 12), date(2024, 2, 13), date(2024, 2, 14)}
    assert [d for d, name in estimated_days_off(2024).items() if name.startswith("劳动节")] == [date(2024, 5, 1)]
    # 2020: 中秋 fell on 1 October; shared with 国庆, it is made up (the 8-day holiday of that year).
    autumn_2020 = {d for d, n in estimated_days_off(2020).items() if n.startswith(("国庆", "中秋"))}
    assert autumn_2020 == {date(2020, 10, 1), date(2020, 10, 2), date(2020, 10, 5), date(2020, 10, 6)}


def test_an_estimated_due_date_across_2027_new_year_and_spring_festival_matches_a_hand_count() -> None:
    """Received Mon 28 Dec 2026, extended by 20 working days: 40 working days across 元旦 and 春节.

    2027 by the 2024 办法: 元旦 Fri 1 Jan. 春节: 初一 is Sat 6 Feb 2027 (lunar-python, checked
    below), so 除夕 Fri 5 Feb, 初一 Sat 6, 初二 Sun 7, 初三 Mon 8; the two weekend days are made
    up on Tue 9 and Wed 10 (第六条). Off: Fri 5 – Wed 10 Feb. Counting from Tue 29 Dec 2026:

    - 1–3: 29, 30, 31 Dec; (1 Jan off, 2–3 weekend)
    - 4–8: 4–8 Jan; 9–13: 11–15 Jan; 14–18: 18–22 Jan; 19–20: 25, 26 Jan → 20th = Tue 26 Jan
    - 21–23: 27–29 Jan; 24–27: 1–4 Feb; (5–10 Feb off); 28–29: Thu 11, Fri 12 Feb
    - 30–34: 15–19 Feb; 35–39: 22–26 Feb; 40: Mon 1 Mar 2027.
    """
    spring = Lunar.fromYmd(2027, 1, 1).getSolar()
    assert (spring.getYear(), spring.getMonth(), spring.getDay()) == (2027, 2, 6)
    extension = Event(EventKind.extension, date(2027, 1, 20), days=20, approver="主任", reason="需要调查")
    result = deadline(date(2026, 12, 28), [extension], WorkCalendar())
    assert result.due == date(2027, 3, 1) and result.estimated_years == (2027,)
    assert any("第 20 个工作日为 2027-01-26" in step.text for step in result.steps)
    notes = [step.text for step in result.steps if step.text.startswith("2027 年：")]
    assert notes == ["2027 年：该年国务院放假安排尚未公布，按《全国年节及纪念日放假办法》推定，公布后将重新计算"]


def test_secondary_dates_in_an_estimated_year_are_estimated_too() -> None:
    # Received Tue 1 Dec 2026; consultation from Tue 15 Dec: the reply window (15 working days)
    # runs into 2027 — 16–31 Dec has 12, 元旦 off, then 4, 5, 6 Jan → 6 Jan.
    open_consultation = Event(EventKind.consultation, date(2026, 12, 15))
    result = deadline(date(2026, 12, 1), [open_consultation], WorkCalendar())
    assert result.state == "consulting" and result.estimated_years == (2027,)
    assert any("约 2027-01-06" in step.text for step in result.steps)
    fee = deadline(date(2026, 12, 1), [Event(EventKind.fee_notice, date(2026, 12, 10))], WorkCalendar())
    assert fee.fee_payment_by == date(2027, 1, 8) and fee.estimated  # 11–31 Dec: 15, then 4–8 Jan
    assert not deadline(date(2026, 11, 2), [], WorkCalendar()).estimated  # due 30 Nov 2026: published


def test_the_deadline_command_marks_an_estimated_due_date(tmp_path: Path) -> None:
    result = run_xxgk("deadline", "2026-12-21", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["due"], data["estimated"], data["estimated_years"]) == ("2027-01-19", True, [2027])
    text = run_xxgk("deadline", "2026-12-21", cwd=tmp_path).stdout
    assert "答复期限：2027-01-19（星期二）（推定）" in text and "推定：2027 年：该年国务院放假安排尚未公布" in text


def receive(db: Database, number: str, received: date, *events: Event) -> None:
    def work(session: Session) -> None:
        agency = agency_named(session, AGENCY)
        record_application(session, agency, received=received, applicant_type="natural_person", number=number)
        for event in events:
            record_event(session, agency, number, event)

    in_transaction(db, work)


def stored(db: Database) -> dict[str, tuple[date | None, str | None, bool]]:
    with db.sessions() as session:
        rows = session.execute(
            select(Application.number, Application.due_on, Application.clock_state, Application.clock_estimated)
        )
        return {number: (due, state, estimated) for number, due, state, estimated in rows}


def test_a_consultation_recorded_in_december_for_a_december_case_is_stored(database_url: str) -> None:
    db = open_database(database_url)
    receive(db, "C-1", date(2026, 12, 1), Event(EventKind.consultation, date(2026, 12, 15)))
    # Open (other agencies, 第三十四条): no due date; it comes back up after the 15-day reply window (6 Jan).
    assert stored(db)["C-1"] == (date(2027, 1, 6), "consulting", True)
    closed = Event(EventKind.consultation, date(2026, 12, 15), until=date(2026, 12, 18))
    in_transaction(db, lambda s: record_event(s, agency_named(s, AGENCY, create=False), "C-1", closed))
    # 2–14 Dec: 9 working days; 15–18 Dec paused; 21–31 Dec: 9 → 18; 元旦 off; 4, 5 Jan → 20th = 5 Jan.
    assert stored(db)["C-1"] == (date(2027, 1, 5), "running", True)


def test_a_partial_set_leaves_the_year_estimated_and_an_import_publishes_it_and_moves_due_dates(
    database_url: str,
) -> None:
    db = open_database(database_url)
    receive(db, "A", date(2026, 12, 21))  # due Tue 19 Jan 2027 (estimated)
    receive(db, "B", date(2027, 1, 20))  # due Tue 23 Feb 2027 (estimated: 5–10 Feb off)
    receive(db, "D", date(2025, 12, 1))  # published throughout
    assert stored(db) == {
        "A": (date(2027, 1, 19), "running", True),
        "B": (date(2027, 2, 23), "running", True),
        "D": (date(2025, 12, 29), "running", False),
    }
    in_transaction(db, lambda s: set_calendar_day(s, date(2027, 1, 4), False, "临时放假"))
    with db.sessions() as session:
        assert load_calendar(session).estimated(2027)
    assert stored(db)["A"] == (date(2027, 1, 20), "running", True)  # one day later, still 推定

    schedule = parse_schedule(NOTICE_2027, "2027.csv")
    with db.sessions() as session:
        preview = preview_schedule(session, schedule)
    # The notice has 4 Jan as a working day again (the correction is replaced): A back to 19 Jan.
    # B: off 5–13 Feb (weekdays 5, 8–12), Sun 14 worked → from Thu 21 Jan: 11 by 4 Feb, 12th = Sun 14,
    # 13–17 = 15–19 Feb, 18th = Sat 20 (调休), 19–20 = 22, 23 Feb → still 23 Feb (not moved).
    assert [(m.number, m.old_due, m.new_due) for m in preview] == [("A", date(2027, 1, 20), date(2027, 1, 19))]
    result = in_transaction(db, lambda s: import_schedule(s, schedule, "测试"))
    assert (result.recomputed, [m.number for m in result.moves]) == (3, ["A"])
    assert stored(db) == {
        "A": (date(2027, 1, 19), "running", False),
        "B": (date(2027, 2, 23), "running", False),
        "D": (date(2025, 12, 29), "running", False),
    }
    with db.sessions() as session:
        assert not load_calendar(session).estimated(2027)
        application = find_application(session, agency_named(session, AGENCY, create=False), "A")
        moves = [e for e in entries(application) if e.label == "答复期限调整"]
        assert [m.detail.split("：")[0] for m in moves] == [
            "由 2027-01-19 改为 2027-01-20",
            "由 2027-01-20 改为 2027-01-19",
        ]
        assert "国办发明电〔2026〕99号" in moves[-1].detail
        assert session.scalar(select(DueChange.id).join(Application).where(Application.number == "B")) is None
        deadline_now = application_deadline(session, application)
        assert not deadline_now.estimated and not any("推定" in s.text for s in deadline_now.steps)


def test_the_import_command_reads_the_notice_and_refuses_a_broken_one_in_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    notice = tmp_path / "2027.csv"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    result = run_xxgk("calendar", "import", str(notice), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "已导入 2027 年放假安排：国办发明电〔2026〕99号" in result.stdout
    data = json.loads(run_xxgk("deadline", "2027-01-20", "--format", "json", "--db", db).stdout)
    assert (data["due"], data["estimated"]) == ("2027-02-23", False)
    assert "已导入：国办发明电〔2026〕99号" in run_xxgk("calendar", "years", "--db", db).stdout
    assert "调休上班" in run_xxgk("calendar", "import", "--help").stdout
    broken = tmp_path / "broken.csv"
    broken.write_text(NOTICE_2027.replace("上班,2027-02-14", "上班,2027-02-15"), encoding="utf-8")
    refused = run_xxgk("calendar", "import", str(broken), "--db", db)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == f"{broken} 第 7 行：调休上班日 2027-02-15 不是周六或周日"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("年份,2027\n文号,国办发明电〔2026〕1号\n放假,2027-01-01,,元旦\n", "缺少发布日期"),
        ("年份,2027\n文号,x\n发布日期,2026-11-01\n", "缺少放假"),
        ("年份,2027\n文号,x\n发布日期,2026-11-01\n放假,2027-01-03,2027-01-01,元旦\n", "不是有效的日期范围"),
        ("年份,2027\n文号,x\n发布日期,2026-11-01\n放假,2028-05-01,,劳动节\n", "不在 2027 年"),
        ("年份,2027\n文号,x\n发布日期,2026-11-01\n休息,2027-05-01\n", "不认识“休息”"),
        ("年份,2027\n年份,2028\n", "年份写了两次"),
    ],
)
def test_a_broken_notice_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ScheduleError, match=reason):
        parse_schedule(text, "通知.csv")
