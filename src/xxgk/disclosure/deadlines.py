"""Deadlines of proactive disclosure, as flags on an item (pure functions over its dates).

- 条例第二十六条: published within 20 working days of being made (成文); later is flagged,
  and so is an unpublished item already past that day.
- A 行政规范性文件 needs its 解读 published within 3 working days of the document, and an
  有效期 (5 years, 2 for a 暂行 one, under local rules).
- Six months before an 有效期 ends the desk is reminded to review the document; the day
  after 有效期至 `workflow.run_due` marks it 已失效.

Working days come from the ledger's calendar, estimated years included (the flag says
when a year's holidays are estimated); a year it cannot answer for at all
(`UnknownCalendarYear`) gives a flag saying so instead of a wrong count.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from xxgk.disclosure.vocabulary import IN_FORCE, NORMATIVE
from xxgk.ledger.calendar import UnknownCalendarYear, WorkCalendar

PUBLICATION_DAYS = 20
INTERPRETATION_DAYS = 3
REMINDER_MONTHS = 6


@dataclass(frozen=True, slots=True)
class ItemDates:
    """What the flags look at: the item's kind, dates, validity, and its published 解读."""

    doc_kind: str
    written_on: date | None
    published_on: date | None
    valid_until: date | None
    validity: str
    withdrawn: bool = False
    interpretations: Sequence[date] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    """`kind`: late, unpublished_late, no_interpretation, interpretation_due, no_validity, expiring, calendar."""

    kind: str
    message: str

    @property
    def serious(self) -> bool:
        return self.kind in ("late", "unpublished_late", "no_interpretation", "no_validity", "calendar")


def flags(item: ItemDates, calendar: WorkCalendar, today: date) -> list[Flag]:
    """Every deadline `item` misses or nears on `today`."""
    if item.withdrawn:
        return []
    found: list[Flag] = []
    try:
        found += _publication(item, calendar, today)
        found += _interpretation(item, calendar, today)
    except UnknownCalendarYear as exc:
        found.append(Flag("calendar", f"无法计算工作日期限：{exc}"))
    if item.doc_kind == NORMATIVE and item.valid_until is None:
        found.append(Flag("no_validity", "行政规范性文件未标注有效期"))
    found += _expiry(item, today)
    return found


def publication_lag(calendar: WorkCalendar, written_on: date, published_on: date) -> int:
    """Working days from 成文 to 发布 (the day of 成文 not counted)."""
    return calendar.workdays_between(written_on, published_on)


def _publication(item: ItemDates, calendar: WorkCalendar, today: date) -> list[Flag]:
    if item.written_on is None:
        return []
    end = item.published_on or today
    lag = publication_lag(calendar, item.written_on, end)
    if lag <= PUBLICATION_DAYS:
        return []
    note = _estimate_note(calendar, item.written_on, end)
    if item.published_on is not None:
        return [
            Flag("late", f"成文后第 {lag} 个工作日才公开，超过 {PUBLICATION_DAYS} 个工作日（条例第二十六条）{note}")
        ]
    return [
        Flag(
            "unpublished_late",
            f"成文已 {lag} 个工作日仍未公开，超过 {PUBLICATION_DAYS} 个工作日（条例第二十六条）{note}",
        )
    ]


def _estimate_note(calendar: WorkCalendar, first: date, last: date) -> str:
    """Said when a year's holidays are estimated from 《全国年节及纪念日放假办法》, not yet published."""
    years = calendar.estimated_years(first, last)
    return f"；{'、'.join(map(str, years))} 年的放假安排尚未公布，工作日按放假办法推定" if years else ""


def _interpretation(item: ItemDates, calendar: WorkCalendar, today: date) -> list[Flag]:
    if item.doc_kind != NORMATIVE or item.published_on is None:
        return []
    due = calendar.nth_workday_after(item.published_on, INTERPRETATION_DAYS)
    if any(day <= due for day in item.interpretations):
        return []
    if item.interpretations:
        first = min(item.interpretations).isoformat()
        return [
            Flag(
                "no_interpretation",
                f"政策解读于 {first} 发布，晚于文件公开后 {INTERPRETATION_DAYS} 个工作日（{due.isoformat()}）",
            )
        ]
    if today > due:
        return [
            Flag(
                "no_interpretation",
                f"文件公开后 {INTERPRETATION_DAYS} 个工作日内（{due.isoformat()} 前）未发布关联的政策解读",
            )
        ]
    return [Flag("interpretation_due", f"须在 {due.isoformat()} 前发布关联的政策解读")]


def _expiry(item: ItemDates, today: date) -> list[Flag]:
    if item.valid_until is None or item.validity != IN_FORCE or item.valid_until < today:
        return []
    if item.valid_until <= add_months(today, REMINDER_MONTHS):
        left = (item.valid_until - today).days
        return [
            Flag(
                "expiring",
                f"有效期至 {item.valid_until.isoformat()}，还有 {left} 天届满：请评估是否继续施行、修订或废止",
            )
        ]
    return []


def add_months(day: date, count: int) -> date:
    """The same day `count` months later (the month's last day when it is shorter)."""
    month = day.month - 1 + count
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months.monthrange(year, month)[1]))
