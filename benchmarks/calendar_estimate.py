"""How good is the holiday estimate: each year 2019–2026 estimated as if unpublished, against its schedule.

For every receipt day of each year, the due date (20 working days, `xxgk.ledger.clock`)
is computed twice: with the published schedule (chinese-calendar) and with the year
estimated from 《全国年节及纪念日放假办法》 as then in force (`xxgk.ledger.estimate`), the
following year published as it is in practice by the time a late-December clock
reaches it (for 2026, whose late receipts count into 2027, both sides use the 2027
estimate). Prints, per year and in all, how many due dates differ and by how many
working days (counted on the published calendar; positive = the estimate is later).

    .venv/bin/python benchmarks/calendar_estimate.py
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta

import chinese_calendar

from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.clock import deadline
from xxgk.ledger.estimate import estimated_days_off, rules_for

YEARS = range(2019, 2027)


def estimated_as(year: int) -> WorkCalendar:
    """A calendar where `year` is unpublished: every day of it an override from the estimate."""
    off = estimated_days_off(year)
    overrides, day = {}, date(year, 1, 1)
    while day.year == year:
        overrides[day] = day.weekday() < 5 and day not in off
        day += timedelta(days=1)
    return WorkCalendar(overrides)


def main() -> None:
    started = time.perf_counter()
    published = WorkCalendar()
    total: Counter[int] = Counter()
    print(f"{'year':<6}{'办法':<12}{'days':>6}{'differ':>8}{'share':>8}   by working days (estimate − published)")
    for year in YEARS:
        estimated = estimated_as(year)
        shifts: Counter[int] = Counter()
        day = date(year, 1, 1)
        while day.year == year:
            truth = deadline(day, [], published).due
            guess = deadline(day, [], estimated).due
            assert truth is not None and guess is not None
            if truth == guess:
                shifts[0] += 1
            else:  # counted on the published calendar; on the estimate's when a 调休 weekday makes that 0
                shifts[published.workdays_between(truth, guess) or estimated.workdays_between(truth, guess)] += 1
            day += timedelta(days=1)
        total.update(shifts)
        days = sum(shifts.values())
        differ = days - shifts[0]
        spread = ", ".join(f"{k:+d}: {v}" for k, v in sorted(shifts.items()) if k)
        print(f"{year:<6}{rules_for(year).revision:<12}{days:>6}{differ:>8}{differ / days:>8.1%}   {spread}")
    days = sum(total.values())
    differ = days - total[0]
    spread = ", ".join(f"{k:+d}: {v}" for k, v in sorted(total.items()) if k)
    print(f"{'all':<18}{days:>6}{differ:>8}{differ / days:>8.1%}   {spread}")
    print(f"chinese-calendar {chinese_calendar.__version__}; {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
