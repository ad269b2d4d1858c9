"""The holidays of a year nobody has published yet, estimated from 《全国年节及纪念日放假办法》.

The State Council publishes each year's schedule late (November or December) and
chinese-calendar releases follow later still, but a statutory clock counts into
next year every day of December. The 办法 fixes the holidays themselves (第二条)
and that one falling on a Saturday or Sunday is made up on a working day (第六条
补假); what it leaves to each year's notice are the 调休 swaps, which move days
off without changing how many working days a stretch holds. So an estimate
from the 办法 in force that year is exact except around 调休 — how often that
moves a due date is measured by `benchmarks/calendar_estimate.py`.

Lunar festivals and the 清明 solar term come from lunar-python, not a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar

ESTIMATE_REASON = "国务院放假安排尚未公布，按《全国年节及纪念日放假办法》推定，公布后将重新计算"
ESTIMATE_NOTE = f"该年{ESTIMATE_REASON}"  # after "2027 年："
LIST_NOTE = f"期限所跨年份的{ESTIMATE_REASON}"  # for a list of clocks, each over its own years
ESTIMATE_BASIS = "《全国年节及纪念日放假办法》第二条、第六条"
FIRST_YEAR, LAST_YEAR = 2000, 2199  # outside: no 办法 we model, no ledger date anyone means


@dataclass(frozen=True, slots=True)
class Rules:
    """The holidays of one revision of the 办法: festival name → its days in a year."""

    since: int
    revision: str
    festivals: tuple[tuple[str, Callable[[int], list[date]]], ...]


def _fixed(month: int, day: int, length: int = 1) -> Callable[[int], list[date]]:
    return lambda year: [date(year, month, day) + timedelta(days=i) for i in range(length)]


def _lunar(month: int, day: int) -> Callable[[int], list[date]]:
    return lambda year: [_solar(year, month, day)]


def _spring(first: int, length: int) -> Callable[[int], list[date]]:
    """春节 days from 初一 + `first` (−1 = 除夕), `length` days."""
    return lambda year: [_solar(year, 1, 1) + timedelta(days=first + i) for i in range(length)]


def _qingming(year: int) -> list[date]:
    solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return [date(solar.getYear(), solar.getMonth(), solar.getDay())]


def _solar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


_NEW_YEAR = ("元旦", _fixed(1, 1))
_QINGMING = ("清明节", _qingming)
_DRAGON_BOAT = ("端午节", _lunar(5, 5))
_MID_AUTUMN = ("中秋节", _lunar(8, 15))
_NATIONAL = ("国庆节", _fixed(10, 1, 3))

REVISIONS = (  # newest first
    Rules(
        2025,
        "2024年修订",
        (
            _NEW_YEAR,
            ("春节", _spring(-1, 4)),
            _QINGMING,
            ("劳动节", _fixed(5, 1, 2)),
            _DRAGON_BOAT,
            _MID_AUTUMN,
            _NATIONAL,
        ),
    ),
    Rules(
        2014,
        "2013年修订",
        (_NEW_YEAR, ("春节", _spring(0, 3)), _QINGMING, ("劳动节", _fixed(5, 1)), _DRAGON_BOAT, _MID_AUTUMN, _NATIONAL),
    ),
    Rules(
        2008,
        "2007年修订",
        (
            _NEW_YEAR,
            ("春节", _spring(-1, 3)),
            _QINGMING,
            ("劳动节", _fixed(5, 1)),
            _DRAGON_BOAT,
            _MID_AUTUMN,
            _NATIONAL,
        ),
    ),
    Rules(2000, "1999年修订", (_NEW_YEAR, ("春节", _spring(0, 3)), ("劳动节", _fixed(5, 1, 3)), _NATIONAL)),
)


def rules_for(year: int) -> Rules:
    """The revision of the 办法 in force in `year`."""
    return next(rules for rules in REVISIONS if rules.since <= year)


def estimable(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


@lru_cache(maxsize=64)
def estimated_days_off(year: int) -> dict[date, str]:
    """Weekdays off in `year` (day → festival, 补假 marked), per the 办法 then in force.

    A holiday on a Saturday or Sunday is made up on the first weekday after its
    festival that is not already a day off (第六条), and so is one two festivals
    share (中秋 on 1 October: eight days in 2020); no weekend becomes a working day.
    """
    if not estimable(year):
        raise ValueError(year)
    days_off: dict[date, str] = {}
    for name, days_of in rules_for(year).festivals:
        days = days_of(year)
        owed = [day for day in days if day.weekday() >= 5 or day in days_off]  # on a weekend, or shared (中秋 on 国庆)
        days_off.update({day: name for day in days if day not in days_off})
        for _ in owed:
            makeup = max(days) + timedelta(days=1)
            while makeup.weekday() >= 5 or makeup in days_off:
                makeup += timedelta(days=1)
            days_off[makeup] = f"{name}补假"
    return {day: name for day, name in sorted(days_off.items()) if day.weekday() < 5}
