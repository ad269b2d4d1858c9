"""Blank cells placed by the table's sums, a cell at a time.

A row copied without its blank cells ("1 1" for a row of seven cells) prints its
numbers in order but not their columns. Each row alone fits many placements; the
columns' sums rule most of them out. The rows are rarely settled whole (two rows
"1 1" may swap columns and keep every sum), but a cell is read when every placement
still possible gives it the same value.

The search does not enumerate the table's readings (they multiply with every
ambiguous row); it narrows each row's placements one equation at a time, keeping
a placement while the equation's other rows can still make up the rest. That keeps
every placement of every reading that satisfies all equations, so a cell all the
kept placements agree on has that value in every such reading. Sums are sets of
integers held as bits of a Python int, so a row's contributions are folded in by
shifts.

Where no placing satisfies the sums with the rows read as they stand, a row read
with blank cells whose freeing alone would let them hold is unread again (a number
pdftotext -layout set under its neighbour's column): it is never moved to where the
sums want it, since a document's own error would make that wrong.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import combinations
from math import comb

from xxgk.extract.readings import Candidate, RowReading, Value, agreed_cells
from xxgk.extract.values import BLANK_CELLS
from xxgk.template import Equation

# Placements tried per row: a row of 15 cells printing 6 numbers has 5,005.
MAX_PLACEMENTS = 20_000
# Rows read with blank cells a table that cannot hold as read may doubt (more: the document's own error),
# and the choices tried to find one placing of the short rows that satisfies every sum.
MAX_DOUBTED = 2
MAX_STEPS = 2_000
# Why a row read with blank cells is unread again (`_doubted`).
DOUBTED = "按原文位置放入各栏后表内勾稽关系不成立，本行数字所在栏目存疑"
# The largest sum narrowed by (a bitset of that many bits): a table's counts stay far below it.
MAX_SUM = 1_000_000
TOLERANCE = 1e-9
# Why a cell placed so holds its value (`Cells.inferred`).
PLACED = "原文未印出空白单元格，本栏数值由表内行、列合计唯一确定"


@dataclass(slots=True)
class _Term:
    """An equation's cells in one open row, with their signs (+1 left, -1 right)."""

    row: int
    signs: dict[int, int]


def place_blank_cells(
    values: dict[str, Value],
    inferred: dict[str, str],
    rows: tuple[list[RowReading], list[RowReading]],
    equations: tuple[Equation, ...],
    unknown: set[str],
) -> bool:
    """Set the cells of the open rows copied without their blank cells that the sums place one way
    only (`rows`: every reading, and those still open); whether any was set."""
    readings, open_rows = rows
    short = [r for r in open_rows if r.status == "short" and (r.reason == BLANK_CELLS or r.dropped_blanks)]
    if not short:
        return False
    # Cells printed blank count as 0 in the sums: rows printing nothing, and a read row's blank cells.
    zero = {c for r in readings if r.status == "blank" for c in r.cell_ids} | {c for r in readings for c in _blanks(r)}
    if _holds(short, values, zero, equations) is False and (
        doubted := _doubted(readings, short, values, zero, equations)
    ):
        for reading in doubted:
            _doubt(reading, values, inferred, unknown)
            open_rows.append(reading)
        return True
    forced = forced_cells(short, values, zero, equations)
    if not forced:
        return False
    for cell, value in forced.items():
        values[cell] = value
        inferred[cell] = PLACED
        unknown.discard(cell)
    return True


def _doubted(
    readings: list[RowReading],
    short: list[RowReading],
    values: dict[str, Value],
    zero: set[str],
    equations: tuple[Equation, ...],
) -> list[RowReading]:
    """The rows read with blank cells (each number in the column it stands in) of which freeing any one,
    its numbers in any columns, lets the sums hold: where the table cannot hold as read, a number the
    text set in a neighbour's column (pdftotext -layout shifts one by a column at times) is in one of
    them. At most `MAX_DOUBTED`; none when more, or none, would do (the document's own error)."""
    found: list[RowReading] = []
    for reading in readings:
        if reading.status != "exact" or not _blanks(reading):
            continue
        freed = _freed(reading)
        trial = {**values, **dict.fromkeys(reading.cell_ids)}
        if _holds([*short, freed], trial, zero - set(reading.cell_ids), equations):
            found.append(reading)
            if len(found) > MAX_DOUBTED:
                return []
    return found


