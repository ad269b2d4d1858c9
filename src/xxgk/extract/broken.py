"""Rows of spaced text that break their own sums wherever their numbers stand: the document's error.

A row printing fewer numbers than cells (`pdftotext -layout`) is placed by the columns its
numbers stand under, and the placing is kept only when the row's own sums (总计 = the sum of
its parts, blank cells as zero) hold: the sums guard against a number put in the wrong
column. When no placing of the numbers in the row's cells, left to right, keeps those sums,
they guard nothing: the document printed a row that breaks its own arithmetic (a wrong total,
or a total left unprinted), and every placing breaks it alike. Then where the numbers stand
is all that tells their columns, and a placing the page's columns make clear stands; the
checks report the broken sum, as they do for the same row printed in a grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from math import comb

from xxgk.extract.readings import parse_number
from xxgk.extract.tokens import Token
from xxgk.template import Equation, Template

# The most placings of one row's numbers tried; past it the row is not taken as broken everywhere.
MAX_PLACINGS = 20_000


def breaks_wherever_placed(cells: tuple[str, ...], tokens: Sequence[Token], template: Template) -> bool:
    """No placing of the numbers among `tokens` (blank cells left out) in `cells`, in their order,
    keeps the row's own equations with the other cells as zero; False for a row without equations."""
    equations = template.equations_within(cells)
    numbers = [float(parse_number(t.text) or 0) for t in tokens if t.kind == "number"]
    if not equations or not numbers or comb(len(cells), len(numbers)) > MAX_PLACINGS:
        return False
    index = {cell: j for j, cell in enumerate(cells)}
    sides = [([index[c] for c in eq.left], [index[c] for c in eq.right]) for eq in equations]
    for where in combinations(range(len(cells)), len(numbers)):
        values = [0.0] * len(cells)
        for j, number in zip(where, numbers, strict=True):
            values[j] = number
        if all(abs(sum(values[j] for j in left) - sum(values[j] for j in right)) < 1e-6 for left, right in sides):
            return False
    return True


# The most partial choices of a search over the short rows' placings before it gives up.
MAX_STATES = 50_000


def some_choice_holds(
    equations: Sequence[Equation], values: Mapping[str, float], choices: Sequence[Sequence[Mapping[str, float]]]
) -> bool | None:
    """Whether one way per row (`choices`: each row's placings, its cells' values) makes every equation
    hold, the cells no way sets taken from `values`; None when the search grows past `MAX_STATES`.

    Each row moves each equation's balance by what its way puts on either side; the search keeps the
    balances reachable row after row (a state per distinct balance), dropping those the rows left
    cannot bring back to zero."""
    owned = {c for ways in choices for way in ways for c in way}
    first = equations[0]
    for summed in ([e for e in equations if e.rule == first.rule], list(equations)):
        # Summed, the equations must hold too: a sum whose value no placing changes (a column sum of
        # every part column of a table is its total column's) refutes them all at once, cheaply.
        if len(summed) > 1 and not _sum_may_hold(summed, values, choices, owned):
            return False
    balance = tuple(_unowned(eq, values, owned) for eq in equations)
    moves = [sorted({_moved(equations, way) for way in ways}) for ways in choices]
    # What the rows from i on can still move each balance by, at least and at most.
    low = [[0.0] * len(equations) for _ in range(len(moves) + 1)]
    high = [[0.0] * len(equations) for _ in range(len(moves) + 1)]
    for i in range(len(moves) - 1, -1, -1):
        for e in range(len(equations)):
            low[i][e] = low[i + 1][e] + min(m[e] for m in moves[i])
            high[i][e] = high[i + 1][e] + max(m[e] for m in moves[i])
    states = {_rounded(balance)}
    seen = 0
    for i, row in enumerate(moves):
        following: set[tuple[float, ...]] = set()
        for state in states:
            for move in row:
                after = tuple(s + m for s, m in zip(state, move, strict=True))
                if all(low[i + 1][e] - 1e-6 <= -b <= high[i + 1][e] + 1e-6 for e, b in enumerate(after)):
                    following.add(_rounded(after))
        seen += len(following)
        if seen > MAX_STATES:
            return None
        states = following
    return any(all(abs(b) < 1e-6 for b in state) for state in states)


def _unowned(eq: Equation, values: Mapping[str, float], owned: set[str]) -> float:
    """The equation's balance (left minus right) over the cells no row's way sets."""
    return sum(values[c] for c in eq.left if c not in owned) - sum(values[c] for c in eq.right if c not in owned)


def _moved(equations: Sequence[Equation], way: Mapping[str, float]) -> tuple[float, ...]:
    return _rounded(
        tuple(sum(way.get(c, 0.0) for c in eq.left) - sum(way.get(c, 0.0) for c in eq.right) for eq in equations)
    )


def _rounded(balance: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(round(b, 6) for b in balance)


def _sum_may_hold(
    equations: Sequence[Equation],
    values: Mapping[str, float],
    choices: Sequence[Sequence[Mapping[str, float]]],
    owned: set[str],
) -> bool:
    """Whether one way per row makes the sum of the equations' balances zero (one number per state)."""
    reached = {round(sum(_unowned(eq, values, owned) for eq in equations), 6)}
    for ways in choices:
        moves = {sum(_moved(equations, way)) for way in ways}
        reached = {round(r + m, 6) for r in reached for m in moves}
        if len(reached) > MAX_STATES:
            return True
    return any(abs(r) < 1e-6 for r in reached)


def only_choice(
    equations: Sequence[Equation], values: Mapping[str, float], choices: Sequence[Sequence[Mapping[str, float]]]
) -> list[int] | None:
    """The one way per row (its index in `choices`) that makes every equation hold, when exactly one
    combination does; None when none does, several do (two ways moving the sums alike count twice),
    or the search grows past `MAX_STATES`. Paths are counted per balance, up to two."""
    owned = {c for ways in choices for way in ways for c in way}
    moves = [[_moved(equations, way) for way in ways] for ways in choices]
    layers: list[dict[tuple[float, ...], int]] = [{_rounded(tuple(_unowned(eq, values, owned) for eq in equations)): 1}]
    seen = 0
    for row in moves:
        following: dict[tuple[float, ...], int] = {}
        for state, count in layers[-1].items():
            for move in row:
                after = _rounded(tuple(s + m for s, m in zip(state, move, strict=True)))
                following[after] = min(2, following.get(after, 0) + count)
        seen += len(following)
        if seen > MAX_STATES:
            return None
        layers.append(following)
    target = _rounded((0.0,) * len(equations))
    if layers[-1].get(target) != 1:
        return None
    chosen: list[int] = []
    for i in range(len(moves) - 1, -1, -1):
        step = [
            (j, state)
            for state in layers[i]
            for j, move in enumerate(moves[i])
            if _rounded(tuple(s + m for s, m in zip(state, move, strict=True))) == target
        ]
        j, target = step[0]
        chosen.append(j)
    return chosen[::-1]
