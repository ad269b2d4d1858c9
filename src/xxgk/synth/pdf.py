"""PDF documents as Word prints them: ruled tables that run over pages.

The page is drawn directly on a reportlab canvas rather than through platypus:
platypus will not split a table inside a row span, and 三、本年度办理结果 spans
twenty rows, so it would move table 三 whole to a new page instead of continuing
it as real reports do. Here rows flow down the page; a table that does not fit
continues on the next page (its header rows repeated when the document says
so), merged cells are cut at the page break with their text carried on, narrow
columns wrap their labels (down to one character per line), and page numbers
sit in the footer. Text is set in the CID font STSong-Light.

pdfium drops a string of one CJK character drawn on its own (reportlab's
non-embedded CID font); each such string gets an ideographic space after it,
which readers skip as white space.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from xxgk.render.grid import GridCell
from xxgk.report import Report
from xxgk.synth.outline import Grid, Outline, Paragraph, build_outline
from xxgk.synth.style import random_style

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = float(A4[0]), float(A4[1])
MARGIN_X = 72.0
MARGIN_TOP = 72.0
MARGIN_BOTTOM = 72.0
FOOTER_Y = 36.0
CELL_PAD_X = 3.0
CELL_PAD_Y = 3.0
LABEL_CAP_EMS = 16
VALUE_MIN_EMS = 2.5
MIN_TABLE_SIZE = 6.0
# Widths are computed from the same text, so a line exactly as wide as its cell fits.
WRAP_TOLERANCE = 0.01
PAGE_NUMBERS = ("- {n} -", "第{n}页", "{n}", "— {n} —")

_registered = False


def _register_font() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


@dataclass(slots=True)
class Settings:
    """The page habits of one document."""

    body_size: float
    table_size: float
    header_ems: float
    group_ems: float
    repeat_headers: bool
    centre_labels: bool
    page_number: str


def write_pdf(report: Report, rng: random.Random) -> bytes:
    """A PDF holding the report, deterministic for the random source."""
    _register_font()
    outline = build_outline(report, random_style(rng), rng)
    settings = Settings(
        body_size=rng.choice((10.5, 12.0, 14.0)),
        table_size=rng.choice((9.0, 9.0, 10.5)),
        header_ems=rng.choice((3.0, 4.0, 5.0)),
        group_ems=rng.choice((1.2, 2.2)),
        repeat_headers=rng.random() < 0.3,
        centre_labels=rng.random() < 0.3,
        page_number=rng.choice(PAGE_NUMBERS),
    )
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    if rng.random() < 0.5:
        canvas.setTitle(outline.title)
    pager = Pager(canvas, settings)
    _draw(pager, outline)
    pager.finish()
    return buffer.getvalue()


def _draw(pager: Pager, outline: Outline) -> None:
    for block in outline.blocks:
        if isinstance(block, Grid):
            pager.gap(4)
            draw_table(pager, block)
            pager.gap(6)
        else:
            _draw_paragraph(pager, block)


def _draw_paragraph(pager: Pager, block: Paragraph) -> None:
    size = pager.settings.body_size
    if block.role == "title":
        pager.gap(size)
        pager.centred_lines(block.text, size + 6)
        pager.gap(size / 2)
    elif block.role in ("agency", "date"):
        pager.centred_lines(block.text, size)
    else:
        pager.text_lines(block.text, size, indent=2 * size)


# --- text -----------------------------------------------------------------------------


def text_width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines no wider than `width`: CJK characters break anywhere, numbers never."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for token in _tokens(paragraph):
            if not current or text_width(current + token, size) <= width + WRAP_TOLERANCE:
                current += token
            elif current.isspace():
                current = token
            elif not token.isspace():
                lines.append(current)
                current = token
        lines.append(current)
    return lines


def _tokens(text: str) -> list[str]:
    """Characters, with numbers (ASCII or full-width) kept whole."""
    tokens: list[str] = []
    for char in text:
        if tokens and _is_numeric(char) and _is_numeric(tokens[-1][-1]):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _is_numeric(char: str) -> bool:
    return char in NUMERIC or (char.isascii() and char.isalnum())


NUMERIC = frozenset("0123456789.,-+%０１２３４５６７８９．，－")


def drawable(text: str) -> str:
    """`text` with an ideographic space after a lone non-ASCII character (see module notes)."""
    return text + "\u3000" if len(text) == 1 and not text.isascii() else text


# --- pages ----------------------------------------------------------------------------


@dataclass(slots=True)
class Pager:
    """A canvas with a cursor moving down the page, breaking pages as needed."""

    canvas: Any
    settings: Settings
    page: int = 1
    y: float = PAGE_HEIGHT - MARGIN_TOP

    @property
    def left(self) -> float:
        return MARGIN_X

    @property
    def width(self) -> float:
        return PAGE_WIDTH - 2 * MARGIN_X

    def room(self) -> float:
        return self.y - MARGIN_BOTTOM

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_HEIGHT - MARGIN_TOP

    def finish(self) -> None:
        self._footer()
        self.canvas.save()

    def _footer(self) -> None:
        self.canvas.setFont(FONT, 9)
        self.canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, self.settings.page_number.format(n=self.page))

    def gap(self, height: float) -> None:
        self.y -= height

    def ensure(self, height: float) -> None:
        if self.room() < height:
            self.new_page()

    def text_lines(self, text: str, size: float, *, indent: float = 0.0) -> None:
        leading = size * 1.5
        first, *rest = wrap(text, self.width - indent, size) or [""]
        lines = [(indent, first)]
        if rest:
            lines += [(0.0, line) for line in wrap("".join(rest), self.width, size)]
        for offset, line in lines:
            self.ensure(leading)
            self.y -= leading
            self.canvas.setFont(FONT, size)
            self.canvas.drawString(self.left + offset, self.y + size * 0.3, drawable(line))

    def centred_lines(self, text: str, size: float) -> None:
        leading = size * 1.5
        for line in wrap(text, self.width, size):
            self.ensure(leading)
            self.y -= leading
            self.canvas.setFont(FONT, size)
            self.canvas.drawCentredString(PAGE_WIDTH / 2, self.y + size * 0.3, drawable(line))


# --- tables ---------------------------------------------------------------------------


@dataclass(slots=True)
class Layout:
    """Font size, column widths, wrapped cell lines and row heights of one table."""

    size: float
    widths: list[float]
    lines: dict[int, list[str]] = field(default_factory=dict)
    heights: list[float] = field(default_factory=list)


def draw_table(pager: Pager, grid: Grid) -> None:
    """The table row by row; rows that do not fit continue on the next page."""
    layout = _layout(grid, pager.width, pager.settings)
    header = _header_rows(grid) if pager.settings.repeat_headers else 0
    carried: dict[int, list[str]] = {}
    start = 0
    while start < grid.rows:
        end = start
        while end < grid.rows and sum(layout.heights[start : end + 1]) <= pager.room():
            end += 1
        if end == start and pager.y < PAGE_HEIGHT - MARGIN_TOP:
            _continue_on_next_page(pager, grid, layout, header if start >= header else 0)
            continue
        end = max(end, start + 1)
        carried = _draw_rows(pager, grid, layout, start, end, carried)
        start = end
        if start < grid.rows:
            _continue_on_next_page(pager, grid, layout, header if start >= header else 0)


def _continue_on_next_page(pager: Pager, grid: Grid, layout: Layout, header: int) -> None:
    pager.new_page()
    if header:
        _draw_rows(pager, grid, layout, 0, header, {})


def _header_rows(grid: Grid) -> int:
    count = 0
    while count < grid.rows and all(c.kind == "header" for c in grid.row_cells(count)):
        count += 1
    return count


def _layout(grid: Grid, available: float, settings: Settings) -> Layout:
    """The table set so that every number fits its column: a wide table gets a smaller font."""
    size = settings.table_size
    while True:
        natural, minimum = _column_widths(grid, size, settings)
        if sum(minimum) <= available or size <= MIN_TABLE_SIZE:
            break
        size = max(MIN_TABLE_SIZE, round(size * available / sum(minimum) - 0.05, 1))
    layout = Layout(size, _fitted(natural, minimum, available))
    for index, cell in enumerate(grid.cells):
        width = sum(layout.widths[cell.col : cell.col + cell.colspan]) - 2 * CELL_PAD_X
        layout.lines[index] = wrap(cell.text, width, size)
    layout.heights = _row_heights(grid, layout, size)
    return layout


def _column_widths(grid: Grid, size: float, settings: Settings) -> tuple[list[float], list[float]]:
    """Each column's natural width and the width its values need."""
    natural = [size * VALUE_MIN_EMS] * grid.cols
    minimum = [size * VALUE_MIN_EMS] * grid.cols
    for cell in grid.cells:
        if cell.colspan == 1:
            width = _natural_width(cell, size, settings)
            natural[cell.col] = max(natural[cell.col], width)
            if cell.kind == "value":
                minimum[cell.col] = max(minimum[cell.col], width)
    return natural, minimum


