"""Markdown: headings and paragraphs in Markdown, the tables as raw HTML.

Markdown tables cannot merge cells, so each official table is an HTML `<table>`
block (CommonMark passes raw HTML through; it holds no blank line, which would
end the block). Prose is escaped so that no character of the report turns into
Markdown syntax: "1. 加强培训" stays a sentence, not a list item.
"""

from __future__ import annotations

from xxgk.render.html import tables
from xxgk.render.jinja import template
from xxgk.render.layout import Layout


def markdown_text(layout: Layout) -> str:
    return template("report.md.j2").render(layout=layout, tables=tables(layout)) + "\n"


def write_markdown(layout: Layout) -> bytes:
    return markdown_text(layout).encode("utf-8")
