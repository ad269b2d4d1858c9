"""Attachments: DOCX, PDF and XLSX files, recognised by content, their text read by `xxgk.read`
(the same readers as the reports) for search and for screening before publication."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from xxgk.errors import ReadError, XxgkError
from xxgk.read import read_bytes
from xxgk.read.sniff import sniff_format

ALLOWED = {"docx": "Word（DOCX）", "pdf": "PDF", "xlsx": "Excel（XLSX）"}
MAX_BYTES = 50 * 1024 * 1024
TEXT_LIMIT = 1_000_000


class AttachmentError(XxgkError):
    """A file that cannot be attached, with the file's name and the reason."""


@dataclass(frozen=True, slots=True)
class ReadAttachment:
    filename: str
    format: str
    data: bytes
    sha256: str
    text: str


def read_attachment(filename: str, data: bytes) -> ReadAttachment:
    """The file checked (format by content, size) with its text; `AttachmentError` if it cannot be attached."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:300] or "附件"
    if not data:
        raise AttachmentError(f"{name}：文件是空的")
    if len(data) > MAX_BYTES:
        raise AttachmentError(f"{name}：文件过大（上限 {MAX_BYTES // 2**20} MB）")
    kind = sniff_format(data[:4096], data)
    if kind not in ALLOWED:
        raise AttachmentError(f"{name}：只能附 {'、'.join(ALLOWED.values())} 文件（按内容识别为其他格式）")
    try:
        document = read_bytes(data, name)
    except ReadError as exc:
        raise AttachmentError(f"{name}：{exc}") from None
    text = "\n".join(document.lines())[:TEXT_LIMIT]
    return ReadAttachment(name, kind, data, hashlib.sha256(data).hexdigest(), text)
