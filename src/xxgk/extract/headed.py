"""Columns named by a table's header lines in text that keeps the page's columns (`pdftotext -layout`).

A header cell prints its label centred over its column, wrapped over several lines
when the cell is narrow ("自然" over "人", or table 四's labels one character a line):
the pieces of one label stand one under the other at the same middle. Reading those
stacks against the template's column labels gives where each column stands, even
when no row prints every cell. Only labels the template declares count, and only a
header that names every column, in the template's order, gives columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from xxgk.extract.aligned import Columns, on_one_line, sums_hold
from xxgk.extract.broken import breaks_wherever_placed
from xxgk.extract.chosen import STACK, placings
from xxgk.extract.fold import fold, squash
from xxgk.extract.rows import RowText
from xxgk.extract.tokens import BLANK, Token, tokenize_placed
from xxgk.extract.wraps import joined_wraps
from xxgk.read.document import PAGE_BREAK
from xxgk.template import Field, TableSpec, Template

_WORD = re.compile(r"\S+")
# Lines between two pieces of one label (other columns' pieces may stand between them).
STACK_LINES = 3


@dataclass(frozen=True, slots=True)
class Word:
    """A run of non-space characters of one line, squashed, with twice its middle column."""

    line: int
    middle: int
    text: str


def words_of(lines: list[str]) -> list[Word]:
    """The words of `lines` (folded, one character for one), numbered by line."""
    words: list[Word] = []
    for index, line in enumerate(lines):
        for match in _WORD.finditer(fold(line)):
            text = squash(match.group())
            if text:
                words.append(Word(index, match.start() + match.end(), text))
    return words


def label_middles(words: list[Word], labels: tuple[str, ...]) -> list[float]:
    """The middles of the stacks of words that spell one of `labels` (squashed) top to bottom."""
    wanted = {squash(label) for label in labels}
    found: list[float] = []
    for i, word in enumerate(words):
        if any(w.startswith(word.text) for w in wanted):
            stack = _stack_from(words, i, wanted)
            if stack:
                found.append(sum(w.middle for w in stack) / len(stack))
    return found


def _stack_from(words: list[Word], first: int, wanted: set[str]) -> list[Word] | None:
    """The words from `words[first]` down that spell a wanted label, each under the one before."""
    stack = [words[first]]
    text = words[first].text
    while text not in wanted:
        last = stack[-1]
        below = [
            w
            for w in words
            if 0 < w.line - last.line <= STACK_LINES
            and abs(w.middle - last.middle) <= STACK
            and any(x.startswith(text + w.text) for x in wanted)
        ]
        if len(below) != 1:
            return None
        stack.append(below[0])
        text += below[0].text
    return stack


def header_columns(words: list[Word], fields: list[Field]) -> Columns | None:
    """The columns of `fields` (left to right) when the header names each exactly once, in order."""
    named: list[tuple[float, int]] = []
    keys = sorted({f.key for f in fields}, key=[f.key for f in fields].index)
    for key in keys:
        field = next(f for f in fields if f.key == key)
        named += [(m, keys.index(key)) for m in label_middles(words, (field.label, *field.variants))]
    named.sort()
    if [k for _, k in named] != [keys.index(f.key) for f in fields]:
        return None
    middles = tuple(m for m, _ in named)
    return Columns(middles) if all(b > a for a, b in pairwise(middles)) else None


def flat_placings(table: TableSpec, region: str, template: Template) -> list[list[Token]]:
    """Table 四's cells, blanks as `BLANK`, in each placing its header allows, when its one line of values
    prints fewer numbers than cells: those keeping the sums with blanks as zero (a number standing
    between two columns' labels may have two), or, when the sums break wherever the numbers stand,
    the one placing the header allows with each number under its label; none where the header does
    not place them. A number wrapped in its narrow cell (the digits over two lines, around the line
    of values) is joined first."""
    fields = [f for row in table.rows for f in row.fields]
    cells = tuple(c for row in table.rows for c in row.cell_ids(table.key))
    joined = joined_wraps(region)
    lines = joined.split("\n")
    tokens = [t for t in tokenize_placed(joined) if t.is_value]
    if not tokens or any(t.place is None for t in tokens):
        return []
    row = _values_line(tokens, len(fields))
    if row is None:
        return []
    values = [t for t in tokens if t.place and t.place.line == row]
    if len(values) == len(fields):
        return [values] if joined != region and sums_hold(cells, values, template) else []
    page = values[0].place.page if values[0].place else 0
    header = [line for i, line in enumerate(lines[:row]) if _page_of(lines, i) == page]
    columns = header_columns(words_of(header), fields)
    if columns is None:
        return []
    middles = [t.place.middle for t in values if t.place]
    ways = placings(columns, middles)
    allowed = [_put(w, values, len(fields)) for w in ways]
    consistent = [p for p in allowed if sums_hold(cells, p, template)]
    single = len(ways) == 1 and _under_labels(columns, ways[0], middles)
    if not consistent and single and breaks_wherever_placed(cells, values, template):
        # The table breaks its own totals wherever its numbers stand: the header alone places them.
        return allowed[:1]
    return consistent


def _under_labels(columns: Columns, where: list[int], middles: list[int]) -> bool:
    """Every number within `STACK` of its column's label: the header stands over the numbers, as it
    does not where pdftotext prints it characters off them (then only the sums may place them)."""
    return all(abs(columns.middles[j] - middle) <= STACK for j, middle in zip(where, middles, strict=True))


def _put(where: list[int], values: list[Token], width: int) -> list[Token]:
    placed = [BLANK] * width
    for column, token in zip(where, values, strict=True):
        placed[column] = token
    return placed


def _values_line(tokens: list[Token], width: int) -> int | None:
    """The line printing the most numbers (at most `width`), if it is the only one printing that many."""
    counts: dict[int, int] = {}
    for token in tokens:
        if token.place:
            counts[token.place.line] = counts.get(token.place.line, 0) + 1
    best = max(counts.values())
    lines = [line for line, n in counts.items() if n == best]
    return lines[0] if len(lines) == 1 and best <= width else None


def _page_of(lines: list[str], index: int) -> int:
    return sum(line.count(PAGE_BREAK) for line in lines[: index + 1])


# Lines above a row searched for its sub-table's header.
HEADER_REACH = 6


def headed_rows(table: TableSpec, rows: dict[str, RowText], region: str) -> dict[str, RowText]:
    """Rows of a table without arithmetic (table 二) printing fewer numbers than cells, each number put
    under the column the nearest header above it names (`header_columns`), on the same page; a number
    not clearly under one column leaves the row as it was."""
    lines = region.split("\n")
    out = dict(rows)
    for key, found in rows.items():
        short = _short_under_header(lines, found)
        where = short[1].place([t.place.middle for t in short[0] if t.place]) if short else None
        if short is None or where is None:
            continue
        out[key] = RowText(found.row, found.label, _put(where, short[0], len(found.row.fields)))
    return out


def _short_under_header(lines: list[str], found: RowText) -> tuple[list[Token], Columns] | None:
    """A row's numbers when it prints fewer than its cells on one line, with the columns the header
    above it on its page names (`_header_above`)."""
    values = [t for t in found.values if t.is_value]
    fields = list(found.row.fields)
    if not 0 < len(values) < len(fields) or not on_one_line(values) or values[0].place is None:
        return None
    columns = _header_above(lines, values[0].place.line, fields)
    return (values, columns) if columns is not None else None


def _header_above(lines: list[str], row: int, fields: list[Field]) -> Columns | None:
    """The columns named by the nearest lines above `row` (printing no number, on its page) that name them."""
    for first in range(row - 1, max(-1, row - 1 - HEADER_REACH), -1):
        if PAGE_BREAK in lines[first + 1]:  # a new page starts below `first`
            return None
        header = [line for line in lines[first:row] if not _NUMBER_ANYWHERE.search(line)]
        columns = header_columns(words_of(header), fields)
        if columns is not None:
            return columns
    return None


_NUMBER_ANYWHERE = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d,.、．])")


def shifted_headers(rows: dict[str, RowText], region: str) -> dict[str, list[Columns]]:
    """For each row printing fewer numbers than cells, the columns the header above it on its page
    names (a header repeated on a new page), moved so one of its numbers stands on one of them.

    pdftotext -layout packs a page's text to the left, so a row's numbers stand as far apart as
    their columns' labels but may all be pushed right of them (by eight characters under a long
    label): only the spacing of the header holds, not where it stands. Every such move is a
    candidate; the table's sums (`chosen.chosen_by_sums`) must leave exactly one placing."""
    lines = region.split("\n")
    found: dict[str, list[Columns]] = {}
    for key, row in rows.items():
        short = _short_under_header(lines, row)
        if short is not None:
            found[key] = short[1].moved_onto([t.place.middle for t in short[0] if t.place])
    return found
