"""Page furniture: the lines a printer adds to every page around the document's own text.

Word processors print page numbers ("- 3 -", "第3页 共8页") and running heads;
a browser printing a page adds a header (the print date and time, the page's
title) and a footer (its address and "1/5"). None of it is the report's text,
and its digits must never become values: read as document text, "12/2/26,
10:40 AM" above an empty table row gave that row the values 12, 2, 26, 10, 40.

Furniture is recognised by where it stands and how it repeats, never by what a
report says: a line in the top or bottom margin band of a page is furniture when
it is a lone page number, when it carries a print stamp (a date with a time of
day) or an address, or when the same line, digits aside, stands in the margin
band of other pages too — and only when nothing but furniture stands between it
and the edge of the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

# A line repeated (digits aside) in the margin bands of this share of the pages, and on two at least,
# is a running head or foot.
REPEATED_SHARE = 0.5
# Lines whose distances from the page's edge round to the same multiple of this (points) stand in one place.
SAME_PLACE = 2.0

_PAGE_NUMBER = re.compile(
    r"""
    [-—–－_~·•]*\d{1,4}[-—–－_~·•]*        # 3, -3-, — 3 —, ·3·
    | 第\d{1,4}页(?:[,，/]?共\d{1,4}页)?    # 第3页, 第3页共8页
    | \d{1,4}/\d{1,4}                       # 3/8
    | page\d{1,4}(?:of\d{1,4})?             # Page 3 of 8
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A page number that cannot be a table's cells: set off by dashes ("- 3 -", "— 3 —") or in words ("第3页").
_PAGE_MARK = re.compile(r"([-—–－])\d{1,4}\1|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?")
_DATE = r"(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{4}年\d{1,2}月\d{1,2}日)"
_TIME = r"(?:[上下]午\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
# A print stamp: a date and a time of day, in either order ("12/2/26, 10:40 AM", "2026/12/2 10:40").
_STAMP = re.compile(rf"{_DATE}[,，\s]*{_TIME}|{_TIME}[,，\s]*{_DATE}")
_ADDRESS = re.compile(r"(?:https?|file|ftp)://\S*|www\.\S+", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def furniture(pages: Sequence[Sequence[Sequence[tuple[str, float]]]]) -> list[list[int]]:
    """For each page and each of its edges, how many lines from that edge inwards are furniture.

    `pages` holds, for each page, runs of lines standing in a margin band, each run
    ordered from the page's edge inwards (the top band downwards, the bottom band
    upwards): each line's text, its cells separated by tabs, and its distance from
    that edge (a running head stands at the same height on every page; the
    document's title under a browser's header naming it does not). Furniture is peeled off from the
    edge: a line of the document itself that the layout pushed into the band (a
    browser prints its body close to the paper's edge) stops the peeling, so the
    lines beyond it stay too.
    """
    seen = Counter(key for page in pages for key in {_key(line) for run in page for line in run})
    repeated = max(2.0, REPEATED_SHARE * len(pages))

    def is_furniture(line: tuple[str, float]) -> bool:
        text = line[0]
        return seen[_key(line)] >= repeated or _is_page_number(text) or _is_stamped(text)

    return [[_peeled(run, is_furniture) for run in page] for page in pages]


def _peeled(run: Sequence[tuple[str, float]], is_furniture: Callable[[tuple[str, float]], bool]) -> int:
    """How many lines at the start of `run` are furniture."""
    count = 0
    while count < len(run) and is_furniture(run[count]):
        count += 1
    return count


def _key(line: tuple[str, float]) -> tuple[str, int]:
    """The line's text without spaces and with each run of digits as one '#', and its distance from
    the page's edge in steps of SAME_PLACE: the same for a running head on every page."""
    text, offset = line
    return _DIGITS.sub("#", _SPACE.sub("", text)), round(offset / SAME_PLACE)


def _is_page_number(text: str) -> bool:
    """True for a lone page number: "- 3 -", "第3页 共8页", "3/8", "Page 3 of 8"."""
    return _PAGE_NUMBER.fullmatch(_SPACE.sub("", text)) is not None


def is_page_mark(text: str) -> bool:
    """True for a line that is a page number wherever it stands ("- 3 -", "第3页 共8页"): text copied
    out of a PDF viewer keeps them between the rows of a table, without the page's margins."""
    return _PAGE_MARK.fullmatch(_SPACE.sub("", text)) is not None


def _is_stamped(text: str) -> bool:
    """True when a cell of the line is a print date and time or a web address (a browser's header or footer)."""
    return any(_STAMP.fullmatch(cell.strip()) or _ADDRESS.fullmatch(cell.strip()) for cell in text.split("\t"))
