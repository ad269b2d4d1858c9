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

from collections.abc import Sequence
from itertools import combinations
from math import comb

from xxgk.extract.tokens import Token
from xxgk.extract.values import parse_number
from xxgk.template import Template

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
