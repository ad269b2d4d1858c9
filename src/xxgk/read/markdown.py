"""Markdown: rendered to HTML by a CommonMark parser, then read as an HTML page.

Report tables need merged cells, which Markdown tables cannot express, so
Markdown reports carry them as raw HTML `<table>` blocks; pipe tables are read
too. Rendering first means escapes, emphasis and list syntax come out as the
text a reader sees, and the HTML reader's table handling (real spans) applies.
"""

from __future__ import annotations

from dataclasses import replace

from markdown_it import MarkdownIt

from xxgk.read.decode import decode_text
from xxgk.read.document import Document
from xxgk.read.html import read_html


def read_markdown(data: bytes, source: str) -> Document:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    body = parser.render(decode_text(data))
    page = f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    return replace(read_html(page.encode("utf-8"), source), format="markdown")
