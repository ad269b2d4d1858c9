"""Escaping text for Markdown, so that no character of a report turns into Markdown syntax."""

from __future__ import annotations

import re

from markupsafe import Markup

# ASCII punctuation that is Markdown syntax anywhere in a line (CommonMark lets any of it be escaped).
_INLINE = re.compile(r"([\\`*_\[\]<>&|~!])")
# Syntax only at the start of a line: headings, block quotes, list bullets, thematic breaks, setext underlines.
_LINE_START = re.compile(r"^([#>+\-=])")
# An ordered list marker: digits followed by "." or ")".
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def escape_markdown(text: str) -> Markup:
    """`text` as a Markdown paragraph that renders to exactly `text` (trimmed, spaces collapsed as HTML does)."""
    line = _SPACES.sub(" ", text).strip(" ")
    line = _INLINE.sub(r"\\\1", line)
    line = _LINE_START.sub(r"\\\1", line)
    line = _ORDERED.sub(r"\1\\\2", line)
    return Markup(line)
