"""Table 三 copied a cell per line, a page's head rows printing their last columns after the page's other rows.

Plain pdftotext prints the numbers under a header cell with the header: where the column headers
其他 and 总计 stand apart from the others at a page's top, the page's first rows (a head band) give
their first columns, then the rows below come, and only then, after the headers "其他" "总计", the
head band's last columns ("10 0 3" / "79 1 30"). Put back after the head band's first columns,
those numbers make a copy the band search (bands.py) reads; where no reordering, or more than one,
holds the table's sums, nothing is read.

A block is taken as deferred only where it follows the headers of the table's last columns and its
length is those columns' cells of a head band of at most WINDOW rows; the page it ends starts where
a run of numbers follows text, at a row's first cell.

A copy may defer the last columns of every row of a page, page after page: the first columns of the
page's rows, then, under "其他" "总计", the last columns of the same rows. Where such blocks tile all
the numbers (each block's rows are the rows whose first columns come right before it), the numbers
are put back row by row, one order more for the band search to try.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xxgk.extract.bands import WINDOW
from xxgk.extract.fold import squash
from xxgk.extract.tokens import Token
from xxgk.template import Field

# Rows of a page's deferred block that may come down its columns together.
BAND = 3

RowHolds = Callable[[int, list[Token]], bool]


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of numbers: its first number's index among the region's numbers, how many, the text before."""

    start: int
    length: int
    text: str  # the text between the run before and this one, squashed


def deferred_orders(fields: tuple[Field, ...], tokens: list[Token], holds: RowHolds) -> list[list[Token]]:
    """The region's numbers reordered, one list per way a block under the last columns' headers may be a
    head band's deferred cells, or every page's (none when no block is one). `holds(i, cells)`: the
    table's i-th row holds its own total with those cells."""
    width = len(fields)
    numbers = [t for t in tokens if t.kind == "number"]
    runs = _runs(tokens)
    starts = [run.start for run in runs if run.start % width == 0]
    orders: list[list[Token]] = []
    for block in runs:
        last = _last_columns_named(fields, block.text)
        if not last or block.length % last or (block.start + block.length) % width:
            continue
        height = block.length // last
        if height > WINDOW:
            continue
        first = height * (width - last)  # the head band's first columns, printed at the page's top
        for page in starts:
            middle = block.start - page - first
            if middle < 0 or middle % width:
                continue
            cut = page + first
            end = block.start + block.length
            orders.append(numbers[:cut] + numbers[block.start : end] + numbers[cut : block.start] + numbers[end:])
    if tiled := _pages_put_back(fields, numbers, runs, holds):
        orders.append(tiled)
    return orders


def _pages_put_back(fields: tuple[Field, ...], numbers: list[Token], runs: list[_Run], holds: RowHolds) -> list[Token]:
    """`numbers` row by row where every page printed its rows' first columns, then their last columns
    under those columns' headers, the pages tiling every number; [] where they do not."""
    width = len(fields)
    ordered: list[Token] = []
    done = 0  # numbers put back so far: every one before the next page's first columns
    for block in runs:
        last = _last_columns_named(fields, block.text)
        if not last or block.length % last:
            continue
        height = block.length // last
        first = numbers[done : block.start]
        if len(first) != height * (width - last):
            continue  # no page's end: a row named like the last columns ("（七）总计") before its numbers
        heads = [first[row * (width - last) : (row + 1) * (width - last)] for row in range(height)]
        tails = _tails(heads, numbers[block.start : block.start + block.length], len(ordered) // width, holds)
        if tails is None:
            return []
        ordered += [cell for head, tail in zip(heads, tails, strict=True) for cell in head + tail]
        done = block.start + block.length
    return ordered if ordered and done == len(numbers) else []


def _tails(heads: list[list[Token]], block: list[Token], first_row: int, holds: RowHolds) -> list[list[Token]] | None:
    """Each row's last columns from a page's deferred block: row by row, or, where that breaks a row's
    total, a band of two or three rows printed down the last columns ("1 6 3 37" for 1 3 / 6 37); None
    where neither holds."""
    last = len(block) // len(heads)
    tails: list[list[Token]] = []
    while len(tails) < len(heads):
        row, at = len(tails), len(tails) * last
        for count in range(1, BAND + 1):
            band = block[at : at + count * last]
            cut = [band[i::count] for i in range(count)]  # one row: itself
            if len(band) == count * last and all(
                holds(first_row + row + i, heads[row + i] + cut[i]) for i in range(count)
            ):
                tails += cut
                break
        else:
            return None
    return tails


def _runs(tokens: list[Token]) -> list[_Run]:
    """The runs of numbers among `tokens`, each with the text printed before it."""
    runs: list[_Run] = []
    text = ""
    count = 0
    start = None
    for token in tokens:
        if token.kind == "number":
            if start is None:
                start = count
            count += 1
        elif token.kind == "text":
            if start is not None:
                runs.append(_Run(start, count - start, text))
                start, text = None, ""
            text += squash(token.text)
    if start is not None:
        runs.append(_Run(start, count - start, text))
    return runs


def _last_columns_named(fields: tuple[Field, ...], text: str) -> int:
    """How many of the last columns `text` names, the last one at least ("其他总计": 2), or 0."""
    named = 0
    for field in reversed(fields):
        if not any(squash(name) in text for name in (field.label, *field.variants)):
            break
        named += 1
    return named
