"""Working days between two dates, counted from running totals, agree with counting day by day."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar


def by_day(calendar: WorkCalendar, start: date, end: date) -> int:
    if end < start:
        return -by_day(calendar, end, start)
    return sum(calendar.is_workday(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


def test_counts_across_years_holidays_and_overrides_match_counting_each_day() -> None:
    overrides = {date(2027, 1, 1): False, date(2027, 2, 6): True, date(2025, 10, 11): False}
    calendar = WorkCalendar(overrides)
    rng = random.Random(7)
    first = date(2023, 1, 1)
    for _ in range(300):
        start = first + timedelta(days=rng.randrange(5 * 365))
        end = first + timedelta(days=rng.randrange(5 * 365))
        assert calendar.workdays_between(start, end) == by_day(calendar, start, end), (start, end)
    assert calendar.workdays_between(date(2025, 9, 30), date(2025, 10, 9)) == 1  # 国庆 and 中秋 off
    assert calendar.workdays_between(date(2025, 10, 9), date(2025, 10, 12)) == 1  # the 调休 Saturday overridden


def test_a_year_without_a_schedule_is_still_refused() -> None:
    with pytest.raises(UnknownCalendarYear):
        WorkCalendar().workdays_between(date(2026, 12, 1), date(2027, 1, 10))
