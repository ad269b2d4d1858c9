"""Setting a number in a table cell so that it stays on one line.

A number wrapped over two lines, or running into the next cell, no longer reads
as one number. A number too long for its column is set tighter, keeping its size,
so that it stays on the line of its row's label (table 三 fits nine digits so,
table 四 six); only a longer one is set smaller.
"""

from __future__ import annotations

from dataclasses import dataclass

# A digit's width in ems (Noto CJK's are 0.56, common Chinese faces' 0.5), how far
# letter spacing may tighten digits, a cell's horizontal padding, millimetres per
# point, and the smallest size used.
DIGIT_EM = 0.6
TIGHTEST_SPACING_EM = -0.22
CELL_PADDING_MM = 2.5
MM_PER_PT = 25.4 / 72
MIN_SIZE_PT = 3.0


@dataclass(frozen=True, slots=True)
class Fit:
    """How to set a number in its cell: the font size and the letter spacing (ems, negative to tighten)."""

    size_pt: float
    spacing_em: float = 0.0


def fit_number(text: str, width_mm: float, size_pt: float) -> Fit:
    """How `text` (digits, mostly) fits on one line in a cell `width_mm` wide."""
    room = width_mm - CELL_PADDING_MM
    natural = len(text) * DIGIT_EM * size_pt * MM_PER_PT
    if natural <= room:
        return Fit(size_pt)
    tight = len(text) * (DIGIT_EM + TIGHTEST_SPACING_EM) * size_pt * MM_PER_PT
    if tight <= room:
        spacing = room / (len(text) * size_pt * MM_PER_PT) - DIGIT_EM
        return Fit(size_pt, round(spacing, 3))
    return Fit(max(MIN_SIZE_PT, size_pt * room / tight), TIGHTEST_SPACING_EM)
