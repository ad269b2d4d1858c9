"""Chinese working days: the State Council holiday schedule, with 调休 weekends.

A year's schedule is *published* when chinese-calendar knows it (2004–2026 in
1.11) or when its State Council notice was imported whole (`xxgk calendar
import`, the years in `published`). Any other year is *estimated* from
《全国年节及纪念日放假办法》 (`xxgk.ledger.estimate`): its holidays and 补假, no
调休. The project's override table (`xxgk calendar set`) corrects single days of
any year; correcting a day leaves an estimated year estimated. Only a year no
estimate reaches (before 2000, after 2199) raises `UnknownCalendarYear`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from xxgk.errors import XxgkError
from xxgk.ledger.estimate import FIRST_YEAR, LAST_YEAR, estimable, estimated_days_off

ONE_DAY = timedelta(days=1)
ESTIMATE_VERSION = "办法推定 1"  # part of the clock basis: a change to the estimate recomputes stored clocks


class UnknownCalendarYear(XxgkError):
    """A year outside every source and every estimate."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年超出可计算的范围：工作日只能按 {FIRST_YEAR}–{LAST_YEAR} 年的放假办法计算，请检查日期是否写错"
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
    return f"chinese-calendar {chinese_calendar.__version__}; {ESTIMATE_VERSION}"


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Working days per the published schedules or the estimate, corrected by `overrides` (day → is workday).

    `published`: the years whose State Council notice was imported; their days are
    in `overrides` as imported, every other day of them follows the week.
    """

    overrides: Mapping[date, bool] = field(default_factory=dict)
    published: frozenset[int] = frozenset()
    _running: dict[int, list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_running", {})

    def knows(self, year: int) -> bool:
        """Whether `year`'s schedule is published (imported or in chinese-calendar), not estimated."""
        return year in self.published or package_knows(year)

    def estimated(self, year: int) -> bool:
        return not self.knows(year)

    def estimated_years(self, first: date, last: date) -> tuple[int, ...]:
        """The estimated years among those of the days from `first` to `last`."""
        return tuple(year for year in range(first.year, last.year + 1) if self.estimated(year))

    def is_workday(self, day: date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override
        if day.year in self.published:
            return day.weekday() < 5
        answer = _package_workday(day)
        if answer is not None:
            return answer
        if not estimable(day.year):
            raise UnknownCalendarYear(day.year)
        return day.weekday() < 5 and day not in estimated_days_off(day.year)

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
