"""Which layout the table regions of a text print: cells kept apart by spacing, a cell a line, or neither.

Decided once per document from the lines of its table regions. Both tests look at
the same lines and ask of each whether (and how) it prints a number, so
`text_layout` splits the regions and looks every line up once for both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

# A number set apart from what precedes it by two or more spaces (or starting a line indented so).
_SPACED_NUMBER = re.compile(r"(?:^| {2})[ ]*[+-]?\d[\d,.]*(?= {2}|$)")
# A number that is not a label's enumerator ("4.保护第三方…", "3、…").
_HAS_DIGIT = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d,.、．])")
_ANY_DIGIT = re.compile(r"\d")
_LONE_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?")
# The first piece of a number wrapped after a thousands separator ("1,03" over "9"): a lone number cut
# by its cell's width, not a number among text.
_WRAPPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})*,\d{1,2}")
_GAP = re.compile(r" {2,}")
# Lines of a table region that print numbers: at least this many, for the verdict to stand.
MIN_LINES = 4


def text_layout(regions: Iterable[str]) -> tuple[bool, bool, bool]:
    """(`looks_aligned`, not aligned and `one_number_per_line`, not aligned and `mostly_lone_numbers`),
    each line of the regions split off and looked up once for all three."""
    regions = list(regions)
    lines = [line for region in regions for line in region.splitlines()]
    kinds = list(map(_digits_in, lines))
    aligned = any("  " in region for region in regions) and _aligned(regions, lines, kinds)
    return aligned, not aligned and _lone_numbers(kinds), not aligned and _mostly_lone(kinds)


def _mostly_lone(kinds: list[int]) -> bool:
    """Three lines in four that print a number print it alone: a cell a line, as pdftotext copies a
    browser's print, but for a row's first number set after its name ("1.本机关不掌握相关 11"). No
    number there is two cells run together, though the line path reads the rows."""
    lone = kinds.count(LONE)
    return lone >= MIN_LINES and lone * 4 >= (lone + kinds.count(AMONG_TEXT)) * 3


def one_number_per_line(regions: Iterable[str]) -> bool:
    """Every line of the table regions that prints a number prints one and nothing else: a cell per
    line (as a PDF viewer copies a table without -layout), so no number is two cells glued together."""
    return _lone_numbers(_digits_in(line) for region in regions for line in region.splitlines())


def _lone_numbers(kinds: Iterable[int]) -> bool:
    """`one_number_per_line` of the lines' `_digits_in`, in order (no more looked up after one among text)."""
    count = 0
    for kind in kinds:
        if kind == LONE:
            count += 1
        elif kind == AMONG_TEXT:
            return False
    return count >= MIN_LINES


NONE, LONE, AMONG_TEXT = 0, 1, 2


# Remembered by line: labels and headers repeat within a report and across a batch, and the
# regex engine is slow on CJK text.
@lru_cache(maxsize=16_384)
def _digits_in(line: str) -> int:
    """LONE: the line (stripped) is one number and nothing else; AMONG_TEXT: it prints a number
    (`_HAS_DIGIT`) otherwise; NONE: it prints none. A lone number is a `_HAS_DIGIT` match too."""
    stripped = line.strip()
    if _LONE_NUMBER.fullmatch(stripped) or _WRAPPED_NUMBER.fullmatch(stripped):
        return LONE
    if _ANY_DIGIT.search(stripped) and _HAS_DIGIT.search(stripped):
        return AMONG_TEXT
    return NONE


def looks_aligned(regions: Iterable[str]) -> bool:
    """Most lines printing numbers in the table regions set them apart by runs of spaces."""
    regions = list(regions)
    if not any("  " in region for region in regions):
        return False
    lines = [line for region in regions for line in region.splitlines()]
    return _aligned(regions, lines, list(map(_digits_in, lines)))


def _aligned(regions: list[str], lines: list[str], kinds: list[int]) -> bool:
    """`looks_aligned` of regions holding two spaces somewhere, their `lines` and each one's `_digits_in`."""
    # Numbers in tab-separated cells.
    if any("\t" in region for region in regions) and any(
        kind != NONE and "\t" in line for line, kind in zip(lines, kinds, strict=True)
    ):
        return False
    # `_HAS_DIGIT` finds a number in a line exactly when it does in the line stripped.
    lines = [line for line, kind in zip(lines, kinds, strict=True) if kind != NONE]
    if len(lines) < MIN_LINES:
        return False
    spaced = sum(_may_be_spaced(line) and _SPACED_NUMBER.search(line) is not None for line in lines)
    if spaced * 4 < len(lines) * 3:
        return False
    # Cells joined by one separator ("规章   0   21   25") print the same gap everywhere; padding
    # to the page's columns gives gaps of many widths.
    gaps = Counter(len(gap) for line in lines for gap in _GAP.findall(line.strip()))
    total = sum(gaps.values())
    return total > 0 and gaps.most_common(1)[0][1] * 10 < total * 9


def _may_be_spaced(line: str) -> bool:
    """Whether `_SPACED_NUMBER` can match: two spaces in the line, or a number first (after spaces)."""
    if "  " in line:
        return True
    first = line.lstrip(" ")[:1]
    return first.isdecimal() or first in ("+", "-")
