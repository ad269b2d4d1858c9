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


def test_an_estimated_year_counts_like_its_published_neighbours_and_absurd_years_are_refused() -> None:
    calendar = WorkCalendar()
    # 2026-12-01 → 2027-01-10: Dec has 22 working days after the 1st (Dec 2–31), Jan 2027 1–10 has
    # 5 (元旦 Fri 1 Jan estimated off; 4–8 Jan) → 27.
    assert calendar.workdays_between(date(2026, 12, 1), date(2027, 1, 10)) == 27
    assert calendar.estimated(2027) and not calendar.estimated(2026)
    with pytest.raises(UnknownCalendarYear):
        calendar.workdays_between(date(2199, 12, 1), date(2200, 1, 10))
