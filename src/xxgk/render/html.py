"""HTML: a complete, accessible page that also prints on A4 (and is what the PDF is made from).

Tables keep the official merged cells; header cells are `th` with scopes and ids,
and every value cell lists the headers that name it, so a screen reader says
"自然人, （一）予以公开: 3" rather than a bare number.
"""

from __future__ import annotations

from xxgk.render.jinja import stylesheet, template
from xxgk.render.layout import Layout


def html_page(layout: Layout) -> str:
    """The report as one self-contained HTML page."""
    return template("report.html.j2").render(layout=layout, css=stylesheet())


def write_html(layout: Layout) -> bytes:
    return html_page(layout).encode("utf-8")
