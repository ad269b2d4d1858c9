"""Cut a table's text into label text and value tokens.

Tables reach us as one cell per line, tab- or pipe-separated cells, a row per
line, or everything glued into one line. What is common to all of them: a row is
label text followed by values. So the tokenizer keeps cell boundaries only where
they tell something (an empty or placeholder cell) and otherwise yields runs of
text and runs of digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Literal

from xxgk.extract.fold import fold, squash
from xxgk.read.document import PAGE_BREAK

# "empty": a blank line. A line that keeps its cells apart by tabs or pipes (text copied from a
# browser's, a word processor's or a spreadsheet's table) gives "gap" for an empty cell, which may be
# a blank value, and "end" where the line ends, beyond which a browser leaves out empty cells;
# "open" starts such a line that begins with a value, before which a browser leaves out empty cells.
TokenKind = Literal["text", "number", "placeholder", "empty", "gap", "end", "open"]

# Zero written as a numeral: "〇" (and the circle "○" typed for it) alone in a cell is the value 0.
ZEROS = frozenset({"〇", "○", "零"})
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "\\", "无", "空", "/ ", "—-", "_", "x", "X", "*"})
# Text that may stand between a row's values without ending them.
UNITS = frozenset({"", "元", "万元", "万", "件", "条", "项", "个", "次", "家", "人", "%", "亿元"})

_CELLS_APART = re.compile(r"[\t|]")
# An enumerator like "2." or "3、" in front of a label: the digit belongs to the label.
_ENUMERATOR = re.compile(r"(\d)[ ]*[.、．][ ]*(?=[\u3400-\u9fff\"“])")
_LONE_ENUMERATOR = re.compile(r"\d[ ]*[.、．]")
# Enumerator digits are hidden from the number pattern as circled digits, then restored.
_DIGIT_AS_TEXT = {str(d): chr(0x2460 + d - 1) if d else "\u24ea" for d in range(10)}
_TEXT_AS_DIGIT = str.maketrans({v: k for k, v in _DIGIT_AS_TEXT.items()})
_PIECES = re.compile(
    r"(?P<number>(?<![\d.])[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|(?<![\d.])[+-]?\d+(?:\.\d+)?"
    # A negative 本年增/减 glued to the value before it: "29-38" is 29 and -38.
    r"|(?<=\d)-\d+(?:\.\d+)?)"
    r"|(?P<space>\s+)"
    r"|(?P<text>[^\d\s]+|\d)"
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    # Set once from kind and text: the row matcher asks for them of every token.
    is_value: bool = field(init=False, repr=False, compare=False)
    # Text such as a unit, which does not end a run of values.
    is_insignificant: bool = field(init=False, repr=False, compare=False)
    # Where a number stands in text that keeps the page's columns (`tokenize_placed`): None elsewhere.
    place: Place | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_value", self.kind in ("number", "placeholder"))
        object.__setattr__(self, "is_insignificant", self.kind == "text" and squash(self.text) in UNITS)


@dataclass(frozen=True, slots=True)
class Place:
    """A number's place in text laid out as on the page: page, line, and twice its middle column."""

    page: int
    line: int
    middle: int


_NUMBER_SPAN = re.compile(_PIECES.pattern.split("|(?P<space>")[0])


def tokenize_placed(region: str) -> list[Token]:
    """`tokenize`, each number carrying its `Place` (`PAGE_BREAK` lines count the pages)."""
    tokens: list[Token] = []
    page = 0
    for index, (raw, line) in enumerate(zip(region.split("\n"), fold(region).split("\n"), strict=True)):
        page += raw.count(PAGE_BREAK)
        if "\t" in line or "|" in line:
            tokens.extend(tokenize(line))
            continue
        found = cell_tokens(line)
        hidden = _ENUMERATOR.sub(lambda m: _DIGIT_AS_TEXT[m.group(1)] + m.group(0)[1:], line)
        spans = [m.span() for m in _NUMBER_SPAN.finditer(hidden) if m.lastgroup == "number"]
        values = [t for t in found if t.is_value]
        if len(spans) != len(values) or any(t.kind != "number" for t in values):
            tokens.extend(found)
            continue
        places = iter(spans)
        for token in found:
            if token.is_value:
                start, end = next(places)
                token = Token(token.kind, token.text, Place(page, index, start + end))
            tokens.append(token)
    return tokens


def tokenize(region: str) -> list[Token]:
    """Tokens of a table region, in reading order."""
    folded = fold(region)
    lines = folded.split("\n")
    if "\t" not in folded and "|" not in folded:
        # No line keeps cells apart (text a cell a line, or a row a line): one C-level pass.
        return list(chain.from_iterable(map(cell_tokens, lines)))
    tokens: list[Token] = []
    extend = tokens.extend
    for line in lines:
        extend(_cells_apart_tokens(line) if "\t" in line or "|" in line else cell_tokens(line))
    return tokens


# Remembered by text, as `cell_tokens`: rows of labels and small numbers repeat across a batch.
@lru_cache(maxsize=16_384)
def _cells_apart_tokens(line: str) -> tuple[Token, ...]:
    """Tokens of one folded line holding tabs or pipes, with "gap", "open" and "end" where it keeps cells apart."""
    pieces = _CELLS_APART.split(line)
    if "\t" not in line:
        pieces = _inside_edges(pieces)
    printed = [bool(piece.strip()) for piece in pieces]
    if not _keeps_cells_apart(pieces, printed):
        return tuple(chain.from_iterable(map(cell_tokens, pieces)))
    tokens: list[Token] = []
    cells = [cell_tokens(piece) if shown else (_GAP,) for piece, shown in zip(pieces, printed, strict=True)]
    if cells[0][0].kind != "text":
        tokens.append(_OPEN)
    for cell in cells:
        tokens.extend(cell)
    tokens.append(_END)
    return tuple(tokens)


