"""Office Open XML packages (DOCX, XLSX) are ZIPs: their declared sizes are checked before anything is inflated.

A zip bomb declares its true sizes in the central directory, so refusing an
archive whose parts add up to too much, or inflate far beyond the file, costs
nothing and happens before a byte is decompressed.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from xxgk.errors import ReadError

MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
# Below this total, a high ratio is just a very repetitive document.
RATIO_FLOOR_BYTES = 10 * 1024 * 1024
MAX_PARTS = 10_000

MSG_CORRUPT = "{kind} 文件已损坏，无法读取"
MSG_BOMB = "{kind} 文件解压后过大（疑似压缩炸弹），拒绝读取"
MSG_TOO_MANY_PARTS = "{kind} 文件包含的部件过多（疑似恶意构造），拒绝读取"


def checked_package(data: bytes, kind: str, archive: zipfile.ZipFile | None = None) -> zipfile.ZipFile:
    """The open ZIP of a `kind` ("DOCX", "XLSX") file (`archive` when it is open already), once its
    declared sizes pass; a ReadError otherwise."""
    try:
        archive = archive or zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ReadError(MSG_CORRUPT.format(kind=kind)) from None
    if len(members) > MAX_PARTS:
        raise ReadError(MSG_TOO_MANY_PARTS.format(kind=kind))
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES or (total > RATIO_FLOOR_BYTES and total > MAX_RATIO * len(data)):
        raise ReadError(MSG_BOMB.format(kind=kind))
    return archive