def _blanks(reading: RowReading) -> list[str]:
    """The cells a row read one way only leaves blank."""
    if len(reading.candidates) != 1:
        return []
    return [c for c, v in zip(reading.cell_ids, reading.candidates[0], strict=True) if v is None]


def _numbers(reading: RowReading) -> list[Value]:
    """The values a row read one way only prints, in order (its blank cells left out)."""
    return [v for v in reading.candidates[0] if v is not None]


def _freed(reading: RowReading) -> RowReading:
    return RowReading(reading.line, "short", [], _numbers(reading), reading.printed, BLANK_CELLS)


def _doubt(reading: RowReading, values: dict[str, Value], inferred: dict[str, str], unknown: set[str]) -> None:
    """Unread the row: its numbers stay unplaced (never moved to where the sums would have them, which
    a document's own error would make wrong), and the report says why."""
    reading.observed = _numbers(reading)
    reading.status, reading.candidates, reading.reason = "short", [], DOUBTED
    reading.printed = " ".join(reading.printed.split())
    for cell in reading.cell_ids:
        values[cell] = None
        inferred.pop(cell, None)
        unknown.add(cell)


def _holds(
    rows: list[RowReading], values: dict[str, Value], zero: set[str], equations: tuple[Equation, ...]
) -> bool | None:
    """Whether some placing of `rows` satisfies every sum over them (one found); None when it is too
    costly to know."""
    domains = [_placements(row, values, equations) for row in rows]
    if any(d is None for d in domains):
        return None
    if not all(domains):
        return False
    constraints = _sums(rows, set(range(len(rows))), values, zero, equations)
    for group in _apart(constraints):
        if not _narrowed_to_fixpoint(group, domains):
            return False
        found = _witness(group, domains, sorted({t.row for terms, _ in group for t in terms}), [MAX_STEPS])
        if found is not True:
            return found
    return True


def _witness(
    constraints: list[tuple[list[_Term], int]], domains: list[list[Candidate] | None], rows: list[int], steps: list[int]
) -> bool | None:
    """Whether one placement per row satisfies every sum: a depth-first search, each choice narrowed to
    a fixpoint; None past `steps[0]` choices."""
    open_rows = [row for row in rows if len(domains[row] or ()) > 1]
    if not open_rows:
        return all(
            sum(_contribution(term, (domains[term.row] or [()])[0]) for term in terms) == target
            for terms, target in constraints
        )
    row = min(open_rows, key=lambda r: len(domains[r] or ()))
    for placement in domains[row] or ():
        steps[0] -= 1
        if steps[0] < 0:
            return None
        tried = list(domains)
        tried[row] = [placement]
        if _narrowed_to_fixpoint(constraints, tried):
            found = _witness(constraints, tried, rows, steps)
            if found is not False:
                return found
    return False


def forced_cells(
    rows: list[RowReading], values: dict[str, Value], zero: set[str], equations: tuple[Equation, ...]
) -> dict[str, Value] | None:
    """The cells of `rows` (rows printed without their blank cells, `observed` their numbers in order)
    that every placement satisfying the equations gives one value; None when no row could be placed
    (the table as printed breaks its sums, whatever the columns).

    A row none of whose placements keeps its own total (the document's error, or a number the copy
    put in the wrong row) is left open and decides nothing; the other rows are narrowed apart from it.
    The rows that share no sum (table 三's and table 四's) are narrowed apart too, so an error in one
    leaves the other's placing alone. Where the sums across rows cannot all hold (an error the
    document makes in a column), each of their rows keeps what its own total alone decides: its
    numbers but the last always make up the last, wherever they stand, so that much holds.

    `values`: the cells read so far; `zero`: cells printed blank (a blank counts as 0 in the sums).
    """
    domains = [_placements(row, values, equations) for row in rows]
    known = {i for i, d in enumerate(domains) if d}
    constraints = _sums(rows, known, values, zero, equations)
    own = list(domains)  # each row's placements by its own equations alone
    broken: set[int] = set()  # rows of sums that no placing holds
    for group in _apart(constraints):
        if not _narrowed_to_fixpoint(group, domains):
            broken.update(term.row for terms, _ in group for term in terms)
    forced: dict[str, Value] = {}
    for i in known:
        if i not in broken:
            forced.update(_agreed(domains[i], rows[i], values))
        elif _total_last(rows[i], equations):
            forced.update(_agreed(own[i], rows[i], values))
    return None if not forced and known <= broken else forced


