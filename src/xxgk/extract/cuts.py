"""Every way to cut a row's glued digits into one value per cell (`21710000218`: 217, 1, 0, …, 218).

Text copied from a PDF or a web page may run a row's cells together. The cuts
are counted by dynamic programming (`_Cuts`) and walked depth first, each of the
row's equations checked as soon as its last cell is cut, so that long glued runs
stay cheap; past the limits the search gives up (`TooManyWays`) rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from xxgk.extract.readings import Candidate, Line, Value, parse_number
from xxgk.extract.tokens import Token
from xxgk.template import Equation, Field

# Cutting a long glued run has combinatorially many answers; past these we give up.
MAX_CANDIDATES = 20000
MAX_STEPS = 200_000


def fits(value: Value, f: Field) -> bool:
    """`value` is one `f` can hold: a fraction only in an amount, a negative only where signed."""
    if value is None:
        return True
    if f.kind == "amount":
        return value >= 0
    if isinstance(value, float):
        return False
    return f.kind == "signed" or value >= 0


class TooManyWays(Exception):
    """Cutting the digits has more readings than can be examined."""


Check = tuple[int, tuple[int, ...], tuple[int, ...]]


def checks_of(line: Line, equations: Sequence[Equation]) -> list[Check]:
    """Each equation as (last position, left positions, right positions) within the line."""
    index = {cell: i for i, cell in enumerate(line.cells)}
    out = []
    for eq in equations:
        left = tuple(index[c] for c in eq.left)
        right = tuple(index[c] for c in eq.right)
        out.append((max(left + right), left, right))
    return out


def splits(values: list[Token], fields: tuple[Field, ...], checks: list[Check]) -> list[Candidate]:
    """Every way to cut the value tokens into exactly len(fields) values that keeps the row's equations.

    A depth-first search that checks each equation as soon as its last cell is
    cut, and enters only cuts that can still end in exactly len(fields) fitting
    values (`_Cuts.ways`), so long glued runs stay cheap; past MAX_STEPS, or when
    even without the equations the digits allow more than MAX_CANDIDATES readings
    and nothing would narrow them, it gives up.
    """
    cuts = _Cuts([_piece(t) for t in values], fields)
    if not checks and cuts.ways(0, 0, 0) > MAX_CANDIDATES:
        raise TooManyWays
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
            raise TooManyWays
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


def cuttable(values: list[Token], fields: tuple[Field, ...]) -> bool:
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
            if fits(value, self.fields[filled]):
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
