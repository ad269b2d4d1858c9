"""PDF: rebuild the lines a reader sees from the position of every character.

Annual reports are mostly Word or WPS documents printed to PDF. Their content
streams place characters one by one or in short runs, in an order that is not the
reading order, and carry no notion of rows or cells. So the stream order is
ignored: every character is taken with its box from pdfium, characters whose
vertical centres coincide form a line, and wide horizontal gaps split a line into
fragments (cells) joined by tabs. A table row thus becomes one line whatever page
it is on, and a table continued on the next page is simply a run of further lines.

pdfium is used because it is fast: pdfplumber reads about 3 reports a second,
this reader dozens. The reader knows nothing of report templates.
"""

from __future__ import annotations

import math
import re
import statistics
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from xxgk.errors import ReadError
from xxgk.read.document import Document
from xxgk.read.furniture import furniture
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

# Distances below are in font sizes (ems) of the characters concerned.
# Baseline runs are on one line when their vertical centres are this close.
LINE_TOLERANCE = 0.4
# Characters are on one baseline when the bottoms of their loose boxes are this close.
BASELINE_TOLERANCE = 0.2
# Two runs of a line may not overlap horizontally by more than this share of a glyph.
COLLISION = 0.3
# A wider horizontal gap separates two cells. Gaps inside a cell stay below 0.55
# (letter-spaced or wrapped labels); neighbouring cells of narrow table columns
# are 0.8 apart, numbers in neighbouring columns more than 1.
CELL_GAP = 0.65
# A gap holding space characters separates cells only when it is wider than this.
SPACED_CELL_GAP = 2.0
# A wider gap inside a cell is written as a space: spaces between Chinese and Latin
# text are 0.2 to 0.28 wide, letter-spacing stays below 0.17.
SPACE_GAP = 0.18
# Lone characters spread over one cell ("总    计") stay together up to this gap.
SPREAD_GAP = 4.0
# Lines of text wrapped down a one-character-wide column are at most this far apart.
STACK_PITCH = 2.5
STACK_MIN_LINES = 3
# A loose character box larger than this is one pdfium got wrong.
MAX_BOX_SIZE = 2.0
# Text turned by more than this many degrees from a right angle is a watermark.
MAX_SLANT = 5.0
# Two copies of a glyph overlapping this much are one character drawn twice (fake bold).
DUPLICATE_OVERLAP = 0.7

MSG_EMPTY = "文件为空"
MSG_CORRUPT = "PDF 文件已损坏或不完整，无法读取"
MSG_ENCRYPTED = "PDF 已加密，需要密码才能读取"
MSG_NO_TEXT = "PDF 没有文本层（可能是扫描件），不支持 OCR"

# pdfium keeps global state and must not be entered from two threads at once; every user of
# pdfium in the process (this reader, `xxgk.screen`) takes this one lock.
_PDFIUM_LOCK = threading.Lock()
PDFIUM_LOCK = _PDFIUM_LOCK

_NUMBER_END = re.compile(r"[0-9,，.]$")
_NUMBER_START = re.compile(r"[0-9,，.]+$")
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_INVISIBLE_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\uffff")


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in page space, y growing upwards."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True, slots=True)
class Glyph:
    """One visible character: its box on the displayed page and its font size."""

    char: str
    left: float
    bottom: float
    right: float
    top: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Fragment:
    """Text standing apart on its line: a table cell or a run of prose."""

    text: str
    left: float
    right: float
    middle: float
    size: float


@dataclass(frozen=True, slots=True)
class Line:
    """The fragments of one visual line, left to right, and its vertical middle."""

    fragments: tuple[Fragment, ...]
    middle: float

    @property
    def text(self) -> str:
        return "\t".join(fragment.text for fragment in self.fragments)


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
        textpage = page.get_textpage()
        try:
            by_direction = _glyphs_by_direction(textpage, box)
        finally:
            textpage.close()
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
                tables.append(page_table(index, table, inside, _cell_text))
        upright = [_upright(glyph, box, angle) for glyph in glyphs]
        lines = _with_stacks_apart([_line(line) for line in _visual_lines(upright)])
        height = box.right - box.left if angle in (90, 270) else box.top - box.bottom
        width = box.top - box.bottom if angle in (90, 270) else box.right - box.left
        placed = [_placed(line, index, width) for line in lines]
        band = MARGIN_SHARE * height
        edges.append([(line, height - line.middle) for line in placed if line.middle >= height - band])
        edges.append([(line, line.middle) for line in reversed(placed) if line.middle <= band])
        items += in_reading_order(placed, tables, box.bottom)
    return items, edges


