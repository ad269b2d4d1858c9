"""Tables copied a character a line: numbers whose cells only the arithmetic can cut apart.

Chrome's PDF viewer (pdfium) copies the text of some pages a character a line: the label
"部分公开" as four lines, and "1,962" as "1", ",", "9", "6", "2". In such a table a run of
digit lines is one number or several cells, and nothing in the text tells which: the run is
a row's cells glued together. Where every row prints at least a digit a cell (zeros printed,
no cell dropped), the digits are cut as glued digits are, by the row's arithmetic and then
the table's (`spelled_rows`); where a row prints fewer (blank cells dropped, and the
arithmetic fits wrong readings), the table is not read, and the report says why.
"""

from __future__ import annotations

import re
from functools import lru_cache

from xxgk.extract.fold import fold, squash
from xxgk.extract.memo import SPELLED_NAME, spelled_names
from xxgk.extract.rows import RowText, match_rows, segments
from xxgk.extract.tokens import tokenize
from xxgk.template import TableSpec

_NUMBER_OF_DIGITS = re.compile(r"\d{2,}")
# A line of one character, spaces aside, and its line feed (`_may_spell`): any, a letter, a mark.
_LONE = r"[^\S\n]*{}[^\S\n]*\n"
_ANY, _LETTER, _MARK = _LONE.format(r"\S"), _LONE.format(r"[^\W\d_]"), _LONE.format(r"[\W_]")
# Each starts with the line feed before the first line: a literal, which the regex engine skips to,
# where a pattern starting with a multiline "^" is tried at every character of the text.
_SPELLED_RUN = re.compile(f"\\n(?:{_ANY}){{{SPELLED_NAME}}}")
_LETTER_PAIR = re.compile(f"\\n{_LETTER}(?:{_MARK})*{_LETTER}")
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
_BREAKS_BUT_LF = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A thousands separator or decimal point between two digits of a number spelled a character a line.
_SEPARATORS = frozenset(",.")
# A list number's mark ("1" "." "属…"; "二" "、"): the digit before it belongs to the label.
_LIST_MARKS = frozenset(".、．")


def spelled_out(table: TableSpec, region: str) -> bool:
    """`region` (folded or not) spells a row's name of `table` a character a line, and between the first row name
    spelled so and the last prints no two digits together (its numbers cut into digits too)."""
    folded = fold(region)
    names = spelled_names(table)
    if _BREAKS_BUT_LF.search(folded) is None and not _may_spell(f"\n{folded}\n", names):
        return False
    lines = [line.strip() for line in folded.splitlines()]
    spelled = [(start, end) for start, end, text in _single_character_runs(lines) if any(n in text for n in names)]
    if not spelled:
        return False
    first, last = spelled[0][0], spelled[-1][1]
    return not any(_NUMBER_OF_DIGITS.search(line) for line in lines[first:last])


def _may_spell(text: str, names: tuple[str, ...]) -> bool:
    """Whether `text` (its only line breaks line feeds, one before its first line too) has a run of
    one-character lines long enough to spell a name and, where every name holds two letters together,
    two one-letter lines with only marks between: a run of single digits ("0" a cell a line) spells
    no name. Found by the regex engine, before the lines are stripped one by one."""
    if _SPELLED_RUN.search(text) is None:
        return False
    return not _letters_together(names) or _LETTER_PAIR.search(text) is not None


@lru_cache(maxsize=64)
def _letters_together(names: tuple[str, ...]) -> bool:
    return all(_TWO_LETTERS.search(name) for name in names)


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


def spelled_rows(table: TableSpec, region: str) -> dict[str, RowText] | None:
    """The rows of `table` as `region` spells them a character a line, each run of digit lines one
    glued number; None where a row prints fewer digits than cells (its blank cells dropped), or
    where a glued run holds a thousands separator ("…1201,091": where 1,091 starts is not known)."""
    lines, numbers = collapsed(region)
    if any(c in _SEPARATORS for number in numbers for c in number):
        return None
    rows = match_rows(table, segments(tokenize(fold("\n".join(lines)))))
    for found in rows:
        digits = sum(c.isdigit() for t in found.values if t.kind == "number" for c in t.text)
        if digits < len(found.row.fields):
            return None
    return {found.row.key: found for found in rows}


def collapsed(region: str) -> tuple[list[str], list[str]]:
    """The lines of `region` with each run of one-character lines joined: a row name's characters
    into one line, a number's digits into another (glued to the next number's, as the copy gives
    them); and the numbers so joined."""
    lines = region.splitlines()
    out: list[str] = []
    numbers: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(lines[j].strip()) == 1:
            j += 1
        if j - i < 2:
            out.append(lines[i])
            i += 1
            continue
        for group, is_number in _words_and_numbers([line.strip() for line in lines[i:j]]):
            out.append(group)
            if is_number:
                numbers.append(group)
        i = j
    return out, numbers


def _words_and_numbers(characters: list[str]) -> list[tuple[str, bool]]:
    """One-character lines grouped into lines of text and lines of digits (True)."""
    kinds: list[bool] = []
    for k, c in enumerate(characters):
        after = characters[k + 1] if k + 1 < len(characters) else ""
        if c.isdigit():
            kinds.append(after not in _LIST_MARKS)
        else:
            kinds.append(c in _SEPARATORS and bool(kinds) and kinds[-1] and after.isdigit())
    groups: list[tuple[str, bool]] = []
    for k, c in enumerate(characters):
        if k and kinds[k] == kinds[k - 1]:
            groups[-1] = (groups[-1][0] + c, kinds[k])
        else:
            groups.append((c, kinds[k]))
    return groups