def _total_last(row: RowReading, equations: tuple[Equation, ...]) -> bool:
    """The row's one equation of its own is its last cell = the others: then its numbers but the last
    make up the last wherever they stand, and its own placements hold the printed values' sum."""
    cells = set(row.cell_ids)
    own = [eq for eq in equations if cells >= set(eq.cells)]
    return len(own) == 1 and own[0].left == (row.cell_ids[-1],) and set(own[0].right) == cells - {row.cell_ids[-1]}


def _agreed(domain: list[Candidate] | None, row: RowReading, values: dict[str, Value]) -> dict[str, Value]:
    """The cells of `row` not read yet that every placement in `domain` gives one value."""
    return {cell: v for cell, v in agreed_cells(domain or [], row.cell_ids).items() if values.get(cell) is None}


def _apart(constraints: list[tuple[list[_Term], int]]) -> list[list[tuple[list[_Term], int]]]:
    """The constraints in groups that share no row (linked through the rows they share)."""
    leader: dict[int, int] = {}

    def find(row: int) -> int:
        while leader.setdefault(row, row) != row:
            row = leader[row]
        return row

    for terms, _ in constraints:
        first = find(terms[0].row)
        for term in terms[1:]:
            leader[find(term.row)] = first
    groups: dict[int, list[tuple[list[_Term], int]]] = {}
    for constraint in constraints:
        groups.setdefault(find(constraint[0][0].row), []).append(constraint)
    return list(groups.values())


def _narrowed_to_fixpoint(constraints: list[tuple[list[_Term], int]], domains: list[list[Candidate] | None]) -> bool:
    """Narrow the domains by each constraint until none drops a placement more (a constraint is
    applied again only when a row of it lost placements); False when a row has none left."""
    rows_of = [{term.row for term in terms} for terms, _ in constraints]
    waiting = deque(range(len(constraints)))
    queued = set(waiting)
    while waiting:
        k = waiting.popleft()
        queued.discard(k)
        sizes = {row: len(domains[row] or ()) for row in rows_of[k]}
        terms, target = constraints[k]
        narrowed = _narrowed(terms, target, domains)
        if narrowed is None:
            return False
        if not narrowed:
            continue
        shrunk = {row for row, size in sizes.items() if len(domains[row] or ()) < size}
        for j, rows in enumerate(rows_of):
            if j not in queued and j != k and rows & shrunk:
                waiting.append(j)
                queued.add(j)
    return True


def _placements(row: RowReading, values: dict[str, Value], equations: tuple[Equation, ...]) -> list[Candidate] | None:
    """The row's numbers in order in some of its columns, the others 0, agreeing with the cells already
    read and keeping the row's own equations; None when there are too many to try."""
    cells = row.cell_ids
    n, k = len(cells), len(row.observed)
    if k > n or comb(n, k) > MAX_PLACEMENTS or not all(isinstance(v, int) for v in row.observed):
        return None
    own = {cell: j for j, cell in enumerate(cells)}
    checks = [
        ([own[c] for c in eq.left], [own[c] for c in eq.right]) for eq in equations if own.keys() >= set(eq.cells)
    ]
    fixed = [(j, v) for j, c in enumerate(cells) if (v := values.get(c)) is not None]
    observed = [int(v or 0) for v in row.observed]
    found: list[Candidate] = []
    for places in combinations(range(n), k):
        candidate = [0] * n
        for place, value in zip(places, observed, strict=True):
            candidate[place] = value
        if any(candidate[j] != v for j, v in fixed):
            continue
        if all(sum(candidate[i] for i in left) == sum(candidate[i] for i in right) for left, right in checks):
            found.append(tuple(candidate))
    return found