def _cell_text(glyphs: list[Glyph]) -> str:
    """A table cell's text: its lines top to bottom, pieces of a line spaced.

    A number wrapped in a narrow cell ("1386" / "7") is one number again.
    """
    text = ""
    for line in _visual_lines(glyphs):
        piece = " ".join(f.text for f in _line(line).fragments)
        if text and not (_NUMBER_END.search(text) and _NUMBER_START.match(piece)):
            text += "\n"
        text += piece
    return text


def _placed(line: Line, page: int, page_width: float) -> PlacedLine:
    first, last = line.fragments[0], line.fragments[-1]
    size = max(fragment.size for fragment in line.fragments)
    return PlacedLine(line.text, page, len(line.fragments), first.left, last.right, line.middle, size, page_width)


def _glyphs_by_direction(textpage: pdfium.PdfTextPage, box: Box) -> dict[int, list[Glyph]]:
    """The visible characters of a page in page space, by writing direction (0, 90, 180, 270).

    Characters pdfium generates itself (spaces and line breaks guessed from the
    layout) are skipped: this reader does its own layout. All real spaces become
    plain spaces.
    """
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    by_direction: dict[int, list[Glyph]] = {}
    for index in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if not 0 < code < 0x110000:
            continue
        # pdfium takes a hyphen ending a line for a soft hyphen and reports code 2; it is printed.
        char = "-" if pdfium_c.FPDFText_IsHyphen(raw, index) else chr(code)
        if char.isspace():
            char = " "
        elif not char.isprintable() or char in _INVISIBLE_CHARS:
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect) or rect.top <= rect.bottom:
            continue
        if not pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
            continue
        angle = _direction(matrix)
        if angle is None:
            continue
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        size = pdfium_c.FPDFText_GetFontSize(raw, index) * scale or rect.top - rect.bottom
        if max(rect.top - rect.bottom, rect.right - rect.left) > MAX_BOX_SIZE * size:
            glyph = _glyph_around_ink(textpage, index, char, size)
        else:
            glyph = Glyph(char, rect.left, rect.bottom, rect.right, rect.top, size)
        if _overlaps(glyph, box):
            by_direction.setdefault(angle, []).append(glyph)
    return by_direction


def _direction(matrix: pdfium_c.FS_MATRIX) -> int | None:
    """The direction text runs in, counter-clockwise in degrees, or None if slanted."""
    angle = math.degrees(math.atan2(matrix.b, matrix.a))
    right_angle = round(angle / 90) * 90
    if abs(angle - right_angle) > MAX_SLANT:
        return None
    return right_angle % 360


def _overlaps(glyph: Glyph, box: Box) -> bool:
    inside_x = glyph.right > box.left and glyph.left < box.right
    return inside_x and glyph.top > box.bottom and glyph.bottom < box.top


def _glyph_around_ink(textpage: pdfium.PdfTextPage, index: int, char: str, size: float) -> Glyph:
    """A one-font-size box centred on the ink of the character.

    For vertically written text ("三、本年度办理结果" down a table column) pdfium
    gives loose boxes that ignore the text matrix; the ink box is right.
    """
    left, bottom, right, top = textpage.get_charbox(index)
    x, y, half = (left + right) / 2, (bottom + top) / 2, size / 2
    return Glyph(char, x - half, y - half, x + half, y + half, size)


def _upright(glyph: Glyph, box: Box, rotation: int) -> Glyph:
    """The glyph on the page turned clockwise by `rotation`, origin bottom left."""
    left, bottom, right, top = glyph.left, glyph.bottom, glyph.right, glyph.top
    if rotation == 90:
        left, bottom, right, top = bottom - box.bottom, box.right - right, top - box.bottom, box.right - left
    elif rotation == 180:
        left, bottom, right, top = box.right - right, box.top - top, box.right - left, box.top - bottom
    elif rotation == 270:
        left, bottom, right, top = box.top - top, left - box.left, box.top - bottom, right - box.left
    else:
        left, bottom, right, top = left - box.left, bottom - box.bottom, right - box.left, top - box.bottom
    return Glyph(glyph.char, left, bottom, right, top, glyph.size)


