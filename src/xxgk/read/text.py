"""Plain text: reports copied out of web pages and PDFs, in any Chinese encoding."""

from __future__ import annotations

import re

from xxgk.errors import ReadError
from xxgk.read.decode import decode_text
from xxgk.read.document import PAGE_BREAK, Document, Paragraph
from xxgk.read.furniture import is_page_mark

# Share of characters that may be control characters before we call it binary.
MAX_CONTROL_SHARE = 0.02
# Control characters other than tab, line feed, form feed and carriage return, and the
# replacement character: counted by the regex engine, not a Python loop over every character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
# A line starting as a page number starts (`is_page_mark`): only a text holding one is filtered line by line.
_MARK_START = re.compile(r"^[^\S\n]*[-—–－第][^\S\n]*\d", re.MULTILINE)


def read_text(data: bytes, source: str) -> Document:
    """Decode the bytes and keep every line as a paragraph (tabs and pipes intact), but page numbers."""
    text = decode_text(data)
    if _looks_binary(text):
        raise ReadError("不是可识别的文档：内容是二进制数据，不是文本、HTML、DOCX 或 PDF")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        # Where a copied PDF's pages end: the columns of a table laid out by spacing move there.
        text = text.replace("\f", f"\n{PAGE_BREAK}\n")
    lines = text.split("\n")
    if _MARK_START.search(text):
        lines = [line for line in lines if not is_page_mark(line)]
    return Document(source=source, format="text", blocks=tuple(map(Paragraph, lines)))


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    control = len(_CONTROL.findall(sample))
    return control / len(sample) > MAX_CONTROL_SHARE
