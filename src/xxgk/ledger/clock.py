"""The statutory clock: when an application must be answered, and why.

`deadline(received, events, calendar)` is one pure function over an application's
events. Facts (条例 = 《中华人民共和国政府信息公开条例》, 国务院令第711号):

- the day of receipt is not counted; day 1 is the next working day (第三十一条, and
  the usual reading of 期间 that excludes the first day);
- the answer is due on the 20th working day (第三十三条第二款);
- a 补正 notice, once, within 7 working days of receipt, stating the applicant's
  period; the 20 days then restart from the day the corrected request is received;
  no correction within the period makes the case ready to close as 逾期不补正; a
  correction after it waits for the clerk (accepted with a good reason, or closed);
  a notice after the 7 days is an error on the case and does not restart anything
  (第三十条);
- time spent consulting third parties or other agencies is not counted
  (第三十三条第三款); a third party has 15 working days to reply, after which the
  clock runs again (第三十二条); other agencies' consultations are open-ended,
  flagged after 15 working days (第三十四条);
- one extension of at most 20 working days, approved by the head of the disclosure
  office before the answer is due (第三十三条第二款); one decided later is an
  error and is not applied;
- a fee notice gives 20 working days, from the day after the applicant receives
  it, to pay; unpaid by then the case is ready to close as 逾期未缴费
  (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号). Whether the days from
  notice to payment count is a deployment setting, `XXGK_FEE_PERIOD_COUNTED`
  (default: not counted; `xxgk.ledger.events.fee_period_counted`).

A pause's working days from its start through its end (both included) are not
counted; a pause still open stops the clock, so there is no due date until it ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.estimate import ESTIMATE_BASIS, ESTIMATE_NOTE
from xxgk.ledger.events import (
    ANSWER_DAYS,
    CORRECTION_NOTICE_DAYS,
    EVENT_LABELS,
    MAX_EXTENSION_DAYS,
    REGULATION,
    ClockError,
    Event,
    EventKind,
    Party,
    Step,
    check_events,
    day_text,
    fee_period_counted,
    one,
)
from xxgk.ledger.pauses import consultation_pauses, count, explain_consultations, fee

__all__ = [
    "EVENT_LABELS",
    "ClockError",
    "Deadline",
    "Event",
    "EventKind",
    "Party",
    "Step",
    "check_events",
    "deadline",
]

State = Literal["running", "awaiting_correction", "late_correction", "awaiting_fee", "consulting"]
NO_CORRECTION = "other_no_correction"
UNPAID_FEE = "other_unpaid_fee"


@dataclass(frozen=True, slots=True)
class Deadline:
    """The due date (None while the clock waits for the applicant or a consultation) and how it was reached.

    `estimated_years`: the years counted through whose schedule is not published yet
    (`WorkCalendar.estimated`); every date here is then an estimate (推定).
    `attention`: while the clock waits, the last day of the period it waits on (the
    applicant's 补正 period, the pay-by date, another agency's 15 days); after it
    the case comes back up, ready to close as `closable` (an outcome key) when set.
    `errors`: facts on the case the rules forbid (a late 补正 notice, an extension
    after the due date); the clock counts as if they had not happened.
    """

    due: date | None
    state: State
    steps: tuple[Step, ...]
    correction_notice_by: date
    fee_payment_by: date | None = None
    warnings: tuple[str, ...] = field(default=())
    estimated_years: tuple[int, ...] = field(default=())
    attention: date | None = None
    closable: str | None = None
    errors: tuple[str, ...] = field(default=())

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
            "attention": self.attention.isoformat() if self.attention else None,
            "closable": self.closable,
            "steps": [step.to_dict() for step in self.steps],
            "warnings": list(self.warnings),
            "errors": list(self.errors),
        }


@dataclass(slots=True)
class _Trace:
    steps: list[Step] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Correction:
    anchor: date
    state: State | None = None  # None: not waiting
    attention: date | None = None


def estimate_note(years: Iterable[int]) -> str:
    """ "2027 年：该年国务院放假安排尚未公布，……" for the estimated `years` ("" for none)."""
    shown = "、".join(str(year) for year in years)
    return f"{shown} 年：{ESTIMATE_NOTE}" if shown else ""


def deadline(
    received: date,
    events: Iterable[Event],
    calendar: WorkCalendar,
    *,
    decided: date | None = None,
    fee_counted: bool | None = None,
) -> Deadline:
    """The answer deadline of an application received on `received`, given its events (in any order).

    `fee_counted`: the `XXGK_FEE_PERIOD_COUNTED` setting (None: read it).
    """
    events = sorted(events, key=lambda e: (e.on, e.kind))
    check_events(received, events, decided)
    counted_fee = fee_period_counted() if fee_counted is None else fee_counted
    trace = _Trace()
    first = calendar.nth_workday_after(received, 1)
    trace.steps.append(
        Step(
            received,
            f"{day_text(received)} 收到申请，当日不计入；第 1 个工作日为 {day_text(first)}",
            f"{REGULATION}第三十一条",
        )
    )
    notice_by = calendar.nth_workday_after(received, CORRECTION_NOTICE_DAYS)
    correction = _correction(received, events, notice_by, trace)
    paying = fee(events, calendar, counted_fee, trace.steps, trace.warnings)
    fee_by = paying.pay_by if paying else None
    reached = [notice_by, fee_by or notice_by]

    def waiting(state: State, attention: date | None, closable: str | None) -> Deadline:
        years = _estimated(received, [*reached, attention or notice_by], calendar, trace.steps)
        return Deadline(
            None, state, tuple(trace.steps), notice_by, fee_by, tuple(trace.warnings), years,
            attention, closable, tuple(trace.errors),
        )  # fmt: skip

    if correction.state is not None:
        return waiting(correction.state, correction.attention, NO_CORRECTION)
    extension = one(events, EventKind.extension)
    total = ANSWER_DAYS + (extension.days or 0 if extension is not None else 0)
    pauses = consultation_pauses(events, calendar)
    if paying is not None and paying.pause is not None:
        pauses.append(paying.pause)
    counted, paused, still_open = count(correction.anchor, total, pauses, calendar)
    reached += explain_consultations(events, counted, paused, calendar, trace.steps, trace.warnings)
    reached += counted[-1:] + paused[-1:]
    if still_open is not None:
        if paying is not None and still_open is paying.pause:
            return waiting("awaiting_fee", paying.pay_by, UNPAID_FEE)
        return waiting("consulting", still_open.attention, None)
    base_due = counted[ANSWER_DAYS - 1]
    if extension is not None and extension.on > base_due:
        trace.errors.append(
            f"延期答复于 {day_text(extension.on)} 决定，晚于答复期限 {day_text(base_due)}："
            f"延期须在期限届满前经负责人同意（{REGULATION}第三十三条第二款），此延期无效"
        )
        extension = None
    due = counted[-1] if extension is not None else base_due
    steps = trace.steps
    kinds = [
        name
        for name, present in (
            ("征求意见", any(e.kind is EventKind.consultation for e in events)),
            ("缴费", paying is not None and paying.pause is not None),
        )
        if present
    ]
    paused_note = f"（不计{'和'.join(kinds)}期间）" if paused and kinds else ""
    steps.append(
        Step(
            base_due,
            f"自 {day_text(correction.anchor)} 的次日起算{paused_note}，第 {ANSWER_DAYS} 个工作日为 {day_text(base_due)}",
            f"{REGULATION}第三十三条第二款",
        )
    )
    calendar_note = _calendar_note(correction.anchor, due, calendar)
    if calendar_note:
        source = (
            f"{ESTIMATE_BASIS}（推定）"
            if calendar.estimated_years(correction.anchor, due)
            else "国务院办公厅部分节假日安排的通知"
        )
        steps.append(Step(None, calendar_note, source))
    if extension is not None:
        steps.append(_extension_step(extension, base_due, due, trace.warnings))
    if decided is not None:
        steps.append(_decision_step(decided, due, calendar))
    years = _estimated(received, [*reached, max(due, decided or due)], calendar, steps)
    steps.append(Step(due, f"答复期限：{day_text(due)}{'（推定）' if years else ''}", ""))
    unpaid = paying is not None and paying.unpaid
    return Deadline(
        due, "running", tuple(steps), notice_by, fee_by, tuple(trace.warnings), years,
        paying.pay_by if paying and unpaid else None, UNPAID_FEE if unpaid else None, tuple(trace.errors),
    )  # fmt: skip


def late_days(clock: Deadline, decided: date, calendar: WorkCalendar) -> int:
    """Working days the answer of `decided` came after the due date (0 in time or without a due date)."""
    if clock.due is None or decided <= clock.due:
        return 0
    return calendar.workdays_between(clock.due, decided)


def _estimated(received: date, reached: list[date], calendar: WorkCalendar, steps: list[Step]) -> tuple[int, ...]:
    """The estimated years counted through from receipt to the last day computed; explained in a step."""
    years = calendar.estimated_years(received, max(reached))
    if years:
        steps.append(Step(None, estimate_note(years), ESTIMATE_BASIS))
    return years


def _correction(received: date, events: Sequence[Event], notice_by: date, trace: _Trace) -> _Correction:
    """The day the 20 days run from, and whether (and until when) the clock waits for the applicant."""
    notice = one(events, EventKind.correction_notice)
    corrected = one(events, EventKind.correction_received)
    basis = f"{REGULATION}第三十条"
    steps = trace.steps
    restart = "答复期限自该日重新计算，当日不计入"
    if notice is None:
        if corrected is None:
            return _Correction(received)
        trace.warnings.append(
            f"未记录补正告知日期，无法核对是否在收到申请后 {CORRECTION_NOTICE_DAYS} 个工作日内（{day_text(notice_by)} 前）告知"
        )
        steps.append(Step(corrected.on, f"{day_text(corrected.on)} 收到补正，{restart}", basis))
        return _Correction(corrected.on)
    if notice.on > notice_by:
        trace.errors.append(
            f"补正告知于 {day_text(notice.on)} 发出，晚于收到申请后 {CORRECTION_NOTICE_DAYS} 个工作日"
            f"（{day_text(notice_by)}）：不能据此重新计算答复期限（第三十条）"
        )
        steps.append(
            Step(notice.on, f"{day_text(notice.on)} 的补正告知晚于法定期限，答复期限仍自收到申请起计算", basis)
        )
        return _Correction(received)
    period = f"，申请人应于 {day_text(notice.until)} 前补正" if notice.until else "，未写明申请人的补正期限"
    steps.append(
        Step(
            notice.on,
            f"{day_text(notice.on)} 一次性告知补正（应在收到申请后 {CORRECTION_NOTICE_DAYS} 个工作日内，"
            f"即 {day_text(notice_by)} 前）{period}",
            basis,
        )
    )
    if notice.until is None:
        trace.warnings.append("补正告知未写明申请人的补正期限（第三十条：应明确合理的补正期限）")
    if corrected is None:
        steps.append(
            Step(
                notice.until,
                "等待申请人补正；期限自收到补正之日起重新计算；补正期限届满仍未补正的，视为放弃申请，"
                "可按“（六）1.逾期不补正”办结",
                basis,
            )
        )
        return _Correction(received, "awaiting_correction", notice.until)
    if notice.until is not None and corrected.on > notice.until and not corrected.reason:
        late = f"{day_text(corrected.on)} 收到的补正晚于告知的补正期限 {day_text(notice.until)}"
        trace.warnings.append(f"{late}：请承办人决定")
        steps.append(
            Step(
                corrected.on,
                f"{late}：申请人有正当理由的，登记理由后{restart}；无正当理由的，按“（六）1.逾期不补正”办结",
                basis,
            )
        )
        return _Correction(received, "late_correction", notice.until)
    accepted = f"（逾期补正，正当理由：{corrected.reason}）" if corrected.reason else ""
    steps.append(Step(corrected.on, f"{day_text(corrected.on)} 收到补正{accepted}，{restart}", basis))
    return _Correction(corrected.on)


def _extension_step(extension: Event, base_due: date, due: date, warnings: list[str]) -> Step:
    who = f"经{extension.approver}同意" if extension.approver else "（未记录审批人）"
    why = f"，理由：{extension.reason}" if extension.reason else "（未记录理由）"
    if not (extension.approver and extension.reason):
        warnings.append("延期答复未记录审批人或理由：须经政府信息公开工作机构负责人同意并告知申请人")
    return Step(
        extension.on,
        f"{day_text(extension.on)} {who}延期 {extension.days} 个工作日{why}：期限由 {day_text(base_due)} 延至 {day_text(due)}",
        f"{REGULATION}第三十三条第二款（最长 {MAX_EXTENSION_DAYS} 个工作日）",
    )


def _decision_step(decided: date, due: date, calendar: WorkCalendar) -> Step:
    if decided <= due:
        return Step(decided, f"{day_text(decided)} 办结，在期限内", "")
    late = calendar.workdays_between(due, decided)
    return Step(decided, f"{day_text(decided)} 办结，超过期限 {late} 个工作日", "")


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
        parts.append("计入调休上班日 " + "、".join(day_text(d) for d in makeup))
    return "；".join(parts)


def _runs(days: list[date]) -> list[str]:
    """Consecutive weekdays as ranges (a weekend inside a holiday joins the run)."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days <= 3:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [day_text(r[0]) if len(r) == 1 else f"{day_text(r[0])} 至 {day_text(r[-1])}" for r in runs]