def _visual_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines, top line first, each line left to right.

    Glyphs sharing a baseline form a run, and a run is never split. Runs whose
    middles are close join one line unless they overlap horizontally: a table
    row's numbers are often centred a little off its label's baseline, while a
    label centred across two rows ("三、本年度办理结果") must take a whole row
    or none of it, never half of one.
    """
    lines: list[list[Glyph]] = []
    spans: list[tuple[float, float]] = []
    middle = size = 0.0
    for run in sorted(_baseline_runs(glyphs), key=lambda r: -_run_middle(r)):
        run_middle, run_size = _run_middle(run), min(glyph.size for glyph in run)
        run_spans = [(glyph.left, glyph.right) for glyph in run if glyph.char != " "]
        if lines and middle - run_middle <= LINE_TOLERANCE * min(size, run_size) and not _collide(spans, run_spans):
            lines[-1].extend(run)
            spans.extend(run_spans)
        else:
            lines.append(list(run))
            spans = run_spans
            middle, size = run_middle, run_size
    return [
        _without_duplicates(sorted(line, key=lambda g: g.left))
        for line in lines
        if any(glyph.char != " " for glyph in line)
    ]


def _baseline_runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by the bottom of their loose boxes (the font's descent below the baseline)."""
    runs: list[list[Glyph]] = []
    bottom = size = 0.0
    for glyph in sorted(glyphs, key=lambda g: -g.bottom):
        if runs and bottom - glyph.bottom <= BASELINE_TOLERANCE * min(size, glyph.size):
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
            bottom, size = glyph.bottom, glyph.size
    return runs


def _run_middle(run: list[Glyph]) -> float:
    return sum(glyph.middle for glyph in run) / len(run)


def _collide(spans: list[tuple[float, float]], others: list[tuple[float, float]]) -> bool:
    """Whether two sets of glyph extents overlap anywhere (more than a sliver)."""
    for left, right in others:
        for other_left, other_right in spans:
            if min(right, other_right) - max(left, other_left) > COLLISION * (right - left):
                return True
    return False


def _without_duplicates(line: list[Glyph]) -> list[Glyph]:
    """The line without the second copy of glyphs drawn twice on top of each other."""
    kept: list[Glyph] = []
    for glyph in line:
        if not (kept and _same_glyph(kept[-1], glyph)):
            kept.append(glyph)
    return kept


def _same_glyph(first: Glyph, second: Glyph) -> bool:
    overlap = min(first.right, second.right) - max(first.left, second.left)
    return first.char == second.char and overlap >= DUPLICATE_OVERLAP * (first.right - first.left)


def _line(glyphs: list[Glyph]) -> Line:
    """The line cut into fragments where the gap between characters is wide.

    Spaces (kept from the text layer only) stay inside the fragment they sit in.
    """
    runs: list[list[Glyph]] = []
    spaces: list[Glyph] = []
    for glyph in glyphs:
        if glyph.char == " ":
            if runs:
                spaces.append(glyph)
        elif runs and not _separates_cells(runs[-1][-1], glyph, spaced=bool(spaces)):
            runs[-1] += [*spaces, glyph]
            spaces = []
        else:
            runs.append([glyph])
            spaces = []
    fragments = tuple(_fragment(run) for run in _with_spread_labels(runs))
    return Line(fragments, statistics.median(g.middle for g in glyphs if g.char != " "))


def _separates_cells(previous: Glyph, glyph: Glyph, spaced: bool) -> bool:
    """True when the gap between two characters is one between cells.

    A gap filled with space characters is a wider one between words, unless it
    is as wide as a table column.
    """
    limit = SPACED_CELL_GAP if spaced else CELL_GAP
    return glyph.left - previous.right > limit * max(previous.size, glyph.size)


