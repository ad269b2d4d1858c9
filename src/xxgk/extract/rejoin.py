"""Join again the digits of a number that wrapped in its narrow cell ("226" / "0" for 2260).

A row printing more numbers than it has cells may be a row whose long numbers
wrapped onto the next line; neighbours joined back into one number per cell
are a reading only when exactly one such joining keeps the row's own sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise

from xxgk.extract.readings import Candidate, Line, RowReading, parse_number
from xxgk.extract.rowsums import satisfies
from xxgk.extract.tokens import Token
from xxgk.template import Equation

# The reason of a row whose numbers wrapped in their narrow cells, rejoined the one way the sums allow.
WRAPPED_DIGITS = "原文数字在窄栏中折行，只有一种接合方式与本行合计相符"


def rejoined_reading(line: Line, values: list[Token], equations: Sequence[Equation]) -> RowReading | None:
    """The row read from more numbers than cells when exactly one way of joining neighbours again
    (`_rejoined`) satisfies its equations: a number wrapped in a narrow cell; None otherwise."""
    wrapped = [c for c in _rejoined(values, len(line.fields)) if satisfies(c, line, equations)]
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
