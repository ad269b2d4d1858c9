"""PDF lines: glyphs grouped into the visual lines a reader sees, cut into cells where gaps are wide.

Characters whose vertical centres coincide form a line, and wide horizontal gaps
split a line into fragments (cells). Text wrapped down a narrow column is joined
again. Distances are in font sizes (ems) of the characters concerned.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from xxgk.read.pdfglyphs import Glyph

# Baseline runs are on one line when their vertical centres are this close.
LINE_TOLERANCE = 0.4
# Characters are on one baseline when the bottoms of their loose boxes are this close.
BASELINE_TOLERANCE = 0.2
# Two runs of a line may not overlap horizontally by more than this share of a glyph.
COLLISION = 0.3
# A wider horizontal gap separates two cells. Gaps inside a cell stay below 0.55
# (letter-spaced or wrapped labels); neighbouring cells of narrow table columns
# are 0.8 apart, numbers in neighbouring columns more than 1.
CELL_GAP = 0.65
# A gap holding space characters separates cells only when it is wider than this.
SPACED_CELL_GAP = 2.0
# A wider gap inside a cell is written as a space: spaces between Chinese and Latin
# text are 0.2 to 0.28 wide, letter-spacing stays below 0.17.
SPACE_GAP = 0.18
# Lone characters spread over one cell ("总    计") stay together up to this gap.
SPREAD_GAP = 4.0
# Lines of text wrapped down a one-character-wide column are at most this far apart.
STACK_PITCH = 2.5
STACK_MIN_LINES = 3
# Two copies of a glyph overlapping this much are one character drawn twice (fake bold).
DUPLICATE_OVERLAP = 0.7


_NUMBER_END = re.compile(r"[0-9,，.]$")
_NUMBER_START = re.compile(r"[0-9,，.]+$")


@dataclass(frozen=True, slots=True)
class Fragment:
    """Text standing apart on its line: a table cell or a run of prose."""

    text: str
    left: float
    right: float
    middle: float
    size: float


@dataclass(frozen=True, slots=True)
class Line:
    """The fragments of one visual line, left to right, and its vertical middle."""

    fragments: tuple[Fragment, ...]
    middle: float

    @property
    def text(self) -> str:
        return "\t".join(fragment.text for fragment in self.fragments)


def cell_text(glyphs: list[Glyph]) -> str:
    """A table cell's text: its lines top to bottom, pieces of a line spaced.

    A number wrapped in a narrow cell ("1386" / "7") is one number again.
    """
    text = ""
    for line in visual_lines(glyphs):
        piece = " ".join(f.text for f in line_of(line).fragments)
        if text and not (_NUMBER_END.search(text) and _NUMBER_START.match(piece)):
            text += "\n"
        text += piece
    return text


def visual_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines, top line first, each line left to right.

    Glyphs sharing a baseline form a run, and a run is never split. Runs whose
    middles are close join one line unless they overlap horizontally: a table
    row's numbers are often centred a little off its label's baseline, while a
    label centred across two rows ("三、本年度办理结果") must take a whole row
    or none of it, never half of one.
    """
    lines: list[list[Glyph]] = []
    spans: list[tuple[float, float]] = []
    middle = size = 0.0
    for run in sorted(_baseline_runs(glyphs), key=lambda r: -_run_middle(r)):
        run_middle, run_size = _run_middle(run), min(glyph.size for glyph in run)
        run_spans = [(glyph.left, glyph.right) for glyph in run if glyph.char != " "]
        if lines and middle - run_middle <= LINE_TOLERANCE * min(size, run_size) and not _collide(spans, run_spans):
            lines[-1].extend(run)
            spans.extend(run_spans)
        else:
            lines.append(list(run))
            spans = run_spans
            middle, size = run_middle, run_size
    return [
        _without_duplicates(sorted(line, key=lambda g: g.left))
        for line in lines
        if any(glyph.char != " " for glyph in line)
    ]


