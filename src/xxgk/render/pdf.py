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


@cache
def _fonts() -> Any:
    """One font configuration per process: fontconfig is asked for the faces once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(layout: Layout) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html_page(with_glued_spaces(layout)), base_url=None)
    data: bytes = document.write_pdf(font_config=_fonts())
    return data


def with_glued_spaces(layout: Layout) -> Layout:
    """The layout with every space beside Chinese text in its prose made non-breaking.

    A line of a PDF never shows the space it was broken at, so read back, "申请
    3119 件" broken after "3119" would come back as "3119件"; unbroken, the space
    stays. Spaces between Latin words still break (a reader puts those back).
    """
    sections = tuple(
        replace(section, paragraphs=tuple(_SPACE_BESIDE_CJK.sub("\u00a0", p) for p in section.paragraphs))
        for section in layout.sections
    )
    return replace(layout, sections=sections)
