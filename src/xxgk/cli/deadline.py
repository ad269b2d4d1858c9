"""`xxgk deadline`: the reply deadline of an application, computed step by step.

No application is stored: the dates are given on the command line, and the working days
are those of the database's calendar when there is one (`_calendar`). `_show_deadline`
prints a deadline the same way for `xxgk ledger event`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from xxgk.cli.app import app
from xxgk.cli.ledger import (
    ChannelOpt,
    ConfirmedOpt,
    DbOpt,
    Format,
    FormatOpt,
    SignedForOpt,
    _day,
    _read,
    _receipt,
    _refusals,
)
from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.clock import Deadline, Event, EventKind, Party, Step, deadline
from xxgk.ledger.stored import STATE_LABELS, ClockState
from xxgk.ledger.vocabulary import outcome_label
from xxgk.ledger.workdays import load_calendar
from xxgk.report import dumps
from xxgk.store.database import DEFAULT_URL, database_url


def _calendar(url: str | None) -> WorkCalendar:
    """The calendar with the database's overrides; no database file is created just to compute a date."""
    resolved = database_url(url)
    if resolved == DEFAULT_URL and not Path("xxgk.db").exists():
        return WorkCalendar()
    return _read(url, load_calendar)


@app.command("deadline")
def deadline_command(
    received: Annotated[
        str, typer.Argument(help="收到申请日期，如 2025-09-26；写了 --channel 时为申请人提交（寄出）日期")
    ],
    correction_notice: Annotated[str | None, typer.Option("--correction-notice", help="补正告知日期")] = None,
    correction_until: Annotated[
        str | None, typer.Option("--correction-until", help="补正告知给申请人的补正期限（最后一日）")
    ] = None,
    correction_period: Annotated[
        int | None,
        typer.Option("--correction-period", help="补正期限：告知次日起的工作日数（代替 --correction-until）"),
    ] = None,
    correction_received: Annotated[str | None, typer.Option("--correction-received", help="收到补正日期")] = None,
    third_party: Annotated[
        bool, typer.Option("--third-party", help="征求的是第三方意见（15 个工作日后恢复计时，第三十二条）")
    ] = False,
    consultation: Annotated[
        tuple[str, str] | None,
        typer.Option("--consultation", help="征求意见的开始和结束日期，如 --consultation 2025-10-09 2025-10-15"),
    ] = None,
    consulting: Annotated[
        str | None, typer.Option("--consultation-open", help="尚未结束的征求意见的开始日期（计时暂停）")
    ] = None,
    extension: Annotated[int | None, typer.Option("--extension", help="延期工作日数（最多 20）")] = None,
    extension_on: Annotated[
        str | None, typer.Option("--extension-on", help="延期决定日期（须在答复期限届满前；默认收到日期）")
    ] = None,
    approver: Annotated[str | None, typer.Option("--approver", help="延期审批人")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="延期理由")] = None,
    fee_notice: Annotated[str | None, typer.Option("--fee-notice", help="收费通知日期")] = None,
    fee_received: Annotated[
        str | None, typer.Option("--fee-notice-received", help="申请人收到收费通知的日期（默认通知日期）")
    ] = None,
    fee_paid: Annotated[str | None, typer.Option("--fee-paid", help="缴费日期")] = None,
    decided: Annotated[str | None, typer.Option("--decided", help="办结日期（说明是否超期）")] = None,
    channel: ChannelOpt = None,
    signed_for: SignedForOpt = None,
    confirmed: ConfirmedOpt = None,
    fmt: FormatOpt = Format.text,
    db: DbOpt = None,
) -> None:
    """计算答复期限，并逐步说明（工作日按国务院节假日安排，含调休）。"""
    receipt = _receipt(channel, _day(received, "收到日期"), signed_for, confirmed)
    start = receipt.received if receipt else _day(received, "收到日期")
    calendar = _calendar(db)
    events: list[Event] = []
    if correction_notice:
        notice = _day(correction_notice, "补正告知日期")
        until = _day(correction_until, "补正期限") if correction_until else None
        if correction_period is not None:
            with _refusals():
                until = calendar.nth_workday_after(notice, correction_period)
        events.append(Event(EventKind.correction_notice, notice, until=until))
    if correction_received:
        events.append(Event(EventKind.correction_received, _day(correction_received, "收到补正日期")))
    party = Party.third_party if third_party else None
    if consultation:
        first, last = consultation
        first_day, last_day = _day(first, "征求意见开始日期"), _day(last, "征求意见结束日期")
        events.append(Event(EventKind.consultation, first_day, until=last_day, party=party))
    if consulting:
        events.append(Event(EventKind.consultation, _day(consulting, "征求意见开始日期"), party=party))
    if extension is not None:
        decided_on = _day(extension_on, "延期决定日期") if extension_on else start
        events.append(Event(EventKind.extension, decided_on, days=extension, approver=approver, reason=reason))
    if fee_notice:
        delivered = _day(fee_received, "收到收费通知日期") if fee_received else None
        events.append(Event(EventKind.fee_notice, _day(fee_notice, "收费通知日期"), delivered=delivered))
    if fee_paid:
        events.append(Event(EventKind.fee_paid, _day(fee_paid, "缴费日期")))
    with _refusals():
        result = deadline(start, events, calendar, decided=_day(decided, "办结日期") if decided else None)
    if receipt is not None:
        result = replace(result, steps=(Step(start, receipt.text, receipt.basis), *result.steps))
    if fmt is Format.json:
        print(dumps({"received": start.isoformat(), **result.to_dict()}))
        return
    _show_deadline(result)


def _show_deadline(result: Deadline) -> None:
    for step in result.steps:
        basis = f"  〔{step.basis}〕" if step.basis else ""
        print(f"· {step.text}{basis}")
    for error in result.errors:
        print(f"✗ 违反规定：{error}")
    for warning in result.warnings:
        print(f"! {warning}")
    if result.due is None:
        print(f"期限：{STATE_LABELS[ClockState(result.state)]}")
    if result.attention is not None and result.closable is not None:
        print(
            f"{result.attention} 后申请人仍未{'补正' if result.closable == 'other_no_correction' else '缴费'}的，可按“{outcome_label(result.closable)}”办结"
        )
    if result.estimated:
        print(f"推定：{result.estimate_note}")
