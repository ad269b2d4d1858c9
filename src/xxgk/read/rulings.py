"""Table cells from the lines a PDF draws: the borders word processors print.

Word, WPS and LibreOffice draw every cell border as a path (a stroked line or a
thin filled rectangle). The horizontal and vertical rulings that touch each
other form a table; their distinct positions cut it into bands, and a border
missing between two neighbouring bands marks a merged cell. This gives each cell
its box however its text wraps, where its values sit in a tall cell, and whether
it is empty — what reading the text alone cannot tell.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Distances in PDF points.
# A path no thicker than this is a ruling; one thinner than MIN_LENGTH is a dot or a tick.
THIN = 3.0
MIN_LENGTH = 4.0
# Rulings this close across their direction are one line (a border drawn twice, a double stroke).
SAME_LINE = 1.6
# Pieces of one ruling this close along it are joined; a ruling reaching this close to another touches it.
REACH = 2.5
# Bands narrower than this are the gap of a double border, not a row or column.
MIN_BAND = 3.0
# Tables need this many rows and columns of cells (one row: the last row of a table, on a page of its own).
MIN_ROWS = 1
MIN_COLS = 2


@dataclass(frozen=True, slots=True)
class Ruling:
    """A horizontal (`at` is y) or vertical (`at` is x) line from `start` to `end`."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class CellBox:
    """A cell of a ruled table: its grid position, spans and box (page space, y upwards)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    left: float
    bottom: float
    right: float
    top: float

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.bottom <= y <= self.top


@dataclass(frozen=True, slots=True)
class RuledTable:
    """The cells of one ruled table on a page and its column edges (to recognise its continuation).

    `open_top` and `open_bottom` are the columns (band indices) whose outer top or bottom
    edge no drawn ruling covers: where a browser's page break cut the cells of a table
    (`_closed`), whose pieces go on in the next page's table.
    """

    cells: tuple[CellBox, ...]
    columns: tuple[float, ...]
    rows: tuple[float, ...]
    top: float
    bottom: float
    left: float
    right: float
    open_top: frozenset[int] = frozenset()
    open_bottom: frozenset[int] = frozenset()

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.bottom <= y <= self.top


def page_tables(page: pdfium.PdfPage) -> list[RuledTable]:
    """The ruled tables of a page, top first."""
    rulings = _merged(_page_rulings(page))
    tables = [t for part in _touching(rulings) if (t := _table(part)) is not None]
    return sorted(tables, key=lambda t: -t.top)


def _page_rulings(page: pdfium.PdfPage) -> list[Ruling]:
    raw = page.raw
    found: list[Ruling] = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        if height <= THIN and width >= MIN_LENGTH:
            found.append(Ruling(True, (top.value + bottom.value) / 2, left.value, right.value))
        elif width <= THIN and height >= MIN_LENGTH:
            found.append(Ruling(False, (left.value + right.value) / 2, bottom.value, top.value))
        elif _stroked(obj):
            found += _segments(obj)
    return found


def _stroked(obj: ctypes.c_void_p) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    return bool(pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)) and bool(stroke.value)


def _segments(obj: ctypes.c_void_p) -> list[Ruling]:
    """The straight horizontal and vertical pieces of a stroked path (a grid drawn as one path)."""
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    found: list[Ruling] = []
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (
            matrix.a * x.value + matrix.c * y.value + matrix.e,
            matrix.b * x.value + matrix.d * y.value + matrix.f,
        )
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            found += _straight(previous, point)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            found += _straight(point, start)
    return found


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[Ruling]:
    (x0, y0), (x1, y1) = a, b
    if abs(y0 - y1) <= 0.5 and abs(x0 - x1) >= MIN_LENGTH:
        return [Ruling(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))]
    if abs(x0 - x1) <= 0.5 and abs(y0 - y1) >= MIN_LENGTH:
        return [Ruling(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))]
    return []


def _merged(rulings: list[Ruling]) -> list[Ruling]:
    """Collinear rulings that overlap or nearly meet, as one."""
    out: list[Ruling] = []
    for horizontal in (True, False):
        lines = sorted((r for r in rulings if r.horizontal == horizontal), key=lambda r: (r.at, r.start))
        groups: list[list[Ruling]] = []
        for ruling in lines:
            if groups and ruling.at - groups[-1][0].at <= SAME_LINE:
                groups[-1].append(ruling)
            else:
                groups.append([ruling])
        for group in groups:
            at = sum(r.at for r in group) / len(group)
            pieces = sorted(group, key=lambda r: r.start)
            start, end = pieces[0].start, pieces[0].end
            for piece in pieces[1:]:
                if piece.start <= end + REACH:
                    end = max(end, piece.end)
                else:
                    out.append(Ruling(horizontal, at, start, end))
                    start, end = piece.start, piece.end
            out.append(Ruling(horizontal, at, start, end))
    return out


def _touching(rulings: list[Ruling]) -> list[list[Ruling]]:
    """Rulings grouped by touching: each group is one table's borders."""
    parent = list(range(len(rulings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontal = [i for i, r in enumerate(rulings) if r.horizontal]
    vertical = [i for i, r in enumerate(rulings) if not r.horizontal]
    for h in horizontal:
        a = rulings[h]
        for v in vertical:
            b = rulings[v]
            if a.start - REACH <= b.at <= a.end + REACH and b.start - REACH <= a.at <= b.end + REACH:
                parent[root(h)] = root(v)
    groups: dict[int, list[Ruling]] = {}
    for i, ruling in enumerate(rulings):
        groups.setdefault(root(i), []).append(ruling)
    return list(groups.values())


def _closed(rulings: list[Ruling]) -> list[Ruling]:
    """The rulings with a border added where the vertical ones run past the last horizontal one.

    A browser breaking a table across pages leaves the row cut by the break open: its
    side borders reach the page's end, its bottom border is not drawn.
    """
    horizontal = [r for r in rulings if r.horizontal]
    vertical = [r for r in rulings if not r.horizontal]
    if not horizontal or not vertical:
        return rulings
    left, right = min(r.at for r in vertical), max(r.at for r in vertical)
    low, high = min(r.at for r in horizontal), max(r.at for r in horizontal)
    lowest, highest = min(r.start for r in vertical), max(r.end for r in vertical)
    added = []
    if lowest < low - 2 * MIN_BAND:
        added.append(Ruling(True, lowest, left, right))
    if highest > high + 2 * MIN_BAND:
        added.append(Ruling(True, highest, left, right))
    return rulings + added if added else rulings


def _positions(values: list[float]) -> list[float]:
    """Distinct positions, nearby ones (a double border) taken as one."""
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] < MIN_BAND:
            continue
        out.append(value)
    return out


def _table(drawn: list[Ruling]) -> RuledTable | None:
    rulings = _closed(drawn)
    ys = _positions([r.at for r in rulings if r.horizontal])[::-1]
    xs = _positions([r.at for r in rulings if not r.horizontal])
    if len(ys) < MIN_ROWS + 1 or len(xs) < MIN_COLS + 1:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    # The rulings on each band edge: (horizontal, edge index) → rulings.
    on_edge: dict[tuple[bool, int], list[Ruling]] = {}
    for ruling in rulings:
        edges = ys if ruling.horizontal else xs
        for index, at in enumerate(edges):
            if abs(ruling.at - at) < MIN_BAND:
                on_edge.setdefault((ruling.horizontal, index), []).append(ruling)

    def ruled(horizontal: bool, edge: int, low: float, high: float) -> bool:
        middle = (low + high) / 2
        return any(r.start - REACH <= middle <= r.end + REACH for r in on_edge.get((horizontal, edge), ()))

    parent = list(range(rows * cols))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(rows):
        for j in range(cols):
            if j + 1 < cols and not ruled(False, j + 1, ys[i + 1], ys[i]):
                parent[root(i * cols + j)] = root(i * cols + j + 1)
            if i + 1 < rows and not ruled(True, i + 1, xs[j], xs[j + 1]):
                parent[root(i * cols + j)] = root((i + 1) * cols + j)
    areas: dict[int, list[tuple[int, int]]] = {}
    for i in range(rows):
        for j in range(cols):
            areas.setdefault(root(i * cols + j), []).append((i, j))
    cells: list[CellBox] = []
    for members in areas.values():
        top_row, left_col = min(i for i, _ in members), min(j for _, j in members)
        bottom_row, right_col = max(i for i, _ in members), max(j for _, j in members)
        rowspan, colspan = bottom_row - top_row + 1, right_col - left_col + 1
        if rowspan * colspan != len(members):
            return None
        cells.append(
            CellBox(
                top_row, left_col, rowspan, colspan, xs[left_col], ys[bottom_row + 1], xs[right_col + 1], ys[top_row]
            )
        )
    cells.sort(key=lambda c: (c.row, c.col))
    open_top, open_bottom = _open_bands(drawn, xs, ys[0]), _open_bands(drawn, xs, ys[-1])
    return RuledTable(tuple(cells), tuple(xs), tuple(ys), ys[0], ys[-1], xs[0], xs[-1], open_top, open_bottom)


def _open_bands(drawn: list[Ruling], xs: list[float], y: float) -> frozenset[int]:
    """The column bands whose edge at height `y` (the table's top or bottom) no drawn ruling covers."""
    on_edge = [r for r in drawn if r.horizontal and abs(r.at - y) < MIN_BAND]
    return frozenset(
        j
        for j, (low, high) in enumerate(pairwise(xs))
        if not any(r.start - REACH <= (low + high) / 2 <= r.end + REACH for r in on_edge)
    )
