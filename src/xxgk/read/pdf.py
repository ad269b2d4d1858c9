"""PDF: rebuild the lines a reader sees from the position of every character.

Annual reports are mostly Word or WPS documents printed to PDF. Their content
streams place characters one by one or in short runs, in an order that is not the
reading order, and carry no notion of rows or cells. So the stream order is
ignored: every character is taken with its box from pdfium, characters whose
vertical centres coincide form a line, and wide horizontal gaps split a line into
fragments (cells) joined by tabs. A table row thus becomes one line whatever page
it is on, and a table continued on the next page is simply a run of further lines.

The glyphs come from read/pdfglyphs.py, their lines from read/pdflines.py, ruled
tables from read/rulings.py and read/pdftables.py.

pdfium is used because it is fast: pdfplumber reads about 3 reports a second,
this reader dozens. The reader knows nothing of report templates.
"""

from __future__ import annotations

import re
import threading
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from xxgk.errors import ReadError
from xxgk.read.document import Document
from xxgk.read.furniture import furniture
from xxgk.read.pdfglyphs import INVISIBLE_CHARS, Box, glyphs_by_direction, upright
from xxgk.read.pdflines import Line, cell_text, line_of, visual_lines, with_stacks_apart
from xxgk.read.pdftables import PageTable, document_blocks, in_cells, in_reading_order, page_table
from xxgk.read.reflow import PlacedLine
from xxgk.read.rulings import page_tables

MAX_PAGES = 300
# A complete file names its cross-reference table this close to its end.
TAIL_BYTES = 2048
# Fewer extractable characters per page than this means the pages are images.
MIN_CHARS_PER_PAGE = 10
# Share of the page height at the top and bottom where page numbers live.
MARGIN_SHARE = 0.08

MSG_EMPTY = "文件为空"
MSG_CORRUPT = "PDF 文件已损坏或不完整，无法读取"
MSG_ENCRYPTED = "PDF 已加密，需要密码才能读取"
MSG_NO_TEXT = "PDF 没有文本层（可能是扫描件），不支持 OCR"

# pdfium keeps global state and must not be entered from two threads at once; every user of
# pdfium in the process (this reader, `xxgk.screen`) takes this one lock.
_PDFIUM_LOCK = threading.Lock()
PDFIUM_LOCK = _PDFIUM_LOCK

_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def read_pdf(data: bytes, source: str) -> Document:
    """Read a PDF's text layer as lines of tab-separated cells, top to bottom, page by page."""
    if not data.strip():
        raise ReadError(MSG_EMPTY)
    if _looks_truncated(data):
        raise ReadError(MSG_CORRUPT)
    with _PDFIUM_LOCK:
        document = _open(data)
        try:
            page_count = _page_count(document)
            items = _without_furniture([_page_items(document, index) for index in range(page_count)])
            metadata = _metadata(document)
        except pdfium.PdfiumError:
            raise ReadError(MSG_CORRUPT) from None
        finally:
            document.close()
    blocks = document_blocks(items)
    if sum(len(line) for line in Document(source, "pdf", blocks).lines()) < MIN_CHARS_PER_PAGE * page_count:
        raise ReadError(MSG_NO_TEXT)
    return Document(source=source, format="pdf", blocks=blocks, metadata=metadata)


def _looks_truncated(data: bytes) -> bool:
    """True when the file does not end with a complete revision.

    pdfium repairs a cut file and reads the pages it still finds, which would
    silently lose the end of the report. A complete file ends with "%%EOF"; junk
    may follow it (some servers append some), but no further PDF objects.
    """
    end = data.rfind(b"%%EOF")
    if end < 0:
        # Some writers forget the marker but do end the file with its trailer.
        return b"startxref" not in data[-TAIL_BYTES:]
    return b"endobj" in data[end:]


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError(MSG_ENCRYPTED) from None
        raise ReadError(MSG_CORRUPT) from None


