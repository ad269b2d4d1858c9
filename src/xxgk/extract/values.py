"""Turn a row's printed value tokens into candidate rows of numbers.

Usually a row prints exactly one value per column. When it prints fewer, digits
may have been glued together (`21710000218`): every way of cutting them into the
right number of values is a candidate, and the row's own arithmetic (总计 = the
sum of its parts) filters them. Table 二 has no arithmetic, so there the
template's documented conventions (`Prior`) may choose, and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

from xxgk.extract.tokens import Token
from xxgk.template import Equation, Field, Prior, Row

Value = int | float | None
Candidate = tuple[Value, ...]
Status = Literal["exact", "blank", "split", "extra", "short", "ambiguous", "absent"]

# Cutting a long glued run has combinatorially many answers; past these we give up.
MAX_CANDIDATES = 20000
MAX_STEPS = 200_000


@dataclass(frozen=True, slots=True)
class Line:
    """A printed row of cells: usually one template row, for table 四 all of its rows."""

    name: str
    cells: tuple[str, ...]
    fields: tuple[Field, ...]
    priors: tuple[Prior, ...] = ()

    @classmethod
    def of_row(cls, row: Row, table: str) -> Line:
        return cls(row.label, row.cell_ids(table), row.fields, row.priors)

    @classmethod
    def of_rows(cls, rows: tuple[Row, ...], table: str, name: str) -> Line:
        cells = tuple(c for row in rows for c in row.cell_ids(table))
        return cls(name, cells, tuple(f for row in rows for f in row.fields))


@dataclass(slots=True)
class RowReading:
    """What could be read for one line: one candidate, several, or none."""

    line: Line
    status: Status
    candidates: list[Candidate] = field(default_factory=list)
    observed: list[Value] = field(default_factory=list)
    printed: str = ""
    reason: str = ""

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return self.line.cells


def parse_number(text: str) -> Value:
    """A printed number as int or float ("-675", "96171.6", "007")."""
    return float(text) if "." in text else int(text)


def read_row(line: Line, tokens: list[Token], equations: Sequence[Equation], *, may_split: bool = True) -> RowReading:
    """Interpret a row's tokens against its columns and its own equations (`Template.equations_within`).

    `may_split` allows cutting printed numbers apart where no equation checks the
    cut; it is for tables whose cells the document glues together.
    """
    values = [t for t in tokens if t.is_value]
    printed = " ".join(t.text for t in values)
    n = len(line.fields)
    if not values:
        return RowReading(line, "blank", [(None,) * n], printed=printed)
    observed = [None if t.kind == "placeholder" else parse_number(t.text) for t in values]
    if len(values) == n and all(_fits(v, f) for v, f in zip(observed, line.fields, strict=True)):
        return RowReading(line, "exact", [tuple(observed)], observed, printed)
    if len(values) > n:
        return _fewer(line, values, observed, equations, printed)
    if not equations and not may_split:
        return RowReading(line, "short", [], observed, printed)
    try:
        candidates = _splits(values, line.fields, _checks(line, equations))
    except _TooManyWays:
        return RowReading(line, "ambiguous", [], observed, printed, "粘连数字过长，拆分方式太多")
    if not candidates:
        return RowReading(line, "short", [], observed, printed)
    if len(candidates) > 1 and line.priors:
        return _by_priors(line, candidates, observed, printed)
    status: Status = "split" if len(candidates) == 1 else "ambiguous"
    return RowReading(line, status, candidates, observed, printed)


def _fewer(
    line: Line, values: list[Token], observed: list[Value], equations: Sequence[Equation], printed: str
) -> RowReading:
    """More values than columns: keep those subsets that satisfy the row's arithmetic."""
    n = len(line.fields)
    if len(values) - n > 3:
        return RowReading(line, "ambiguous", [], observed, printed, "数值个数多于栏目数")
    options = {tuple(observed[i] for i in keep) for keep in combinations(range(len(observed)), n)}
    fitting = [c for c in options if _satisfies(c, line, equations) and equations]
    status: Status = "extra" if len(fitting) == 1 else "ambiguous"
    return RowReading(line, status, fitting, observed, printed, "数值个数多于栏目数")


def _by_priors(line: Line, candidates: list[Candidate], observed: list[Value], printed: str) -> RowReading:
    keys = [f.key for f in line.fields]
    for prior in line.priors:
        chosen = [c for c in candidates if _prior_holds(prior, dict(zip(keys, c, strict=True)))]
        if len(chosen) == 1:
            return RowReading(line, "split", chosen, observed, printed, f"按惯例推断：{prior.reason}")
        if chosen:
            candidates = chosen
    return RowReading(line, "ambiguous", candidates, observed, printed)


