"""Rejoin paragraphs that a page layout wrapped over several lines.

A PDF knows lines, not paragraphs: a paragraph of prose comes out as one line per
printed line, broken wherever the text met the right margin. Read back like that,
"共收到政府信息公开申请\\n16件" is no longer the sentence the report wrote.

A line continues the paragraph of the line above it when both are single runs of
text in the same size, the line above reaches the right edge of the text (so
the break was the layout's, not the author's), and the line starts at the left
margin (a new paragraph is indented, or centred, or set apart). A paragraph may
continue at the top of the next page. Table rows (several cells on a line) are
never joined. Text broken between two Latin letters or digits gets a space back;
Chinese text is joined as is.
"""

from __future__ import annotations

from dataclasses import dataclass

# Distances in font sizes (ems).
# A line ending this close to the right edge of the text is full.
FULL_LINE_SLACK = 2.5
# A line starting this close to the left margin is not indented.
MARGIN_SLACK = 0.5
# The line above a continuation starts at most this far right of the margin (a first-line indent).
MAX_INDENT = 2.5
# Lines of one paragraph are at most this far apart (middle to middle).
MAX_PITCH = 2.5
# Font sizes of one paragraph differ by less than this share.
SIZE_SLACK = 0.05


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """A line of text with where it stands: page, horizontal extent, vertical middle (growing upwards), size."""

    text: str
    page: int
    cells: int
    left: float
    right: float
    middle: float
    size: float


def rejoined(lines: list[PlacedLine]) -> list[str]:
    """The text of each line, with the lines of wrapped paragraphs joined into one."""
    margins = _edges(lines)
    out: list[str] = []
    previous: PlacedLine | None = None
    for line in lines:
        if previous is not None and out and _continues(previous, line, margins):
            out[-1] = _joined(out[-1], line.text)
        else:
            out.append(line.text)
        previous = line
    return out


Edges = dict[tuple[int, float], tuple[float, float]]


def _edges(lines: list[PlacedLine]) -> Edges:
    """Left margin and right edge of the text of each size on each page, from its single-run lines."""
    edges: Edges = {}
    for line in lines:
        if line.cells != 1:
            continue
        key = (line.page, round(line.size, 1))
        left, right = edges.get(key, (line.left, line.right))
        edges[key] = (min(left, line.left), max(right, line.right))
    return edges


def _continues(above: PlacedLine, line: PlacedLine, edges: Edges) -> bool:
    if above.cells != 1 or line.cells != 1 or abs(above.size - line.size) > SIZE_SLACK * above.size:
        return False
    size = above.size
    if line.page == above.page:
        if not 0 < above.middle - line.middle <= MAX_PITCH * size:
            return False
    elif line.page != above.page + 1:
        return False
    left, right = edges[above.page, round(size, 1)]
    margin, _ = edges[line.page, round(line.size, 1)]
    full = above.right >= right - FULL_LINE_SLACK * size
    indented_at_most = above.left - left <= MAX_INDENT * size
    at_margin = abs(line.left - margin) <= MARGIN_SLACK * size
    return full and indented_at_most and at_margin


def _joined(text: str, continuation: str) -> str:
    if text[-1:].isascii() and text[-1:].isalnum() and continuation[:1].isascii() and continuation[:1].isalnum():
        return f"{text} {continuation}"
    return text + continuation
