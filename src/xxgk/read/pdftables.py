"""Ruled PDF tables as grids: glyphs into cells, pieces on consecutive pages into one table.

A word processor prints a long table over several pages: each page gets a piece
with its own borders, often with the header rows repeated, and a row too tall for
the rest of a page is split, its label continuing on the next page. The pieces
are joined into one grid: repeated header rows are dropped, and a split row
becomes one row again.

A browser cuts a table at the page break without closing it: the cells the break
cuts have no bottom border on the first page and no top border on the next
(`RuledTable.open_bottom`, `open_top`), a cell spanning rows on both pages is one
cell in two pieces, and the text of such a cell whose rows went on to the next
page is drawn past its open bottom. That text is the cell's (`in_cells`), and the
two pieces of a cut cell are one cell again (`joined`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xxgk.read.document import Block, Cell, Paragraph, Table
from xxgk.read.pdfoverflow import G, Placed, overflowed
from xxgk.read.reflow import PlacedLine, rejoined_from
from xxgk.read.rulings import CellBox, RuledTable

# Column edges of two pieces this close (points) are the same edge.
SAME_EDGE = 2.5
# A cell's last line leaving less room than this (in its glyphs' heights, padding included) is full:
# its text was wrapped there by the cell's width, so it may go on in the next page's piece.
FULL_LINE_ROOM = 2.6
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"[0-9\uff10-\uff19]")
_DIGIT_END = re.compile(r"[0-9,]$")
_NUMBER = re.compile(r"[0-9][0-9,.]*")
_NUMBERED = re.compile(r"\s*(?:[（(]?[0-9\uff10-\uff19一二三四五六七八九十]+[）)、.．])")


@dataclass(frozen=True, slots=True)
class PageTable:
    """One page's piece of a ruled table, with the text of each of its cells."""

    page: int
    ruled: RuledTable
    texts: tuple[str, ...]
    # Per cell: its last line fills the cell's width (see FULL_LINE_ROOM); False for an empty cell.
    full: tuple[bool, ...] = ()


def document_blocks(items: list[PlacedLine | PageTable]) -> tuple[Block, ...]:
    """Paragraphs rejoined across line wraps, and tables joined across pages, in reading order.

    A table piece continues the table before it when it starts a later page and
    nothing but page furniture (page numbers, dropped already) stands between them.
    """
    lines: list[PlacedLine] = []
    groups: list[list[PageTable]] = []
    # Each table group stands before the line with this index.
    anchors: list[int] = []
    previous_was_table = False
    for item in items:
        if isinstance(item, PlacedLine):
            lines.append(item)
            previous_was_table = False
        elif previous_was_table and groups[-1][-1].page < item.page:
            groups[-1].append(item)
        else:
            groups.append([item])
            anchors.append(len(lines))
            previous_was_table = True
    blocks: list[Block] = []
    group = 0
    for first_line, text in rejoined_from(lines, frozenset(anchors)):
        while group < len(groups) and anchors[group] <= first_line:
            blocks.append(joined(groups[group]))
            group += 1
        blocks.append(Paragraph(text))
    blocks += [joined(g) for g in groups[group:]]
    return tuple(blocks)


def in_reading_order(lines: list[PlacedLine], tables: list[PageTable], bottom: float) -> list[PlacedLine | PageTable]:
    """The page's lines with its tables among them by height (lines come top first already)."""
    if not tables:
        return list(lines)
    out: list[PlacedLine | PageTable] = []
    pending = sorted(tables, key=lambda t: -t.ruled.top)
    for line in lines:
        while pending and pending[0].ruled.top - bottom >= line.middle:
            out.append(pending.pop(0))
        out.append(line)
    return out + pending


