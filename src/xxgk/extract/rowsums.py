"""Whether a row's values keep the row's own equations (总计 = the sum of its parts).

The test every reading of a row's numbers passes: a cut of glued digits, a
rejoining of wrapped ones, or the printed numbers placed among blank cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from math import comb

from xxgk.extract.readings import Candidate, Line, Value
from xxgk.template import Equation

# Placing a short row's numbers among its columns (blank cells) is tried up to this many ways.
MAX_PLACEMENTS = 20_000


def keeps_equations(line: Line, values: Sequence[Value], equations: Sequence[Equation]) -> bool:
    """Every equation of `equations` whose cells `values` all give holds."""
    return satisfies(tuple(values), line, equations)


def satisfies(candidate: Candidate, line: Line, equations: Sequence[Equation]) -> bool:
    """`keeps_equations` of a candidate already a tuple, as the readers make them."""
    cells = dict(zip(line.cells, candidate, strict=True))
    for eq in equations:
        left = [cells[c] for c in eq.left]
        right = [cells[c] for c in eq.right]
        if any(v is None for v in left + right):
            continue
        if abs(sum(v for v in left if v is not None) - sum(v for v in right if v is not None)) > 1e-6:
            return False
    return True


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
        if satisfies(tuple(candidate), line, equations):
            return True
    return False
