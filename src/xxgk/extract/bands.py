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
only, and only where no reading in bands holds; where neither holds, stairs.py's staircases under
any page's header (the header repeated on a later page too) are tried from every row whose numbers in
order break it.

The search tries every band (one row; two or three rows, every cut of the columns into groups)
from each row on, keeps a band only where each of its rows holds its own total, and gathers the distinct readings of the rows from each row to the end (bands giving the
same values are one reading). A reading stands only when it is the one reading of the whole table
whose every equation holds; where a few readings hold, only the rows they all fill alike are read,
and more than HOLDING, or a search over its budget, reads nothing — a null is better than a number
from another cell.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import product

from xxgk.extract.stairs import STAIR_ROWS, UNIT, Head, heads, tail_orders, unit_cells
from xxgk.extract.tokens import Token
from xxgk.template import Row

# The search's budget, per table. WINDOW: rows a band may hold. STATES: distinct readings kept of
# the rows from one row to the end. STEPS: bands tried in all. Past a bound the table is not read.
WINDOW = 3
STATES = 5000
STEPS = 15_000
# Readings that hold the whole table: past HOLDING of them nothing is read.
HOLDING = 20
# A staircase under the header: at most STAIR rows, tried only at the table's top, with STAIR_STEPS more steps.
STAIR = 4
STAIR_STEPS = 40_000
# Staircases under any page's header (stairs.py), tried last: at most PAGE_STEPS more steps.
PAGE_STEPS = 60_000

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
    exactly one reading in bands makes every row and the whole table hold; {} otherwise. Where a few
    readings hold, the rows they all agree on (the others are left out)."""
    width = len(rows[0].fields)
    if any(len(row.fields) != width for row in rows) or len(numbers) != len(rows) * width:
        return {}
    search = _Search(rows, numbers, width, row_holds)
    # Each model only where the simpler ones give no reading that holds the whole table.
    for stage in (search.in_bands, search.with_staircase, search.with_stairs):
        try:
            holding = _holding(rows, stage(), table_holds)
        except _OverBudget:
            return {}
        if holding:
            return _agreed(holding)
    return {}


def _holding(
    rows: list[Row], readings: list[Reading], table_holds: Callable[[dict[str, list[Token]]], bool]
) -> list[dict[str, list[Token]]]:
    """The readings (as cells by row) that hold the whole table; past HOLDING of them, one that stands
    for "too many to tell" (an empty reading)."""
    holding: list[dict[str, list[Token]]] = []
    for reading in readings:
        cells = {row.key: list(values) for row, values in zip(rows, reading, strict=True)}
        if table_holds(cells):
            holding.append(cells)
            if len(holding) > HOLDING:
                return [{}]
    return holding


def _agreed(holding: list[dict[str, list[Token]]]) -> dict[str, list[Token]]:
    """The rows every reading that holds gives the same numbers: those are placed by the sums whichever
    reading was printed; a row two readings fill differently stays unread."""
    first = holding[0]
    return {key: cells for key, cells in first.items() if all(_texts(h.get(key)) == _texts(cells) for h in holding)}


def _texts(cells: list[Token] | None) -> list[str] | None:
    return None if cells is None else [t.text for t in cells]


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
        self.keys: dict[int, tuple[str, ...]] = {id(()): ()}  # each kept reading's numbers, by id
        self.checked: dict[tuple[object, ...], bool] = {}
        self.orders = {count: _band_orders(count, width) for count in range(1, WINDOW + 1)}

    def in_bands(self) -> list[Reading]:
        """The distinct readings of the whole table in bands."""
        return self.suffixes(0)

    def suffixes(self, start: int) -> list[Reading]:
        """The distinct readings of rows `start`… to the end, each row holding (bottom up: no recursion)."""
        self.known[len(self.rows)] = [()]
        for i in range(len(self.rows) - 1, start - 1, -1):
            found: dict[tuple[str, ...], Reading] = {}
            for band in self._bands(i, self.known):
                self._join(found, band, self.known.get(i + len(band), []))
            self.known[i] = self._kept(found)
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
            self._join(found, cells, self.known[len(order)])
        return list(found.values())

    def with_stairs(self) -> list[Reading]:
        """The distinct readings of the whole table in bands and staircases under a page's header
        (stairs.py) from any row; called once neither reading above holds."""
        self.steps = 0
        known: dict[int, list[Reading]] = {len(self.rows): [()]}
        for i in range(len(self.rows) - 1, -1, -1):
            found: dict[tuple[str, ...], Reading] = {}
            segments = self._bands(i, known, PAGE_STEPS, tails=i + 3 == len(self.rows))
            segments += self._stair_segments(i, known)
            for segment in segments:
                self._join(found, segment, known.get(i + len(segment), []))
            known[i] = self._kept(found)
        return known[0]

    def _stair_segments(self, i: int, known: dict[int, list[Reading]]) -> list[Reading]:
        """The distinct readings of a head band and a staircase from row `i` whose every row holds."""
        found: dict[tuple[str, ...], Reading] = {}
        if self._holds(i, tuple(self.numbers[i * self.width : (i + 1) * self.width])):
            return []  # a head band breaks its first row's order: row `i` printed in order is no head
        for head in heads(self.width, WINDOW):
            if i + head.count >= len(self.rows):
                continue
            after = head.count * self.width - head.before
            stair_rows = min(STAIR_ROWS, len(self.rows) - i - head.count)
            for prefix in range(head.first, head.first * stair_rows + 1):
                if (i + head.count) * self.width + prefix + after > len(self.numbers):
                    break
                self._tick(PAGE_STEPS)
                cells: Reading = ()
                for r in range(head.count):  # row by row: most heads fail on their first row
                    row = tuple(
                        self.numbers[i * self.width + k + (prefix if k >= head.before else 0)] for k in head.cells[r]
                    )
                    if not self._holds(i + r, row):
                        break
                    cells += (row,)
                if len(cells) < head.count:
                    continue
                start = i * self.width + head.before
                for units in self._units(i + head.count, head, prefix, start, start + prefix + after):
                    segment = cells + units
                    if known.get(i + len(segment)):
                        found.setdefault(tuple(t.text for row in segment for t in row), segment)
        return list(found.values())

    def _units(self, row: int, head: Head, prefix: int, prefix_at: int, rest_at: int) -> list[Reading]:
        """The staircase's rows from `row`: units whose first cells fill `prefix` numbers from
        `prefix_at`, the rest from `rest_at`, each unit as wide as the one before or one fewer."""
        done: list[Reading] = []
        stack: list[tuple[int, int, int, int, Reading]] = [(row, 0, 0, head.first, ())]
        while stack:
            r, taken, rested, last, reading = stack.pop()
            if taken == prefix:
                done.append(reading)
                continue
            for height in range(1, UNIT + 1):
                if r + height > len(self.rows) or r + height - row > STAIR_ROWS:
                    break
                for cells in {last, last - 1} if reading else {last}:
                    if cells < 1 or taken + height * cells > prefix:
                        continue
                    self._tick(PAGE_STEPS)
                    at = unit_cells(height, cells, self.width, prefix_at + taken, rest_at + rested)
                    if at[-1][-1] >= len(self.numbers):
                        continue
                    unit = self._cells(0, at)
                    if all(self._holds(r + t, unit[t]) for t in range(height)):
                        rest = rested + height * (self.width - cells)
                        stack.append((r + height, taken + height * cells, rest, cells, reading + unit))
        return done

    def _join(self, found: dict[tuple[str, ...], Reading], first: Reading, rests: list[Reading]) -> None:
        """Add to `found` each reading of `first`'s rows followed by one of `rests` (kept readings),
        one per distinct sequence of numbers."""
        head = tuple(t.text for row in first for t in row)
        for rest in rests:
            found.setdefault(head + self.keys[id(rest)], first + rest)
            if len(found) > STATES:
                raise _OverBudget

    def _kept(self, found: dict[tuple[str, ...], Reading]) -> list[Reading]:
        """`found`'s readings, their numbers remembered for `_join`."""
        for key, reading in found.items():
            self.keys[id(reading)] = key
        return list(found.values())

    def _cells(self, base: int, at: tuple[tuple[int, ...], ...]) -> Reading:
        return tuple(tuple(self.numbers[base + k] for k in row) for row in at)

    def _tick(self, budget: int) -> None:
        self.steps += 1
        if self.steps > budget:
            raise _OverBudget

    def _holds(self, index: int, cells: tuple[Token, ...]) -> bool:
        """Row `index` holds with `cells` (remembered: many bands cut a row the same way)."""
        key = (index, *(t.text for t in cells))
        known = self.checked.get(key)
        if known is None:
            known = self.checked[key] = self.row_holds(self.rows[index], list(cells))
        return known

    def _bands(
        self, i: int, known: dict[int, list[Reading]], budget: int = STEPS, tails: bool = False
    ) -> list[Reading]:
        """The distinct bands from row `i` whose every row holds, each followed by a reading in `known`
        (with `tails`, bands of three rows printing their last apart too: stairs.tail_orders)."""
        bands: dict[tuple[str, ...], Reading] = {}
        for count in range(1, min(WINDOW, len(self.rows) - i) + 1):
            if not known.get(i + count):
                continue  # nothing after such a band holds
            taken = self.numbers[i * self.width : (i + count) * self.width]
            extra = tail_orders(self.width) if tails and count == 3 else ()
            for order in (*self.orders[count], *extra):
                self._tick(budget)
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
