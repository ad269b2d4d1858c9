"""Readers: one per file format, each turning bytes into a neutral `Document`.

The format is detected from the content. Readers know nothing of templates.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from xxgk.errors import ReadError
from xxgk.read.document import Cell, Document, Paragraph, Table
from xxgk.read.sniff import sniff_opened

__all__ = ["MAX_FILE_BYTES", "Cell", "Document", "Paragraph", "Table", "read_bytes", "read_path"]

# Annual reports are a few MB at most; anything this large is not one.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_path(path: Path) -> Document:
    """Read one file, whatever its format, or raise `ReadError` with the reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"无法打开文件：{exc.strerror or exc}") from None
    if size == 0:
        raise ReadError("文件为空")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_FILE_BYTES // 1048576} MB），不是年度报告")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from None
    return read_bytes(data, str(path))


def read_bytes(data: bytes, source: str) -> Document:
    """Read a document held in memory; `source` names it in messages."""
    if not data.strip():
        raise ReadError("文件为空")
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"文件过大（上限 {MAX_FILE_BYTES // 1048576} MB），不是年度报告")
    kind, archive = sniff_opened(data[:4096], data)
    if kind == "pdf":
        from xxgk.read.pdf import read_pdf

        return read_pdf(data, source)
    if kind == "docx":
        from xxgk.read.docx import read_docx

        return read_docx(data, source, archive)
    if kind == "ole":
        from xxgk.read.legacy import read_legacy_word

        return read_legacy_word(data, source)
    if kind == "xlsx":
        from xxgk.read.xlsx import read_xlsx

        return read_xlsx(data, source)
    if kind == "zip":
        if not zipfile.is_zipfile(BytesIO(data)):
            raise ReadError("文件已损坏或不完整（ZIP 结构无法读取，可能是未下载完整的 DOCX 或 XLSX），无法读取")
        raise ReadError("ZIP 压缩包不是可识别的文档（不含 word/document.xml 或 xl/workbook.xml）")
    if kind == "markdown":
        from xxgk.read.markdown import read_markdown

        return read_markdown(data, source)
    if kind == "html":
        from xxgk.read.html import read_html

        return read_html(data, source)
    from xxgk.read.text import read_text

    return read_text(data, source)