def _natural_width(cell: GridCell, size: float, settings: Settings) -> float:
    longest = max(text_width(line, size) for line in cell.text.split("\n"))
    if cell.kind == "value":
        return longest + 2 * CELL_PAD_X
    caps = {"header": settings.header_ems, "group": settings.group_ems if cell.col == 0 else 4.0}
    cap = caps.get(cell.kind, LABEL_CAP_EMS) * size
    return min(longest, cap) + 2 * CELL_PAD_X


def _fitted(natural: list[float], minimum: list[float], available: float) -> list[float]:
    """Widths filling `available`; when too wide, columns give up what their values do not need."""
    total = sum(natural)
    if total <= available:
        return [w * available / total for w in natural]
    floor = [min(m, n) for m, n in zip(minimum, natural, strict=True)]
    slack = total - sum(floor)
    if sum(floor) >= available or slack <= 0:
        return [w * available / sum(floor) for w in floor]
    share = (total - available) / slack
    return [n - share * (n - f) for n, f in zip(natural, floor, strict=True)]


def _row_heights(grid: Grid, layout: Layout, size: float) -> list[float]:
    leading = size * 1.25
    heights = [leading + 2 * CELL_PAD_Y] * grid.rows
    spanning: list[tuple[GridCell, float]] = []
    for index, cell in enumerate(grid.cells):
        needed = len(layout.lines[index]) * leading + 2 * CELL_PAD_Y
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], needed)
        else:
            spanning.append((cell, needed))
    for cell, needed in spanning:
        rows = range(cell.row, cell.row + cell.rowspan)
        deficit = needed - sum(heights[r] for r in rows)
        if deficit > 0:
            for r in rows:
                heights[r] += deficit / cell.rowspan
    return heights


