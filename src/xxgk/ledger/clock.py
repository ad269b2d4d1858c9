"""The statutory clock: when an application must be answered, and why.

`deadline(received, events, calendar)` is one pure function over an application's
events. Facts (条例 = 《中华人民共和国政府信息公开条例》, 国务院令第711号):

- the day of receipt is not counted; day 1 is the next working day (第三十一条, and
  the usual reading of 期间 that excludes the first day);
- the answer is due on the 20th working day (第三十三条第二款);
- a 补正 notice, once, within 7 working days of receipt; the 20 days then restart
  from the day the corrected request is received; no correction in time closes the
  application as 逾期不补正 (第三十条);
- time spent consulting third parties or other agencies is not counted
  (第三十三条第三款); they have 15 working days to reply (第三十二条、第三十四条);
- one extension of at most 20 working days, approved by the head of the disclosure
  office and notified (第三十三条第二款);
- a fee notice gives 20 working days to pay; unpaid closes the application as
  逾期未缴费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号). Whether the fee
  period stops the clock is not settled in any text we could read; the clock does
  not stop for it, which is the safe reading for the agency.

A consultation's working days from its start through its end (both included) are
not counted; a consultation still open pauses the clock, so there is no due date
until it ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from xxgk.errors import XxgkError
from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.estimate import ESTIMATE_BASIS, ESTIMATE_NOTE

ANSWER_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
CONSULTATION_REPLY_DAYS = 15
MAX_EXTENSION_DAYS = 20
FEE_PAYMENT_DAYS = 20

REGULATION = "《政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
WEEKDAYS = "一二三四五六日"

State = Literal["running", "awaiting_correction", "consulting"]


class EventKind(StrEnum):
    """What can happen to an application between receipt and decision."""

    correction_notice = "correction_notice"
    correction_received = "correction_received"
    consultation = "consultation"
    extension = "extension"
    fee_notice = "fee_notice"
    fee_paid = "fee_paid"


EVENT_LABELS: dict[EventKind, str] = {
    EventKind.correction_notice: "补正告知",
    EventKind.correction_received: "收到补正",
    EventKind.consultation: "征求意见",
    EventKind.extension: "延期答复",
    EventKind.fee_notice: "收费通知",
    EventKind.fee_paid: "缴费",
}


class ClockError(XxgkError):
    """The events contradict the rules (two 补正 notices, a 30-day extension, ...)."""


@dataclass(frozen=True, slots=True)
class Event:
    """One event. `until`: a consultation's end (None while open) or a 补正 notice's deadline for the applicant."""

    kind: EventKind
    on: date
    until: date | None = None
    days: int | None = None
    approver: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the explanation: the date it concerns, what follows, and the rule behind it."""

    on: date | None
    text: str
    basis: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.on.isoformat() if self.on else None, "text": self.text, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class Deadline:
    """The due date (None while the clock waits for the applicant or a consultation) and how it was reached.

    `estimated_years`: the years counted through whose schedule is not published yet
    (`WorkCalendar.estimated`); every date here is then an estimate (推定).
    """

    due: date | None
    state: State
    steps: tuple[Step, ...]
    correction_notice_by: date
    fee_payment_by: date | None = None
    warnings: tuple[str, ...] = field(default=())
    estimated_years: tuple[int, ...] = field(default=())

    @property
    def estimated(self) -> bool:
        return bool(self.estimated_years)

    @property
    def estimate_note(self) -> str:
        """The one line that says why the dates are estimated ("" when they are not)."""
        return estimate_note(self.estimated_years)

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat() if self.due else None,
            "state": self.state,
            "estimated": self.estimated,
            "estimated_years": list(self.estimated_years),
            "correction_notice_by": self.correction_notice_by.isoformat(),
            "fee_payment_by": self.fee_payment_by.isoformat() if self.fee_payment_by else None,
            "steps": [step.to_dict() for step in self.steps],
            "warnings": list(self.warnings),
        }


def estimate_note(years: Iterable[int]) -> str:
    """ "2027 年：该年国务院放假安排尚未公布，……" for the estimated `years` ("" for none)."""
    shown = "、".join(str(year) for year in years)
    return f"{shown} 年：{ESTIMATE_NOTE}" if shown else ""


