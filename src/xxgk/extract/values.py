"""Turn a row's printed value tokens into candidate rows of numbers.

Usually a row prints exactly one value per column. When it prints fewer, digits
may have been glued together (`21710000218`): every way of cutting them into the
right number of values is a candidate, and the row's own arithmetic (总计 = the
sum of its parts) filters them. Table 二 has no arithmetic, so there the
template's documented conventions (`Prior`) may choose, and say so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from math import comb
from typing import Literal, cast

from xxgk.bounded import Bounded
from xxgk.extract.memo import ROW_ENTRIES
from xxgk.extract.tokens import Token
from xxgk.template import Equation, Field, Prior, Row, Statement

Value = int | float | None
Candidate = tuple[Value, ...]
# "unbalanced": the digits can be cut into the row's cells, but no cut keeps the row's own arithmetic.
Status = Literal["exact", "blank", "split", "extra", "short", "ambiguous", "unbalanced", "absent"]

# Cutting a long glued run has combinatorially many answers; past these we give up.
MAX_CANDIDATES = 20000
MAX_STEPS = 200_000
# The reason of a short row in text that keeps its cells apart: blank cells, whose columns are unknown.
BLANK_CELLS = "原文有空白单元格"
# Placing a short row's numbers among its columns (blank cells) is tried up to this many ways.
MAX_PLACEMENTS = 20_000


@dataclass(frozen=True, slots=True)
class Line:
    """A printed row of cells: usually one template row, for table 四 all of its rows."""

    name: str
    cells: tuple[str, ...]
    fields: tuple[Field, ...]
    priors: tuple[Prior, ...] = ()
    stated: tuple[Statement, ...] = ()

    @classmethod
    def of_row(cls, row: Row, table: str) -> Line:
        """The line of one template row, remembered: the same rows are read in every report."""
        known = _LINES.get((id(row), table))
        if known is None:
            line = cls(row.label, row.cell_ids(table), row.fields, row.priors, row.stated)
            known = _LINES.put((id(row), table), (row, line))
        return known[1]

    @classmethod
    def of_rows(cls, rows: tuple[Row, ...], table: str, name: str) -> Line:
        cells = tuple(c for row in rows for c in row.cell_ids(table))
        return cls(name, cells, tuple(f for row in rows for f in row.fields))


_LINES: Bounded[tuple[int, str], tuple[Row, Line]] = Bounded(ROW_ENTRIES)


@dataclass(slots=True)
class RowReading:
    """What could be read for one line: one candidate, several, or none."""

    line: Line
    status: Status
    candidates: list[Candidate] = field(default_factory=list)
    observed: list[Value] = field(default_factory=list)
    printed: str = ""
    reason: str = ""
    # A short row of whole numbers in order, its blank cells left out by the copy (`read_row`).
    dropped_blanks: bool = False

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return self.line.cells


# The reason of a row whose numbers wrapped in their narrow cells, rejoined the one way the sums allow.
WRAPPED_DIGITS = "原文数字在窄栏中折行，只有一种接合方式与本行合计相符"
# The reason of a glued row its digits allow to be cut one way only, though its sum does not hold.
SOLE_CUT = "原文数字粘连，只有这一种拆分方式（本行合计与之不符，属原表错误）"


def parse_number(text: str) -> Value:
    """A printed number as int or float ("-675", "96171.6", "007")."""
    return float(text) if "." in text else int(text)


def read_row(
    line: Line,
    tokens: list[Token],
    equations: Sequence[Equation],
    *,
    may_split: bool = True,
    whole: bool = False,
    blank_cells: bool = False,
    dropped_blanks: bool = False,
) -> RowReading:
    """Interpret a row's tokens against its columns and its own equations (`Template.equations_within`).

    `may_split` allows cutting printed numbers apart where no equation checks the
    cut; it is for tables whose cells the document glues together. `whole` says
    each printed number is one cell's whole value (text that sets its cells apart
    by wide spaces, or one cell per line): its digits are never cut. `blank_cells`
    says a row printing fewer numbers than cells has blank cells (zero printed as
    nothing), not cells the copy lost: their columns are not guessed in order.
    `dropped_blanks` says so of a copy that keeps numbers apart by single spaces and
    leaves blank cells out (a PDF viewer's): a short row it cannot cut is marked so.
    """
    values = [t for t in tokens if t.is_value]
    printed = " ".join([t.text for t in values])
    n = len(line.fields)
    if not values:
        return RowReading(line, "blank", [(None,) * n], printed=printed)
    # `parse_number` inlined: every row of every report passes here.
    observed = [None if t.kind == "placeholder" else float(t.text) if "." in t.text else int(t.text) for t in values]
    if len(values) == n and (_counts(observed) or all(_fits(v, f) for v, f in zip(observed, line.fields, strict=True))):
        return RowReading(line, "exact", [tuple(observed)], observed, printed)
    if len(values) > n:
        return _fewer(line, values, observed, equations, printed)
    if whole:
        return RowReading(line, "short", [], observed, printed, BLANK_CELLS if blank_cells else "")
    if not equations and not may_split:
        return RowReading(line, "short", [], observed, printed)
    try:
        candidates = _splits(values, line.fields, _checks(line, equations))
    except _TooManyWays:
        return RowReading(line, "ambiguous", [], observed, printed, "粘连数字过长，拆分方式太多")
    if not candidates:
        unbalanced = (
            may_split
            and bool(equations)
            and _cuttable(values, line.fields)
            and not placeable_with_blanks(line, observed, equations)
        )
        if unbalanced and len(values) == 1 and len(values[0].text) == n and values[0].text.isdigit():
            # The whole row run into one number of a digit a cell: that cut alone is possible, so
            # it is what the document prints; its broken sum is the document's error, for the checks.
            # (Several numbers are not: a row with blank cells may print "25 3" for 2, 5, 3 or 25, 3.)
            return RowReading(line, "split", [tuple(int(d) for d in values[0].text)], observed, printed, SOLE_CUT)
        if unbalanced:
            return RowReading(line, "unbalanced", [], observed, printed)
        return RowReading(line, "short", [], observed, printed, dropped_blanks=dropped_blanks)
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
    if not fitting and equations and (wrapped := rejoined_reading(line, values, equations)) is not None:
        return wrapped
    status: Status = "extra" if len(fitting) == 1 else "ambiguous"
    return RowReading(line, status, fitting, observed, printed, "数值个数多于栏目数")


def rejoined_reading(line: Line, values: list[Token], equations: Sequence[Equation]) -> RowReading | None:
    """The row read from more numbers than cells when exactly one way of joining neighbours again
    (`_rejoined`) satisfies its equations: a number wrapped in a narrow cell; None otherwise."""
    wrapped = [c for c in _rejoined(values, len(line.fields)) if _satisfies(c, line, equations)]
    if len(wrapped) != 1:
        return None
    observed = [parse_number(t.text) for t in values]
    return RowReading(line, "split", wrapped, observed, " ".join(t.text for t in values), WRAPPED_DIGITS)


def _rejoined(values: list[Token], n: int) -> list[Candidate]:
    """`values` cut into `n` runs of neighbours, each run's digits one number: a number too long for its
    narrow cell wraps onto the next line ("226" / "0" for 2260). A run starts with no leading zero."""
    texts = [t.text for t in values]
    if not all(t.kind == "number" and text.isdigit() for t, text in zip(values, texts, strict=True)):
        return []
    found: list[Candidate] = []
    for cuts in combinations(range(1, len(texts)), n - 1):
        bounds = (0, *cuts, len(texts))
        runs = ["".join(texts[a:b]) for a, b in pairwise(bounds)]
        if all(len(run) == 1 or not run.startswith("0") for run in runs):
            found.append(tuple(int(run) for run in runs))
    return found


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


def keeps_equations(line: Line, values: Sequence[Value], equations: Sequence[Equation]) -> bool:
    """Every equation of `equations` whose cells `values` all give holds."""
    return _satisfies(tuple(values), line, equations)


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


def _counts(observed: list[Value]) -> bool:
    """Every value a whole number, none negative: most rows, and each fits every field (`_fits`)."""
    return None not in observed and float not in map(type, observed) and min(cast(list[int], observed)) >= 0


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
    cut, and enters only cuts that can still end in exactly len(fields) fitting
    values (`_Cuts.ways`), so long glued runs stay cheap; past MAX_STEPS, or when
    even without the equations the digits allow more than MAX_CANDIDATES readings
    and nothing would narrow them, it gives up.
    """
    cuts = _Cuts([_piece(t) for t in values], fields)
    if not checks and cuts.ways(0, 0, 0) > MAX_CANDIDATES:
        raise _TooManyWays
    by_last: dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for last_position, left, right in checks:
        by_last.setdefault(last_position, []).append((left, right))
    n = len(fields)
    found: list[Candidate] = []
    acc: list[Value] = []
    steps = 0

    def holds(position: int) -> bool:
        # A loop, not any(): called at every cut, mostly with nothing to check, and a
        # generator per call made glued text 40 % slower.
        for left, right in by_last.get(position, ()):  # noqa: SIM110
            if _unbalanced(acc, left, right):
                return False
        return True

    def walk(token: int, position: int) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS or len(found) >= MAX_CANDIDATES:
            raise _TooManyWays
        if len(acc) == n:
            found.append(tuple(acc))
            return
        for value, next_token, next_position in cuts.next_cuts(token, position, len(acc)):
            acc.append(value)
            if holds(len(acc) - 1):
                walk(next_token, next_position)
            acc.pop()

    if cuts.ways(0, 0, 0):
        walk(0, 0)
    return found


def placeable_with_blanks(line: Line, observed: list[Value], equations: Sequence[Equation]) -> bool:
    """The printed numbers, uncut and in order, fit some of the columns, the others blank (zero), so that the
    row's own equations hold: a row with blank cells ("5 3 8"), not digits that break the arithmetic.

    Undecided (True) when there are too many placements to try.
    """
    n, k = len(line.fields), len(observed)
    if k > n or comb(n, k) > MAX_PLACEMENTS:
        return True
    for places in combinations(range(n), k):
        candidate: list[Value] = [0] * n
        for place, value in zip(places, observed, strict=True):
            candidate[place] = value
        if _satisfies(tuple(candidate), line, equations):
            return True
    return False


def _cuttable(values: list[Token], fields: tuple[Field, ...]) -> bool:
    """The printed digits can be cut into exactly one fitting value per field, arithmetic aside."""
    return _Cuts([_piece(t) for t in values], fields).ways(0, 0, 0) > 0


def _unbalanced(values: list[Value], left: tuple[int, ...], right: tuple[int, ...]) -> bool:
    """Every term of `sum(left) == sum(right)` is known, and the sides differ."""
    total = 0.0
    for i in left:
        value = values[i]
        if value is None:
            return False
        total += value
    for i in right:
        value = values[i]
        if value is None:
            return False
        total -= value
    return abs(total) > 1e-6


class _Cuts:
    """The ways to cut a row's printed numbers into values for its fields, counted by dynamic programming.

    A state is (token, digit position within it, fields filled); a cut takes the
    digits up to some end as the next field's value, which must fit that field
    (no leading zero, a sign or fraction only where the field allows it).
    """

    def __init__(self, pieces: list[tuple[str, str, str] | None], fields: tuple[Field, ...]) -> None:
        self.pieces = pieces
        self.fields = fields
        self._cuts: dict[tuple[int, int, int], list[tuple[Value, int, int]]] = {}
        self._next: dict[tuple[int, int, int], list[tuple[Value, int, int]]] = {}
        self._ways: dict[tuple[int, int, int], int] = {}

    def cuts(self, token: int, position: int, filled: int) -> list[tuple[Value, int, int]]:
        """(value, next token, next position) of each cut that fits field `filled`, ways or not."""
        key = (token, position, filled)
        known = self._cuts.get(key)
        if known is None:
            known = self._cuts[key] = list(self._fitting_cuts(token, position, filled))
        return known

    def _fitting_cuts(self, token: int, position: int, filled: int) -> Iterator[tuple[Value, int, int]]:
        if token == len(self.pieces) or filled == len(self.fields):
            return
        piece = self.pieces[token]
        if piece is None:
            yield None, token + 1, 0
            return
        sign, whole, fraction = piece
        for end in range(position + 1, len(whole) + 1):
            part = whole[position:end]
            if len(part) > 1 and part[0] == "0":
                break
            last = end == len(whole)
            value = parse_number((sign if position == 0 else "") + part + ("." + fraction if last and fraction else ""))
            if _fits(value, self.fields[filled]):
                yield (value, token + 1, 0) if last else (value, token, end)

    def next_cuts(self, token: int, position: int, filled: int) -> list[tuple[Value, int, int]]:
        """The cuts from a state after which the rest of the digits can still fill the remaining fields."""
        key = (token, position, filled)
        known = self._next.get(key)
        if known is None:
            cuts = self.cuts(token, position, filled)
            known = self._next[key] = [cut for cut in cuts if self.ways(cut[1], cut[2], filled + 1)]
        return known

    def ways(self, token: int, position: int, filled: int) -> int:
        """How many ways the digits from (token, position) on fill the fields from `filled` on (capped)."""
        if token == len(self.pieces):
            return 1 if filled == len(self.fields) else 0
        key = (token, position, filled)
        known = self._ways.get(key)
        if known is None:
            known = 0
            for _, next_token, next_position in self.cuts(token, position, filled):
                known = min(known + self.ways(next_token, next_position, filled + 1), MAX_CANDIDATES + 1)
            self._ways[key] = known
        return known


def _piece(token: Token) -> tuple[str, str, str] | None:
    """(sign, integer digits, fraction digits) of a printed number; None for a placeholder."""
    if token.kind == "placeholder":
        return None
    text = token.text
    sign = text[0] if text[0] in "+-" else ""
    whole, _, fraction = text[len(sign) :].partition(".")
    return sign, whole, fraction
