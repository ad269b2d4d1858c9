"""A year's State Council holiday notice as a small CSV text: what `xxgk calendar import` reads.

One record a line, fields separated by commas (full-width ， too); blank lines and
lines starting with # are ignored::

    # 国务院办公厅关于2027年部分节假日安排的通知
    年份,2027
    文号,国办发明电〔2026〕12号
    发布日期,2026-11-12
    放假,2027-01-01,2027-01-03,元旦
    放假,2027-02-05,2027-02-12,春节
    上班,2027-02-14,,春节调休

`放假` is a range of days off (start, end — the end may be left empty for one
day — and the festival); `上班` a 调休 working day (a Saturday or Sunday). The
keys may also be written year, document, issued, holiday, workday. Every day not
listed follows the week. The notice lists every festival, so a file without 文号,
发布日期 or any 放假 line is refused rather than taken for the whole year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta

from xxgk.errors import XxgkError

KEYS = {
    "年份": "year",
    "year": "year",
    "文号": "document",
    "document": "document",
    "发布日期": "issued",
    "日期": "issued",
    "issued": "issued",
    "放假": "holiday",
    "holiday": "holiday",
    "上班": "workday",
    "调休上班": "workday",
    "workday": "workday",
}
LONGEST_HOLIDAY = 15  # days in one 放假 range; the longest ever published is 9 (春节)
FORMAT_HELP = (
    "每行一项，逗号分隔：年份,2027 / 文号,国办发明电〔2026〕12号 / 发布日期,2026-11-12 / "
    "放假,开始日期,结束日期,节日 / 上班,日期,,说明（调休上班的周六或周日）；# 开头的行为注释"
)


class ScheduleError(XxgkError):
    """The file is not a complete holiday notice in the import format."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """One year's published holiday schedule: its notice, its days off and its 调休 working days."""

    year: int
    document: str
    issued: date
    holidays: tuple[tuple[date, str], ...]
    workdays: tuple[tuple[date, str], ...]

    def days(self) -> dict[date, bool]:
        """Day → is workday, for every day the notice lists."""
        return {**{day: False for day, _ in self.holidays}, **{day: True for day, _ in self.workdays}}

    def note(self, day: date) -> str:
        names = dict(self.holidays) | dict(self.workdays)
        return f"{self.document} {names.get(day, '')}".strip()[:200]


def parse_schedule(text: str, source: str) -> Schedule:
    """The schedule in `text` (read from `source`, named in every error)."""
    fields: dict[str, tuple[int, str]] = {}
    holidays: list[tuple[date, str]] = []
    workdays: list[tuple[date, str]] = []
    lines = [line.replace("，", ",").strip() for line in text.lstrip("\ufeff").splitlines()]
    for number, row in enumerate(csv.reader(lines), start=1):
        cells = [cell.strip() for cell in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        where = f"{source} 第 {number} 行"
        key = KEYS.get(cells[0].lower())
        if key is None:
            raise ScheduleError(f"{where}：不认识“{cells[0]}”（{FORMAT_HELP}）")
        values = [*cells[1:], "", "", ""]
        if key == "holiday":
            holidays += _range(values[0], values[1], values[2], where)
        elif key == "workday":
            day = _day(values[0], where)
            if day.weekday() < 5:
                raise ScheduleError(f"{where}：调休上班日 {day} 不是周六或周日")
            workdays.append((day, values[2] or values[1]))
        elif key in fields:
            raise ScheduleError(f"{where}：{cells[0]}写了两次（另见第 {fields[key][0]} 行）")
        else:
            fields[key] = (number, values[0])
    return _schedule(fields, holidays, workdays, source)


def _schedule(
    fields: dict[str, tuple[int, str]],
    holidays: list[tuple[date, str]],
    workdays: list[tuple[date, str]],
    source: str,
) -> Schedule:
    missing = [
        label for label, key in (("年份", "year"), ("文号", "document"), ("发布日期", "issued")) if key not in fields
    ]
    if missing or not holidays:
        what = "、".join([*missing, *([] if holidays else ["放假"])])
        raise ScheduleError(f"{source}：缺少{what}（{FORMAT_HELP}）")
    year_line, year_text = fields["year"]
    if not (year_text.isdigit() and 2000 <= int(year_text) <= 2199):
        raise ScheduleError(f"{source} 第 {year_line} 行：年份“{year_text}”应为 2000–2199 之间的四位数")
    year = int(year_text)
    issued = _day(fields["issued"][1], f"{source} 第 {fields['issued'][0]} 行")
    document = fields["document"][1]
    if not document or len(document) > 100:
        raise ScheduleError(f"{source} 第 {fields['document'][0]} 行：文号应为 1–100 个字符")
    for day, _ in [*holidays, *workdays]:
        if (day.year, day.month if day.year != year else 0) not in ((year, 0), (year - 1, 12), (year + 1, 1)):
            raise ScheduleError(f"{source}：{day} 不在 {year} 年（及相邻的元旦前后）")
    clash = sorted({day for day, _ in holidays} & {day for day, _ in workdays})
    if clash:
        raise ScheduleError(f"{source}：{clash[0]} 既写作放假又写作上班")
    return Schedule(year, document, issued, tuple(holidays), tuple(workdays))


def _range(first: str, last: str, name: str, where: str) -> list[tuple[date, str]]:
    start = _day(first, where)
    end = _day(last, where) if last else start
    if end < start or (end - start).days >= LONGEST_HOLIDAY:
        raise ScheduleError(f"{where}：放假 {start} 至 {end} 不是有效的日期范围（最长 {LONGEST_HOLIDAY} 天）")
    return [(start + timedelta(days=i), name) for i in range((end - start).days + 1)]


def _day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ScheduleError(f"{where}：“{text}”不是日期（应写作 2027-01-01）") from None
