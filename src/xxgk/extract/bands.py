"""Table 三 copied a cell per line, its rows printed in bands: a bounded search for the one reading that holds.

pdftotext without -layout prints most rows of a ruled table left to right, but a band of two or
three rows (often the first or the last) comes in pieces: a column down the band ("94 1476 0"), then
the next columns row by row across the band ("9 0 1 0 0" / "477 27 51 131 55" / "40 0 0 0 0"), then
the totals down the band again. So every band is a run of rows whose columns are cut into groups
of neighbouring columns, each group printed down its columns or across its rows, the groups left to
right. Nothing but the count and the arithmetic pairs the numbers with cells there.

Under the column headers at the table's top, the copy may also print a staircase: the rows under
the first band give their first cells, each row one fewer ("1 0 0 0" / "1 0 0" / "0 0" / "0"), then
the band's last columns come, then the rest of each of those rows. That order is tried at the top
only, and only where no reading in bands holds.

The search tries every band (one row; two or three rows, every cut of the columns into groups)
from each row on, keeps a band only where each of its rows holds its own total, and gathers the distinct readings of the rows from each row to the end (bands giving the
same values are one reading). A reading stands only when it is the one reading of the whole table
whose every equation holds; more than one, or a search over its budget, reads nothing — a null is
better than a number from another cell.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import product

from xxgk.extract.tokens import Token
from xxgk.template import Row

# The search's budget, per table. WINDOW: rows a band may hold. STATES: distinct readings kept of
# the rows from one row to the end. STEPS: bands tried in all. Past a bound the table is not read.
WINDOW = 3
STATES = 2000
STEPS = 15_000
# A staircase under the header: at most STAIR rows, tried only at the table's top, with STAIR_STEPS more steps.
STAIR = 4
STAIR_STEPS = 40_000

Reading = tuple[tuple[Token, ...], ...]  # the cells of consecutive rows, row by row


class _OverBudget(Exception):
    pass


def read_in_bands(
    rows: list[Row],
    numbers: list[Token],
    row_holds: Callable[[Row, list[Token]], bool],
    table_holds: Callable[[dict[str, list[Token]]], bool],
) -> dict[str, list[Token]]:
    """The cells of `rows` (all of one width) from `numbers` (one per cell, in the copy's order), when
    exactly one reading in bands makes every row and the whole table hold; {} otherwise."""
    width = len(rows[0].fields)
    if any(len(row.fields) != width for row in rows) or len(numbers) != len(rows) * width:
        return {}
    search = _Search(rows, numbers, width, row_holds)
    try:
        readings = search.suffixes(0) or search.with_staircase()
    except _OverBudget:
        return {}
    holding = []
    for reading in readings:
        cells = {row.key: list(values) for row, values in zip(rows, reading, strict=True)}
        if table_holds(cells):
            holding.append(cells)
            if len(holding) > 1:
                return {}
    return holding[0] if holding else {}


class _Search:
    def __init__(
        self, rows: list[Row], numbers: list[Token], width: int, row_holds: Callable[[Row, list[Token]], bool]
    ) -> None:
        self.rows = rows
        self.numbers = numbers
        self.width = width
        self.row_holds = row_holds
        self.steps = 0
        self.known: dict[int, list[Reading]] = {}
        self.checked: dict[tuple[object, ...], bool] = {}
        self.orders = {count: _band_orders(count, width) for count in range(1, WINDOW + 1)}

    def suffixes(self, start: int) -> list[Reading]:
        """The distinct readings of rows `start`… to the end, each row holding (bottom up: no recursion)."""
        self.known[len(self.rows)] = [()]
        for i in range(len(self.rows) - 1, start - 1, -1):
            found: dict[tuple[str, ...], Reading] = {}
            for band in self._bands(i):
                for rest in self.known.get(i + len(band), []):
                    reading = band + rest
                    found.setdefault(tuple(t.text for cells in reading for t in cells), reading)
                    if len(found) > STATES:
                        raise _OverBudget
            self.known[i] = list(found.values())
        return self.known[start]

    def with_staircase(self) -> list[Reading]:
        """The distinct readings whose first rows are a band and a staircase under the header (`_stair_orders`),
        the rows after them read in bands; called once `suffixes(0)` has found none."""
        found: dict[tuple[str, ...], Reading] = {}
        for order in _stair_orders(self.width):
            if len(order) > len(self.rows) or not self.known.get(len(order)):
                continue
            self.steps += 1
            if self.steps > STEPS + STAIR_STEPS:
                raise _OverBudget
            taken = self.numbers[: len(order) * self.width]
            cells = tuple(tuple(taken[k] for k in row) for row in order)
            if not all(self._holds(r, cells[r]) for r in range(len(order))):
                continue
            for rest in self.known[len(order)]:
                reading = cells + rest
                found.setdefault(tuple(t.text for row in reading for t in row), reading)
                if len(found) > STATES:
                    raise _OverBudget
        return list(found.values())

    def _holds(self, index: int, cells: tuple[Token, ...]) -> bool:
        """Row `index` holds with `cells` (remembered: many bands cut a row the same way)."""
        key = (index, *(t.text for t in cells))
        known = self.checked.get(key)
        if known is None:
            known = self.checked[key] = self.row_holds(self.rows[index], list(cells))
        return known

    def _bands(self, i: int) -> list[Reading]:
        """The distinct bands from row `i` whose every row holds."""
        bands: dict[tuple[str, ...], Reading] = {}
        for count in range(1, min(WINDOW, len(self.rows) - i) + 1):
            if not self.known.get(i + count):
                continue  # nothing after such a band holds
            taken = self.numbers[i * self.width : (i + count) * self.width]
            for order in self.orders[count]:
                self.steps += 1
                if self.steps > STEPS:
                    raise _OverBudget
                cells = tuple(tuple(taken[k] for k in row) for row in order)
                key = tuple(t.text for row in cells for t in row)
                if key in bands:
                    continue
                if all(self._holds(i + r, cells[r]) for r in range(count)):
                    bands[key] = cells
        return list(bands.values())


@lru_cache(maxsize=8)
def _stair_orders(width: int) -> list[tuple[tuple[int, ...], ...]]:
    """Each way of printing the table's first rows as a band (`_band_orders`, up to WINDOW rows, or none)
    and a staircase of up to STAIR rows under it, as pdftotext orders the cells near a page's header:
    the band's first column groups; then the staircase's rows' first cells, each row one cell fewer than
    the one above, down to one ("1 0 0 0" / "1 0 0" / "0 0" / "0"); then the band's other groups; then
    the rest of each staircase row, row by row. As the index of each cell's number, row by row."""
    orders: list[tuple[tuple[int, ...], ...]] = []
    for count in range(WINDOW + 1):
        cuts = _column_groups(width) if count > 1 else [[list(range(width))]]
        for groups in cuts if count else [[]]:
            for split in range(len(groups) + 1):
                for steps in range(1, min(STAIR, width - 1) + 1):
                    orders.append(_stair_order(count, groups, split, steps, width))
    return list(dict.fromkeys(orders))


def _stair_order(
    count: int, groups: list[list[int]], split: int, steps: int, width: int
) -> tuple[tuple[int, ...], ...]:
    """One order of `_stair_orders`: a band of `count` rows cut into `groups`, `split` of them printed
    before the staircase of `steps` rows (widths steps, steps - 1, … 1; none for 0)."""
    widths = [steps - j for j in range(steps)]
    cells = [(r, c) for group in groups[:split] for r in range(count) for c in group]
    cells += [(count + j, c) for j, w in enumerate(widths) for c in range(w)]
    cells += [(r, c) for group in groups[split:] for r in range(count) for c in group]
    cells += [(count + j, c) for j, w in enumerate(widths) for c in range(w, width)]
    index = {cell: k for k, cell in enumerate(cells)}
    return tuple(tuple(index[(r, c)] for c in range(width)) for r in range(count + steps))


def _column_groups(width: int) -> list[list[list[int]]]:
    """Every cut of `width` columns into groups of neighbours."""
    cuts_all: list[list[list[int]]] = []
    for cuts in product((False, True), repeat=width - 1):
        groups: list[list[int]] = [[0]]
        for column, cut in zip(range(1, width), cuts, strict=True):
            if cut:
                groups.append([column])
            else:
                groups[-1].append(column)
        cuts_all.append(groups)
    return cuts_all


@lru_cache(maxsize=32)
def _band_orders(count: int, width: int) -> list[tuple[tuple[int, ...], ...]]:
    """For a band of `count` rows: each way of printing it, as the index of each cell's number, row by
    row. The columns are cut into groups of neighbours, each printed across the band's rows, the groups
    left to right; a group printed down its columns is the same as groups of one column each."""
    orders = [_stair_order(count, groups, len(groups), 0, width) for groups in _column_groups(width)]
    return orders if count > 1 else orders[:1]
