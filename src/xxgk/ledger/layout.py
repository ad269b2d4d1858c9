"""The ledger (台账) layout clerks keep in Excel: its columns, and one row as data.

The twelve usual columns come first, in the usual order; the others are optional
and exported after them. A row is parsed into a `LedgerRow` (codes from the
template, events for the clock) or into the problems that stop it, each naming
the column and the reason in Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from xxgk.ledger.clock import ClockError, Event, EventKind, check_events
from xxgk.ledger.receipt import ReceiptError, channel_label
from xxgk.ledger.vocabulary import (
    applicant_key,
    applicant_label,
    applicant_labels,
    outcome_key,
    outcome_row,
    outcome_short,
    template_for_year,
)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str
    required: bool = False
    personal: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("申请编号", "number", required=True),
    Column("收到日期", "received", required=True),
    Column("申请方式", "channel"),
    Column("申请人类型", "applicant_type", required=True),
    Column("申请内容", "request"),
    Column("补正告知日期", "correction_notice"),
    Column("补正收到日期", "correction_received"),
    Column("补正期限", "correction_until"),
    Column("征求意见开始日期", "consultation_start"),
    Column("征求意见结束日期", "consultation_end"),
    Column("延期天数", "extension_days"),
    Column("办结日期", "decided", required=True),
    Column("办理结果", "outcome", required=True),
    Column("延期审批人", "extension_approver"),
    Column("延期理由", "extension_reason"),
    Column("延期决定日期", "extension_on"),
    Column("收费通知日期", "fee_notice"),
    Column("缴费日期", "fee_paid"),
    Column("收到收费通知日期", "fee_delivered"),
    Column("申请人姓名（名称）", "applicant_name", personal=True),
    Column("联系方式", "applicant_contact", personal=True),
    Column("答复内容", "reply"),
)
BY_HEADER = {c.header: c for c in COLUMNS} | {"申请人姓名": COLUMNS[-3], "申请人名称": COLUMNS[-3]}
HEADER = {c.key: c.header for c in COLUMNS}
# Several consultations in one cell: "2025-01-02；2025-02-03", start and end paired in order.
_LIST_SEPARATOR = re.compile(r"[;；、,，\n]+")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_EXCEL_EPOCH = date(1899, 12, 30)
MAX_TEXT = 20_000
# A cell starting with one of these is a formula to Excel: exported text is quoted with "'".
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One application as the ledger records it; codes are template keys."""

    number: str
    received: date
    applicant_type: str
    channel: str | None = None
    request: str = ""
    events: tuple[Event, ...] = ()
    decided: date | None = None
    outcome: str | None = None
    applicant_name: str | None = None
    applicant_contact: str | None = None
    reply: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one row (numbered as the clerk sees it, header = row 1) cannot be imported."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"「{self.column}」" if self.column else ""
        return f"第 {self.row} 行{where}：{self.message}"


@dataclass(slots=True)
class _Reader:
    """Reads the cells of one row, collecting a problem per bad cell instead of stopping."""

    row: int
    cells: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    def text(self, key: str, limit: int = MAX_TEXT) -> str | None:
        value = self.cells.get(key)
        if value is None:
            return None
        text = (value if isinstance(value, str) else _plain(value)).strip()
        if text[:1] == "'" and text[1:2] in FORMULA_STARTS:  # quoted by the exporter
            text = text[1:]
        if "\x00" in text:
            self.fail(key, "含有不可见的控制字符")
            return None
        if len(text) > limit:
            self.fail(key, f"过长（{len(text)} 字，最多 {limit} 字）")
            return None
        return text or None

    def day(self, key: str) -> date | None:
        value = self.cells.get(key)
        if _blank(value):
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.fail(key, f"“{_shown(value)}”不是有效日期（应写作 2025-09-26）")
        return parsed

    def days(self, key: str) -> list[date]:
        text = self.text(key, 400)
        if text is None:
            value = self.cells.get(key)
            return [d] if (d := parse_date(value)) else []
        out = []
        for part in _LIST_SEPARATOR.split(text):
            if part.strip():
                parsed = parse_date(part)
                if parsed is None:
                    self.fail(key, f"“{part.strip()}”不是有效日期（应写作 2025-09-26）")
                    return []
                out.append(parsed)
        return out

    def integer(self, key: str) -> int | None:
        text = self.text(key, 20)
        if text is None:
            return None
        try:
            number = float(text)
        except ValueError:
            number = -1.5
        if not number.is_integer():
            self.fail(key, f"“{text}”不是整数")
            return None
        return int(number)

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.row, HEADER.get(key, key), message))


def parse_row(row: int, cells: dict[str, Any]) -> LedgerRow | list[Problem]:
    """A `LedgerRow` from one row's cells (keyed by column key), or every problem it has."""
    read = _Reader(row, cells)
    number = read.text("number", 64)
    received = read.day("received")
    if number is None and "number" not in {p.column for p in read.problems}:
        read.fail("number", "申请编号不能为空")
    if received is None and not read.problems:
        read.fail("received", "收到日期不能为空")
    applicant = _applicant(read)
    decided = read.day("decided")
    outcome = _outcome(read, decided)
    events = _events(read, received)
    channel, name, contact = (read.text(k, 200) for k in ("channel", "applicant_name", "applicant_contact"))
    try:
        channel = channel_label(channel)
    except ReceiptError as exc:
        read.fail("channel", str(exc))
    request, reply = read.text("request") or "", read.text("reply")
    if read.problems or number is None or received is None or applicant is None:
        return read.problems
    try:
        check_events(received, events, decided)
    except ClockError as exc:
        return [Problem(row, "", str(exc))]
    return LedgerRow(
        number=number,
        received=received,
        applicant_type=applicant,
        request=request,
        events=tuple(events),
        decided=decided,
        outcome=outcome,
        reply=reply,
        channel=channel,
        applicant_name=name,
        applicant_contact=contact,
    )