def _inside_edges(pieces: list[str]) -> list[str]:
    """A pipe-separated line's cells: "| 规章 | 1 |" has pipes at its edges, not empty cells there."""
    start = 1 if len(pieces) > 1 and not pieces[0].strip() else 0
    end = len(pieces) - 1 if len(pieces) > start + 1 and not pieces[-1].strip() else len(pieces)
    return pieces[start:end]


def _keeps_cells_apart(pieces: list[str], printed: list[bool]) -> bool:
    """A line of a table's cells: two printed cells or more, or a label followed by empty cells —
    not one cell indented by a tab ("\t规章", "\t1": a table copied a cell per line).

    `printed`: whether each piece holds more than spaces."""
    if printed.count(True) >= 2:
        return True
    return len(pieces) >= 2 and printed[0] and cell_tokens(pieces[0].strip())[0].kind == "text"


def cells_kept_apart(values: list[Token], width: int) -> list[Token]:
    """A row's value tokens, read as the `width` cells of the one line that keeps them apart.

    Each empty cell (`gap`) is a blank value (`BLANK`), and so are the cells the line is short
    of: after its last one when it starts with the row's label (a page may leave out a row's
    trailing cells), before its first one when it starts with a value (table 四's line of values
    alone: Chromium's copy drops the empty cells a line starts with and keeps the tabs of those
    it ends with). Empty cells at the ends beyond `width` are the line's edges
    ("| 规章 | 1 |  | 3 |"). Values over several lines, or cells that cannot be told apart so,
    are read as before: without the gaps.
    """
    if _MARKS.isdisjoint(map(_kind, values)):
        return values
    ends = [i for i, t in enumerate(values) if t.kind == "end"]
    cells = [t for t in values[: ends[0] if ends else len(values)] if t.is_value or t.kind == "gap"]
    later = any(t.is_value for t in values[ends[0] :]) if ends else True
    while len(cells) > width and cells[-1].kind == "gap":
        cells.pop()
    while len(cells) > width and cells[0].kind == "gap":
        cells.pop(0)
    if later or len(cells) > width:
        return [t for t in values if t.kind not in _MARKS]
    missing = [BLANK] * (width - len(cells))
    if values and values[0].kind == "open":  # a line of values alone: its empty cells at the start are left out
        return missing + [BLANK if t.kind == "gap" else t for t in cells]
    return [BLANK if t.kind == "gap" else t for t in cells] + missing


_MARKS = frozenset(("gap", "end", "open"))
_kind = attrgetter("kind")


_EMPTY = Token("empty", "")
_GAP = Token("gap", "")
_END = Token("end", "")
_OPEN = Token("open", "")
_ZERO = Token("number", "0")
# A cell printed blank, read as a value that is not known (null).
BLANK = Token("placeholder", "")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


# Remembered by text: a table's cells repeat ("0", labels) within a report and across a batch.
@lru_cache(maxsize=16_384)
def cell_tokens(cell: str) -> tuple[Token, ...]:
    """Tokens of one folded cell's text (no tabs, pipes or line breaks in it)."""
    stripped = cell.strip()
    if not stripped:
        return (_EMPTY,)
    if _PLAIN_NUMBER.fullmatch(stripped):
        return (Token("number", stripped),)
    if stripped in PLACEHOLDERS:
        return (Token("placeholder", stripped),)
    if stripped in ZEROS:
        return (_ZERO,)
    if _LONE_ENUMERATOR.fullmatch(stripped):  # "4." over "无正当理由…": a label's start wrapped alone
        return (Token("text", stripped),)
    cell = _ENUMERATOR.sub(lambda m: _DIGIT_AS_TEXT[m.group(1)] + m.group(0)[1:], cell)
    tokens: list[Token] = []
    # A free-standing placeholder word ("无", "-") stands for a value only among values: followed by
    # label text it is a piece of a label (a caption "（四）无法提供" broken over lines: "无  成信息需").
    spaced = False
    for match in _PIECES.finditer(cell):
        if match.lastgroup == "number":
            _settle_placeholder(tokens, spaced)
            tokens.append(Token("number", match.group().replace(",", "")))
            spaced = False
        elif match.lastgroup == "text":
            if match.group() in PLACEHOLDERS or match.group() in ZEROS:  # "无 无 无": placeholders among placeholders
                _settle_placeholder(tokens, spaced)
            tokens.append(Token("text", match.group().translate(_TEXT_AS_DIGIT)))
            spaced = False
        else:
            spaced = True
    if tokens and tokens[-1].kind == "text" and len(tokens) > 1:
        tokens[-1] = _as_value(tokens[-1])
    return tuple(tokens)


def _settle_placeholder(tokens: list[Token], spaced: bool) -> None:
    """The last token made a placeholder when it is a placeholder word set apart by a space before a value."""
    word = _last_word(tokens)
    if spaced and word is not None:
        tokens[-1] = _as_value(word)


def _as_value(word: Token) -> Token:
    """A free-standing placeholder word as a placeholder, a zero numeral as the number 0, else `word`."""
    text = word.text.strip()
    if text in PLACEHOLDERS:
        return Token("placeholder", text)
    return _ZERO if text in ZEROS else word


def _last_word(tokens: list[Token]) -> Token | None:
    """The last token if it is a free-standing word that might be a placeholder."""
    return tokens[-1] if tokens and tokens[-1].kind == "text" else None
