"""How a copy set a table's cells apart, judged once per document from the rows it found.

Text copied from one PDF or page glues every table's cells together, though a few
rows keep a stray space ("规章2626 26"); a PDF viewer's copy keeps numbers apart by
single spaces and leaves blank cells out ("1 1 2" for seven cells). The two print
rows short of numbers alike, and call for opposite readings (cut the digits, or
never cut them), so both are told by how many rows look which way.
"""

from __future__ import annotations

from xxgk.extract.rows import RowText
from xxgk.extract.tokens import Token


def looks_glued(rows: list[RowText]) -> bool:
    """Half or more of the multi-column rows print fewer numbers than they have cells.

    Such a document glues its cells together; a few rows keeping a stray space
    ("110 000011") still print fewer numbers than cells.
    """
    wide = [r for r in rows if len(r.row.fields) > 1 and any(v.is_value for v in r.values)]
    short = [r for r in wide if sum(v.is_value for v in r.values) < len(r.row.fields)]
    # Glued cells keep a digit each ("0000000"): rows with fewer digits than cells drop their blank
    # cells instead ("1 1 2" for seven cells, as Chrome's PDF viewer copies a table).
    blank = [r for r in short if sum(_digits(v) for v in r.values) < len(r.row.fields)]
    # Glued rows run into one number or two, or show cells run together by a zero no number starts
    # with ("20 0 00 0 121"); a row printing three numbers or more, more digits than cells and no
    # such zero kept its numbers apart and left its blank cells out ("152 2 4 2 160" for seven cells).
    apart = [r for r in short if _kept_numbers_apart(r)]
    return bool(wide) and len(short) * 2 >= len(wide) and (len(blank) + len(apart)) * 3 < len(short)


def drops_blank_cells(rows: list[RowText]) -> bool:
    """A quarter or more of the multi-column rows, and two at least, print fewer whole numbers than
    they have cells, set apart: a copy that leaves blank cells out ("1 1 2" for seven cells)."""
    wide = [r for r in rows if len(r.row.fields) > 1 and any(v.is_value for v in r.values)]
    dropped = [
        r
        for r in wide
        if sum(v.is_value for v in r.values) < len(r.row.fields)
        and all(v.kind == "number" and not _leading_zero(v.text) for v in r.values if v.is_value)
    ]
    return len(dropped) >= 2 and len(dropped) * 4 >= len(wide)


def _leading_zero(number: str) -> bool:
    """A zero before another digit ("000011"): digits of cells run together, as no cell prints a number."""
    return number.startswith("0") and number[1:2].isdigit()


def _kept_numbers_apart(found: RowText) -> bool:
    numbers = [v.text for v in found.values if v.kind == "number"]
    glued_zero = any(_leading_zero(n) for n in numbers)
    return len(numbers) >= 3 and sum(_digits(v) for v in found.values) > len(found.row.fields) and not glued_zero


def _digits(token: Token) -> int:
    # `map` in C, not a generator frame per character.
    return sum(map(str.isdigit, token.text)) if token.kind == "number" else 0
