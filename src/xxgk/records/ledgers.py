"""Table 二 cells counted from the decisions, fees, 事项 and procurement ledgers (pure functions
over their rows: anything with the columns of `xxgk.store.records` as attributes), each with the
rows behind it.

处理决定数量 = decisions of the row's type dated in the year (granted or refused alike);
2021 本年收费金额 = fees collected in the year, 元 ÷ 10 000 (万元, four decimals);
2019 上一年项目数量 = 事项 of the type on the list on 31 December of the year before,
本年增/减 = those on it on 31 December of the year minus those; 政府集中采购 = projects
contracted in the year and their amount in 元 (the template's average-per-project prior
is in 元).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from xxgk.records.vocabulary import FEES, PROCUREMENT, decision_kinds, matter_kinds
from xxgk.template import get_template

TEN_THOUSAND = Decimal(10_000)


@dataclass(frozen=True, slots=True)
class Tally:
    """A counted cell of a ledger: its value and the ids of the rows behind it."""

    value: Decimal
    members: tuple[int, ...]


def _within(day: date, year: int) -> bool:
    return date(year, 1, 1) <= day <= date(year, 12, 31)


def decision_cells(decisions: Sequence[Any], year: int, template_key: str) -> dict[str, Tally]:
    rows = _rows_with(template_key, "decisions", decision_kinds())
    cells: dict[str, Tally] = {}
    for row in rows:
        chosen = [d.id for d in decisions if d.kind == row and _within(d.decided_on, year)]
        cells[f"active.{row}.decisions"] = Tally(Decimal(len(chosen)), tuple(chosen))
    return cells


def fee_cells(fees: Sequence[Any], year: int, template_key: str) -> dict[str, Tally]:
    if template_key != "2021":
        return {}
    chosen = [f for f in fees if _within(f.paid_on, year)]
    total = sum((f.amount for f in chosen), Decimal(0)) / TEN_THOUSAND
    return {f"active.{FEES}.amount": Tally(total.quantize(Decimal("0.0001")), tuple(f.id for f in chosen))}


def listed_on(matter: Any, day: date) -> bool:
    return matter.valid_from <= day and (matter.valid_to is None or matter.valid_to >= day)


def matter_cells(matters: Sequence[Any], year: int, template_key: str) -> dict[str, Tally]:
    if template_key != "2019":
        return {}
    before, end = date(year - 1, 12, 31), date(year, 12, 31)
    cells: dict[str, Tally] = {}
    for row in _rows_with(template_key, "previous_items", matter_kinds()):
        mine = [m for m in matters if m.kind == row]
        previous = [m.id for m in mine if listed_on(m, before)]
        current = [m.id for m in mine if listed_on(m, end)]
        moved = sorted(set(previous) ^ set(current))
        cells[f"active.{row}.previous_items"] = Tally(Decimal(len(previous)), tuple(previous))
        cells[f"active.{row}.change"] = Tally(Decimal(len(current) - len(previous)), tuple(moved))
    return cells


def procurement_cells(projects: Sequence[Any], year: int, template_key: str) -> dict[str, Tally]:
    if template_key != "2019":
        return {}
    chosen = [p for p in projects if _within(p.contracted_on, year)]
    ids = tuple(p.id for p in chosen)
    amount = sum((p.amount for p in chosen), Decimal(0))
    return {
        f"active.{PROCUREMENT}.items": Tally(Decimal(len(chosen)), ids),
        f"active.{PROCUREMENT}.amount": Tally(amount, ids),
    }


def _rows_with(template_key: str, field_key: str, kinds: dict[str, str]) -> list[str]:
    table = get_template(template_key).table("active")
    return [r.key for r in table.rows if r.key in kinds and any(f.key == field_key for f in r.fields)]