def deadline(
    received: date, events: Iterable[Event], calendar: WorkCalendar, *, decided: date | None = None
) -> Deadline:
    """The answer deadline of an application received on `received`, given its events (in any order)."""
    events = sorted(events, key=lambda e: (e.on, e.kind))
    check_events(received, events, decided)
    steps: list[Step] = []
    warnings: list[str] = []
    first = calendar.nth_workday_after(received, 1)
    steps.append(
        Step(
            received,
            f"{_day(received)} 收到申请，当日不计入；第 1 个工作日为 {_day(first)}",
            f"{REGULATION}第三十一条",
        )
    )
    notice_by = calendar.nth_workday_after(received, CORRECTION_NOTICE_DAYS)
    anchor, waiting = _correction(received, events, notice_by, steps, warnings)
    fee_by = _fee(events, calendar, steps, warnings)
    reached = [notice_by, fee_by or notice_by]
    if waiting:
        years = _estimated(received, reached, calendar, steps)
        return Deadline(None, "awaiting_correction", tuple(steps), notice_by, fee_by, tuple(warnings), years)
    extension = _one(events, EventKind.extension)
    total = ANSWER_DAYS + (extension.days or 0 if extension is not None else 0)
    consultations = [e for e in events if e.kind is EventKind.consultation]
    counted, paused, open_consultation = _count(anchor, total, consultations, calendar)
    reached += _explain_consultations(consultations, counted, paused, calendar, steps, warnings)
    reached += counted[-1:] + paused[-1:]
    if open_consultation is not None:
        years = _estimated(received, reached, calendar, steps)
        return Deadline(None, "consulting", tuple(steps), notice_by, fee_by, tuple(warnings), years)
    base_due, due = counted[ANSWER_DAYS - 1], counted[-1]
    steps.append(
        Step(
            base_due,
            f"自 {_day(anchor)} 的次日起算{'（不计征求意见期间）' if paused else ''}，"
            f"第 {ANSWER_DAYS} 个工作日为 {_day(base_due)}",
            f"{REGULATION}第三十三条第二款",
        )
    )
    calendar_note = _calendar_note(anchor, due, calendar)
    if calendar_note:
        source = (
            f"{ESTIMATE_BASIS}（推定）" if calendar.estimated_years(anchor, due) else "国务院办公厅部分节假日安排的通知"
        )
        steps.append(Step(None, calendar_note, source))
    if extension is not None:
        steps.append(_extension_step(extension, base_due, due, warnings))
    if decided is not None:
        steps.append(_decision_step(decided, due, calendar))
    years = _estimated(received, [*reached, max(due, decided or due)], calendar, steps)
    steps.append(Step(due, f"答复期限：{_day(due)}{'（推定）' if years else ''}", ""))
    return Deadline(due, "running", tuple(steps), notice_by, fee_by, tuple(warnings), years)


def _estimated(received: date, reached: list[date], calendar: WorkCalendar, steps: list[Step]) -> tuple[int, ...]:
    """The estimated years counted through from receipt to the last day computed; explained in a step."""
    years = calendar.estimated_years(received, max(reached))
    if years:
        steps.append(Step(None, estimate_note(years), ESTIMATE_BASIS))
    return years


def check_events(received: date, events: Sequence[Event], decided: date | None = None) -> None:
    """Raise `ClockError` when the events contradict the rules; needs no calendar."""
    for event in events:
        label = EVENT_LABELS[event.kind]
        if event.on < received:
            raise ClockError(f"{label}日期 {event.on} 早于收到申请日期 {received}")
        if event.until is not None and event.until < event.on:
            raise ClockError(f"{label}的结束日期 {event.until} 早于开始日期 {event.on}")
    for kind, article in (
        (EventKind.correction_notice, "第三十条：补正只能一次性告知"),
        (EventKind.correction_received, "第三十条：补正只能一次性告知"),
        (EventKind.extension, "第三十三条第二款：只能延期一次"),
        (EventKind.fee_notice, "收费通知只能发出一次"),
        (EventKind.fee_paid, "缴费只能记录一次"),
    ):
        if sum(e.kind is kind for e in events) > 1:
            raise ClockError(f"{EVENT_LABELS[kind]}记录了多次（{article}）")
    notice = _one(events, EventKind.correction_notice)
    corrected = _one(events, EventKind.correction_received)
    if corrected and notice and corrected.on < notice.on:
        raise ClockError(f"收到补正日期 {corrected.on} 早于补正告知日期 {notice.on}")
    extension = _one(events, EventKind.extension)
    if extension and not (extension.days and 1 <= extension.days <= MAX_EXTENSION_DAYS):
        raise ClockError(
            f"延期天数 {extension.days} 无效：延长的期限最长不得超过 {MAX_EXTENSION_DAYS} 个工作日（第三十三条第二款）"
        )
    paid, fee = _one(events, EventKind.fee_paid), _one(events, EventKind.fee_notice)
    if paid and (fee is None or paid.on < fee.on):
        raise ClockError(f"缴费日期 {paid.on} 之前没有收费通知")
    if decided is not None and decided < received:
        raise ClockError(f"办结日期 {decided} 早于收到申请日期 {received}")


