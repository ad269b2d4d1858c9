"""Text a browser draws past the open bottom of a table cut by a page break.

Chromium prints a cell spanning rows, whose later rows a page break sent to the next
page, with its box cut to the rows left on this page (no bottom border under it), but
its text laid out as for the whole cell: the lines that do not fit run on below the
table. They are the cell's text, not a paragraph after the table (which would also
keep the table's two pieces apart).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from xxgk.read.rulings import CellBox, RuledTable

# Text under a cell open at the bottom, this close below the cell's last line (in the text's heights),
# overflows the cell (a line's leading); a paragraph after a table stands further off.
OVERFLOW_GAP = 0.8


class Placed(Protocol):
    @property
    def left(self) -> float: ...
    @property
    def right(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...


G = TypeVar("G", bound=Placed)


def overflowed(table: RuledTable, inside: list[list[G]], outside: list[G]) -> list[G]:
    """`outside` without the lines a browser drew past the open bottom of the table's last cells,
    each glyph added to its cell's in `inside`.

    A cell spanning rows that a page break sent to the next page keeps its box on this page
    to the rows left here, but its text runs on below it: lines right under such a cell (no
    further than a line's leading below its last line), every glyph within the side of an open
    cell. The first line that is not (a paragraph after the table) ends the overflow.
    """
    last = len(table.rows) - 2
    floors: dict[int, float] = {}
    for index, box in enumerate(table.cells):
        if box.row + box.rowspan - 1 == last and inside[index] and _open_below(table, box):
            floors[index] = min(g.bottom for g in inside[index])
    taken: set[int] = set()
    for line in _lines_below(outside, table.bottom):
        owners = [_open_owner(table, floors, outside[i]) for i in line]
        if not floors or any(owner is None for owner in owners):
            break
        for i, owner in zip(line, owners, strict=True):
            assert owner is not None
            inside[owner].append(outside[i])
            floors[owner] = min(floors[owner], outside[i].bottom)
        taken.update(line)
    return [g for i, g in enumerate(outside) if i not in taken] if taken else outside


def _open_below(table: RuledTable, box: CellBox) -> bool:
    return all(j in table.open_bottom for j in range(box.col, box.col + box.colspan))


def _lines_below(glyphs: Sequence[Placed], bottom: float) -> list[list[int]]:
    """The indices of the glyphs below `bottom`, by line (same middle), top line first."""
    below = sorted((i for i, g in enumerate(glyphs) if (g.top + g.bottom) / 2 < bottom), key=lambda i: -glyphs[i].top)
    lines: list[list[int]] = []
    middle = 0.0
    for i in below:
        glyph = glyphs[i]
        here = (glyph.top + glyph.bottom) / 2
        if not lines or middle - here > (glyph.top - glyph.bottom) / 2:
            lines.append([])
            middle = here
        lines[-1].append(i)
    return lines


def _open_owner(table: RuledTable, floors: dict[int, float], glyph: Placed) -> int | None:
    """The open cell whose text `glyph` continues: within its sides, close under its last line."""
    em = glyph.top - glyph.bottom
    for index, floor in floors.items():
        box = table.cells[index]
        if box.left <= glyph.left and glyph.right <= box.right and floor - glyph.top <= OVERFLOW_GAP * em:
            return index
    return None
