"""Turn a row's printed value tokens into candidate rows of numbers.

Usually a row prints exactly one value per column. When it prints fewer, digits
may have been glued together (`21710000218`): every way of cutting them into the
right number of values is a candidate, and the row's own arithmetic (总计 = the
sum of its parts) filters them. Table 二 has no arithmetic, so there the
template's documented conventions (`Prior`) may choose, and say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Literal

from xxgk.extract.tokens import Token
from xxgk.template import Equation, Field, Prior, Row

Value = int | float | None
Candidate = tuple[Value, ...]
Status = Literal["exact", "blank", "split", "extra", "short", "ambiguous", "absent"]

# Cutting a long glued run has combinatorially many answers; past this we give up.
MAX_CANDIDATES = 20000


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


def read_row(line: Line, tokens: list[Token], equations: list[Equation]) -> RowReading:
    """Interpret a row's tokens against its columns and its own equations."""
    values = [t for t in tokens if t.is_value]
    printed = " ".join(t.text for t in values)
    own_cells = set(line.cells)
    equations = [eq for eq in equations if own_cells.issuperset(eq.cells)]
    n = len(line.fields)
    if not values:
        return RowReading(line, "blank", [(None,) * n], printed=printed)
    observed = [None if t.kind == "placeholder" else parse_number(t.text) for t in values]
    if len(values) == n and all(_fits(v, f) for v, f in zip(observed, line.fields, strict=True)):
        return RowReading(line, "exact", [tuple(observed)], observed, printed)
    if len(values) > n:
        return _fewer(line, values, observed, equations, printed)
    candidates = list(_splits(values, line.fields))
    if len(candidates) >= MAX_CANDIDATES:
        return RowReading(line, "ambiguous", [], observed, printed, "粘连数字过长，拆分方式太多")
    candidates = [c for c in candidates if _satisfies(c, line, equations)]
    if not candidates:
        return RowReading(line, "short", [], observed, printed)
    if len(candidates) > 1 and line.priors:
        return _by_priors(line, candidates, observed, printed)
    status: Status = "split" if len(candidates) == 1 else "ambiguous"
    return RowReading(line, status, candidates, observed, printed)


def _fewer(
    line: Line, values: list[Token], observed: list[Value], equations: list[Equation], printed: str
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


def _satisfies(candidate: Candidate, line: Line, equations: list[Equation]) -> bool:
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


def _splits(values: list[Token], fields: tuple[Field, ...]) -> Iterator[Candidate]:
    """Every way to cut the value tokens into exactly len(fields) values."""
    produced = 0
    for parts in _part_counts([_max_parts(t) for t in values], len(fields)):
        pieces: list[list[list[Value]]] = []
        for token, count in zip(values, parts, strict=True):
            pieces.append(list(_cut(token, count)))
        for combo in _product(pieces):
            if all(_fits(v, f) for v, f in zip(combo, fields, strict=True)):
                produced += 1
                yield tuple(combo)
                if produced >= MAX_CANDIDATES:
                    return


def _max_parts(token: Token) -> int:
    if token.kind == "placeholder":
        return 1
    digits = token.text.lstrip("+-").split(".")[0]
    return len(digits)


def _part_counts(maxima: list[int], total: int) -> Iterator[list[int]]:
    if not maxima:
        if total == 0:
            yield []
        return
    rest_max = sum(maxima[1:])
    for first in range(max(1, total - rest_max), min(maxima[0], total - len(maxima) + 1) + 1):
        for tail in _part_counts(maxima[1:], total - first):
            yield [first, *tail]


def _cut(token: Token, count: int) -> Iterator[list[Value]]:
    """Ways to cut one printed number into `count` numbers without leading zeros."""
    if token.kind == "placeholder":
        yield [None]
        return
    text = token.text
    sign = text[0] if text[0] in "+-" else ""
    body = text[len(sign) :]
    whole, _, fraction = body.partition(".")
    if count == 1:
        yield [parse_number(text)]
        return
    for cuts in combinations(range(1, len(whole)), count - 1):
        bounds = (0, *cuts, len(whole))
        parts = [whole[a:b] for a, b in pairwise(bounds)]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        parts[0] = sign + parts[0]
        if fraction:
            parts[-1] += "." + fraction
        yield [parse_number(p) for p in parts]


def _product(pieces: list[list[list[Value]]]) -> Iterator[list[Value]]:
    if not pieces:
        yield []
        return
    for head in pieces[0]:
        for tail in _product(pieces[1:]):
            yield head + tail
