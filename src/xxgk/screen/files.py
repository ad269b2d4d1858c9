"""Any file as segments, its format recognised by content: DOCX (`office`), PDF page by page and
line by line with its metadata, XLSX cell by cell including hidden sheets, comments and
properties, and whatever else `xxgk.read` reads (plain text, HTML, Markdown, .doc) line by line.

A PDF whose pages carry (almost) no text is a scan: screening it would pass it unread, so it is
refused with that reason until OCR gives it a text layer.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO

import pypdfium2 as pdfium

from xxgk.errors import ReadError
from xxgk.read import read_bytes
from xxgk.read.decode import decode_text
from xxgk.read.pdf import PDFIUM_LOCK
from xxgk.read.sniff import sniff_format
from xxgk.screen.office import docx_segments
from xxgk.screen.segments import Position, ScreenError, Segment

MAX_BYTES = 64 * 1024 * 1024
MAX_PAGES = 2000
# Fewer characters a page than this on average: the pages are images.
MIN_CHARS_PER_PAGE = 10
# A PDF line at least this share of the page's longest line wrapped into the next one.
WRAPPED_SHARE = 0.9
PDF_PROPERTIES = {"Title": "标题", "Author": "作者", "Subject": "主题", "Keywords": "关键词", "Creator": "创建程序"}
XLSX_PROPERTIES = {
    "creator": "作者",
    "lastModifiedBy": "最后修改者",
    "title": "标题",
    "subject": "主题",
    "keywords": "关键词",
    "description": "备注",
    "category": "类别",
}


def file_segments(data: bytes, name: str) -> list[Segment]:
    """Every piece of text in the file with its position; `ScreenError` when it cannot be screened."""
    if not data.strip():
        raise ScreenError(f"{name}：文件是空的，无法审查")
    if len(data) > MAX_BYTES:
        raise ScreenError(f"{name}：文件过大（上限 {MAX_BYTES // 2**20} MB），无法审查")
    kind = sniff_format(data[:4096], data)
    if kind == "docx":
        return list(docx_segments(data, name))
    if kind == "pdf":
        return pdf_segments(data, name)
    if kind == "xlsx":
        return list(xlsx_segments(data, name))
    if kind == "text":
        return _text_lines(data, name)
    return _read_lines(data, name)


def text_segments(text: str, name: str = "", part: str = "body", field: str | None = None) -> Iterator[Segment]:
    """A text line by line (a field of an item: `part` "field" with the field's name)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield Segment(line, Position(name, part, line=number, name=field))


def pdf_segments(data: bytes, name: str) -> list[Segment]:
    with PDFIUM_LOCK:  # pdfium is not thread-safe: the web app screens in its thread pool
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            raise ScreenError(f"{name}：PDF 文件已损坏或已加密，无法审查") from None
        try:
            return _pdf_pages(document, name)
        finally:
            document.close()


def _pdf_pages(document: pdfium.PdfDocument, name: str) -> list[Segment]:
    pages = len(document)
    if pages > MAX_PAGES:
        raise ScreenError(f"{name}：PDF 超过 {MAX_PAGES} 页，无法审查")
    segments: list[Segment] = []
    characters = 0
    for index in range(pages):
        page = document[index]
        textpage = page.get_textpage()
        text = textpage.get_text_bounded()
        textpage.close()
        page.close()
        characters += len("".join(text.split()))
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for number, line in _unwrapped(lines):
            segments.append(Segment(line, Position(name, "body", page=index + 1, line=number)))
    if pages and characters < MIN_CHARS_PER_PAGE * pages:
        raise ScreenError(f"{name}：PDF 没有文字层（扫描件），无法审查，请先进行文字识别（OCR）或提供可复制文字的版本")
    for key, value in document.get_metadata_dict(skip_empty=True).items():
        if key in PDF_PROPERTIES:
            segments.append(Segment(value, Position(name, "properties", name=PDF_PROPERTIES[key])))
    return segments


def _unwrapped(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Lines joined where the text wrapped: a line nearly as long as the page's longest runs on
    into the next one, so an ID number or an address broken at the margin is seen whole. Each
    piece is numbered by the line it starts on."""
    longest = max((len(line.strip()) for line in lines), default=0)
    start, held = 0, ""
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not held:
            start = number
        held += text
        if held and len(text) < WRAPPED_SHARE * longest:
            yield start, held
            held = ""
    if held:
        yield start, held


def xlsx_segments(data: bytes, name: str) -> Iterator[Segment]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError):
        raise ScreenError(f"{name}：不是有效的 Excel（XLSX）文件") from None
    for sheet in book.worksheets:
        part = "sheet" if sheet.sheet_state == "visible" else "hidden_sheet"
        if sheet.title.strip():
            yield Segment(sheet.title, Position(name, part, name=sheet.title, cell="工作表名"))
        for row in sheet.iter_rows():
            for cell in row:
                text = _cell_text(cell.value)
                if text:
                    yield Segment(text, Position(name, part, name=sheet.title, cell=cell.coordinate))
                if cell.comment is not None and cell.comment.text:
                    yield Segment(cell.comment.text, Position(name, "comment", name=sheet.title, cell=cell.coordinate))
    for key, label in XLSX_PROPERTIES.items():
        value = getattr(book.properties, key, None)
        if isinstance(value, str) and value.strip():
            yield Segment(value, Position(name, "properties", name=label))


def _cell_text(value: object) -> str:
    """A cell as text; integral numbers without ".0", so an ID or card typed as a number is seen."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _text_lines(data: bytes, name: str) -> list[Segment]:
    """Plain text decoded as `xxgk.read` decodes it; binary data refused."""
    text = decode_text(data)
    sample = text[:20000]
    if sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f")) > len(sample) * 0.02:
        raise ScreenError(f"{name}：不是可识别的文档（内容是二进制数据），无法审查")
    return list(text_segments(text, name))


def _read_lines(data: bytes, name: str) -> list[Segment]:
    try:
        document = read_bytes(data, name)
    except ReadError as exc:
        raise ScreenError(f"{name}：{exc}") from None
    return list(text_segments("\n".join(document.lines()), name))