def _applicant(read: _Reader) -> str | None:
    text = read.text("applicant_type", 50)
    if text is None:
        read.fail("applicant_type", f"申请人类型不能为空（应为 {'、'.join(applicant_labels())} 之一）")
        return None
    key = applicant_key(text)
    if key is None:
        read.fail("applicant_type", f"“{text}”不是申请人类型（应为 {'、'.join(applicant_labels())} 之一）")
    return key


def _outcome(read: _Reader, decided: date | None) -> str | None:
    text = read.text("outcome", 200)
    if text is None:
        if decided is not None:
            read.fail("outcome", "已填办结日期，但办理结果为空")
        return None
    if decided is None:
        if _blank(read.cells.get("decided")):
            read.fail("decided", f"已填办理结果“{text}”，但办结日期为空（未办结的申请两栏都应留空）")
        return None
    key = outcome_key(text)
    if key is None:
        read.fail(
            "outcome", f"“{text}”不是表三的办理结果（如 予以公开、部分公开、属于国家秘密、重复申请、逾期不补正、其他）"
        )
        return None
    if decided is not None and outcome_row(key, template_for_year(decided.year)) is None:
        template = template_for_year(decided.year)
        read.fail(
            "outcome",
            f"“{text}”不能用于 {decided.year} 年办结的申请：{template.basis} 格式已将（六）其他处理分为"
            "逾期不补正、逾期未缴费、其他三项，请写明其一",
        )
        return None
    return key


def _events(read: _Reader, received: date | None) -> list[Event]:
    events: list[Event] = []
    notice, corrected = read.day("correction_notice"), read.day("correction_received")
    until = read.day("correction_until")
    if notice:
        events.append(Event(EventKind.correction_notice, notice, until=until))
    elif until:
        read.fail("correction_until", "有补正期限，但没有补正告知日期")
    if corrected:
        events.append(Event(EventKind.correction_received, corrected))
    starts, ends = read.days("consultation_start"), read.days("consultation_end")
    if len(ends) > len(starts):
        read.fail("consultation_end", "有征求意见结束日期，但没有对应的开始日期")
    for i, start in enumerate(starts):
        events.append(Event(EventKind.consultation, start, until=ends[i] if i < len(ends) else None))
    days = read.integer("extension_days")
    extension_on = read.day("extension_on")
    if days is not None and days != 0:
        on = extension_on or corrected or received
        if on is not None:
            approver, reason = read.text("extension_approver", 100), read.text("extension_reason", 2000)
            events.append(Event(EventKind.extension, on, days=days, approver=approver, reason=reason))
    fee, paid = read.day("fee_notice"), read.day("fee_paid")
    delivered = read.day("fee_delivered")
    if fee:
        events.append(Event(EventKind.fee_notice, fee, delivered=delivered))
    elif delivered:
        read.fail("fee_delivered", "有收到收费通知日期，但没有收费通知日期")
    if paid:
        events.append(Event(EventKind.fee_paid, paid))
    return events


def row_cells(row: LedgerRow) -> dict[str, str]:
    """The cells of a row as the ledger writes them (column key → text); blanks are empty."""
    out = dict.fromkeys((c.key for c in COLUMNS), "")
    out |= {
        "number": row.number,
        "received": row.received.isoformat(),
        "channel": row.channel or "",
        "applicant_type": applicant_label(row.applicant_type),
        "request": row.request,
        "decided": row.decided.isoformat() if row.decided else "",
        "outcome": outcome_short(row.outcome) if row.outcome else "",
        "applicant_name": row.applicant_name or "",
        "applicant_contact": row.applicant_contact or "",
        "reply": row.reply or "",
    }
    consultations = [e for e in row.events if e.kind is EventKind.consultation]
    out["consultation_start"] = "；".join(e.on.isoformat() for e in consultations)
    out["consultation_end"] = "；".join(e.until.isoformat() for e in consultations if e.until)
    for event in row.events:
        if event.kind is EventKind.extension:
            out |= {
                "extension_days": str(event.days),
                "extension_approver": event.approver or "",
                "extension_reason": event.reason or "",
                "extension_on": event.on.isoformat(),
            }
        elif event.kind is not EventKind.consultation:
            out[event.kind.value] = event.on.isoformat()
        if event.kind is EventKind.correction_notice and event.until:
            out["correction_until"] = event.until.isoformat()
        if event.kind is EventKind.fee_notice and event.delivered:
            out["fee_delivered"] = event.delivered.isoformat()
    return out


def parse_date(value: Any) -> date | None:
    """A date from a cell: a date or datetime, 2025-09-26 / 2025/9/26 / 2025年9月26日, or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _EXCEL_EPOCH + timedelta(days=int(value)) if 20_000 <= value <= 80_000 else None
    if not isinstance(value, str):
        return None
    if len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    match = _DATE.match(value)
    if match is None:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)


def _shown(value: Any) -> str:
    text = _plain(value)
    return text if len(text) <= 40 else text[:40] + "…"
