"""Realistic generated ledgers, for tests and the benchmark: deterministic for a seed.

Applications arrive over several years, mostly from natural persons; some get a
补正 notice (and some never answer it: 逾期不补正), a consultation, an extension or
a fee notice (and some never pay: 逾期未缴费); each is decided on a working day
within its statutory deadline (a few late), with outcomes in realistic
proportions drawn from the decision year's template rows; those not decided by
the ledger's closing date stay open. Review and litigation cases and table 二
figures come with them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.cases import add_review_case, set_active_figures
from xxgk.ledger.clock import NO_CORRECTION, UNPAID_FEE, Event, EventKind, deadline
from xxgk.ledger.layout import LedgerRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from xxgk.store.agencies import Agency

from xxgk.ledger.vocabulary import case_kinds, case_results, outcome_key, outcome_row, roles, template_for_year

# Applicant columns in table order, weighted as in county and city reports.
APPLICANT_WEIGHTS = (80, 9, 1, 1, 5, 4)
# Weight of each outcome row by its position among the template's outcome rows: 予以公开 and
# 部分公开 lead, 本机关不掌握 is common, the rest are rare.
_FIRST_OUTCOME_WEIGHTS = (40, 12)
_NOT_HELD_WEIGHT = 15
_RARE_WEIGHT = 1.5
CHANNELS = ("网上申请", "当面提交", "信函", "电子邮件", "传真")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
REQUESTS = (
    "申请公开本单位{y}年度部门预算及决算",
    "申请公开某地块征收补偿方案及批复文件",
    "申请公开{y}年行政处罚决定书",
    "申请公开某项目环境影响评价审批文件",
    "申请公开某道路改造工程招标文件",
    "申请公开本人房屋拆迁安置协议相关文件",
)


@dataclass(frozen=True, slots=True)
class ReviewCaseSpec:
    kind: str
    filed_on: date
    concluded_on: date | None
    result: str | None
    application: str | None


@dataclass(frozen=True, slots=True)
class GeneratedLedger:
    rows: list[LedgerRow]
    cases: list[ReviewCaseSpec]
    active: dict[int, dict[str, Decimal]]
    closing: date


def generate_ledger(seed: int, years: range, per_year: int, *, closing: date | None = None) -> GeneratedLedger:
    """`per_year` applications received in each of `years`; the ledger as it stands on `closing`
    (default: 20 January after the last year, so some of December's applications are still open)."""
    rng = random.Random(seed)
    calendar = WorkCalendar()
    closing = closing or date(years[-1] + 1, 1, 20)
    rows: list[LedgerRow] = []
    for year in years:
        days = sorted(_received_day(rng, year, calendar) for _ in range(per_year))
        rows += [_application(rng, f"{year}-{i:06d}", day, calendar, closing) for i, day in enumerate(days, 1)]
    cases = [_case(rng, year, rows, closing) for year in years for _ in range(max(1, per_year // 200))]
    active = {year: _active(rng, year) for year in years}
    return GeneratedLedger(rows, cases, active, closing)


def _received_day(rng: random.Random, year: int, calendar: WorkCalendar) -> date:
    while True:
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        if calendar.is_workday(day) or rng.random() < 0.1:  # online requests arrive at weekends too
            return day


def _application(rng: random.Random, number: str, received: date, calendar: WorkCalendar, closing: date) -> LedgerRow:
    parts = roles("2021").parts
    applicant = rng.choices(parts, APPLICANT_WEIGHTS)[0]
    events: list[Event] = []
    anchor = received
    forced: str | None = None
    if rng.random() < 0.06:
        notice = calendar.nth_workday_after(received, rng.randint(1, 7))
        events.append(Event(EventKind.correction_notice, notice, until=calendar.nth_workday_after(notice, 15)))
        if rng.random() < 0.75:
            anchor = calendar.nth_workday_after(notice, rng.randint(1, 15))
            events.append(Event(EventKind.correction_received, anchor))
        else:
            forced = "no_correction"
            anchor = calendar.nth_workday_after(notice, 15)
    if forced is None and rng.random() < 0.05:
        start = calendar.nth_workday_after(anchor, rng.randint(2, 10))
        end = calendar.nth_workday_after(start, rng.randint(3, 15))
        events.append(Event(EventKind.consultation, start, until=end if end <= closing else None))
    if forced is None and rng.random() < 0.08:
        events.append(
            Event(EventKind.extension, anchor, days=rng.randint(5, 20), approver="办公室主任", reason="申请内容复杂")
        )
    if forced is None and rng.random() < 0.015:
        fee = calendar.nth_workday_after(anchor, rng.randint(3, 10))
        events.append(Event(EventKind.fee_notice, fee))
        if rng.random() < 0.7:
            events.append(Event(EventKind.fee_paid, calendar.nth_workday_after(fee, rng.randint(1, 20))))
        else:
            forced = "unpaid"
            anchor = calendar.nth_workday_after(fee, 20)
    decided = _decision_day(rng, received, anchor, events, calendar, forced)
    outcome = _outcome(rng, decided, forced) if decided and decided <= closing else None
    if outcome is None:  # the ledger as it stands on the closing day knows nothing later
        events = [e for e in events if e.on <= closing]
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
    return LedgerRow(
        number=number,
        received=received,
        applicant_type=applicant,
        channel=rng.choice(CHANNELS),
        request=rng.choice(REQUESTS).format(y=received.year - 1),
        events=tuple(events),
        decided=decided if outcome else None,
        outcome=outcome,
        applicant_name=name if applicant == parts[0] else f"某{rng.choice(('科技', '律师', '研究'))}机构{number[-3:]}",
        applicant_contact=f"13{rng.randint(100000000, 999999999)}",
        reply="已答复" if outcome else None,
    )


def _decision_day(
    rng: random.Random,
    received: date,
    anchor: date,
    events: list[Event],
    calendar: WorkCalendar,
    forced: str | None,
) -> date | None:
    if forced:
        return calendar.nth_workday_after(anchor, rng.randint(1, 5))
    if any(e.kind is EventKind.consultation and e.until is None for e in events):
        return None
    due = deadline(received, events, calendar).due
    assert due is not None
    if rng.random() < 0.05:
        return calendar.nth_workday_after(due, rng.randint(1, 10))
    last = max([anchor, *(e.on for e in events), *(e.until for e in events if e.until)])
    span = max(1, calendar.workdays_between(last, due))
    return calendar.nth_workday_after(last, rng.randint(1, span))


def _outcome(rng: random.Random, decided: date, forced: str | None) -> str:
    template = template_for_year(decided.year)
    outcomes = [row for row in template.table("applications").rows if row.outcome and not row.optional]
    if forced:
        wanted = "逾期不补正" if forced == "no_correction" else "逾期未缴费"
        key = outcome_key(wanted)
        assert key is not None
        row = outcome_row(key, template)
        assert row is not None
        return key if row == key or rng.random() < 0.5 else row
    # 逾期不补正/逾期未缴费 only where the notice and its period are there (`forced`): the closing rules
    weights = [_weight(i, row.key) for i, row in enumerate(outcomes) if row.key not in (NO_CORRECTION, UNPAID_FEE)]
    return rng.choices([row.key for row in outcomes if row.key not in (NO_CORRECTION, UNPAID_FEE)], weights)[0]


def _weight(position: int, key: str) -> float:
    if position < len(_FIRST_OUTCOME_WEIGHTS):
        return _FIRST_OUTCOME_WEIGHTS[position]
    return _NOT_HELD_WEIGHT if key.endswith("not_held") else _RARE_WEIGHT


def _case(rng: random.Random, year: int, rows: list[LedgerRow], closing: date) -> ReviewCaseSpec:
    decided = [r for r in rows if r.decided and r.decided.year == year]
    linked = rng.choice(decided) if decided else None
    filed = (linked.decided if linked and linked.decided else date(year, 6, 1)) + timedelta(days=rng.randint(5, 60))
    concluded = filed + timedelta(days=rng.randint(30, 400))
    done = concluded <= closing and rng.random() < 0.85
    return ReviewCaseSpec(
        kind=rng.choice(list(case_kinds())),
        filed_on=filed,
        concluded_on=concluded if done else None,
        result=rng.choice(list(case_results())) if done else None,
        application=linked.number if linked else None,
    )


def _active(rng: random.Random, year: int) -> dict[str, Decimal]:
    template = template_for_year(year)
    figures: dict[str, Decimal] = {}
    for cell in template.cell_ids(include_optional=False):
        if not cell.startswith("active."):
            continue
        kind = template.field_of(cell).kind
        if kind == "amount":
            figures[cell] = Decimal(rng.randint(0, 500_000)) / 100
        elif kind == "signed":
            figures[cell] = Decimal(rng.randint(-5, 5))
        else:
            figures[cell] = Decimal(rng.choice((0, 0, 1, 2, 5, 12, 40)))
    return figures


def enter_cases_and_figures(session: Session, agency: Agency, ledger: GeneratedLedger, actor: str = "生成数据") -> None:
    """Record the generated review cases and table 二 figures through the service, as a clerk would."""
    for case in ledger.cases:
        add_review_case(
            session,
            agency,
            kind=case.kind,
            filed_on=case.filed_on,
            concluded_on=case.concluded_on,
            result=case.result,
            application_number=case.application,
            actor=actor,
        )
    for year, figures in ledger.active.items():
        set_active_figures(session, agency, year, {cell: str(value) for cell, value in figures.items()}, actor=actor)
