"""PDF: the HTML page typeset by WeasyPrint on A4, its fonts embedded.

WeasyPrint lays out the same page as the HTML writer with its print rules:
`@page` A4 margins and page numbers, table header rows repeated on every page a
table runs over, and the official faces where installed, Noto CJK otherwise.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from xxgk.render.html import html_page
from xxgk.render.layout import Layout

# A space beside a Chinese character (or other non-ASCII text).
_SPACE_BESIDE_CJK = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
# Between two em dashes: Noto CJK joins "——" into one glyph that a PDF reader takes for one dash.
_BETWEEN_DASHES = re.compile("(?<=\u2014)(?=\u2014)")
ZERO_WIDTH_NON_JOINER = "\u200c"


@cache
def _fonts() -> Any:
    """One font configuration per process: fontconfig is asked for the faces once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(layout: Layout) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html_page(print_ready(layout)), base_url=None)
    data: bytes = document.write_pdf(font_config=_fonts())
    return data


def print_ready(layout: Layout) -> Layout:
    """The layout with its prose prepared for a page a reader will read back line by line.

    A line of a PDF never shows the space it was broken at, so read back, "申请
    3119 件" broken after "3119" would come back as "3119件": every space beside
    Chinese text is made non-breaking (spaces between Latin words still break, and
    a reader puts those back). And "——" is kept two glyphs, not a ligature.
    """

    def prepared(text: str) -> str:
        return _BETWEEN_DASHES.sub(ZERO_WIDTH_NON_JOINER, _SPACE_BESIDE_CJK.sub("\u00a0", text))

    sections = tuple(
        replace(section, paragraphs=tuple(prepared(p) for p in section.paragraphs)) for section in layout.sections
    )
    return replace(layout, sections=sections)
