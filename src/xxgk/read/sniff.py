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
    kind, archive = sniff_opened(head, data)
    if archive is not None:
        archive.close()
    return kind


def sniff_opened(head: bytes, data: bytes | None = None) -> tuple[str, zipfile.ZipFile | None]:
    """The format, as `sniff_format`, and for a DOCX or XLSX its ZIP, opened to look inside: a reader
    that takes it does not open the file a second time."""
    kind = _sniff(head, data)
    if kind != "office":
        return kind, None
    return _office(data) if data is not None else ("zip", None)


def _sniff(head: bytes, data: bytes | None) -> str:
    """Return "pdf", "office" (a ZIP), "ole" (.doc/.wps), "markdown", "html" or "text"."""
    stripped = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if stripped.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "office"
    if _ATX_HEADING.match(stripped) and _MARKDOWN_TABLE.search(data if data is not None else head):
        return "markdown"
    lowered = stripped[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in lowered for tag in (b"<html", b"<body", b"<table", b"<head", b"<meta", b"<div", b"<p>")
    ):
        return "html"
    return "text"


def _office(data: bytes) -> tuple[str, zipfile.ZipFile | None]:
    """ "docx" or "xlsx" by the main part the package holds, with the open ZIP; else "zip"."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip", None
    if "word/document.xml" in names:
        return "docx", archive
    if "xl/workbook.xml" in names:
        return "xlsx", archive
    archive.close()
    return "zip", None