def _with_spread_labels(runs: list[list[Glyph]]) -> list[list[Glyph]]:
    """The runs with lone CJK characters spread over one cell ("总    计") joined again.

    Words and numbers in neighbouring cells are never lone CJK characters on both
    sides of the gap.
    """
    merged: list[list[Glyph]] = [runs[0]]
    for run in runs[1:]:
        previous = merged[-1]
        gap = run[0].left - previous[-1].right
        if _is_lone_cjk(run) and all(_is_lone_cjk([glyph]) for glyph in previous) and gap <= SPREAD_GAP * run[0].size:
            previous.extend(run)
        else:
            merged.append(run)
    return merged


def _is_lone_cjk(run: list[Glyph]) -> bool:
    return len(run) == 1 and _is_cjk(run[0].char)


def _is_cjk(char: str) -> bool:
    """True for Han characters and full-width punctuation, not for digits."""
    return unicodedata.east_asian_width(char) in ("W", "F") and not char.isdigit()


def _fragment(run: list[Glyph]) -> Fragment:
    """The text of a run of glyphs, with a single space where the run has a space or a gap."""
    parts = [run[0].char]
    previous, spaced = run[0], False
    for glyph in run[1:]:
        if glyph.char == " ":
            spaced = True
            continue
        if spaced or glyph.left - previous.right > SPACE_GAP * max(previous.size, glyph.size):
            parts.append(" ")
        parts.append(glyph.char)
        previous, spaced = glyph, False
    return Fragment(
        text="".join(parts),
        left=run[0].left,
        right=run[-1].right,
        middle=statistics.median(g.middle for g in run if g.char != " "),
        size=max(g.size for g in run),
    )


def _with_stacks_apart(lines: list[Line]) -> list[Line]:
    """The lines with text wrapped down a narrow column joined into one fragment.

    A table column one or two characters wide ("三、本年度办理结果" beside the
    rows it heads, "社会/公益/组织" in a header) puts a few characters on each
    of many lines, where they would be glued to unrelated rows. The stacked text
    is joined and kept in the line of its first characters.
    """
    stacks = _stacks(lines)
    if not stacks:
        return lines
    stacked = {place for stack in stacks for place in stack}
    result: list[Line] = []
    for row, line in enumerate(lines):
        fragments = [f for col, f in enumerate(line.fragments) if (row, col) not in stacked]
        fragments += [_joined([lines[r].fragments[c] for r, c in s]) for s in stacks if s[0][0] == row]
        if fragments:
            result.append(Line(tuple(sorted(fragments, key=lambda f: f.left)), line.middle))
    return result


def _stacks(lines: list[Line]) -> list[list[tuple[int, int]]]:
    """The (line, fragment) places of each stack of short CJK fragments in one narrow column."""
    chains: list[list[tuple[int, int]]] = []
    for row, line in enumerate(lines):
        for col, fragment in enumerate(line.fragments):
            if not _stackable(fragment):
                continue
            chain = next((c for c in chains if _continues(lines, c[-1], row, fragment)), None)
            if chain is None:
                chains.append([(row, col)])
            else:
                chain.append((row, col))
    return [chain for chain in chains if len(chain) >= STACK_MIN_LINES]


def _stackable(fragment: Fragment) -> bool:
    return len(fragment.text) <= 2 and all(_is_cjk(char) for char in fragment.text)


def _continues(lines: list[Line], last: tuple[int, int], row: int, fragment: Fragment) -> bool:
    """True when `fragment` is the next line of the column whose lowest fragment is `last`."""
    above = lines[last[0]].fragments[last[1]]
    size = max(above.size, fragment.size)
    aligned = (
        abs(above.left - fragment.left) <= 0.6 * size
        or abs(above.left + above.right - fragment.left - fragment.right) <= 1.2 * size
    )
    return last[0] < row and aligned and 0 < above.middle - fragment.middle <= STACK_PITCH * size


def _joined(stack: list[Fragment]) -> Fragment:
    return Fragment(
        text="".join(fragment.text for fragment in stack),
        left=min(fragment.left for fragment in stack),
        right=max(fragment.right for fragment in stack),
        middle=stack[0].middle,
        size=max(fragment.size for fragment in stack),
    )


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
    return "".join(ch for ch in value if ch.isprintable() and ch not in _INVISIBLE_CHARS).strip()


def _iso_date(value: str) -> str | None:
    """A PDF date ("D:20250225101115+08'00'") as YYYY-MM-DD, or None if it is not one."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2] or 1), int(match[3] or 1)).isoformat()
    except ValueError:
        return None