def _draw_rows(
    pager: Pager, grid: Grid, layout: Layout, start: int, end: int, carried: dict[int, list[str]]
) -> dict[int, list[str]]:
    """Rows [start, end) at the cursor; returns the lines of cut cells left for the next page."""
    canvas = pager.canvas
    size = layout.size
    top = pager.y
    row_top = [top - sum(layout.heights[start:r]) for r in range(start, end + 1)]
    left = [pager.left + sum(layout.widths[:c]) for c in range(grid.cols + 1)]
    leading = size * 1.25
    left_over: dict[int, list[str]] = {}
    canvas.setLineWidth(0.6)
    for index, cell in enumerate(grid.cells):
        first, last = max(cell.row, start), min(cell.row + cell.rowspan, end)
        if first >= last:
            continue
        y_top, y_bottom = row_top[first - start], row_top[last - start]
        x_left, x_right = left[cell.col], left[cell.col + cell.colspan]
        canvas.rect(x_left, y_bottom, x_right - x_left, y_top - y_bottom)
        lines = layout.lines[index] if cell.row >= start else carried.get(index, [])
        fits = max(1, int((y_top - y_bottom - 2 * CELL_PAD_Y) / leading))
        if len(lines) > fits and cell.row + cell.rowspan > end:
            lines, left_over[index] = lines[:fits], lines[fits:]
        block = len(lines) * leading
        baseline = (y_top + y_bottom) / 2 + block / 2 - leading + (leading - size) / 2 + size * 0.15
        canvas.setFont(FONT, size)
        for number, line in enumerate(lines):
            y = baseline - number * leading
            text = drawable(line)
            if cell.kind == "label" and not pager.settings.centre_labels:
                canvas.drawString(x_left + CELL_PAD_X, y, text)
            else:
                canvas.drawCentredString((x_left + x_right) / 2, y, text)
    pager.y = row_top[-1]
    return left_over
