"""A page's value columns in spaced text, shown by its numbers and named by its header labels.

On a page of table 三 where no row prints every cell, the numbers still stand in tight
groups, one per column that prints a number somewhere on the page; but when some
columns print none (科研机构 and 社会公益组织 blank throughout), the groups cannot be
told apart by their count. The header labels printed above them on the same page
name them: a group standing at a label is that label's column. pdftotext -layout packs
a page's text to the left, so a label may stand well off its column, and a header
broken over a page break leaves some labels on the page before; a group at no label is
therefore named only when one column alone can be it: the one column without a label
on this page between the labelled columns around it (or before the first, after the
last). Every group must be named so, at least two of them by their labels (the header
and the numbers agreeing twice), or the page gets no columns from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from xxgk.extract.aligned import CLUSTER, Columns
from xxgk.extract.headed import label_middles, words_of
from xxgk.extract.tokens import Token
from xxgk.read.document import PAGE_BREAK
from xxgk.template import Field


@dataclass(frozen=True, slots=True)
class Naming:
    """The tolerances of naming a page's groups of numbers by its header labels."""

    # A group stands at a label when nearer it than this share of the way to the next label.
    reach: float = 0.34
    # Groups that must stand at their own labels for the page's columns to be trusted.
    anchored: int = 2


NAMING = Naming()


PageColumns = Callable[[int], Columns | None]


def named_page_columns(region: str, fields: list[Field], numbers: list[Token]) -> PageColumns:
    """The columns of a page of `region` (pages counted by `PAGE_BREAK` lines) whose groups of numbers
    its header labels name (see the module's docstring), or None; `numbers`: the region's tokens.
    Worked out for a page when first asked: most pages get their columns from their full rows."""
    middles: dict[int, list[int]] = {}
    first_line: dict[int, int] = {}
    for token in numbers:
        if token.is_value and token.kind == "number" and token.place:
            middles.setdefault(token.place.page, []).append(token.place.middle)
            first_line[token.place.page] = min(first_line.get(token.place.page, token.place.line), token.place.line)
    lines = region.split("\n")
    found: dict[int, Columns | None] = {}

    def of_page(page: int) -> Columns | None:
        if page not in first_line:
            return None
        if page not in found:
            header = _page_lines_before(lines, first_line[page])
            found[page] = _named(_groups(middles[page]), _anchors(header, fields), len(fields))
        return found[page]

    return of_page


def _page_lines_before(lines: list[str], line: int) -> list[str]:
    """The lines of the page of `lines[line]` above it."""
    start = line
    while start > 0 and PAGE_BREAK not in lines[start - 1]:
        start -= 1
    return lines[start:line]


def _anchors(header: list[str], fields: list[Field]) -> dict[int, float]:
    """Each column whose label the header lines spell exactly once: its label's middle."""
    words = words_of(header)
    anchors: dict[int, float] = {}
    for j, field in enumerate(fields):
        found = label_middles(words, (field.label, *field.variants))
        if len(found) == 1:
            anchors[j] = found[0]
    return anchors


def _groups(middles: list[int]) -> list[float] | None:
    """The middles of the groups the numbers stand in, each at most `CLUSTER` wide, or None when two
    groups stand that close (one column's numbers cut in two: the naming would find it twice)."""
    groups: list[list[int]] = []
    for middle in sorted(middles):
        if groups and middle - groups[-1][0] <= CLUSTER:
            groups[-1].append(middle)
        else:
            groups.append([middle])
    if any(b[0] - a[-1] <= CLUSTER for a, b in pairwise(groups)):
        return None
    return [sum(g) / len(g) for g in groups]


def _named(groups: list[float] | None, anchors: dict[int, float], width: int) -> Columns | None:
    """The page's columns when every group is named by a label or by being the one column left for it,
    at least `NAMING.anchored` by their labels, and the last column (总计) shows a group: the header and
    the numbers then agree at its right end too, so a header standing a whole column off its numbers
    (each group at its neighbour's label) cannot pass. Every column needs a group or a label."""
    labelled = sorted(anchors)
    if groups is None or len(labelled) < NAMING.anchored:
        return None
    if any(anchors[a] >= anchors[b] for a, b in pairwise(labelled)):
        return None
    assigned: dict[int, float] = {}
    at_labels = 0
    for group in groups:
        column = _at_label(group, anchors)
        at_labels += column is not None
        column = column if column is not None else _left_for(group, anchors, width)
        if column is None or column in assigned or (assigned and column < max(assigned)):
            return None
        assigned[column] = group
    if at_labels < NAMING.anchored or width - 1 not in assigned:
        return None
    if any(j not in assigned and j not in anchors for j in range(width)):
        return None
    middles = tuple(assigned.get(j, anchors.get(j, 0.0)) for j in range(width))
    return Columns(middles) if all(b > a for a, b in pairwise(middles)) else None


def _at_label(group: float, anchors: dict[int, float]) -> int | None:
    """The labelled column the group stands at: nearer its label than `NAMING.reach` of the gap to the next."""
    nearest = min(anchors, key=lambda j: abs(anchors[j] - group))
    gaps = [abs(anchors[j] - anchors[nearest]) for j in anchors if j != nearest]
    return nearest if abs(anchors[nearest] - group) <= NAMING.reach * min(gaps) else None


def _left_for(group: float, anchors: dict[int, float], width: int) -> int | None:
    """The one column without a label between the labelled columns around the group, if one only."""
    below = [j for j in anchors if anchors[j] < group]
    above = [j for j in anchors if anchors[j] > group]
    low, high = max(below, default=-1), min(above, default=width)
    free = [j for j in range(low + 1, high) if j not in anchors]
    return free[0] if len(free) == 1 else None
