"""The submission calendar across the year boundary: 未到期, 按时, 逾期, 缺报 by the frozen clock."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from conftest import run_xxgk
from webapp import WebApp, signed_in, web_app
from xxgk.now import CHINA
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.portal import ReportDraft
from xxgk.web.settings import ReportCalendar, report_calendar
from xxgk.web.submissions import calendar_years, due_date, state_of, submissions, tally

CALENDAR = ReportCalendar()


def _at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=CHINA), tick=False)


def test_a_years_report_is_due_on_31_january_of_the_next_year() -> None:
    assert due_date(CALENDAR, 2026) == date(2027, 1, 31)
    assert due_date(ReportCalendar(due_month=3, due_day=31), 2026) == date(2027, 3, 31)
    with _at(date(2027, 1, 31)):  # the last day: nothing yet is not yet missing
        assert state_of(CALENDAR, 2026, None) == "not_due"
        assert state_of(CALENDAR, 2026, date(2027, 1, 31)) == "on_time"
    with _at(date(2027, 2, 1)):  # the day after
        assert state_of(CALENDAR, 2026, None) == "missing"
        assert state_of(CALENDAR, 2026, date(2027, 2, 1)) == "late"
        assert state_of(CALENDAR, 2026, date(2026, 12, 30)) == "on_time"
    with _at(date(2026, 12, 31)):
        assert calendar_years(CALENDAR) == list(range(2019, 2027))
    with _at(date(2027, 1, 1)):
        assert calendar_years(CALENDAR)[-1] == 2027 and calendar_years(CALENDAR)[0] == 2019


def _submitted(web: WebApp, name: str, year: int, at: datetime) -> int:
    with session_scope(web.context.db) as session:
        agency = session.scalars(select(Agency).where(Agency.name == name)).one()
        session.add(ReportDraft(agency_id=agency.id, year=year, status="submitted", text={}, submitted_at=at))
        return agency.id


def test_the_grid_shows_each_agency_and_year_against_the_deadline(web: WebApp) -> None:
    bureau = _submitted(web, "甲市科学技术局", 2025, datetime(2026, 1, 20, 2, tzinfo=UTC))  # on time
    county = _submitted(web, "甲市乙县教育局", 2025, datetime(2026, 2, 3, 16, 30, tzinfo=UTC))  # 4 Feb in China
    _submitted(web, "甲市乙县教育局", 2024, datetime(2025, 1, 31, 15, 59, tzinfo=UTC))  # 31 Jan 23:59 in China
    with session_scope(web.context.db) as session:
        found = submissions(session, CALENDAR, [bureau, county], [2024, 2025, 2026])
        assert found[(bureau, 2025)].state == "on_time"
        assert found[(county, 2025)].state == "late" and found[(county, 2025)].days_late == 4
        assert found[(county, 2024)].state == "on_time"
        assert found[(bureau, 2024)].state == "missing"
        assert found[(bureau, 2026)].state == "not_due"  # the frozen today is in November 2026
        assert tally(found, county).late == 1 and tally(found, bureau).missing == 1
    client = signed_in(web, "sup-a")
    page = client.get("/console/reports").text
    heads = re.findall(r"<th>(\d{4}) 年度</th>", page)
    assert heads[0] == "2019" and heads[-1] == "2026"
    county_row = page.split("甲市乙县教育局</th>")[1].split("</tr>")[0]
    assert 'data-year="2025"' in county_row and '逾期</span><span class="muted">（4 天）' in county_row
    assert re.search(r'data-year="2026">\s*<span class="due due-not_due">未到期', county_row)
    assert "未报送" not in county_row.split('data-year="2026"')[1]
    assert re.search(r'data-year="2019">\s*<span class="due due-missing">缺报', county_row)
    assert "错误 0" not in page


def test_a_retired_agency_owes_no_report_whose_deadline_came_after_it_was_retired(web: WebApp) -> None:
    bureau = _submitted(web, "甲市科学技术局", 2023, datetime(2024, 1, 20, 2, tzinfo=UTC))
    with session_scope(web.context.db) as session:
        agency = session.get(Agency, bureau)
        assert agency is not None
        agency.retired_at = datetime(2025, 1, 31, 15, 0, tzinfo=UTC)  # 31 January 23:00 in China
    with session_scope(web.context.db) as session:
        found = submissions(session, CALENDAR, [bureau], [2023, 2024, 2025])
    assert found[(bureau, 2023)].state == "on_time"  # what it sent still counts
    assert found[(bureau, 2024)].label == "已撤销（无需报送）"  # retired on the deadline day itself
    assert found[(bureau, 2025)].state == "retired"
    assert tally(found, bureau).missing == 0
    with session_scope(web.context.db) as session:
        agency = session.get(Agency, bureau)
        assert agency is not None
        agency.retired_at = datetime(2025, 2, 1, 1, 0, tzinfo=UTC)  # 1 February in China: the 2024 report was owed
    with session_scope(web.context.db) as session:
        found = submissions(session, CALENDAR, [bureau], [2024])
    assert found[(bureau, 2024)].state == "missing"


def test_the_first_year_and_the_deadline_are_the_operators_to_set(tmp_path: Path) -> None:
    assert report_calendar(2021, "03-31") == ReportCalendar(2021, 3, 31)
    for first, due, said in (
        (2019, "02-29", "不是每年都有的日期"),
        (2019, "0131", "应写作 月-日"),
        (2018, "01-31", "2019"),
    ):
        with pytest.raises(ValueError, match=said):
            report_calendar(first, due)
    refused = run_xxgk("serve", "--report-due", "13-01", "--db", f"sqlite:///{tmp_path / 'x.db'}", cwd=tmp_path)
    assert refused.returncode == 2 and "报送期限“13-01”不是每年都有的日期" in refused.stderr
    assert "Traceback" not in refused.stderr
    with web_app(f"sqlite:///{tmp_path / 'web.db'}", tmp_path, calendar=report_calendar(2021, "03-31")) as web:
        county = _submitted(web, "甲市乙县教育局", 2025, datetime(2026, 3, 10, 2, tzinfo=UTC))  # by 31 March
        page = signed_in(web, "sup-a").get("/console/reports").text
    heads = re.findall(r"<th>(\d{4}) 年度</th>", page)
    assert heads[0] == "2021" and heads[-1] == "2026"
    row = page.split("甲市乙县教育局</th>")[1].split("</tr>")[0]
    assert re.search(r'data-year="2025">\s*<span class="due due-on_time">按时', row), row
    assert county