def _correction(
    received: date, events: Sequence[Event], notice_by: date, steps: list[Step], warnings: list[str]
) -> tuple[date, bool]:
    """The day the 20 days run from, and whether the clock waits for the applicant's correction."""
    notice = _one(events, EventKind.correction_notice)
    corrected = _one(events, EventKind.correction_received)
    basis = f"{REGULATION}第三十条"
    if notice is None and corrected is not None:
        warnings.append(
            f"未记录补正告知日期，无法核对是否在收到申请后 {CORRECTION_NOTICE_DAYS} 个工作日内（{_day(notice_by)} 前）告知"
        )
    if notice is None:
        if corrected is None:
            return received, False
        steps.append(Step(corrected.on, f"{_day(corrected.on)} 收到补正，答复期限自该日重新计算，当日不计入", basis))
        return corrected.on, False
    text = f"{_day(notice.on)} 一次性告知补正（应在收到申请后 {CORRECTION_NOTICE_DAYS} 个工作日内，即 {_day(notice_by)} 前）"
    if notice.on > notice_by:
        late = f"补正告知晚于法定期限 {_day(notice_by)}"
        warnings.append(late)
        text += f"；{late}"
    steps.append(Step(notice.on, text, basis))
    if corrected is None:
        until = f"，申请人应于 {_day(notice.until)} 前补正" if notice.until else ""
        steps.append(
            Step(
                notice.until,
                f"等待申请人补正{until}；期限自收到补正之日起重新计算，无正当理由逾期不补正的视为放弃申请，"
                "按“（六）1.逾期不补正”办结",
                basis,
            )
        )
        return received, True
    steps.append(Step(corrected.on, f"{_day(corrected.on)} 收到补正，答复期限自该日重新计算，当日不计入", basis))
    return corrected.on, False


def _count(
    anchor: date, total: int, consultations: Sequence[Event], calendar: WorkCalendar
) -> tuple[list[date], list[date], Event | None]:
    """The counted working days after `anchor` (up to `total`), the paused ones, and a consultation still open."""
    counted: list[date] = []
    paused: list[date] = []
    for day in calendar.workdays_after(anchor):
        holding = [c for c in consultations if c.on <= day and (c.until is None or day <= c.until)]
        if any(c.until is None for c in holding):
            return counted, paused, next(c for c in holding if c.until is None)
        if holding:
            paused.append(day)
            continue
        counted.append(day)
        if len(counted) == total:
            return counted, paused, None
    raise AssertionError("unreachable")


