"""Review and litigation cases (table 四) and the figures of table 二 entered by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.ledger.applications import find_application
from xxgk.ledger.records import LedgerError
from xxgk.ledger.vocabulary import case_kind_key, case_kinds, case_result_key, case_results, template_for_year
from xxgk.report import Report
from xxgk.store.agencies import Agency
from xxgk.store.ledger import ActiveFigure, ReviewCase


def add_review_case(
    session: Session,
    agency: Agency,
    *,
    kind: str,
    filed_on: date,
    concluded_on: date | None = None,
    result: str | None = None,
    application_number: str | None = None,
    number: str | None = None,
) -> ReviewCase:
    """Record a review or lawsuit; `kind` and `result` as labels or keys; no result = pending."""
    kind_key = case_kind_key(kind)
    if kind_key is None:
        raise LedgerError(f"“{kind}”不是复议或诉讼类别（应为 {'、'.join(case_kinds().values())} 之一）")
    result_key = case_result_key(result) if result else None
    if result and result_key is None:
        raise LedgerError(f"“{result}”不是审结结果（应为 {'、'.join(case_results().values())} 之一）")
    if (concluded_on is None) != (result_key is None):
        raise LedgerError("审结日期和审结结果应同时填写（尚未审结的两者都不填）")
    if concluded_on is not None and concluded_on < filed_on:
        raise LedgerError(f"审结日期 {concluded_on} 早于立案日期 {filed_on}")
    linked = find_application(session, agency, application_number) if application_number else None
    case = ReviewCase(
        agency_id=agency.id,
        kind=kind_key,
        number=number,
        filed_on=filed_on,
        concluded_on=concluded_on,
        result=result_key,
        application_id=linked.id if linked else None,
    )
    session.add(case)
    session.flush()
    return case


def set_active_figures(session: Session, agency: Agency, year: int, values: dict[str, str]) -> None:
    """Enter table 二 cells of a year (cell id or `row.field` → number); checked against the year's template."""
    template = template_for_year(year)
    for cell, text in values.items():
        cell_id = cell if cell.startswith("active.") else f"active.{cell}"
        if cell_id not in template.cell_ids():
            known = "、".join(c.removeprefix("active.") for c in template.cell_ids() if c.startswith("active."))
            raise LedgerError(f"“{cell}”不是 {year} 年表二的单元格（{template.basis}：{known}）")
        kind = template.field_of(cell_id).kind
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            raise LedgerError(f"表二 {cell}：“{text}”不是数字") from None
        if not value.is_finite() or (kind != "amount" and value != value.to_integral_value()):
            raise LedgerError(f"表二 {cell}：“{text}”应为整数")
        if value < 0 and kind != "signed":
            raise LedgerError(f"表二 {cell}：“{text}”不能为负数")
        stored = session.scalars(
            select(ActiveFigure).where(
                ActiveFigure.agency_id == agency.id, ActiveFigure.year == year, ActiveFigure.cell == cell_id
            )
        ).one_or_none()
        if stored is None:
            session.add(ActiveFigure(agency_id=agency.id, year=year, cell=cell_id, value=value))
        else:
            stored.value = value


def active_cells_of(report: Report, year: int) -> dict[str, str]:
    """Table 二 cells of a report (parsed or canonical), for `set_active_figures`; the format must be the year's."""
    template = template_for_year(year)
    if report.template != template.key:
        raise LedgerError(
            f"报告使用 {report.template} 年版格式，而 {year} 年度应使用 {template.key} 年版格式（{template.basis}）"
        )
    cells = (c for c in template.cell_ids(include_optional=False) if c.startswith("active."))
    return {c: str(v) for c in cells if (v := report.get(c)) is not None}