def _sums(
    rows: list[RowReading], known: set[int], values: dict[str, Value], zero: set[str], equations: tuple[Equation, ...]
) -> list[tuple[list[_Term], int]]:
    """The equations over the rows `known` (by index) that the placing must keep, as terms and targets."""
    index = {cell: (i, j) for i, row in enumerate(rows) if i in known for j, cell in enumerate(row.cell_ids)}
    return [c for eq in equations if (c := _constraint(eq, index, values, zero)) is not None]


def _constraint(
    eq: Equation, index: dict[str, tuple[int, int]], values: dict[str, Value], zero: set[str]
) -> tuple[list[_Term], int] | None:
    """`eq` as terms over the open rows and the integer the terms must add up to; None when it
    is one row's own (kept by the placements), or holds a cell neither read nor placed, or a fraction."""
    terms: dict[int, _Term] = {}
    constant = 0.0
    outside = False  # a cell of no open row: a read value, or a blank
    for cell, sign in [(c, 1) for c in eq.left] + [(c, -1) for c in eq.right]:
        if cell in index:
            row, column = index[cell]
            term = terms.setdefault(row, _Term(row, {}))
            term.signs[column] = term.signs.get(column, 0) + sign
            continue
        outside = True
        if (value := values.get(cell)) is not None:
            constant += sign * float(value)
        elif cell not in zero:
            return None
    if not terms or (len(terms) == 1 and not outside) or abs(constant - round(constant)) > TOLERANCE:
        return None
    return list(terms.values()), -round(constant)


def _contribution(term: _Term, placement: Candidate) -> int:
    """What `placement` adds to the equation (placements hold integers only: counts)."""
    return sum(sign * int(placement[column] or 0) for column, sign in term.signs.items())


def _narrowed(terms: list[_Term], target: int, domains: list[list[Candidate] | None]) -> bool | None:
    """Drop the placements of each row in `terms` that the other rows cannot complete to `target`.
    True when some were dropped, None when a row has none left."""
    contributions: list[dict[int, list[Candidate]]] = []
    for term in terms:
        domain = domains[term.row]
        assert domain is not None
        by_value: dict[int, list[Candidate]] = {}
        if len(term.signs) == 1:
            ((column, sign),) = term.signs.items()
            for placement in domain:
                by_value.setdefault(sign * int(placement[column] or 0), []).append(placement)
        else:
            for placement in domain:
                by_value.setdefault(_contribution(term, placement), []).append(placement)
        contributions.append(by_value)
    lows = [min(by_value) for by_value in contributions]
    goal = target - sum(lows)
    if goal < 0:
        return None
    if goal > MAX_SUM:
        return False  # its bitsets would grow with the numbers: such a sum decides nothing here
    limit = (1 << (goal + 1)) - 1
    shifted = [[v - low for v in by_value] for by_value, low in zip(contributions, lows, strict=True)]
    # before[i]: the sums the rows before row i reach (bit s); after[i]: those the rows after it
    # reach, as bit goal - s, so that a value v of row i fits where (before[i] << v) & after[i].
    before = [1]
    for values in shifted[:-1]:
        before.append(_fold(before[-1], values, goal, limit))
    after = [1 << goal]
    for values in reversed(shifted[1:]):
        after.append(_fold_down(after[-1], values))
    after.reverse()
    changed = False
    for i, term in enumerate(terms):
        kept_values = [v for v in shifted[i] if v <= goal and (before[i] << v) & after[i]]
        if len(kept_values) < len(shifted[i]):
            changed = True
            kept = [p for v in kept_values for p in contributions[i][v + lows[i]]]
            if not kept:
                return None
            domains[term.row] = kept
    return changed


def _fold(sums: int, values: list[int], goal: int, limit: int) -> int:
    """The sums up to `goal` reachable by adding one of `values` to one of `sums` (bits; `limit` their mask)."""
    folded = 0
    for value in values:
        if value <= goal:
            folded |= sums << value
    return folded & limit


def _fold_down(rests: int, values: list[int]) -> int:
    """`_fold` for sums held as what they leave of the goal (bit goal - s)."""
    folded = 0
    for value in values:
        folded |= rests >> value
    return folded
