"""Text that keeps a table's columns by spacing: what `pdftotext -layout` and similar copies print.

Such text pads every cell to its place on the page, so the numbers of a row stand
apart by runs of spaces; a number is one cell's whole value, never two cells'
digits glued together, and a row printing fewer numbers than it has cells has
blank cells (zero printed as nothing), not glued ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from xxgk.extract.rows import RowText
from xxgk.extract.tokens import Token
from xxgk.extract.values import parse_number
from xxgk.template import Row, TableSpec, Template

# A number set apart from what precedes it by two or more spaces (or starting a line indented so).
_SPACED_NUMBER = re.compile(r"(?:^| {2})[ ]*[+-]?\d[\d,.]*(?= {2}|$)")
# A number that is not a label's enumerator ("4.保护第三方…", "3、…").
_HAS_DIGIT = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d,.、．])")
_LONE_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?")
_GAP = re.compile(r" {2,}")
# Lines of a table region that print numbers: at least this many, for the verdict to stand.
MIN_LINES = 4


def one_number_per_line(regions: Iterable[str]) -> bool:
    """Every line of the table regions that prints a number prints one and nothing else: a cell per
    line (as a PDF viewer copies a table without -layout), so no number is two cells glued together."""
    lines = [line.strip() for region in regions for line in region.splitlines() if _HAS_DIGIT.search(line)]
    return len(lines) >= MIN_LINES and all(_LONE_NUMBER.fullmatch(line) for line in lines)


def looks_aligned(regions: Iterable[str]) -> bool:
    """Most lines printing numbers in the table regions set them apart by runs of spaces."""
    lines = [line for region in regions for line in region.splitlines() if _HAS_DIGIT.search(line)]
    if len(lines) < MIN_LINES or any("\t" in line for line in lines):
        return False
    spaced = sum(len(_SPACED_NUMBER.findall(line)) >= 1 for line in lines)
    if spaced * 4 < len(lines) * 3:
        return False
    # Cells joined by one separator ("规章   0   21   25") print the same gap everywhere; padding
    # to the page's columns gives gaps of many widths.
    gaps = Counter(len(gap) for line in lines for gap in _GAP.findall(line.strip()))
    total = sum(gaps.values())
    return total > 0 and gaps.most_common(1)[0][1] * 10 < total * 9


# A number stands in a column when it is nearer the column's middle than this share of the way to the
# next column's middle (pdftotext -layout shifts a row's cells by a character or two).
TOLERANCE = 0.34
# Rows printing all their cells whose middles disagree by more than this share of the column gap leave
# the page's columns unknown.
SPREAD = 0.25


@dataclass(frozen=True, slots=True)
class Columns:
    """The middles of a block of rows' value columns on one page, left to right (twice the column)."""

    middles: tuple[float, ...]

    def place(self, middles: list[int]) -> list[int] | None:
        """The column of each number, in order and each in its own column, or None when one is not clearly in one."""
        columns: list[int] = []
        for middle in middles:
            nearest = min(range(len(self.middles)), key=lambda j: abs(self.middles[j] - middle))
            if abs(self.middles[nearest] - middle) > TOLERANCE * self._gap(nearest):
                return None
            if columns and nearest <= columns[-1]:
                return None
            columns.append(nearest)
        return columns

    def _gap(self, j: int) -> float:
        gaps = [abs(self.middles[j] - self.middles[i]) for i in (j - 1, j + 1) if 0 <= i < len(self.middles)]
        return min(gaps) if gaps else 0.0


def columns_of(rows: list[list[Token]], width: int) -> Columns | None:
    """The columns that rows printing all `width` cells on one line show, if they agree."""
    lines = [[t.place.middle for t in row if t.place is not None] for row in rows]
    full = [line for line in lines if len(line) == width]
    if not full:
        return None
    middles = tuple(sorted(line[j] for line in full)[len(full) // 2] for j in range(width))
    if any(b <= a for a, b in pairwise(middles)):
        return None
    columns = Columns(tuple(float(m) for m in middles))
    for line in full:
        for j, middle in enumerate(line):
            if abs(middle - middles[j]) > SPREAD * columns._gap(j):
                return None
    return columns


def on_one_line(values: list[Token]) -> bool:
    """Every number placed, all on the same line of the same page."""
    places = [t.place for t in values]
    return bool(places) and all(p is not None for p in places) and len({(p.page, p.line) for p in places if p}) == 1


BLANK = Token("placeholder", "")


def with_blank_cells(table: TableSpec, rows: dict[str, RowText], template: Template) -> dict[str, RowText]:
    """Rows printing fewer numbers than cells, each number put in the column it stands under.

    The columns are those of the rows of the same block (same fields, same page) that print
    every cell on one line; a number not clearly under one of them, or a placing that breaks
    the row's own sums (blank cells count as zero), leaves the row as it was (unread).
    """
    blocks: dict[tuple[tuple[str, ...], int], list[list[Token]]] = {}
    for found in rows.values():
        values = [t for t in found.values if t.is_value]
        if on_one_line(values):
            blocks.setdefault(_block(found.row, values), []).append(values)
    placed = dict(rows)
    for key, found in rows.items():
        values = [t for t in found.values if t.is_value]
        width = len(found.row.fields)
        if not 0 < len(values) < width or not on_one_line(values):
            continue
        columns = columns_of(blocks[_block(found.row, values)], width)
        where = columns.place([t.place.middle for t in values if t.place]) if columns else None
        if where is None:
            continue
        cells = [BLANK] * width
        for column, token in zip(where, values, strict=True):
            cells[column] = token
        if _sums_hold(found.row.cell_ids(table.key), cells, template):
            placed[key] = RowText(found.row, found.label, cells)
    return placed


def _block(row: Row, values: list[Token]) -> tuple[tuple[str, ...], int]:
    place = values[0].place
    return tuple(f.key for f in row.fields), place.page if place else -1


def _sums_hold(cells: tuple[str, ...], tokens: list[Token], template: Template) -> bool:
    """The row's own equations hold with its blank cells as zero."""
    values: dict[str, float] = {
        cell: (float(parse_number(t.text) or 0) if t.kind == "number" else 0.0)
        for cell, t in zip(cells, tokens, strict=True)
    }
    for eq in template.equations_within(cells):
        if abs(sum(values[c] for c in eq.left) - sum(values[c] for c in eq.right)) > 1e-6:
            return False
    return True
