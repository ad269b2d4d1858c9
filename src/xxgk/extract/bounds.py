"""Table sums that refute a placing before every cell they run through is read.

A table's sums are checked against the rows placed when all their cells are known; but a
page of short rows placed by its columns may sit under a page whose rows are all still
unread, and then no column sum is ever complete. Counts are never negative, though: when
one side of a sum is wholly known, the cells known on the other side cannot exceed it,
whatever the unread cells hold. A placing that puts a number in a column whose total is
blank (or smaller) breaks such a sum wherever the unread numbers go: the sum refutes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from math import comb

from xxgk.extract.broken import MAX_PLACINGS
from xxgk.extract.readings import parse_number
from xxgk.extract.rows import RowText
from xxgk.template import Equation, TableSpec, Template


def bound_broken(eq: Equation, known: Mapping[str, float], template: Template) -> bool:
    """Whether `eq` cannot hold with its cells not in `known` at zero or more: one side wholly known
    is smaller than what is known of the other. False when every cell is known (the sum itself says)
    or when a cell may be negative (a signed field)."""
    if all(c in known for c in eq.cells):
        return False
    if any(template.field_of(c).kind == "signed" or known.get(c, 0.0) < 0 for c in eq.cells):
        return False
    sides = ((eq.left, eq.right), (eq.right, eq.left))
    return any(
        all(c in known for c in whole) and sum(known[c] for c in whole) < sum(known.get(c, 0.0) for c in part) - 1e-6
        for whole, part in sides
    )


def refuted_rows(
    table: TableSpec,
    rows: dict[str, RowText],
    equations: Iterable[Equation],
    known_owned: tuple[Mapping[str, float], Mapping[str, str]],
    template: Template,
) -> set[str]:
    """The placed rows (`known_owned`: the cells known, and a placed cell's row) some sum refutes
    (`bound_broken`) that another placing of the row's numbers (its own sums holding) would keep.
    None when a sum breaks so wherever the numbers stand: the document's own error (a total
    smaller than its parts), which the checks report and which tells no placing apart."""
    known, owners = known_owned
    refuted: set[str] = set()
    for eq in equations:
        if not bound_broken(eq, known, template):
            continue
        fixing = {
            key
            for key in {owners[c] for c in eq.cells if c in owners}
            if _kept_elsewhere(eq, rows[key], table.key, known, template)
        }
        if not fixing:
            return set()
        refuted |= fixing
    return refuted


def _kept_elsewhere(eq: Equation, found: RowText, table: str, known: Mapping[str, float], template: Template) -> bool:
    """Whether some placing of the row's numbers, left to right with its own sums holding, keeps `eq`."""
    cells = found.row.cell_ids(table)
    numbers = [float(parse_number(t.text) or 0) for t in found.values if t.kind == "number"]
    if comb(len(cells), len(numbers)) > MAX_PLACINGS:
        return False
    for where in combinations(range(len(cells)), len(numbers)):
        values = dict.fromkeys(cells, 0.0)
        values.update((cells[j], n) for j, n in zip(where, numbers, strict=True))
        if not all(e.holds(values) for e in template.equations_within(cells)):
            continue
        tried = {**known, **values}
        if eq.holds(tried) if all(c in tried for c in eq.cells) else not bound_broken(eq, tried, template):
            return True
    return False
