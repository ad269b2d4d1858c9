"""What can happen to an application between receipt and decision, and the rules the facts alone must keep.

The clock (`xxgk.ledger.clock`) counts with these; the checks here need no
calendar, so an import or a form can refuse a contradiction before any counting.
The deployment setting `XXGK_FEE_PERIOD_COUNTED` (`fee_period_counted`) says
whether the time from a fee notice to payment counts in the answer period.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from xxgk.errors import XxgkError

ANSWER_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
CONSULTATION_REPLY_DAYS = 15
MAX_EXTENSION_DAYS = 20
FEE_PAYMENT_DAYS = 20

REGULATION = "《政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
WEEKDAYS = "一二三四五六日"

FEE_PERIOD_VARIABLE = "XXGK_FEE_PERIOD_COUNTED"
FEE_SETTING_NOT_COUNTED = f"部署设置 {FEE_PERIOD_VARIABLE}=0：收费通知至缴费的期间不计入答复期限"
FEE_SETTING_COUNTED = f"部署设置 {FEE_PERIOD_VARIABLE}=1：收费通知至缴费的期间计入答复期限"


def fee_period_counted() -> bool:
    """Whether the deployment counts the time from a fee notice to payment in the answer period.

    The notes mark the point unverified; our reading of the 办法 and of agencies'
    指南 (申请人缴费期间不计算在答复期限内) is that it is not counted, the default.
    """
    return os.environ.get(FEE_PERIOD_VARIABLE, "").strip().lower() in ("1", "true", "yes", "是")


def fee_setting_text(counted: bool) -> str:
    return FEE_SETTING_COUNTED if counted else FEE_SETTING_NOT_COUNTED


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


class Party(StrEnum):
    """Whom a consultation asks: a third party (第三十二条, 15 working days) or other agencies (第三十四条)."""

    third_party = "third_party"
    agency = "agency"


PARTY_LABELS: dict[Party, str] = {Party.third_party: "第三方", Party.agency: "其他机关"}


def party_of(text: str | None) -> Party | None:
    """The party of a label or key ("第三方", "agency", ...); None for none or unknown."""
    if not text:
        return None
    for party, label in PARTY_LABELS.items():
        if text.strip() in (party.value, label):
            return party
    return None


class ClockError(XxgkError):
    """The events contradict the rules (two 补正 notices, a 30-day extension, ...)."""


@dataclass(frozen=True, slots=True)
class Event:
    """One event.

    `until`: a consultation's end (None while open) or, on a 补正 notice, the last
    day the notice gives the applicant. `delivered`: the day the applicant received
    a fee notice (None: unknown, the notice's date is used and the step says so).
    `reason` on a correction received after the notice's period: the good reason
    the clerk accepted it for (第三十条 无正当理由逾期不补正); without one the case
    waits for the clerk's decision. `party`: whom a consultation asks.
    """

    kind: EventKind
    on: date
    until: date | None = None
    days: int | None = None
    approver: str | None = None
    reason: str | None = None
    delivered: date | None = None
    party: Party | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the explanation: the date it concerns, what follows, and the rule behind it."""

    on: date | None
    text: str
    basis: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.on.isoformat() if self.on else None, "text": self.text, "basis": self.basis}


def one(events: Sequence[Event], kind: EventKind) -> Event | None:
    return next((e for e in events if e.kind is kind), None)


def day_text(day: date | None) -> str:
    return f"{day.isoformat()}（星期{WEEKDAYS[day.weekday()]}）" if day else ""


def check_events(received: date, events: Sequence[Event], decided: date | None = None) -> None:
    """Raise `ClockError` when the events contradict the rules; needs no calendar."""
    for event in events:
        label = EVENT_LABELS[event.kind]
        if event.on < received:
            raise ClockError(f"{label}日期 {event.on} 早于收到申请日期 {received}")
        if event.until is not None and event.until < event.on:
            raise ClockError(f"{label}的结束日期 {event.until} 早于开始日期 {event.on}")
        if event.delivered is not None and event.delivered < event.on:
            raise ClockError(f"{label}的送达日期 {event.delivered} 早于通知日期 {event.on}")
    for kind, article in (
        (EventKind.correction_notice, "第三十条：补正只能一次性告知"),
        (EventKind.correction_received, "第三十条：补正只能一次性告知"),
        (EventKind.extension, "第三十三条第二款：只能延期一次"),
        (EventKind.fee_notice, "收费通知只能发出一次"),
        (EventKind.fee_paid, "缴费只能记录一次"),
    ):
        if sum(e.kind is kind for e in events) > 1:
            raise ClockError(f"{EVENT_LABELS[kind]}记录了多次（{article}）")
    notice = one(events, EventKind.correction_notice)
    corrected = one(events, EventKind.correction_received)
    if corrected and notice and corrected.on < notice.on:
        raise ClockError(f"收到补正日期 {corrected.on} 早于补正告知日期 {notice.on}")
    extension = one(events, EventKind.extension)
    if extension and not (extension.days and 1 <= extension.days <= MAX_EXTENSION_DAYS):
        raise ClockError(
            f"延期天数 {extension.days} 无效：延长的期限最长不得超过 {MAX_EXTENSION_DAYS} 个工作日（第三十三条第二款）"
        )
    paid, fee = one(events, EventKind.fee_paid), one(events, EventKind.fee_notice)
    if paid and (fee is None or paid.on < fee.on):
        raise ClockError(f"缴费日期 {paid.on} 之前没有收费通知")
    if decided is not None and decided < received:
        raise ClockError(f"办结日期 {decided} 早于收到申请日期 {received}")
