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
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.extract.bands import WINDOW
from xxgk.extract.fold import squash
from xxgk.extract.tokens import Token
from xxgk.template import Field


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of numbers: its first number's index among the region's numbers, how many, the text before."""

    start: int
    length: int
    text: str  # the text between the run before and this one, squashed


def deferred_orders(fields: tuple[Field, ...], tokens: list[Token]) -> list[list[Token]]:
    """The region's numbers reordered, one list per way a block under the last columns' headers may be a
    head band's deferred cells (none when no block is one)."""
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
    return orders


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
