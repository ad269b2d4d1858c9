"""Tell a file's format from its first bytes, never from its name."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Markdown: it opens with an ATX heading ("# 标题") and holds a table, as raw HTML or as a pipe table.
_ATX_HEADING = re.compile(rb"#{1,6}[ \t]")
_MARKDOWN_TABLE = re.compile(rb"<table[\s>]|^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|", re.MULTILINE | re.IGNORECASE)


def sniff_format(head: bytes, data: bytes | None = None) -> str:
    """Return "pdf", "docx", "xlsx", "ole" (.doc/.wps), "zip", "markdown", "html" or "text".

    `head` is the start of the file; `data`, when given, is the whole file and is
    used to look inside ZIP containers.
    """
    stripped = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if stripped.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _office_kind(data) if data is not None else "zip"
    if _ATX_HEADING.match(stripped) and _MARKDOWN_TABLE.search(data if data is not None else head):
        return "markdown"
    lowered = stripped[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in lowered for tag in (b"<html", b"<body", b"<table", b"<head", b"<meta", b"<div", b"<p>")
    ):
        return "html"
    return "text"


def _office_kind(data: bytes) -> str:
    """ "docx" or "xlsx" by the main part the package holds, else "zip"."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"
