"""Rows of table 三 laid out as `pdftotext -layout` prints them, for tests written by hand."""

from __future__ import annotations

# The middle of each value column of table 三 (自然人 … 总计), in characters from the line's start.
MIDDLES = (30, 38, 46, 54, 62, 70, 78)


def laid_out_row(label: str, cells: list[str], shift: int = 0) -> str:
    """`label` and its `cells` centred under MIDDLES (`shift` characters right of them; "" is blank)."""
    line = label
    for middle, cell in zip(MIDDLES, cells, strict=True):
        if cell:
            line = line.ljust(middle + shift - len(cell) // 2) + cell
    return line
