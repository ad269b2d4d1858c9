"""Numbers wrapped inside a narrow cell, in text that keeps the page's columns.

A number too wide for its cell wraps: "1,686" prints as "1,6" over "86", "104" as
"10" over "4", the two pieces one above and one below the line that prints the
row's other numbers (the cell's content is centred on the row). Such a line is
recognised by its neighbours: the line above and the line below print nothing but
numbers (or, after a short caption printed down the table's side: "三、" "本年" "度办", when
every piece above is a broken "1,39" or fills a cell: "123" over "0" where no number of the table
is wider than three characters; or, when every piece above is broken, after the lines of the row's
own label wrapped around its numbers: "一、本年新收政府信息公开 1,68" / numbers / "申请数量 8"), each piece above has its piece
below at the same middle, and the row's line prints nothing there. The pieces are joined into the row's line, at their
column; the row's sums then check the joined number like any other.
"""

from __future__ import annotations

import re

from xxgk.read.document import PAGE_BREAK

_PIECE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")
# The first piece of a number wrapped after a thousands separator: never a number of its own.
_BROKEN = re.compile(r"[+-]?\d{1,3}(?:,\d{3})*,\d{1,2}")
# A side caption's few characters at the start of a line, well left of the numbers.
_CAPTION = re.compile(r"\s*[^\s\d,.]{1,4}(?=\s{2})")
# Twice a column: how far the middles of two pieces of one number may stand apart.
STACK = 3


def joined_wraps(region: str) -> str:
    """`region` with every wrapped number joined into the line of its row (see the module's docstring)."""
    lines = region.split("\n")
    widest = max((len(m.group()) for m in _PIECE.finditer(region)), default=0)
    i = 1
    while i + 1 < len(lines):
        joined = _joined(lines[i - 1], lines[i], lines[i + 1], widest)
        if joined is None:
            i += 1
            continue
        lines[i - 1 : i + 2] = joined
        i += len(joined) - 1
    return "\n".join(lines)


def _joined(above: str, line: str, below: str, widest: int) -> list[str] | None:
    """`line` with the pieces above and below it joined into it, or None when they are not one number's;
    label text printed before the pieces (the row's label wrapped around its numbers too) stays on
    its own lines, around the joined one. Beside a side caption a piece above that is a number of
    its own ("123" over "0") is taken for a wrapped one only when it is as wide as the widest
    number of the table (`widest`: a cell wraps a number only once it is full) and its piece below
    no wider."""
    if PAGE_BREAK in line or PAGE_BREAK in below or not _PIECE.search(line):
        return None
    tops, bottoms = _pieces_only(above), _pieces_only(below)
    texts = ["", ""]
    if not tops or not bottoms:
        tops, bottoms = _pieces_only(_uncaptioned(above)), _pieces_only(_uncaptioned(below))
        full: int | None = widest
        if not tops or not bottoms:
            texts = [_label_before(above), _label_before(below)]
            tops, bottoms = _pieces_only(_blanked(above, texts[0])), _pieces_only(_blanked(below, texts[1]))
            full = None
        if not tops or not bottoms or len(tops) != len(bottoms):
            return None
        if not all(_wrapped(top, bottom, full) for top, bottom in zip(tops, bottoms, strict=True)):
            return None
    if not tops or not bottoms or len(tops) != len(bottoms):
        return None
    out = list(line)
    for (t_start, t_text), (b_start, b_text) in zip(tops, bottoms, strict=True):
        if abs((2 * t_start + len(t_text)) - (2 * b_start + len(b_text))) > STACK:
            return None
        text = t_text + b_text
        if not _PIECE.fullmatch(text) or ("," in text and not re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", text)):
            return None
        start = _room(out, min(t_start, b_start), len(text))
        if start is None:
            return None
        end = start + len(text)
        out.extend(" " * (end + 1 - len(out)))
        out[start:end] = text
    joined = "".join(out).rstrip()
    return [piece for piece in (texts[0].rstrip(), joined, texts[1].rstrip()) if piece]


# A row's label text before the pieces of a wrapped number on the same line: no digit in it.
_LABEL = re.compile(r"\s*[^\s\d][^\d]*?(?=\s{2})")


def _wrapped(top: tuple[int, str], bottom: tuple[int, str], full: int | None) -> bool:
    """Whether a piece above a line beside a side caption or label text (and its piece below) can be
    one wrapped number's: a broken "1,39", or (beside a side caption, when a full cell holds `full`
    characters) a full cell's digits over no more digits than they."""
    if _BROKEN.fullmatch(top[1]):
        return True
    return full is not None and len(top[1]) >= full and len(bottom[1]) <= len(top[1])


def _label_before(line: str) -> str:
    """The label text a line prints before its numbers (digit-free, set off by two spaces), or ""."""
    found = _LABEL.match(line)
    return found.group() if found else ""


def _blanked(line: str, text: str) -> str:
    return " " * len(text) + line[len(text) :]


# Columns a joined number may move to find room in the row's line: it is wider than either piece.
ROOM = 2


def _room(out: list[str], start: int, width: int) -> int | None:
    """Where in the row's line (`out`) a joined number of `width` characters fits, blank around it:
    at `start`, or the nearest place within `ROOM` columns of it; None when none is."""
    for move in sorted(range(-ROOM, ROOM + 1), key=abs):
        at = start + move
        if at >= 0 and all(ch == " " for ch in out[max(0, at - 1) : at + width + 1]):
            return at
    return None


def _uncaptioned(line: str) -> str:
    """`line` with a short caption at its start (the side caption of a table, "本年") blanked."""
    found = _CAPTION.match(line)
    return " " * found.end() + line[found.end() :] if found else line


def _pieces_only(line: str) -> list[tuple[int, str]] | None:
    """The numbers of a line that prints numbers and nothing else (their starts and texts), or None."""
    if PAGE_BREAK in line or not line.strip():
        return None
    pieces = [(m.start(), m.group()) for m in _PIECE.finditer(line)]
    rest = _PIECE.sub("", line)
    return pieces if pieces and not rest.strip() else None