def _page_count(document: pdfium.PdfDocument) -> int:
    count = len(document)
    if count == 0:
        raise ReadError(MSG_CORRUPT)
    if count > MAX_PAGES:
        raise ReadError(f"PDF 页数过多（{count} 页，上限 {MAX_PAGES} 页），不是年度报告")
    return count


def _without_furniture(
    pages: list[tuple[list[PlacedLine | PageTable], list[list[tuple[PlacedLine, float]]]]],
) -> list[PlacedLine | PageTable]:
    """The items of all pages, top to bottom page by page, without their headers, footers and page numbers."""
    peeled = furniture([[[(line.text, offset) for line, offset in run] for run in edges] for _, edges in pages])
    items: list[PlacedLine | PageTable] = []
    for (page_items, edges), counts in zip(pages, peeled, strict=True):
        gone = {id(line) for run, count in zip(edges, counts, strict=True) for line, _ in run[:count]}
        items += [item for item in page_items if id(item) not in gone]
    return items


def _page_items(
    document: pdfium.PdfDocument, index: int
) -> tuple[list[PlacedLine | PageTable], list[list[tuple[PlacedLine, float]]]]:
    """Each visual line of one page with its place and its ruled tables, top to bottom; and the lines
    among them standing in the page's top and bottom margin bands (where page furniture stands),
    each band's from the page's edge inwards with their distance from it.

    Text is read in the direction it is written, whatever the page rotation says.
    Text running in another direction than most of the page (a sideways table on
    an upright page) is read on its own after it; slanted text (watermarks) is not.
    Ruled tables are read as grids on upright pages only.
    """
    page = document[index]
    try:
        box = Box(*page.get_bbox())
        textpage = pdfium_c.FPDFText_LoadPage(page.raw)
        if not textpage:
            raise pdfium.PdfiumError("Failed to load text page.")
        try:
            by_direction = glyphs_by_direction(textpage, box)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
        ruled = page_tables(page) if page.get_rotation() == 0 and by_direction.get(0) else []
    finally:
        page.close()
    items: list[PlacedLine | PageTable] = []
    edges: list[list[tuple[PlacedLine, float]]] = []
    for angle, glyphs in sorted(by_direction.items(), key=lambda item: -len(item[1])):
        tables: list[PageTable] = []
        if angle == 0:
            for table in ruled:
                inside, glyphs = in_cells(table, glyphs)
                tables.append(page_table(index, table, inside, cell_text))
        lines = with_stacks_apart([line_of(glyphs) for glyphs in visual_lines(upright(glyphs, box, angle))])
        height = box.right - box.left if angle in (90, 270) else box.top - box.bottom
        width = box.top - box.bottom if angle in (90, 270) else box.right - box.left
        placed = [_placed(line, index, width) for line in lines]
        band = MARGIN_SHARE * height
        edges.append([(line, height - line.middle) for line in placed if line.middle >= height - band])
        edges.append([(line, line.middle) for line in reversed(placed) if line.middle <= band])
        items += in_reading_order(placed, tables, box.bottom)
    return items, edges


def _placed(line: Line, page: int, page_width: float) -> PlacedLine:
    first, last = line.fragments[0], line.fragments[-1]
    size = max(fragment.size for fragment in line.fragments)
    return PlacedLine(line.text, page, len(line.fragments), first.left, last.right, line.middle, size, page_width)


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    metadata: dict[str, str] = {}
    title = _printable(document.get_metadata_value("Title"))
    if title:
        metadata["title"] = title
    created = _iso_date(document.get_metadata_value("CreationDate"))
    if created:
        metadata["created"] = created
    return metadata


def _printable(value: str) -> str:
    return "".join(ch for ch in value if ch.isprintable() and ch not in INVISIBLE_CHARS).strip()


def _iso_date(value: str) -> str | None:
    """A PDF date ("D:20250225101115+08'00'") as YYYY-MM-DD, or None if it is not one."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2] or 1), int(match[3] or 1)).isoformat()
    except ValueError:
        return None
