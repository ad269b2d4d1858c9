"""The vocabulary of a national report template: fields, rows, tables, equations.

A template is data. Parsing, checking, rendering and the ledger all ask it; no
other module lists rows or labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

FieldKind = Literal["count", "signed", "amount"]
TableKey = Literal["active", "applications", "review_litigation"]


@dataclass(frozen=True, slots=True)
class Field:
    """One numeric column of a row: key, official column label and value kind.

    `count` is a non-negative integer, `signed` an integer that may be negative
    (2019's 本年增/减), `amount` a non-negative decimal (money). `headers` are
    phrases that identify the column's header cell when it prints neither the
    label nor a variant whole ("收费金额（万元）").
    """

    key: str
    label: str
    kind: FieldKind = "count"
    variants: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prior:
    """A documented convention used only to choose between splits of glued digits
    when the table's arithmetic cannot (table 二 has no arithmetic).

    `zero`: prefer the split where `fields[0]` is 0;
    `equal`: prefer the split where all `fields` are equal;
    `ratio`: prefer the split where fields[0] / fields[1] lies in [low, high].
    """

    kind: Literal["zero", "equal", "ratio"]
    fields: tuple[str, ...]
    low: float = 0.0
    high: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """How a report's prose states one cell of a table 二 row, to choose between splits of its glued digits.

    A clause naming the row's `subject` (规范性文件) and one of `cues` (制发) before a count
    ("制发行政规范性文件9件") states `field`'s value; used only when the digits allow several
    readings and the table has no arithmetic to choose by.
    """

    field: str
    subject: str
    cues: tuple[str, ...]
    # The words a figure is counted in ("9件"); an amount in 元 ("共5419886元") names its unit, never 万元.
    units: tuple[str, ...] = ("件", "份", "个")
    # An amount may have decimals ("涉及金额3601627.4元"); a count never does ("1.5件" is no count).
    fraction: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its key, official label and the phrases that identify it.

    `match` holds distinctive phrases of the label after folding (no spaces or
    punctuation); a `weak` row is chosen only when no other candidate row matches;
    an `exact` row matches only when the whole label equals one of its phrases.
    `group` is the merged row header the row sits under, `outcome` marks rows that
    add up to （七）总计, and `optional` rows are printed by only some reports.
    `enumerator` is the sub-item number printed before the label (1. 2. ...).
    `short` holds the short names clerks write in a ledger's 办理结果 column where the
    label's own words do not give them (逾期未缴费).
    """

    key: str
    label: str
    fields: tuple[Field, ...]
    match: tuple[str, ...]
    group: str | None = None
    caption: str | None = None
    variants: tuple[str, ...] = ()
    outcome: bool = False
    optional: bool = False
    weak: bool = False
    exact: bool = False
    enumerator: int | None = None
    priors: tuple[Prior, ...] = ()
    stated: tuple[Statement, ...] = ()
    # An optional row printed instead of these rows (2021 reports with the old （六）其他处理).
    replaces: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    # Table key → this row's cell ids, remembered: extraction and the checks ask for them in inner loops.
    _cells: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cells", {})

    def cell_ids(self, table: str) -> tuple[str, ...]:
        found = self._cells.get(table)
        if found is None:
            found = self._cells[table] = tuple(f"{table}.{self.key}.{f.key}" for f in self.fields)
        return found


@dataclass(frozen=True, slots=True)
class ColumnGroup:
    """A header cell merged over consecutive columns: 申请人情况 over all seven, 法人或其他组织 over five."""

    label: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One of the three statistical tables (二, 三, 四).

    `corner` is the header cell over the row labels (信息内容 in table 二, the
    勾稽 note in table 三); `column_groups` are the merged header cells above the
    column labels, outermost first.
    """

    key: TableKey
    number: str
    title: str
    rows: tuple[Row, ...]
    groups: tuple[str, ...] = ()
    # Printed as one line of values across all rows (table 四), not row by row.
    flat: bool = False
    corner: str = ""
    column_groups: tuple[ColumnGroup, ...] = ()
    # Row key → the merged row headers over that row, outermost first (see `_group_chains`).
    group_chains: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "group_chains", _group_chains(self.rows))

    def replaced_rows(self, printed: set[str]) -> set[str]:
        """Rows not expected because an optional row printed in their place."""
        return {key for row in self.rows if row.key in printed for key in row.replaces}

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


def _group_chains(rows: tuple[Row, ...]) -> dict[str, tuple[str, ...]]:
    """Each row's chain of row groups, outermost first.

    A group covers the rows from its first member to its last; a group whose rows
    all lie inside another group's span is nested in it (（三）不予公开 inside
    三、本年度办理结果), so a row names only its innermost group.
    """
    spans: dict[str, tuple[int, int]] = {}
    for index, row in enumerate(rows):
        if row.group is not None:
            first, _ = spans.get(row.group, (index, index))
            spans[row.group] = (first, index)
    chains: dict[str, tuple[str, ...]] = {}
    for index, row in enumerate(rows):
        around = [g for g, (first, last) in spans.items() if first <= index <= last and g != row.group]
        outer = sorted(around, key=lambda g: spans[g][0] - spans[g][1])
        chains[row.key] = (*outer, row.group) if row.group else tuple(outer)
    return chains


@dataclass(frozen=True, slots=True)
class Equation:
    """`sum(left) == sum(right)` over cell ids; `rule` names its catalogue entry."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    # left + right, kept: reconstruction and the checks ask for it in their inner loops.
    cells: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", self.left + self.right)

    def holds(self, values: Mapping[str, float]) -> bool:
        """Both sides equal within rounding, every cell of the equation in `values`."""
        return abs(sum(values[c] for c in self.left) - sum(values[c] for c in self.right)) < 1e-6


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six numbered sections of every report.

    A heading is recognised as a numeral, a mark (、．.) and then one of the
    `keywords`, with up to `lead` characters of other words before it (variant
    headings put 因政府信息公开工作被申请 before 行政复议). `variants` are whole
    headings seen in published reports; `local` are keywords of local layouts
    (概述, 依申请公开), accepted only after a numeral and a mark and where the
    template's own wording is not printed.
    """

    key: str
    number: str
    title: str
    keywords: tuple[str, ...]
    table: TableKey | None = None
    variants: tuple[str, ...] = ()
    lead: int = 0
    local: tuple[str, ...] = ()


EQUATION_CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class Template:
    """A national report format: its tables, equations and the markers that detect it."""

    key: Literal["2019", "2021"]
    name: str
    basis: str
    tables: tuple[TableSpec, ...]
    markers: tuple[str, ...]
    equations: tuple[Equation, ...] = field(default=())
    _all_cells: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _required_cells: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _fields: dict[str, Field] = field(init=False, repr=False, compare=False, hash=False)
    _equations_cache: dict[frozenset[str], tuple[Equation, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _within_cache: dict[tuple[str, ...], tuple[Equation, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        cells = {
            f"{table.key}.{row.key}.{f.key}": (f, row.optional)
            for table in self.tables
            for row in table.rows
            for f in row.fields
        }
        object.__setattr__(self, "_all_cells", tuple(cells))
        object.__setattr__(self, "_required_cells", tuple(c for c, (_, optional) in cells.items() if not optional))
        object.__setattr__(self, "_fields", {c: f for c, (f, _) in cells.items()})
        object.__setattr__(self, "_equations_cache", {})
        object.__setattr__(self, "_within_cache", {})

    def table(self, key: str) -> TableSpec:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def equations_without(self, absent_rows: set[str] | frozenset[str]) -> tuple[Equation, ...]:
        """The equations over the rows a document prints: terms of `absent_rows` ("table.row") dropped.

        Remembered per set of absent rows: most documents print every row, and
        every document is checked against the same few sets.
        """
        key = frozenset(absent_rows)
        found = self._equations_cache.get(key)
        if found is None:
            found = self._equations_computed(key)
            if len(self._equations_cache) < EQUATION_CACHE_SIZE:
                self._equations_cache[key] = found
        return found

    def equations_within(self, cells: tuple[str, ...]) -> tuple[Equation, ...]:
        """The equations whose every cell is among `cells` (a row's own arithmetic), remembered."""
        found = self._within_cache.get(cells)
        if found is None:
            own = set(cells)
            found = tuple(eq for eq in self.equations if own.issuperset(eq.cells))
            self._within_cache[cells] = found
        return found

    def _equations_computed(self, absent_rows: frozenset[str]) -> tuple[Equation, ...]:
        out: list[Equation] = []
        for eq in self.equations:
            left = tuple(c for c in eq.left if c.rsplit(".", 1)[0] not in absent_rows)
            right = tuple(c for c in eq.right if c.rsplit(".", 1)[0] not in absent_rows)
            if left and right:
                out.append(Equation(eq.rule, left, right))
        return tuple(out)

    def cell_ids(self, *, include_optional: bool = True) -> tuple[str, ...]:
        """Every cell id, in table, row and column order."""
        return self._all_cells if include_optional else self._required_cells

    def field_of(self, cell_id: str) -> Field:
        return self._fields[cell_id]
