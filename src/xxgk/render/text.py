"""Text as every format prints it: cell values, prose, and the characters no format can hold.

A rendered document is read back with `xxgk parse`, so what is printed here is also what a
reader returns: prose in its canonical form (`prose_lines`), numbers exactly (`value_text`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from xxgk.report import Value

# Control characters other than white space, and lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]")
# What a blank (null) cell shows in a finished report: every reader reads it back as blank.
BLANK = "—"


def prose_lines(text: str) -> tuple[str, ...]:
    """A prose section as printed: one paragraph per line, each without blank lines or runs of spaces.

    This is the canonical form of prose: every format shows white space as a
    browser would (a run of spaces as one), so it is what any document reads back
    as. Characters no document format can hold (control characters, halves of
    surrogate pairs, as a JSON file may contain) are left out.
    """
    lines = (" ".join(printable(line).split()) for line in text.split("\n"))
    return tuple(line for line in lines if line)


def printable(text: str) -> str:
    """`text` without the characters no document format can hold."""
    return _UNPRINTABLE.sub("", text)


def canonical_text(text: str) -> str:
    """`text` as it reads back from any rendered document (see `prose_lines`)."""
    return "\n".join(prose_lines(text))


def value_text(value: Value, blank: str = BLANK) -> str:
    """A cell value printed exactly: integers as digits, decimals positionally without exponent."""
    if value is None:
        return blank
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)
