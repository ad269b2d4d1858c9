"""Tell a file's format from its first bytes, never from its name."""

from __future__ import annotations

import zipfile
from io import BytesIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(head: bytes, data: bytes | None = None) -> str:
    """Return "pdf", "docx", "ole" (.doc/.wps), "zip", "html" or "text".

    `head` is the start of the file; `data`, when given, is the whole file and is
    used to look inside ZIP containers.
    """
    stripped = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if stripped.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        if data is not None and _is_docx(data):
            return "docx"
        return "zip"
    lowered = stripped[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in lowered for tag in (b"<html", b"<body", b"<table", b"<head", b"<meta", b"<div", b"<p>")
    ):
        return "html"
    return "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
