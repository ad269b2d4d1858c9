"""Rejoin paragraphs that a page layout wrapped over several lines.

A PDF knows lines, not paragraphs: a paragraph of prose comes out as one line per
printed line, broken wherever the text met the right margin. Read back like that,
"共收到政府信息公开申请\\n16件" is no longer the sentence the report wrote.

A line continues the paragraph of the line above it when both are single runs of
text in the same size, the line above is full (the first unbreakable piece of
the line below would not have fitted after it, so the break was the layout's,
not the author's), and the line starts at the left margin (a new paragraph is
indented, or centred, or set apart). A paragraph may continue at the top of the
next page. Table rows (several cells on a line) are never joined. Text broken
between two Latin letters or digits gets a space back; Chinese text is joined
as is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Distances in font sizes (ems).
# A line ending this close to the right edge of the text is full.
FULL_LINE_SLACK = 2.5
# ... or closer than the width of the next line's first unbreakable piece and this much.
PIECE_SLACK = 1.0
# A line starting this close to the left margin is not indented.
MARGIN_SLACK = 0.5
# The line above a continuation starts at most this far right of the margin (a first-line indent).
MAX_INDENT = 2.5
# A page whose leftmost line stands this much right of the margin seen elsewhere is indented throughout.
INDENT_EVIDENCE = 1.5
# Lines of one paragraph are at most this far apart (middle to middle).
MAX_PITCH = 2.5
# Font sizes of one paragraph differ by less than this share.
SIZE_SLACK = 0.05


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """A line of text with where it stands: page (and its width), horizontal extent, vertical middle
    (growing upwards), font size."""

    text: str
    page: int
    cells: int
    left: float
    right: float
    middle: float
    size: float
    page_width: float


def rejoined(lines: list[PlacedLine]) -> list[str]:
    """The text of each line, with the lines of wrapped paragraphs joined into one."""
    return [text for _, text in rejoined_from(lines, frozenset())]


def rejoined_from(lines: list[PlacedLine], breaks: frozenset[int]) -> list[tuple[int, str]]:
    """Each paragraph with the index of its first line; no paragraph continues at a line of `breaks`
    (the first line after a table)."""
    margins = _edges(lines)
    out: list[tuple[int, str]] = []
    previous: PlacedLine | None = None
    for index, line in enumerate(lines):
        if previous is not None and out and index not in breaks and _continues(previous, line, margins):
            out[-1] = (out[-1][0], _joined(out[-1][1], line.text))
        else:
            out.append((index, line.text))
        previous = line
    return out


Edges = dict[tuple[int, float], tuple[float, float]]


def _edges(lines: list[PlacedLine]) -> Edges:
    """Left margin and right edge of the text of each size on each page, from its single-run lines.

    The right edge is at least as far from the page's right side as the leftmost
    line from its left (a page of short lines does not make its longest line
    full). When a page's leftmost line stands well right of the leftmost line of
    the same size elsewhere in the document, of any text of the document (a
    table's), or of where the page's longest line puts a mirrored margin, every
    line of that page is indented, and the margin is taken from there.
    """
    edges: Edges = {}
    lefts: dict[float, float] = {}
    leftmost = min((line.left for line in lines), default=0.0)
    for line in lines:
        if line.cells != 1:
            continue
        size = round(line.size, 1)
        left, right = edges.get((line.page, size), (line.left, line.right))
        edges[line.page, size] = (min(left, line.left), max(right, line.right))
        lefts[size] = min(lefts.get(size, line.left), line.left)
    widths = {line.page: line.page_width for line in lines}
    out: Edges = {}
    for (page, size), (left, right) in edges.items():
        margin = left
        for other in (lefts[size], leftmost, widths[page] - right):
            if margin - other > INDENT_EVIDENCE * size:
                margin = other
        out[page, size] = (margin, max(right, widths[page] - left))
    return out


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
    full = right - above.right <= max(FULL_LINE_SLACK, first_piece_width(line.text) + PIECE_SLACK) * size
    indented_at_most = above.left - left <= MAX_INDENT * size
    at_margin = abs(line.left - margin) <= MARGIN_SLACK * size
    return full and indented_at_most and at_margin


def _joined(text: str, continuation: str) -> str:
    if text[-1:].isascii() and text[-1:].isalnum() and continuation[:1].isascii() and continuation[:1].isalnum():
        return f"{text} {continuation}"
    return text + continuation


# Characters a line may not start with, and characters it may not end with (行首/行尾禁则);
# quotation marks hold to both neighbours (UAX #14 class QU), and so do non-breaking spaces.
_QUOTES = "“”‘’\"'"
_NO_BREAK_BEFORE = frozenset("，。、；：？！）」』】》〉…—～·,.;:?!)]}%\u00a0 " + _QUOTES)
_NO_BREAK_AFTER = frozenset("（「『【《〈([{\u00a0 " + _QUOTES)


def first_piece_width(text: str) -> float:
    """Estimated width in ems of the start of `text` that a line break could not have split.

    Chinese characters may break anywhere except before closing and after opening
    punctuation; Latin letters and digits hold together as words; a line may break
    after a space between Latin words, but a space beside Chinese text is taken as
    one it could not break at (xxgk's own PDFs make those non-breaking).
    """
    width = 0.0
    for index, char in enumerate(text):
        if index and _may_break(text[max(0, index - 2) : index], char):
            break
        width += _char_width(char)
    return width


def _may_break(before: str, after: str) -> bool:
    """Whether a line may break between the text `before` (its last one or two characters) and `after`."""
    last = before[-1]
    if last == " " or last == "\u00a0":
        return last == " " and before[:1].isascii() and after.isascii()
    if after in _NO_BREAK_BEFORE or last in _NO_BREAK_AFTER:
        return False
    return not (last.isascii() and last.isalnum() and after.isascii() and after.isalnum())


def _char_width(char: str) -> float:
    if char.isspace():
        return 0.3
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.55
