"""What a printed row was read as: its `Line` of cells and the `RowReading` of its numbers.

The vocabulary every step of reading rows shares: the table readers make readings
(`values.read_row`, the grid and stream readers), `reconstruct` settles their cells.
It lives apart from the reading itself so that those steps depend on these classes
and not on one another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from xxgk.bounded import Bounded
from xxgk.extract.memo import ROW_ENTRIES
from xxgk.template import Field, Prior, Row, Statement

Value = int | float | None
Candidate = tuple[Value, ...]
# "unbalanced": the digits can be cut into the row's cells, but no cut keeps the row's own arithmetic.
Status = Literal["exact", "blank", "split", "extra", "short", "ambiguous", "unbalanced", "absent"]


@dataclass(frozen=True, slots=True)
class Line:
    """A printed row of cells: usually one template row, for table 四 all of its rows."""

    name: str
    cells: tuple[str, ...]
    fields: tuple[Field, ...]
    priors: tuple[Prior, ...] = ()
    stated: tuple[Statement, ...] = ()

    @classmethod
    def of_row(cls, row: Row, table: str) -> Line:
        """The line of one template row, remembered: the same rows are read in every report."""
        known = _LINES.get((id(row), table))
        if known is None:
            line = cls(row.label, row.cell_ids(table), row.fields, row.priors, row.stated)
            known = _LINES.put((id(row), table), (row, line))
        return known[1]

    @classmethod
    def of_rows(cls, rows: tuple[Row, ...], table: str, name: str) -> Line:
        cells = tuple(c for row in rows for c in row.cell_ids(table))
        return cls(name, cells, tuple(f for row in rows for f in row.fields))


_LINES: Bounded[tuple[int, str], tuple[Row, Line]] = Bounded(ROW_ENTRIES)


@dataclass(slots=True)
class RowReading:
    """What could be read for one line: one candidate, several, or none."""

    line: Line
    status: Status
    candidates: list[Candidate] = field(default_factory=list)
    observed: list[Value] = field(default_factory=list)
    printed: str = ""
    reason: str = ""
    # A short row of whole numbers in order, its blank cells left out by the copy (`read_row`).
    dropped_blanks: bool = False

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return self.line.cells


def parse_number(text: str) -> Value:
    """A printed number as int or float ("-675", "96171.6", "007")."""
    return float(text) if "." in text else int(text)


def agreed_cells(candidates: Sequence[Candidate], cells: tuple[str, ...]) -> dict[str, Value]:
    """The cells that every reading in `candidates` gives one value (none when there is no reading)."""
    if not candidates:
        return {}
    return {
        cell: values[0]
        for cell, values in zip(cells, zip(*candidates, strict=True), strict=True)
        if len(set(values)) == 1
    }