def _prior_holds(prior: Prior, values: dict[str, Value]) -> bool:
    picked = [values.get(key) for key in prior.fields]
    if any(v is None for v in picked):
        return False
    if prior.kind == "zero":
        return picked[0] == 0
    if prior.kind == "equal":
        return len(set(picked)) == 1
    numerator, denominator = picked
    assert numerator is not None and denominator is not None
    return denominator > 0 and prior.low <= numerator / denominator <= prior.high


def _satisfies(candidate: Candidate, line: Line, equations: Sequence[Equation]) -> bool:
    cells = dict(zip(line.cells, candidate, strict=True))
    for eq in equations:
        left = [cells[c] for c in eq.left]
        right = [cells[c] for c in eq.right]
        if any(v is None for v in left + right):
            continue
        if abs(sum(v for v in left if v is not None) - sum(v for v in right if v is not None)) > 1e-6:
            return False
    return True


def _fits(value: Value, f: Field) -> bool:
    if value is None:
        return True
    if f.kind == "amount":
        return value >= 0
    if isinstance(value, float):
        return False
    return f.kind == "signed" or value >= 0


class _TooManyWays(Exception):
    """Cutting the digits has more readings than can be examined."""


Check = tuple[int, tuple[int, ...], tuple[int, ...]]


def _checks(line: Line, equations: Sequence[Equation]) -> list[Check]:
    """Each equation as (last position, left positions, right positions) within the line."""
    index = {cell: i for i, cell in enumerate(line.cells)}
    out = []
    for eq in equations:
        left = tuple(index[c] for c in eq.left)
        right = tuple(index[c] for c in eq.right)
        out.append((max(left + right), left, right))
    return out


def _splits(values: list[Token], fields: tuple[Field, ...], checks: list[Check]) -> list[Candidate]:
    """Every way to cut the value tokens into exactly len(fields) values that keeps the row's equations.

    A depth-first search that checks each equation as soon as its last cell is
    cut, so long glued runs stay cheap; past MAX_STEPS it gives up.
    """
    pieces = [_piece(t) for t in values]
    total_digits = [len(p[1]) if p else 1 for p in pieces]
    by_last: dict[int, list[Check]] = {}
    for check in checks:
        by_last.setdefault(check[0], []).append(check)
    n = len(fields)
    found: list[Candidate] = []
    acc: list[Value] = []
    steps = 0

    def holds(position: int) -> bool:
        for _, left, right in by_last.get(position, []):
            if any(acc[i] is None for i in left + right):
                continue
            if abs(sum(acc[i] or 0 for i in left) - sum(acc[i] or 0 for i in right)) > 1e-6:
                return False
        return True

    def fits_capacity(token: int, used_in_token: int) -> bool:
        needed = n - len(acc)
        rest = range(token + 1, len(pieces))
        least = (1 if used_in_token < total_digits[token] else 0) + len(rest) if token < len(pieces) else 0
        most = total_digits[token] - used_in_token + sum(total_digits[i] for i in rest) if token < len(pieces) else 0
        return least <= needed <= most

    def walk(token: int, position: int) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(found) >= MAX_CANDIDATES:
            raise _TooManyWays
        if token == len(pieces):
            if len(acc) == n:
                found.append(tuple(acc))
            return
        if len(acc) >= n or not fits_capacity(token, position):
            return
        piece = pieces[token]
        if piece is None:
            acc.append(None)
            if holds(len(acc) - 1):
                walk(token + 1, 0)
            acc.pop()
            return
        sign, whole, fraction = piece
        for end in range(position + 1, len(whole) + 1):
            part = whole[position:end]
            if len(part) > 1 and part[0] == "0":
                break
            last = end == len(whole)
            text = (sign if position == 0 else "") + part + ("." + fraction if last and fraction else "")
            value = parse_number(text)
            if not _fits(value, fields[len(acc)]):
                continue
            acc.append(value)
            if holds(len(acc) - 1):
                walk(token + 1, 0) if last else walk(token, end)
            acc.pop()

    walk(0, 0)
    return found


def _piece(token: Token) -> tuple[str, str, str] | None:
    """(sign, integer digits, fraction digits) of a printed number; None for a placeholder."""
    if token.kind == "placeholder":
        return None
    text = token.text
    sign = text[0] if text[0] in "+-" else ""
    whole, _, fraction = text[len(sign) :].partition(".")
    return sign, whole, fraction
