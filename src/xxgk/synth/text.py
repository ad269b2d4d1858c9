"""Plain-text layouts: what copying a report out of a web page or a PDF gives.

- `cell_per_line_tabs`: one cell per line, tab-indented, a blank line after each
  table row, an empty cell where a merged cell from above covers the position
  (seeds 000 and 003);
- `cell_per_line_blank`: one cell per line, every line followed by a blank one,
  wrapped header labels in pieces (seed 002);
- `pipes`: cells terminated by " |", each table row closed by a run of pipes, one
  more for every grid position the row has no cell of its own for (seed 004);
- `row_per_line`: a table row per line, label and values separated by spaces, as
  a PDF's text layer copies;
- `glued`: the body in one line, the cells of a row run together without
  separators, as realworld/pingtan-2019 (the digits of a row become one number).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from xxgk.report import Report
from xxgk.synth.outline import Grid, Outline, Paragraph, build_outline
from xxgk.synth.style import random_style

TEXT_LAYOUTS = ("cell_per_line_tabs", "cell_per_line_blank", "pipes", "row_per_line", "glued")
HEAD_ROLES = ("agency", "title", "date")


def write_text(report: Report, rng: random.Random, layout: str = "cell_per_line_tabs") -> bytes:
    """The report as a text file in `layout`, encoded as such files come."""
    style = random_style(rng)
    if layout == "glued":
        style = style.plain()
    outline = build_outline(report, style, rng)
    text = "\n".join(LAYOUTS[layout](outline, rng)) + "\n"
    return _encoded(text, rng)


def _encoded(text: str, rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    encoding = rng.choices(("utf-8", "gb18030", "utf-8-sig"), weights=(16, 3, 1))[0]
    return text.encode(encoding)


def _lines(outline: Outline, rng: random.Random, grid_lines: Callable[[Grid, random.Random], list[str]]) -> list[str]:
    lines: list[str] = []
    for block in outline.blocks:
        if isinstance(block, Grid):
            lines += grid_lines(block, rng)
        else:
            lines += _paragraph_lines(block, outline)
    return lines


def _paragraph_lines(paragraph: Paragraph, outline: Outline) -> list[str]:
    if paragraph.role in HEAD_ROLES:
        return [paragraph.text, ""]
    return [outline.style.indent + paragraph.text, ""]


def cell_per_line_tabs(outline: Outline, rng: random.Random) -> list[str]:
    return _lines(outline, rng, _tab_rows)


def _tab_rows(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for row in range(grid.rows):
        for _, cell, _ in grid.positions(row):
            if cell is None:
                lines.append("\t")
                continue
            first, *rest = cell.text.split("\n")
            lines.append("\t" + first)
            lines += ["  " + part for part in rest]
        lines.append("")
    return lines


def cell_per_line_blank(outline: Outline, rng: random.Random) -> list[str]:
    return _lines(outline, rng, _blank_rows)


def _blank_rows(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for row in range(grid.rows):
        for cell in grid.row_cells(row):
            for part in cell.text.split("\n"):
                lines += [part.strip(), ""]
    return lines


def pipes(outline: Outline, rng: random.Random) -> list[str]:
    return _lines(outline, rng, _pipe_rows)


def _pipe_rows(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for row in range(grid.rows):
        cells = grid.row_cells(row)
        lines += [cell.text.replace("\n", " ") + " |" for cell in cells]
        lines.append("|" * (1 + grid.cols - len(cells)))
    return lines


def row_per_line(outline: Outline, rng: random.Random) -> list[str]:
    separator = rng.choice((" ", "  ", "   "))
    return _lines(outline, rng, lambda grid, r: _spaced_rows(grid, separator))


def _spaced_rows(grid: Grid, separator: str) -> list[str]:
    lines: list[str] = []
    for row in range(grid.rows):
        texts = [cell.text.replace("\n", "").strip() for cell in grid.row_cells(row)]
        lines.append(separator.join(text for text in texts if text))
    return lines


def glued(outline: Outline, rng: random.Random) -> list[str]:
    """Head lines on their own, then the whole body as one line."""
    gap = rng.choice((0.0, 0.0, 0.1))
    head: list[str] = []
    body: list[str] = []
    for block in outline.blocks:
        if isinstance(block, Paragraph) and block.role in HEAD_ROLES and not body:
            head.append(block.text)
        elif isinstance(block, Paragraph):
            body.append(block.text)
        else:
            body += _glued_rows(block, rng, gap)
    return [*head, "".join(body)]


def _glued_rows(grid: Grid, rng: random.Random, gap: float) -> list[str]:
    parts: list[str] = []
    for row in range(grid.rows):
        for cell in grid.row_cells(row):
            parts.append(cell.text.replace("\n", "").strip())
            if rng.random() < gap:
                parts.append(" ")
    return parts


LAYOUTS: dict[str, Callable[[Outline, random.Random], list[str]]] = {
    "cell_per_line_tabs": cell_per_line_tabs,
    "cell_per_line_blank": cell_per_line_blank,
    "pipes": pipes,
    "row_per_line": row_per_line,
    "glued": glued,
}
