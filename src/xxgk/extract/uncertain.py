"""Short rows of spaced text whose numbers the page's columns do not place in one way only.

`pdftotext -layout` puts a number at the character its glyphs begin nearest, after the label
text and the numbers before it on the line: a row's number may stand up to three characters off
its column (seed 2 document 024: 本年度办理结果's 1 under 法律服务机构, printed in 社会公益组织),
while on a narrow page the columns stand three or four characters apart. A short row (blank
cells printed as nothing) whose numbers also stand near enough another order of columns, whose
own sums hold either way, is not placed by its spacing: which cells are blank is not printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Twice a column: the farthest pdftotext -layout was seen to move a number off its column.
REACH = 6


def other_placing(
    middles: Sequence[float], numbers: Sequence[int], where: Sequence[int], holds: Callable[[list[int]], bool]
) -> bool:
    """Whether the numbers at `numbers` (middles, twice the column) stand within `REACH` of another
    order of the columns at `middles` than `where`, left to right, each in its own column, under which
    the row's sums (`holds`, given the columns) hold too."""
    near = [
        [j for j, m in enumerate(middles) if abs(m - at) <= REACH or j == put]
        for at, put in zip(numbers, where, strict=True)
    ]
    return any(way != list(where) and holds(way) for way in _orders(near))


def _orders(near: list[list[int]], after: int = -1) -> list[list[int]]:
    """Every strictly increasing choice of one column from each list of `near`."""
    if not near:
        return [[]]
    return [[j, *rest] for j in near[0] if j > after for rest in _orders(near[1:], j)]
