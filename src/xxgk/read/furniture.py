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
band of other pages too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# A line repeated (digits aside) in the margin bands of this share of the pages, and on two at least,
# is a running head or foot.
REPEATED_SHARE = 0.5

_PAGE_NUMBER = re.compile(
    r"""
    [-—–－_~·•]*\d{1,4}[-—–－_~·•]*        # 3, -3-, — 3 —, ·3·
    | 第\d{1,4}页(?:[,，/]?共\d{1,4}页)?    # 第3页, 第3页共8页
    | \d{1,4}/\d{1,4}                       # 3/8
    | page\d{1,4}(?:of\d{1,4})?             # Page 3 of 8
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DATE = r"(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{4}年\d{1,2}月\d{1,2}日)"
_TIME = r"(?:[上下]午\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
# A print stamp: a date and a time of day, in either order ("12/2/26, 10:40 AM", "2026/12/2 10:40").
_STAMP = re.compile(rf"{_DATE}[,，\s]*{_TIME}|{_TIME}[,，\s]*{_DATE}")
_ADDRESS = re.compile(r"(?:https?|file|ftp)://\S*|www\.\S+", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def furniture(pages: Sequence[Sequence[str]]) -> list[set[int]]:
    """Per page, the indices of the lines (of those standing in its margin bands) that are furniture.

    `pages` holds, for each page, the text of each line in its top or bottom
    margin band, its cells separated by tabs.
    """
    shapes = [[_shape(text) for text in lines] for lines in pages]
    seen = Counter(shape for lines in shapes for shape in set(lines))
    repeated = max(2.0, REPEATED_SHARE * len(pages))
    return [
        {
            index
            for index, (text, shape) in enumerate(zip(lines, page_shapes, strict=True))
            if seen[shape] >= repeated or _is_page_number(text) or _is_stamped(text)
        }
        for lines, page_shapes in zip(pages, shapes, strict=True)
    ]


def _shape(text: str) -> str:
    """The line's text without spaces and with each run of digits as one '#': the same on every page."""
    return _DIGITS.sub("#", _SPACE.sub("", text))


def _is_page_number(text: str) -> bool:
    """True for a lone page number: "- 3 -", "第3页 共8页", "3/8", "Page 3 of 8"."""
    return _PAGE_NUMBER.fullmatch(_SPACE.sub("", text)) is not None


def _is_stamped(text: str) -> bool:
    """True when a cell of the line is a print date and time or a web address (a browser's header or footer)."""
    return any(_STAMP.fullmatch(cell.strip()) or _ADDRESS.fullmatch(cell.strip()) for cell in text.split("\t"))
