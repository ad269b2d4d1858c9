"""Two cells run together in text that keeps the page's columns: "2,459356" for 2,459 and 356.

`pdftotext -layout` sets a wide number flush against the next cell's when the page
leaves no room between them. A number written with thousands separators has groups
of three digits, so digits run on after its last group belong to the next cell; the
two are set apart where they meet, and a space of the gap after the second is taken
back, so that the numbers further right keep their columns.
"""

from __future__ import annotations

import re

# A number with thousands separators, and digits run on after its last group of three.
_RUN_ON = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+)(\d{1,3}(?:,\d{3})*)(?![\d,.])")
_GAP = re.compile(r" {2,}")


def thousands_apart(region: str) -> str:
    """`region` with each number run on after a number's last thousands group set apart."""
    if "," not in region:
        return region
    return "\n".join(_line_apart(line) for line in region.split("\n"))


def _line_apart(line: str) -> str:
    while (glued := _RUN_ON.search(line)) is not None:
        cut = glued.end(1)
        rest = line[glued.end() :]
        gap = _GAP.search(rest)
        if gap is not None and gap.start() == 0:
            rest = rest[1:]
        line = f"{line[:cut]} {line[cut : glued.end()]}{rest}"
    return line
