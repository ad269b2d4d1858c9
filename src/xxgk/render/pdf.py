"""PDF: the HTML page typeset by WeasyPrint on A4, its fonts embedded.

WeasyPrint lays out the same page as the HTML writer with its print rules:
`@page` A4 margins and page numbers, table header rows repeated on every page a
table runs over, and the official faces where installed, Noto CJK otherwise.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from xxgk.render.html import html_page
from xxgk.render.layout import Layout


@cache
def _fonts() -> Any:
    """One font configuration per process: fontconfig is asked for the faces once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(layout: Layout) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html_page(layout), base_url=None)
    data: bytes = document.write_pdf(font_config=_fonts(), metadata=True)
    return data
