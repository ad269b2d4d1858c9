"""Writes the clock must allow: closing as abandoned, an extension. Each returns the refusal, or None.

The service layer asks these before it writes, so the CLI and the desk refuse
alike, with the same Chinese reason naming the rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from xxgk.ledger.clock import NO_CORRECTION, UNPAID_FEE, Deadline
from xxgk.ledger.events import FEE_MEASURES, MAX_EXTENSION_DAYS, REGULATION, Event, EventKind, day_text, one


def closing_refusal(outcome: str, events: Sequence[Event], clock: Deadline, decided: date) -> str | None:
    """Why `outcome` may not close the case on `decided`: 逾期不补正 and 逾期未缴费 need their period passed."""
    if outcome == NO_CORRECTION:
        return _no_correction_refusal(events, decided)
    if outcome == UNPAID_FEE:
        return _unpaid_fee_refusal(events, clock, decided)
    return None


def _no_correction_refusal(events: Sequence[Event], decided: date) -> str | None:
    basis = f"{REGULATION}第三十条"
    notice = one(events, EventKind.correction_notice)
    if notice is None:
        return f"没有补正告知的记录，不能按“逾期不补正”办结（{basis}）"
    if notice.until is None:
        return f"补正告知未写明申请人的补正期限，不能认定逾期不补正（{basis}）"
    if decided <= notice.until:
        return f"申请人的补正期限至 {day_text(notice.until)}，期限届满后才能按“逾期不补正”办结（{basis}）"
    corrected = one(events, EventKind.correction_received)
    if corrected is not None and corrected.on <= notice.until:
        return f"申请人已于 {day_text(corrected.on)} 在期限内补正，不能按“逾期不补正”办结（{basis}）"
    if corrected is not None and corrected.reason:
        return f"已接受申请人的逾期补正（理由：{corrected.reason}），不能再按“逾期不补正”办结（{basis}）"
    return None


def _unpaid_fee_refusal(events: Sequence[Event], clock: Deadline, decided: date) -> str | None:
    notice = one(events, EventKind.fee_notice)
    if notice is None or clock.fee_payment_by is None:
        return f"没有收费通知的记录，不能按“逾期未缴费”办结（{FEE_MEASURES}）"
    if decided <= clock.fee_payment_by:
        return (
            f"申请人的缴费期限至 {day_text(clock.fee_payment_by)}，期限届满后才能按“逾期未缴费”办结（{FEE_MEASURES}）"
        )
    paid = one(events, EventKind.fee_paid)
    if paid is not None and paid.on <= clock.fee_payment_by:
        return f"申请人已于 {day_text(paid.on)} 在期限内缴费，不能按“逾期未缴费”办结（{FEE_MEASURES}）"
    return None


def extension_refusal(extension: Event, clock: Deadline) -> str | None:
    """Why an extension decided on `extension.on` may not be recorded: after the current due date (第三十三条第二款)."""
    basis = f"{REGULATION}第三十三条第二款"
    if extension.days is None or not 1 <= extension.days <= MAX_EXTENSION_DAYS:
        return f"延长的期限应为 1 至 {MAX_EXTENSION_DAYS} 个工作日（{basis}）"
    if clock.due is not None and extension.on > clock.due:
        return f"答复期限 {day_text(clock.due)} 已届满，不能再延期：延期须在期限届满前经负责人同意（{basis}）"
    return None
