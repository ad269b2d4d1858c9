"""The spans the answer period does not count: consultations (第三十三条第三款) and, by setting, a fee's.

Each pause is a run of days from its start through its end, both included; an
end of None keeps the clock waiting. A third party's silence ends its pause on
the 15th working day (第三十二条), so the clock runs again by itself; other
agencies' consultations have no such end and are only flagged after 15 days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.events import (
    CONSULTATION_REPLY_DAYS,
    FEE_MEASURES,
    FEE_PAYMENT_DAYS,
    PARTY_LABELS,
    REGULATION,
    Event,
    EventKind,
    Party,
    Step,
    day_text,
    fee_setting_text,
    one,
)

CONSULT_BASIS = f"{REGULATION}第三十三条第三款、第三十二条、第三十四条"


@dataclass(frozen=True, slots=True)
class Pause:
    """Days `start`..`end` (None: still open) not counted; `attention`: the day after which the clerk must act."""

    start: date
    end: date | None
    attention: date | None = None


@dataclass(frozen=True, slots=True)
class Fee:
    """A fee notice as the clock reads it: the pay-by date, whether it is unpaid, and its pause if any."""

    pay_by: date
    unpaid: bool
    pause: Pause | None


def fee(
    events: Sequence[Event], calendar: WorkCalendar, counted: bool, steps: list[Step], warnings: list[str]
) -> Fee | None:
    """The fee notice's pay-by date: 20 working days from the day after the applicant received the notice.

    Not counted (`XXGK_FEE_PERIOD_COUNTED` unset, the default): the days from the
    notice through payment are a pause, open while unpaid.
    """
    notice = one(events, EventKind.fee_notice)
    if notice is None:
        return None
    setting = fee_setting_text(counted)
    received = notice.delivered or notice.on
    known = (
        f"申请人于 {day_text(received)} 收到通知"
        if notice.delivered
        else f"未记录申请人收到通知的日期，按通知日期 {day_text(received)} 计算"
    )
    pay_by = calendar.nth_workday_after(received, FEE_PAYMENT_DAYS)
    steps.append(
        Step(
            notice.on,
            f"{day_text(notice.on)} 发出收费通知；{known}：申请人应自收到通知次日起 {FEE_PAYMENT_DAYS} 个工作日内"
            f"（{day_text(pay_by)} 前）缴费，逾期未缴费的视为放弃申请，按“（六）2.逾期未缴费”办结；{setting}",
            f"{FEE_MEASURES}；{setting}",
        )
    )
    paid = one(events, EventKind.fee_paid)
    if paid is not None:
        if paid.on > pay_by:
            warnings.append(f"缴费日期 {day_text(paid.on)} 晚于缴费期限 {day_text(pay_by)}")
        pause_text = "" if counted else f"；{day_text(notice.on)} 至 {day_text(paid.on)} 不计入答复期限"
        steps.append(Step(paid.on, f"{day_text(paid.on)} 申请人缴费{pause_text}", f"{FEE_MEASURES}；{setting}"))
    if counted:
        return Fee(pay_by, paid is None, None)
    return Fee(pay_by, paid is None, Pause(notice.on, paid.on if paid else None, pay_by))


def consultation_pauses(events: Sequence[Event], calendar: WorkCalendar) -> list[Pause]:
    """Each consultation's pause; a third party's ends on its 15th working day at the latest."""
    pauses = []
    for event in events:
        if event.kind is not EventKind.consultation:
            continue
        reply_by = calendar.nth_workday_after(event.on, CONSULTATION_REPLY_DAYS)
        if event.party is Party.third_party:
            end = reply_by if event.until is None else min(event.until, reply_by)
            pauses.append(Pause(event.on, end))
        else:
            pauses.append(Pause(event.on, event.until, reply_by))
    return pauses


def count(
    anchor: date, total: int, pauses: Sequence[Pause], calendar: WorkCalendar
) -> tuple[list[date], list[date], Pause | None]:
    """The counted working days after `anchor` (up to `total`), the paused ones, and a pause still open."""
    counted: list[date] = []
    paused: list[date] = []
    for day in calendar.workdays_after(anchor):
        holding = [p for p in pauses if p.start <= day and (p.end is None or day <= p.end)]
        if any(p.end is None for p in holding):
            return counted, paused, next(p for p in holding if p.end is None)
        if holding:
            paused.append(day)
            continue
        counted.append(day)
        if len(counted) == total:
            return counted, paused, None
    raise AssertionError("unreachable")


def explain_consultations(
    events: Sequence[Event],
    counted: list[date],
    paused: list[date],
    calendar: WorkCalendar,
    steps: list[Step],
    warnings: list[str],
) -> list[date]:
    """Explain each consultation in a step; returns the days its reply was due by."""
    last = counted[-1] if counted else None
    replies = []
    for event in (e for e in events if e.kind is EventKind.consultation):
        reply_by = calendar.nth_workday_after(event.on, CONSULTATION_REPLY_DAYS)
        replies.append(reply_by)
        who = PARTY_LABELS[event.party] if event.party else "第三方或其他机关"
        third = event.party is Party.third_party
        if event.until is None and not third:
            text = (
                f"{day_text(event.on)} 起征求{who}意见，尚未结束：期间不计入答复期限，计时暂停；"
                f"对方应在 {CONSULTATION_REPLY_DAYS} 个工作日内（约 {day_text(reply_by)} 前）答复，逾期请跟进"
            )
        elif last is not None and event.on > last:
            text = f"{day_text(event.on)} 开始的征求意见晚于答复期限，不影响期限"
            warnings.append(text)
        elif event.until is None:
            text = (
                f"{day_text(event.on)} 起征求第三方意见，第三方应在 {CONSULTATION_REPLY_DAYS} 个工作日内"
                f"（{day_text(reply_by)} 前）答复；逾期未答复的，由机关依法决定，自次日起恢复计时（第三十二条）"
            )
        else:
            days = sum(event.on <= d <= event.until for d in paused)
            text = f"{day_text(event.on)} 至 {day_text(event.until)} 征求{who}意见，其中 {days} 个工作日不计入答复期限"
            if event.until > reply_by:
                over = "超过的期间计入答复期限（第三十二条）" if third else "请核对超期原因"
                text += f"（对方答复期为 {CONSULTATION_REPLY_DAYS} 个工作日，至 {day_text(reply_by)}；{over}）"
                if not third:
                    warnings.append(
                        f"征求{who}意见超过 {CONSULTATION_REPLY_DAYS} 个工作日（至 {day_text(event.until)}）"
                    )
        steps.append(Step(event.on, text, CONSULT_BASIS))
    return replies
