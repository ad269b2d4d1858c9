"""The neutral document every reader produces.

Readers turn bytes into blocks of text and tables and know nothing of the annual
report templates; extraction turns these blocks into a report and knows nothing
of file formats. This module is the contract between the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from xxgk.bounded import Bounded


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line or paragraph of running text.

    A tab inside the text separates visually distinct cells (PDF readers put one
    between fragments that stand apart on the page).
    """

    text: str


class Cell(NamedTuple):
    """One cell of a table at its top-left grid position, with its real spans.

    A named tuple, not a frozen dataclass: readers make one per cell, and building
    a frozen dataclass cost a third of the HTML reader's table time.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    """A table as its origin cells: one cell per merged area, never repeated."""

    cells: tuple[Cell, ...]

    def cell_at(self, row: int, col: int) -> Cell:
        """The origin cell at a grid position (KeyError when a merge covers it or it is empty)."""
        for cell in self.cells:
            if (cell.row, cell.col) == (row, col):
                return cell
        raise KeyError((row, col))

    def rows(self) -> Iterator[list[Cell]]:
        """The origin cells of each grid row, left to right, top to bottom (read-only lists)."""
        for row in row_groups(self):
            if row:
                yield row


def row_groups(table: Table) -> list[list[Cell]]:
    """The origin cells of every grid row, left to right; a row no cell starts in is empty.

    Shared, read-only: `Document.lines_and_tables` and the grid reader both need
    a table's rows, and grouping them once saves the second pass. The last
    tables' groups are kept (cleared when full, so memory stays flat).
    """
    known = _ROW_GROUPS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    cells = table.cells
    height = max((c.row + c.rowspan for c in cells), default=0)
    groups: list[list[Cell]] = [[] for _ in range(height)]
    for cell in cells:
        groups[cell.row].append(cell)
    for row in groups:
        # Stable and in C: a row already left to right (every reader's order) stays as it is.
        row.sort(key=_COLUMN)
    _ROW_GROUPS.put(id(table), (table, groups))
    return groups


_ROW_GROUPS: Bounded[int, tuple[Table, list[list[Cell]]]] = Bounded(9)


Block = Paragraph | Table
# A cell's column (`Cell.col`), as a sort key in C.
_COLUMN = itemgetter(2)
# A page break in text (a form feed, as pdftotext ends each page with), on a line of its own: a
# noncharacter, never in text, since `str.splitlines` would take the form feed itself for a line end.
PAGE_BREAK = "\ufdd3"
# Stands between a row's cells until their own tabs are replaced: a noncharacter, never in text.
_CELL_GAP = "\ufdd2"
# What `str.splitlines` breaks lines at, line feed aside.
_LINE_BREAK = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader found in one file."""

    source: str
    format: str
    blocks: tuple[Block, ...]
    metadata: dict[str, str] = field(default_factory=dict)

    def paragraphs(self) -> list[str]:
        """The text of every paragraph, in order."""
        return [block.text for block in self.blocks if isinstance(block, Paragraph)]

    def tables(self) -> list[Table]:
        """Every table, in order."""
        return [block for block in self.blocks if isinstance(block, Table)]

    def lines(self) -> Iterator[str]:
        """The document as lines of text; a table row is one line, cells tab-separated."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield from block.text.splitlines() or [""]
            else:
                for row in block.rows():
                    yield row_line(row)

    def lines_and_tables(self) -> tuple[list[str], list[PlacedTable]]:
        """`lines()` as a list, and every table with the index in it of each of its grid rows' line."""
        texts = [block.text for block in self.blocks if isinstance(block, Paragraph)]
        if len(texts) == len(self.blocks):
            joined = "\n".join(texts)
            if joined.count("\n") == len(texts) - 1 and _LINE_BREAK.search(joined) is None:
                # Plain text, a paragraph a line already: no paragraph to split.
                return texts, []
        lines: list[str] = []
        placed: list[PlacedTable] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines += block.text.splitlines() or [""]
                continue
            at: dict[int, int] = {}
            for row in block.rows():
                at[row[0].row] = len(lines)
                lines.append(row_line(row))
            placed.append(PlacedTable(block, at))
        return lines, placed


@dataclass(frozen=True, slots=True)
class PlacedTable:
    """A table and, for each grid row that has an origin cell, the index of its line in `Document.lines()`.

    Extraction finds sections in the lines, then reads the tables' grids within them.
    """

    table: Table
    line_of_row: dict[int, int]


def row_line(row: list[Cell]) -> str:
    """A table row as one line of text, its cells tab-separated."""
    # Joined first, then cleaned: three replaces per row rather than two per cell. A list, not a
    # generator, for `join`: a generator costs a frame switch per cell.
    joined = _CELL_GAP.join([cell.text for cell in row])
    return joined.replace("\n", "").replace("\t", " ").replace(_CELL_GAP, "\t")
