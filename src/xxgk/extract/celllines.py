"""Text a cell per line with an empty line for each empty cell, as word processors save a table as text.

LibreOffice's "save as text" (and the text export of word processors) writes each table
cell on a line of its own, an empty cell as an empty line, a row's cells right after its
label. A PDF viewer's copy also prints a cell per line, but sets blocks of lines apart by
empty lines that are no cells, and prints labels and numbers in blocks of their own. So
the empty lines are read as cells only in a document whose rows, read with the empty
lines as cells, fill their cells exactly: most of them (`SHARE`), and enough (`MIN_ROWS`).
"""

from __future__ import annotations

from collections.abc import Iterable

from xxgk.extract.rows import RowText
from xxgk.extract.tokens import BLANK, Token

SHARE = 0.8
MIN_ROWS = 5


def empty_line_per_cell(tables: Iterable[list[RowText]]) -> bool:
    """The regions print an empty line per empty cell (`tables`: each table's rows as `match_rows` finds
    them in segments closed by one empty line, what a document this says yes to is read as)."""
    filled = rows = 0
    for matched in tables:
        for found in matched:
            width = len(found.row.fields)
            if width < 2 or not any(t.is_value for t in found.values):
                continue  # a row of blank cells says nothing of how its blanks are printed
            rows += 1
            filled += blank_lines_as_cells(found.values, width, some_blank=False) is not found.values
    return rows >= MIN_ROWS and filled >= SHARE * rows


def with_blank_lines(found: RowText) -> RowText:
    """`found` with its empty lines read as its blank cells, where they fill its cells."""
    values = blank_lines_as_cells(found.values, len(found.row.fields))
    return found if values is found.values else RowText(found.row, found.label, values)


def blank_lines_as_cells(values: list[Token], width: int, *, some_blank: bool = True) -> list[Token]:
    """A row's `width` lines after its label as its cells, the empty ones `BLANK`.

    `values` itself unless exactly `width` lines (empty ones beyond them aside) each hold a
    value or nothing, at least one a value — and, with `some_blank`, at least one nothing.
    """
    cells = list(values)
    while len(cells) > width and cells[-1].kind == "empty":
        cells.pop()
    if len(cells) != width or not all(t.is_value or t.kind == "empty" for t in cells):
        return values
    if not any(t.is_value for t in cells) or (some_blank and not any(t.kind == "empty" for t in cells)):
        return values
    return [BLANK if t.kind == "empty" else t for t in cells]