def _explain_consultations(
    consultations: Sequence[Event],
    counted: list[date],
    paused: list[date],
    calendar: WorkCalendar,
    steps: list[Step],
    warnings: list[str],
) -> list[date]:
    """Explain each consultation in a step; returns the days its reply was due by."""
    basis = f"{REGULATION}第三十三条第三款、第三十二条、第三十四条"
    last = counted[-1] if counted else None
    replies = []
    for event in consultations:
        reply_by = calendar.nth_workday_after(event.on, CONSULTATION_REPLY_DAYS)
        replies.append(reply_by)
        if event.until is None:
            steps.append(
                Step(
                    event.on,
                    f"{_day(event.on)} 起征求第三方或其他机关意见，尚未结束：期间不计入答复期限，计时暂停；"
                    f"对方应在 {CONSULTATION_REPLY_DAYS} 个工作日内（约 {_day(reply_by)} 前）答复",
                    basis,
                )
            )
            continue
        days = sum(event.on <= d <= event.until for d in paused)
        text = f"{_day(event.on)} 至 {_day(event.until)} 征求意见，其中 {days} 个工作日不计入答复期限"
        if last is not None and event.on > last:
            text = f"{_day(event.on)} 开始的征求意见晚于答复期限，不影响期限"
            warnings.append(text)
        elif event.until > reply_by:
            text += f"（对方答复期为 {CONSULTATION_REPLY_DAYS} 个工作日，至 {_day(reply_by)}）"
        steps.append(Step(event.on, text, basis))
    return replies


def _fee(events: Sequence[Event], calendar: WorkCalendar, steps: list[Step], warnings: list[str]) -> date | None:
    notice = _one(events, EventKind.fee_notice)
    if notice is None:
        return None
    pay_by = calendar.nth_workday_after(notice.on, FEE_PAYMENT_DAYS)
    steps.append(
        Step(
            notice.on,
            f"{_day(notice.on)} 发出收费通知：申请人应在次日起 {FEE_PAYMENT_DAYS} 个工作日内（{_day(pay_by)} 前）缴费，"
            "逾期未缴费的视为放弃申请，按“（六）2.逾期未缴费”办结；收费期间不中止答复期限",
            FEE_MEASURES,
        )
    )
    paid = _one(events, EventKind.fee_paid)
    if paid is not None:
        if paid.on > pay_by:
            warnings.append(f"缴费日期 {_day(paid.on)} 晚于缴费期限 {_day(pay_by)}")
        steps.append(Step(paid.on, f"{_day(paid.on)} 申请人缴费", FEE_MEASURES))
    return pay_by


def _extension_step(extension: Event, base_due: date, due: date, warnings: list[str]) -> Step:
    who = f"经{extension.approver}同意" if extension.approver else "（未记录审批人）"
    why = f"，理由：{extension.reason}" if extension.reason else "（未记录理由）"
    if not (extension.approver and extension.reason):
        warnings.append("延期答复未记录审批人或理由：须经政府信息公开工作机构负责人同意并告知申请人")
    return Step(
        extension.on,
        f"{_day(extension.on)} {who}延期 {extension.days} 个工作日{why}：期限由 {_day(base_due)} 延至 {_day(due)}",
        f"{REGULATION}第三十三条第二款（最长 {MAX_EXTENSION_DAYS} 个工作日）",
    )


def _decision_step(decided: date, due: date, calendar: WorkCalendar) -> Step:
    if decided <= due:
        return Step(decided, f"{_day(decided)} 办结，在期限内", "")
    late = calendar.workdays_between(due, decided)
    return Step(decided, f"{_day(decided)} 办结，超过期限 {late} 个工作日", "")


def _calendar_note(anchor: date, due: date, calendar: WorkCalendar) -> str:
    """Which weekdays were holidays and which weekend days were 调休 working days in (anchor, due]."""
    holidays: list[date] = []
    makeup: list[date] = []
    day = anchor
    while day < due:
        day = date.fromordinal(day.toordinal() + 1)
        workday = calendar.is_workday(day)
        if day.weekday() < 5 and not workday:
            holidays.append(day)
        elif day.weekday() >= 5 and workday:
            makeup.append(day)
    parts = []
    if holidays:
        parts.append("跳过节假日 " + "、".join(_runs(holidays)))
    if makeup:
        parts.append("计入调休上班日 " + "、".join(_day(d) for d in makeup))
    return "；".join(parts)


def _runs(days: list[date]) -> list[str]:
    """Consecutive weekdays as ranges (a weekend inside a holiday joins the run)."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days <= 3:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [_day(r[0]) if len(r) == 1 else f"{_day(r[0])} 至 {_day(r[-1])}" for r in runs]


def _one(events: Sequence[Event], kind: EventKind) -> Event | None:
    return next((e for e in events if e.kind is kind), None)


def _day(day: date | None) -> str:
    return f"{day.isoformat()}（星期{WEEKDAYS[day.weekday()]}）" if day else ""
