"""Tables copied a character a line: numbers that no reading can cut apart.

Chrome's PDF viewer (pdfium) copies the text of some pages a character a line: the label
"部分公开" as four lines, and "1,962" as "1", ",", "9", "6", "2". In such a table a run of
digit lines is one number or several cells, and nothing in the text tells which; even the
arithmetic fits wrong readings where blank cells were dropped. The table is not read, and
the report says why.
"""

from __future__ import annotations

import re

from xxgk.extract.fold import fold, squash
from xxgk.template import TableSpec

# Fewest characters of a row's name spelled a character a line that tell a copy made so. A
# narrow column header wraps a character a line too ("结" / "果" / "维" / "持"), but spells no
# row's name; a label copied a cell a line wraps over lines of several characters.
SPELLED_NAME = 6

_NUMBER_OF_DIGITS = re.compile(r"\d{2,}")


def spelled_out(table: TableSpec, region: str) -> bool:
    """`region` spells a row's name of `table` a character a line, and between the first row name
    spelled so and the last prints no two digits together (its numbers cut into digits too)."""
    lines = [line.strip() for line in fold(region).splitlines()]
    names = [
        name for row in table.rows for n in (row.label, *row.variants) if len(name := squash(fold(n))) >= SPELLED_NAME
    ]
    spelled = [(start, end) for start, end, text in _single_character_runs(lines) if any(n in text for n in names)]
    if not spelled:
        return False
    first, last = spelled[0][0], spelled[-1][1]
    return not any(_NUMBER_OF_DIGITS.search(line) for line in lines[first:last])


def _single_character_runs(lines: list[str]) -> list[tuple[int, int, str]]:
    """The runs of lines holding one character each: where each starts and ends, and its characters
    joined and folded."""
    runs: list[tuple[int, int, str]] = []
    start = 0
    for i, line in enumerate([*lines, ""]):
        if len(line) == 1:
            continue
        if i - start >= SPELLED_NAME:
            runs.append((start, i, squash("".join(lines[start:i]))))
        start = i + 1
    return runs