def _baseline_runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by the bottom of their loose boxes (the font's descent below the baseline)."""
    runs: list[list[Glyph]] = []
    bottom = size = 0.0
    for glyph in sorted(glyphs, key=lambda g: -g.bottom):
        if runs and bottom - glyph.bottom <= BASELINE_TOLERANCE * min(size, glyph.size):
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
            bottom, size = glyph.bottom, glyph.size
    return runs


def _run_middle(run: list[Glyph]) -> float:
    return sum(glyph.middle for glyph in run) / len(run)


def _collide(spans: list[tuple[float, float]], others: list[tuple[float, float]]) -> bool:
    """Whether two sets of glyph extents overlap anywhere (more than a sliver)."""
    for left, right in others:
        for other_left, other_right in spans:
            if min(right, other_right) - max(left, other_left) > COLLISION * (right - left):
                return True
    return False


def _without_duplicates(line: list[Glyph]) -> list[Glyph]:
    """The line without the second copy of glyphs drawn twice on top of each other."""
    kept: list[Glyph] = []
    for glyph in line:
        if not (kept and _same_glyph(kept[-1], glyph)):
            kept.append(glyph)
    return kept


def _same_glyph(first: Glyph, second: Glyph) -> bool:
    overlap = min(first.right, second.right) - max(first.left, second.left)
    return first.char == second.char and overlap >= DUPLICATE_OVERLAP * (first.right - first.left)


def line_of(glyphs: list[Glyph]) -> Line:
    """The line cut into fragments where the gap between characters is wide.

    Spaces (kept from the text layer only) stay inside the fragment they sit in.
    """
    runs: list[list[Glyph]] = []
    spaces: list[Glyph] = []
    for glyph in glyphs:
        if glyph.char == " ":
            if runs:
                spaces.append(glyph)
        elif runs and not _separates_cells(runs[-1][-1], glyph, spaced=bool(spaces)):
            runs[-1] += [*spaces, glyph]
            spaces = []
        else:
            runs.append([glyph])
            spaces = []
    fragments = tuple(_fragment(run) for run in _with_spread_labels(runs))
    return Line(fragments, statistics.median(g.middle for g in glyphs if g.char != " "))


def _separates_cells(previous: Glyph, glyph: Glyph, spaced: bool) -> bool:
    """True when the gap between two characters is one between cells.

    A gap filled with space characters is a wider one between words, unless it
    is as wide as a table column.
    """
    limit = SPACED_CELL_GAP if spaced else CELL_GAP
    return glyph.left - previous.right > limit * max(previous.size, glyph.size)


def _with_spread_labels(runs: list[list[Glyph]]) -> list[list[Glyph]]:
    """The runs with lone CJK characters spread over one cell ("总    计") joined again.

    Words and numbers in neighbouring cells are never lone CJK characters on both
    sides of the gap.
    """
    merged: list[list[Glyph]] = [runs[0]]
    for run in runs[1:]:
        previous = merged[-1]
        gap = run[0].left - previous[-1].right
        if _is_lone_cjk(run) and all(_is_lone_cjk([glyph]) for glyph in previous) and gap <= SPREAD_GAP * run[0].size:
            previous.extend(run)
        else:
            merged.append(run)
    return merged


def _is_lone_cjk(run: list[Glyph]) -> bool:
    return len(run) == 1 and _is_cjk(run[0].char)


def _is_cjk(char: str) -> bool:
    """True for Han characters and full-width punctuation, not for digits."""
    return unicodedata.east_asian_width(char) in ("W", "F") and not char.isdigit()


def _fragment(run: list[Glyph]) -> Fragment:
    """The text of a run of glyphs, with a single space where the run has a space or a gap."""
    parts = [run[0].char]
    previous, spaced = run[0], False
    for glyph in run[1:]:
        if glyph.char == " ":
            spaced = True
            continue
        if spaced or glyph.left - previous.right > SPACE_GAP * max(previous.size, glyph.size):
            parts.append(" ")
        parts.append(glyph.char)
        previous, spaced = glyph, False
    return Fragment(
        text="".join(parts),
        left=run[0].left,
        right=run[-1].right,
        middle=statistics.median(g.middle for g in run if g.char != " "),
        size=max(g.size for g in run),
    )


def with_stacks_apart(lines: list[Line]) -> list[Line]:
    """The lines with text wrapped down a narrow column joined into one fragment.

    A table column one or two characters wide ("三、本年度办理结果" beside the
    rows it heads, "社会/公益/组织" in a header) puts a few characters on each
    of many lines, where they would be glued to unrelated rows. The stacked text
    is joined and kept in the line of its first characters.
    """
    stacks = _stacks(lines)
    if not stacks:
        return lines
    stacked = {place for stack in stacks for place in stack}
    result: list[Line] = []
    for row, line in enumerate(lines):
        fragments = [f for col, f in enumerate(line.fragments) if (row, col) not in stacked]
        fragments += [_joined([lines[r].fragments[c] for r, c in s]) for s in stacks if s[0][0] == row]
        if fragments:
            result.append(Line(tuple(sorted(fragments, key=lambda f: f.left)), line.middle))
    return result


def _stacks(lines: list[Line]) -> list[list[tuple[int, int]]]:
    """The (line, fragment) places of each stack of short CJK fragments in one narrow column."""
    chains: list[list[tuple[int, int]]] = []
    for row, line in enumerate(lines):
        for col, fragment in enumerate(line.fragments):
            if not _stackable(fragment):
                continue
            chain = next((c for c in chains if _continues(lines, c[-1], row, fragment)), None)
            if chain is None:
                chains.append([(row, col)])
            else:
                chain.append((row, col))
    return [chain for chain in chains if len(chain) >= STACK_MIN_LINES]


def _stackable(fragment: Fragment) -> bool:
    return len(fragment.text) <= 2 and all(_is_cjk(char) for char in fragment.text)


def _continues(lines: list[Line], last: tuple[int, int], row: int, fragment: Fragment) -> bool:
    """True when `fragment` is the next line of the column whose lowest fragment is `last`."""
    above = lines[last[0]].fragments[last[1]]
    size = max(above.size, fragment.size)
    aligned = (
        abs(above.left - fragment.left) <= 0.6 * size
        or abs(above.left + above.right - fragment.left - fragment.right) <= 1.2 * size
    )
    return last[0] < row and aligned and 0 < above.middle - fragment.middle <= STACK_PITCH * size


def _joined(stack: list[Fragment]) -> Fragment:
    return Fragment(
        text="".join(fragment.text for fragment in stack),
        left=min(fragment.left for fragment in stack),
        right=max(fragment.right for fragment in stack),
        middle=stack[0].middle,
        size=max(fragment.size for fragment in stack),
    )
