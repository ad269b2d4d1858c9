"""Glued rows that each split several ways, read together against the table's sums.

One row alone cannot be settled by a column sum while another row of that column
is still open. Taken together, the candidate readings of all open rows either
leave no combination that keeps every sum (the table as printed breaks its own
arithmetic: an error, not a gap of the reading), or agree on some rows in every
combination that does (those rows are read), or leave them open.
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.extract.readings import Candidate, RowReading, Value
from xxgk.template import Equation

# The search gives up (and decides nothing) past this many steps or combinations.
MAX_STEPS = 50_000
MAX_SOLUTIONS = 64
TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Joint:
    """`consistent` False: no combination keeps the sums. `agreed`: per row, the candidate every combination
    chose (None where they differ or the search stopped)."""

    consistent: bool
    agreed: list[Candidate | None]


def joint_reading(
    rows: list[RowReading], values: dict[str, Value], unknown: set[str], equations: tuple[Equation, ...]
) -> Joint | None:
    """The rows' candidates tried together; None when nothing could be decided (too many, or no sum applies)."""
    position = {cell: (i, j) for i, row in enumerate(rows) for j, cell in enumerate(row.cell_ids)}
    checks: dict[int, list[Equation]] = {}
    for eq in equations:
        mine = [position[c][0] for c in eq.cells if c in position]
        if not mine or any(c not in position and (c in unknown or values.get(c) is None) for c in eq.cells):
            continue
        checks.setdefault(max(mine), []).append(eq)
    if not checks:
        return None
    chosen: list[Candidate] = []
    solutions: list[list[Candidate]] = []
    steps = 0

    def value(cell: str) -> Value:
        where = position.get(cell)
        return values.get(cell) if where is None else chosen[where[0]][where[1]]

    def holds(depth: int) -> bool:
        for eq in checks.get(depth, ()):
            total = 0.0
            for cell in eq.left:
                total += value(cell) or 0
            for cell in eq.right:
                total -= value(cell) or 0
            if abs(total) > TOLERANCE:
                return False
        return True

    def walk(depth: int) -> bool:
        nonlocal steps
        if depth == len(rows):
            solutions.append(list(chosen))
            return len(solutions) < MAX_SOLUTIONS
        for candidate in rows[depth].candidates:
            steps += 1
            if steps > MAX_STEPS:
                return False
            chosen.append(candidate)
            go_on = not holds(depth) or walk(depth + 1)
            chosen.pop()
            if not go_on:
                return False
        return True

    complete = walk(0)
    if not solutions:
        return Joint(False, [None] * len(rows)) if complete else None
    if not complete:
        return Joint(True, [None] * len(rows))
    first = solutions[0]
    return Joint(True, [first[i] if all(s[i] == first[i] for s in solutions) else None for i in range(len(rows))])
