"""The columns of the four ledgers behind table 二 and one row of each parsed, or its problems.

Headers are matched with spaces and punctuation ignored, each column by its name or a
common variant; a row's problems are `第 N 行「列」：reason` (the ledger's `Problem`).
Dates as the catalogue reads them (2025-09-26, 2025/9/26, 2025年9月26日, an Excel date);
amounts in 元, non-negative, at most two decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from xxgk.disclosure.content import parse_day
from xxgk.ledger.layout import Problem
from xxgk.records.vocabulary import DECISIONS, FEES, MATTERS, PROCUREMENT, decision_kinds, kind_key, matter_kinds


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    variants: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True, slots=True)
class DecisionRow:
    line: int
    kind: str
    matter_code: str
    number: str
    decided_on: date
    result: str


@dataclass(frozen=True, slots=True)
class FeeRow:
    line: int
    number: str
    item: str
    paid_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class MatterRow:
    line: int
    kind: str
    code: str
    name: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class ProcurementRow:
    line: int
    number: str
    name: str
    contracted_on: date
    amount: Decimal


RecordRow = DecisionRow | FeeRow | MatterRow | ProcurementRow


class _Cells:
    """One row's cells read by column, collecting each problem instead of stopping at the first."""

    def __init__(self, layout: Layout, line: int, cells: dict[str, Any]) -> None:
        self.layout, self.line, self.cells = layout, line, cells
        self.problems: list[Problem] = []

    def _header(self, key: str) -> str:
        return next(c.header for c in self.layout.columns if c.key == key)

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.line, self._header(key), message))

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.cells.get(key)
        text = "" if value is None else str(value).strip()
        if isinstance(value, float) and value.is_integer():  # Excel stores 123 as 123.0
            text = str(int(value))
        if required and not text:
            self.problem(key, "不能为空")
        return text

    def day(self, key: str, *, required: bool = True) -> date | None:
        value = self.cells.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(key, required=required)
        if not text:
            return None
        parsed = parse_day(text)
        if parsed is None:
            self.problem(key, f"“{text}”不是有效日期（应写作 2025-09-26）")
        return parsed

    def amount(self, key: str) -> Decimal | None:
        text = self.text(key).replace(",", "").replace("，", "").removesuffix("元")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.problem(key, f"“{text}”不是金额（单位：元）")
            return None
        if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
            self.problem(key, f"“{text}”应为不小于 0、最多两位小数的金额（单位：元）")
            return None
        return value

    def kind(self, key: str, kinds: dict[str, str]) -> str | None:
        text = self.text(key)
        if not text:
            return None
        found = kind_key(text, kinds)
        if found is None:
            self.problem(key, f"“{text}”不是可选的类型（可选：{'、'.join(kinds.values())}）")
        return found


@dataclass(frozen=True, slots=True)
class Layout:
    """One ledger: its name, columns, the column keying a row, and how a row is read."""

    source: str
    name: str
    columns: tuple[Column, ...]
    key: str
    read: Callable[[_Cells], RecordRow | None]

    def parse(self, line: int, cells: dict[str, Any]) -> RecordRow | list[Problem]:
        reader = _Cells(self, line, cells)
        row = self.read(reader)
        return reader.problems if reader.problems or row is None else row


def _decision(c: _Cells) -> DecisionRow | None:
    kind, code, number = c.kind("kind", decision_kinds()), c.text("matter_code"), c.text("number")
    decided, result = c.day("decided_on"), c.text("result")
    if kind is None or decided is None:
        return None
    return DecisionRow(c.line, kind, code, number, decided, result)


def _fee(c: _Cells) -> FeeRow | None:
    number, item, paid, amount = c.text("number"), c.text("item"), c.day("paid_on"), c.amount("amount")
    if paid is None or amount is None:
        return None
    return FeeRow(c.line, number, item, paid, amount)


def _matter(c: _Cells) -> MatterRow | None:
    kind, code, name = c.kind("kind", matter_kinds()), c.text("code"), c.text("name")
    start, end = c.day("valid_from"), c.day("valid_to", required=False)
    if start is not None and end is not None and end < start:
        c.problem("valid_to", f"截止日期 {end} 早于起始日期 {start}")
    if kind is None or start is None:
        return None
    return MatterRow(c.line, kind, code, name, start, end)


def _procurement(c: _Cells) -> ProcurementRow | None:
    number, name, day, amount = c.text("number"), c.text("name"), c.day("contracted_on"), c.amount("amount")
    if day is None or amount is None:
        return None
    return ProcurementRow(c.line, number, name, day, amount)


LAYOUTS: dict[str, Layout] = {
    DECISIONS: Layout(
        DECISIONS,
        "行政决定台账",
        (
            Column("kind", "类型", ("决定类型", "事项类型")),
            Column("matter_code", "事项编码", ("事项代码", "实施编码")),
            Column("number", "决定文书号", ("文书号", "决定书文号", "决定编号")),
            Column("decided_on", "决定日期", ("作出决定日期", "办结日期")),
            Column("result", "决定结果", ("结果", "办理结果")),
        ),
        "number",
        _decision,
    ),
    FEES: Layout(
        FEES,
        "行政事业性收费台账",
        (
            Column("number", "票据号", ("票据号码", "收费票据号")),
            Column("item", "收费项目", ("项目名称",)),
            Column("paid_on", "收费日期", ("缴费日期", "开票日期")),
            Column("amount", "金额（元）", ("金额", "收费金额（元）", "收费金额")),
        ),
        "number",
        _fee,
    ),
    MATTERS: Layout(
        MATTERS,
        "权责清单（事项）",
        (
            Column("kind", "类型", ("事项类型", "权力类型")),
            Column("code", "事项编码", ("事项代码", "编码")),
            Column("name", "事项名称", ("名称",)),
            Column("valid_from", "起始日期", ("生效日期", "列入日期")),
            Column("valid_to", "截止日期", ("失效日期", "取消日期"), required=False),
        ),
        "code",
        _matter,
    ),
    PROCUREMENT: Layout(
        PROCUREMENT,
        "政府集中采购台账",
        (
            Column("number", "项目编号", ("采购项目编号", "编号")),
            Column("name", "项目名称", ("采购项目名称",)),
            Column("contracted_on", "合同日期", ("签订日期", "采购日期")),
            Column("amount", "金额（元）", ("采购金额（元）", "合同金额（元）", "金额", "采购金额")),
        ),
        "number",
        _procurement,
    ),
}
