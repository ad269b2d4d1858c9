"""Table 三 copied a cell per line with a staircase under a page's header: the layouts, as cell indexes.

Under the column headers at the top of a page (the table's first page, or a later one repeating
the header), plain pdftotext groups a row's cells into blocks by their neighbours: a header cell
spanning several columns ("法人或其他组织") makes one block with the numbers under it, a column of
one-line rows makes one block down the column, and the reading order of those blocks gives:

1. a head band of one to three rows: its first columns (single columns down the band, the spanned
   columns across its rows; the spanned group printed first or in its place);
2. the staircase: the rows below give their first cells, a unit of rows at a time (one row, or rows
   of one line each printed down their columns), the first unit one cell fewer than the head's
   first columns, each next unit as many cells or one fewer ("1 0 0 0" / "1 0 0" / "0 0" / "0");
3. the head band's last columns, down the band;
4. the rest of each unit's rows, unit by unit (a unit of several rows down its columns).

At the table's end, a band of three rows may print its last row apart, group by group
(`tail_orders`).

`heads` lists the head bands (their cell indexes, the staircase's cells left out); `unit_cells`
gives a unit's. Which layout holds is decided by the sums (bands.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

# A unit of the staircase has at most UNIT rows; a staircase at most STAIR_ROWS rows.
UNIT = 6
STAIR_ROWS = 10


@dataclass(frozen=True)
class Head:
    """A head band of `count` rows: its cells' indexes (from the segment's first number) with the
    staircase's cells taking the positions `before` … `before + prefix`; `first` cells a unit row
    gives at most before the head's last columns."""

    count: int
    before: int  # numbers the head prints before the staircase
    first: int  # the first unit's width: one fewer than the head's first columns
    cells: tuple[tuple[int, ...], ...]  # per head row, per column: index, the staircase's cells not counted


@lru_cache(maxsize=8)
def heads(width: int, window: int) -> tuple[Head, ...]:
    """Every head band of 1…`window` rows: one run of two or more neighbouring columns (a spanned
    header) across its rows, every other column down the band; the columns up to that run printed
    first (the run in its place or before them), the rest after the staircase."""
    found: dict[tuple[object, ...], Head] = {}
    for count in range(1, window + 1):
        for start in range(width - 1):
            for end in range(start + 2, width):  # the run: columns start … end - 1, the total column left out
                single = [[c] for c in range(start)]
                run = [list(range(start, end))]
                after = [[c] for c in range(end, width)]
                for before in (single + run, run + single):
                    head = _head(count, before, after, width)
                    found.setdefault((head.count, head.before, head.first, head.cells), head)
    return tuple(found.values())


def _head(count: int, before: list[list[int]], after: list[list[int]], width: int) -> Head:
    index: dict[tuple[int, int], int] = {}
    k = 0
    for group in before:
        for r in range(count):
            for c in group:
                index[(r, c)] = k
                k += 1
    before_count = k
    for group in after:
        for r in range(count):
            for c in group:
                index[(r, c)] = k
                k += 1
    columns = sum(len(g) for g in before)
    cells = tuple(tuple(index[(r, c)] for c in range(width)) for r in range(count))
    return Head(count, before_count, columns - 1, cells)


def unit_cells(height: int, cells: int, width: int, prefix_at: int, rest_at: int) -> tuple[tuple[int, ...], ...]:
    """A unit of `height` rows giving its first `cells` columns from `prefix_at` and the rest from
    `rest_at`, each part down its columns."""
    return tuple(
        tuple(prefix_at + c * height + t if c < cells else rest_at + (c - cells) * height + t for c in range(width))
        for t in range(height)
    )


@lru_cache(maxsize=8)
def tail_orders(width: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Each way of printing a band of three rows whose last prints apart (the table's last row, 结转,
    under two one-line rows): the columns cut into groups of neighbours, the groups left to right; in
    each, the first two rows (each column down them, or the group across them, spanned by a header),
    then the last row's cells of the group. As the index of each cell's number, row by row."""
    orders: dict[tuple[tuple[int, ...], ...], None] = {}
    for cuts in product((False, True), repeat=width - 1):
        groups: list[list[int]] = [[0]]
        for column, cut in zip(range(1, width), cuts, strict=True):
            groups.append([column]) if cut else groups[-1].append(column)
        for across in product((False, True), repeat=len(groups)):
            cells: list[tuple[int, int]] = []
            for group, wide in zip(groups, across, strict=True):
                if wide and len(group) == 1:
                    break  # one column across two rows is the same as down them
                cells += (
                    [(r, c) for r in range(2) for c in group] if wide else [(r, c) for c in group for r in range(2)]
                )
                cells += [(2, c) for c in group]
            else:
                index = {cell: k for k, cell in enumerate(cells)}
                orders[tuple(tuple(index[(r, c)] for c in range(width)) for r in range(3))] = None
    return tuple(orders)