def in_cells(table: RuledTable, glyphs: Sequence[G]) -> tuple[list[list[G]], list[G]]:
    """The glyphs inside each cell of `table` (by the centre of their box), and those outside it.

    Lines drawn right under a cell left open at the table's bottom, within its sides, are the
    cell's too (`pdfoverflow.overflowed`).
    """
    owner: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(table.cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                owner[(r, c)] = index
    # Row edges run top to bottom (decreasing y); bisect works on their negatives.
    downward = [-y for y in table.rows]
    inside: list[list[G]] = [[] for _ in table.cells]
    outside: list[G] = []
    for glyph in glyphs:
        x, y = (glyph.left + glyph.right) / 2, (glyph.top + glyph.bottom) / 2
        if not table.holds(x, y):
            outside.append(glyph)
            continue
        col = min(max(bisect.bisect_right(table.columns, x) - 1, 0), len(table.columns) - 2)
        row = min(max(bisect.bisect_right(downward, -y) - 1, 0), len(table.rows) - 2)
        owning = owner.get((row, col))
        if owning is None:
            outside.append(glyph)
        else:
            inside[owning].append(glyph)
    if table.open_bottom:
        outside = overflowed(table, inside, outside)
    return inside, outside


def page_table(page: int, table: RuledTable, glyphs: list[list[G]], text: Callable[[list[G]], str]) -> PageTable:
    """The piece of a table on `page`, each cell's text made by `text` from its glyphs."""
    texts = tuple(text(cell) if cell else "" for cell in glyphs)
    full = tuple(_ends_full(box, cell) for box, cell in zip(table.cells, glyphs, strict=True))
    return PageTable(page, table, texts, full)


def _ends_full(box: CellBox, glyphs: Sequence[Placed]) -> bool:
    """Whether the lowest line of `glyphs` spans the cell's width but for its padding and a glyph or so."""
    if not glyphs:
        return False
    lowest = min(glyphs, key=lambda g: g.top + g.bottom)
    em = lowest.top - lowest.bottom
    middle = (lowest.top + lowest.bottom) / 2
    line = [g for g in glyphs if abs((g.top + g.bottom) / 2 - middle) < em / 2]
    width = max(g.right for g in line) - min(g.left for g in line)
    return box.right - box.left - width < FULL_LINE_ROOM * em


def joined(parts: list[PageTable]) -> Table:
    """Pieces of one table on consecutive pages as one grid."""
    edges = _union_edges(parts)
    cells: list[Cell] = []
    # The grid positions of the cells whose last line is full (their text may go on in the next piece).
    full: set[tuple[int, int]] = set()
    offset = 0
    first_rows = _row_signatures(parts[0], edges)
    for number, part in enumerate(parts):
        skip = _repeated_header(first_rows, _row_signatures(part, edges), part) if number else 0
        placed: list[Cell] = []
        now_full: set[tuple[int, int]] = set()
        for box, text, ends_full in zip(part.ruled.cells, part.texts, part.full or _none(part), strict=True):
            if box.row >= skip:
                placed.append(cell := _cell(box, text, box.row - skip + offset, edges))
                if ends_full:
                    now_full.add((cell.row, cell.col))
        cut = _cut_cells(cells, placed, offset, (parts[number - 1], part, skip), edges) if number else []
        # Every cell of the first row cut (a row the break went through), or a split row as a word processor's.
        whole_row = (
            len(cut) == sum(c.row == offset for c in placed) if cut else _continues_row(cells, placed, offset, full)
        )
        if number and whole_row:
            cells, placed = _split_row_joined(cells, placed, offset)
            now_full = {(row - 1, col) for row, col in now_full}
            offset -= 1
        elif cut := [c for c in cut if not _DIGIT.search(c.text)]:
            cells, placed = _cut_cells_joined(cells, placed, offset, cut)
        cells += placed
        full |= now_full
        offset += _row_count(part.ruled) - skip
    return Table(tuple(sorted(cells, key=lambda c: (c.row, c.col))))


def _none(part: PageTable) -> tuple[bool, ...]:
    return (False,) * len(part.texts)


def _cell(box: CellBox, text: str, row: int, edges: list[float]) -> Cell:
    left, right = _edge_index(edges, box.left), _edge_index(edges, box.right)
    return Cell(text, row, left, box.rowspan, max(right - left, 1))


def _union_edges(parts: list[PageTable]) -> list[float]:
    edges: list[float] = []
    for value in sorted(x for part in parts for x in part.ruled.columns):
        if not edges or value - edges[-1] > SAME_EDGE:
            edges.append(value)
    return edges


def _edge_index(edges: list[float], x: float) -> int:
    """The index of the edge nearest to `x` (`edges` ascending)."""
    i = bisect.bisect_left(edges, x)
    if i == len(edges) or (i > 0 and x - edges[i - 1] <= edges[i] - x):
        return i - 1
    return i


def _row_count(table: RuledTable) -> int:
    return len(table.rows) - 1


def _row_signatures(part: PageTable, edges: list[float]) -> list[tuple[tuple[int, int, int, str], ...]]:
    rows: dict[int, list[tuple[int, int, int, str]]] = {}
    for box, text in zip(part.ruled.cells, part.texts, strict=True):
        left, right = _edge_index(edges, box.left), _edge_index(edges, box.right)
        rows.setdefault(box.row, []).append((left, right, box.rowspan, _SPACE.sub("", text)))
    return [tuple(sorted(rows.get(r, []))) for r in range(_row_count(part.ruled))]


def _repeated_header(
    first: list[tuple[tuple[int, int, int, str], ...]],
    rows: list[tuple[tuple[int, int, int, str], ...]],
    part: PageTable,
) -> int:
    """How many leading rows of `part` repeat the first piece's leading rows (a header printed on each page)."""
    count = 0
    while count < min(len(first), len(rows)) - 1 and rows[count] == first[count] and any(t for *_, t in rows[count]):
        count += 1
    # Never cut through a cell spanning the boundary.
    while count and any(box.row < count < box.row + box.rowspan for box in part.ruled.cells):
        count -= 1
    return count


def _continues_row(cells: list[Cell], placed: list[Cell], offset: int, full: set[tuple[int, int]]) -> bool:
    """Whether the first row of a piece is the rest of the previous piece's last row (split by the page break).

    Two kinds are taken for split rows. A row of text: neither part prints a digit,
    every text of the second part sits under text of the first in the same columns,
    none starts a numbered label ("4.", "（五）"), and some text above it ends with a
    full line (`full`: wrapped by the cell's width, so the page break cut it — a
    header row "信息内容 | 上一年项目数量" whose short texts end in the middle of
    their cells is complete, and the all-blank row "行政处罚" under it on the next
    page is a row of its own). And the last digits of numbers
    wrapped inside their cells ("11" over "3" for 113): the second part prints only
    digits, each under a number. A data row's label continuing on the next page is
    not joined here (its numbers stay with its first part); extraction joins it as
    the label of the row it completes.
    """
    last = offset - 1
    if last < 0:
        return False
    above = _covering(cells, last)
    first = [c for c in placed if c.row == offset]
    texts = [c for c in first if c.text.strip()]
    if not texts or not all(_under(above.get(c.col), c) for c in texts):
        return False
    if all(_NUMBER.fullmatch(c.text.strip()) and _DIGIT_END.search(above[c.col].text) for c in texts):
        return True
    if any(_DIGIT.search(c.text) for c in first) or any(_DIGIT.search(c.text) for c in above.values()):
        return False
    if not any((above[c.col].row, above[c.col].col) in full for c in texts):
        return False
    return not any(_NUMBERED.match(c.text) for c in texts)


def _cut_cells(
    cells: list[Cell], placed: list[Cell], offset: int, pieces: tuple[PageTable, PageTable, int], edges: list[float]
) -> list[Cell]:
    """The cells of the piece's first row that go on with a cell of the previous piece cut by the page break.

    `pieces`: the previous piece, this one and the number of header rows it repeats. A browser
    leaves both sides of the cut open: the cell above reaches the previous piece's bottom
    without a border under it, the cell below starts the piece without one over it (or under
    the header rows the browser repeats on each page, which it closes), and both have the same
    columns.
    """
    before, part, skip = pieces
    last = _row_count(before.ruled) - 1
    above = _covering(cells, offset - 1)
    open_above = {
        _columns(box, edges)
        for box in before.ruled.cells
        if box.row + box.rowspan - 1 == last and _open(box, before.ruled.open_bottom)
    }
    open_below = {
        _columns(box, edges)
        for box in part.ruled.cells
        if box.row == skip and (skip or _open(box, part.ruled.open_top))
    }
    cut: list[Cell] = []
    for cell in placed:
        if cell.row != offset or (span := (cell.col, cell.col + cell.colspan)) not in open_below:
            continue
        over = above.get(cell.col)
        if span in open_above and over is not None and over.colspan == cell.colspan:
            cut.append(cell)
    return cut


def _columns(box: CellBox, edges: list[float]) -> tuple[int, int]:
    return _edge_index(edges, box.left), _edge_index(edges, box.right)


def _open(box: CellBox, bands: frozenset[int]) -> bool:
    return all(j in bands for j in range(box.col, box.col + box.colspan))


def _cut_cells_joined(
    cells: list[Cell], placed: list[Cell], offset: int, cut: list[Cell]
) -> tuple[list[Cell], list[Cell]]:
    """The cells above grown over their cut pieces (`cut`, dropped from `placed`): a cell spanning
    rows on both sides of the page break, its text on the second page after its text on the first.
    (Pieces printing digits are left apart: never a number made of two.)"""
    above = _covering(cells, offset - 1)
    grown: dict[int, Cell] = {}
    for cell in cut:
        over = above[cell.col]
        text = f"{over.text}\n{cell.text.strip()}" if cell.text.strip() else over.text
        grown[id(over)] = over._replace(text=text, rowspan=offset + cell.rowspan - over.row)
    kept = [grown.get(id(c), c) for c in cells]
    return kept, [c for c in placed if c not in cut]


def _under(over: Cell | None, cell: Cell) -> bool:
    """`cell` sits under a cell with text of exactly its columns."""
    return over is not None and bool(over.text.strip()) and over.col == cell.col and over.colspan == cell.colspan


def _split_row_joined(cells: list[Cell], placed: list[Cell], offset: int) -> tuple[list[Cell], list[Cell]]:
    """The piece's first row merged into the cells above it; the piece's other rows moved up one."""
    above = _covering(cells, offset - 1)
    grown: dict[int, Cell] = {}
    for cell in placed:
        if cell.row != offset:
            continue
        over = above.get(cell.col)
        if over is None:
            continue
        base = grown.get(id(over), over)
        glue = "" if _DIGIT_END.search(base.text) and _NUMBER.fullmatch(cell.text.strip()) else "\n"
        text = f"{base.text}{glue}{cell.text.strip()}" if cell.text.strip() else base.text
        grown[id(over)] = base._replace(text=text, rowspan=base.rowspan + cell.rowspan - 1)
    kept = [grown.get(id(c), c) for c in cells]
    moved = [c._replace(row=c.row - 1) for c in placed if c.row != offset]
    return kept, moved


def _covering(cells: list[Cell], row: int) -> dict[int, Cell]:
    """The cell covering each column of `row`, by the column it starts in."""
    return {c.col: c for c in cells if c.row <= row < c.row + c.rowspan}
