"""Chinese working days: the State Council holiday schedule, with 调休 weekends.

`chinese-calendar` knows every year it was released for (2004–2026 in 1.11); the
project's override table (`xxgk calendar set`) corrects any day and supplies the
schedule of a year the package does not know yet. A year neither knows is never
guessed: asking about it raises `UnknownCalendarYear` with a message that says
how to enter the schedule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from xxgk.errors import XxgkError

ONE_DAY = timedelta(days=1)


class UnknownCalendarYear(XxgkError):
    """The working days of a year are known to no source."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年的节假日和调休安排尚无来源（chinese-calendar 未收录，覆盖表中也没有该年的记录），"
            f"无法计算工作日；请按国务院办公厅公布的安排用 `xxgk calendar set 日期 workday|holiday` 录入该年的放假日和调休上班日"
        )


@lru_cache(maxsize=4096)
def _package_workday(day: date) -> bool | None:
    """chinese-calendar's answer, or None for a year it has no data for."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def package_knows(year: int) -> bool:
    return _package_workday(date(year, 6, 1)) is not None


def calendar_basis() -> str:
    """The calendar source this process computes with; a release can add years, so clocks record it."""
    return f"chinese-calendar {chinese_calendar.__version__}"


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Working days per chinese-calendar, corrected and extended by `overrides` (day → is workday).

    A year the package lacks becomes known through its overrides: the days listed
    are holidays or 调休 working days as entered, every other day follows the week
    (Monday to Friday work). Enter the whole published schedule of such a year.
    """

    overrides: Mapping[date, bool] = field(default_factory=dict)
    _override_years: frozenset[int] = field(init=False, repr=False, compare=False)
    _running: dict[int, list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_override_years", frozenset(day.year for day in self.overrides))
        object.__setattr__(self, "_running", {})

    def knows(self, year: int) -> bool:
        return year in self._override_years or package_knows(year)

    def is_workday(self, day: date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override
        answer = _package_workday(day)
        if answer is not None:
            return answer
        if day.year in self._override_years:
            return day.weekday() < 5
        raise UnknownCalendarYear(day.year)

    def workdays_after(self, start: date) -> Iterator[date]:
        """Working days strictly after `start`, in order (the day itself is never counted)."""
        day = start
        while True:
            day += ONE_DAY
            if self.is_workday(day):
                yield day

    def nth_workday_after(self, start: date, n: int) -> date:
        """The `n`-th working day after `start`: day 1 is the first working day after it."""
        if n < 1:
            raise ValueError(n)
        for count, day in enumerate(self.workdays_after(start), start=1):
            if count == n:
                return day
        raise AssertionError("unreachable")

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when `end` is before `start`.

        Counted from per-year running totals (built once per year and calendar), not day by
        day: the desk computes this for every application it lists, on every page view.
        """
        if end < start:
            return -self.workdays_between(end, start)
        if start.year == end.year:
            return self._through(end) - self._through(start)
        count = self._year_total(start.year) - self._through(start)
        count += sum(self._year_total(year) for year in range(start.year + 1, end.year))
        return count + self._through(end)

    def _through(self, day: date) -> int:
        """Working days from 1 January through `day`, inclusive."""
        return self._running_totals(day.year)[day.timetuple().tm_yday - 1]

    def _year_total(self, year: int) -> int:
        return self._running_totals(year)[-1]

    def _running_totals(self, year: int) -> list[int]:
        totals = self._running.get(year)
        if totals is None:
            totals, count, day = [], 0, date(year, 1, 1)
            while day.year == year:
                count += self.is_workday(day)
                totals.append(count)
                day += ONE_DAY
            self._running[year] = totals
        return totals
