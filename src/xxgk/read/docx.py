"""DOCX: Word and WPS documents, read straight from their WordprocessingML.

The report tables are full of merged cells, and python-docx's `row.cells`
repeats a merged cell in every grid position it covers. The real spans are in
the XML: `w:gridSpan` is the colspan, and a `w:vMerge` restart followed by
`w:vMerge` continuations in the rows below is the rowspan. So the body is walked
here as XML, in document order, and only origin cells are emitted.

The package is opened with zipfile and `word/document.xml` parsed with a
hardened lxml parser (no entities, no network, no DTD, libxml2's default size
and depth limits) rather than through python-docx: python-docx refuses .docm
and .dotx content types and packages without `[Content_Types].xml` that Word
and WPS open, invents a "Word Document" title when core properties are missing,
and loads every part of the package when only two are needed.

Before anything is decompressed, the ZIP directory's declared sizes are
checked against compression bombs, and members are then inflated only up to
their declared sizes, so a member lying about its size fails its CRC check
instead of filling memory.

Nested tables are flattened: each paragraph inside the inner table becomes one
line of the outer cell's text.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from lxml import etree

from xxgk.errors import ReadError
from xxgk.read.document import Block, Cell, Document, Paragraph, Table
from xxgk.read.package import checked_package

MSG_CORRUPT = "DOCX 文件已损坏，无法读取"
MSG_NO_DOCUMENT = "DOCX 文件已损坏，无法读取（缺少正文 word/document.xml）"
MSG_BAD_XML = "DOCX 文件已损坏，无法读取（{part} 不是有效的 XML：{reason}）"
MSG_XML_LIMIT = (
    "DOCX 文件已损坏，无法读取（{part} 超出解析器的安全上限：实体展开过大、嵌套过深或单段文字过长，疑似恶意构造）"
)
MSG_NOT_WORD = "DOCX 正文不是可识别的 Word 格式（可能是 Strict Open XML），请用 Word 或 WPS 另存为普通 .docx 后再试"

DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
# Word writes core-property times in UTC; reports are written on China Standard Time.
REPORT_TIMEZONE = timezone(timedelta(hours=8))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"

P, R, T, TBL, TR, TC = f"{W}p", f"{W}r", f"{W}t", f"{W}tbl", f"{W}tr", f"{W}tc"
TXBX_CONTENT = f"{W}txbxContent"
TC_PR, GRID_SPAN, V_MERGE, H_MERGE = f"{W}tcPr", f"{W}gridSpan", f"{W}vMerge", f"{W}hMerge"
TR_PR, GRID_BEFORE, ROW_DELETED = f"{W}trPr", f"{W}gridBefore", f"{W}del"
FALLBACK = f"{MC}Fallback"
VAL = f"{W}val"
# Elements whose content is shown in place: content controls, custom XML,
# smart tags, alternate content (its fallback is a copy and is skipped).
WRAPPERS = frozenset(
    {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag", f"{MC}AlternateContent", f"{MC}Choice"}
)
# Inside a paragraph, subtrees that contribute no visible text: tracked
# deletions, moved-away text, field codes, properties, and text boxes (read as
# paragraphs of their own).
SKIPPED_IN_PARAGRAPH = frozenset(
    {
        f"{W}del", f"{W}moveFrom", f"{W}delText", f"{W}instrText", f"{W}delInstrText", f"{W}pPr",
        f"{W}rPr", f"{W}sdtPr", f"{W}fldData", TXBX_CONTENT, FALLBACK,
    }
)  # fmt: skip
CHARACTERS = {
    f"{W}tab": "\t",
    f"{W}ptab": "\t",
    f"{W}br": "\n",
    f"{W}cr": "\n",
    f"{W}noBreakHyphen": "-",
}
FALSE_VALUES = frozenset({"0", "false", "off"})
# A table holding none of these is, paragraph by paragraph, its w:t texts in order: joined in C.
_PLAIN_UNLESS = (*SKIPPED_IN_PARAGRAPH - {f"{W}pPr", f"{W}rPr", f"{W}sdtPr"}, *CHARACTERS, f"{W}vanish", f"{M}t")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# libxml2 stopping at a safety limit: entities expanding too far or referring to themselves, depth, text size.
_LIMIT_ERRORS = frozenset({etree.ErrorTypes.ERR_RESOURCE_LIMIT, etree.ErrorTypes.ERR_ENTITY_LOOP})


def read_docx(data: bytes, source: str, archive: zipfile.ZipFile | None = None) -> Document:
    """Check the package (`archive`: the ZIP of `data`, if it is open already), then walk the body
    into paragraphs and tables in order."""
    archive = _checked_archive(data, archive)
    root = _parsed_part(archive, DOCUMENT_PART)
    if root.tag != f"{W}document":
        raise ReadError(MSG_NOT_WORD)
    body = root.find(f"{W}body")
    blocks = _blocks(body) if body is not None else []
    return Document(source=source, format="docx", blocks=tuple(blocks), metadata=_metadata(archive))


# --- Package ----------------------------------------------------------------------------


def _checked_archive(data: bytes, archive: zipfile.ZipFile | None) -> zipfile.ZipFile:
    """The ZIP, after checking its declared sizes and that it has a document; nothing is decompressed yet."""
    archive = checked_package(data, "DOCX", archive)
    if DOCUMENT_PART not in archive.namelist():
        raise ReadError(MSG_NO_DOCUMENT)
    return archive


def _parsed_part(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        data = _member_bytes(archive, name)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError, NotImplementedError):
        # NotImplementedError: a compression method zipfile lacks (e.g. deflate64).
        raise ReadError(MSG_CORRUPT) from None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if exc.code in _LIMIT_ERRORS:  # libxml2's English would not tell a user what is wrong
            raise ReadError(MSG_XML_LIMIT.format(part=name)) from None
        reason = " ".join(str(exc).split())[:120]
        raise ReadError(MSG_BAD_XML.format(part=name, reason=reason)) from None


def _member_bytes(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member read in bounded steps up to its declared size.

    `ZipFile.read` would inflate everything a single read of the compressed
    stream yields (300 MB for a member claiming 1 KB); `read(size)` inflates a
    few KB at a time and fails on the CRC when the stream holds more.
    """
    info = archive.getinfo(name)
    with archive.open(info) as member:
        data: bytes = member.read(info.file_size)
    return data


def _metadata(archive: zipfile.ZipFile) -> dict[str, str]:
    """Title and creation date from the core properties, when present and valid."""
    if CORE_PART not in archive.namelist():
        return {}
    try:
        core = _parsed_part(archive, CORE_PART)
    except ReadError:
        return {}
    metadata: dict[str, str] = {}
    title = (core.findtext(f"{DC}title") or "").strip()
    if title:
        metadata["title"] = title
    created = _date((core.findtext(f"{DCTERMS}created") or "").strip())
    if created:
        metadata["created"] = created
    return metadata


def _date(value: str) -> str | None:
    """YYYY-MM-DD of a W3CDTF timestamp, on China Standard Time when it has a zone."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        match = _DATE.match(value)
        return match.group(0) if match else None
    if moment.tzinfo is not None:
        moment = moment.astimezone(REPORT_TIMEZONE)
    return moment.date().isoformat()


# --- Body -------------------------------------------------------------------------------


def _blocks(container: Any) -> list[Block]:
    """Paragraphs and tables of a body, in document order, without recursion."""
    blocks: list[Block] = []
    pending = list(reversed(container))
    while pending:
        element = pending.pop()
        tag = element.tag
        if tag == P:
            text = _paragraph_text(element)
            if text:
                blocks.append(Paragraph(text))
            pending.extend(reversed(_text_boxes(element)))
        elif tag == TBL:
            table = _table(element)
            if table.cells:
                blocks.append(table)
        elif tag in WRAPPERS or tag == TXBX_CONTENT:
            pending.extend(reversed(element))
    return blocks


def _paragraph_text(paragraph: Any) -> str:
    """The visible text of a paragraph: runs, hyperlinks, field results, insertions."""
    parts: list[str] = []
    pending = list(reversed(paragraph))
    while pending:
        element = pending.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIPPED_IN_PARAGRAPH:
            continue
        if tag == T or tag == f"{M}t":
            parts.append(element.text or "")
        elif tag in CHARACTERS:
            parts.append(CHARACTERS[tag])
        elif tag == R and _is_hidden(element):
            continue
        else:
            pending.extend(reversed(element))
    return "".join(parts).strip()


def _is_hidden(run: Any) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and (vanish.get(VAL) or "true").lower() not in FALSE_VALUES


def _text_boxes(paragraph: Any) -> list[Any]:
    """Text boxes anchored in the paragraph, outermost only, fallback copies excluded."""
    boxes = []
    for box in paragraph.iter(TXBX_CONTENT):
        ancestors = []
        for ancestor in box.iterancestors():
            if ancestor is paragraph:
                break
            ancestors.append(ancestor.tag)
        if TXBX_CONTENT not in ancestors and FALLBACK not in ancestors:
            boxes.append(box)
    return boxes


# --- Tables -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Origin:
    """A cell being built: continuation cells below it extend its rowspan."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1

    def absorb(self, text: str) -> None:
        if text:
            self.text = f"{self.text}\n{text}" if self.text else text

    def cell(self) -> Cell:
        return Cell(self.text, self.row, self.col, self.rowspan, self.colspan)


def _table(table: Any) -> Table:
    # Most report tables hold nothing hidden, deleted, coded or special (one walk in C tells).
    cell_text = _plain_cell_text if next(table.iter(_PLAIN_UNLESS), None) is None else _cell_text
    origins: list[_Origin] = []
    # Origins covering each start column of the previous row.
    above: dict[int, _Origin] = {}
    for row_index, (row, col) in enumerate(_rows(table)):
        here: dict[int, _Origin] = {}
        for tc in _children(row, TC):
            colspan, down, across = _merges(tc)
            text = cell_text(tc)
            origin = above.get(col)
            if down and origin is not None and origin.col == col:
                origin.rowspan = row_index - origin.row + 1
                origin.absorb(text)
            elif across and origins and origins[-1].row == row_index:
                origin = origins[-1]
                origin.colspan += colspan
                origin.absorb(text)
            else:
                origin = _Origin(text, row_index, col, colspan=colspan)
                origins.append(origin)
            here[col] = origin
            col += colspan
        above = here
    return Table(cells=tuple(origin.cell() for origin in origins))


def _rows(table: Any) -> Iterator[tuple[Any, int]]:
    """The table's rows, each with the grid columns it skips (w:gridBefore); rows deleted with
    tracked changes left out."""
    for row in _children(table, TR):
        props = row[0] if len(row) and row[0].tag == TR_PR else row.find(TR_PR)
        if props is None:
            yield row, 0
            continue
        before = 0
        for child in props:
            if child.tag == ROW_DELETED:
                break
            if child.tag == GRID_BEFORE:
                before = _int_value(child, 0)
        else:
            yield row, before


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, looking through content controls and custom XML."""
    pending = list(reversed(parent))
    while pending:
        element = pending.pop()
        if element.tag == tag:
            yield element
        elif element.tag in WRAPPERS:
            pending.extend(reversed(element))


def _merges(tc: Any) -> tuple[int, bool, bool]:
    """A cell's colspan (w:gridSpan), and whether it continues the merge of the cell above
    (w:vMerge) or to its left (w:hMerge): its w:tcPr's children read in one pass (find() per
    property cost a fifth of the reader's time)."""
    props = tc[0] if len(tc) and tc[0].tag == TC_PR else tc.find(TC_PR)
    colspan, down, across = 1, False, False
    if props is None:
        return colspan, down, across
    for child in props:
        tag = child.tag
        if tag == GRID_SPAN:
            colspan = _int_value(child, 1)
        elif tag == V_MERGE:
            down = child.get(VAL) != "restart"
        elif tag == H_MERGE:
            across = child.get(VAL) != "restart"
    return colspan, down, across


def _int_value(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        value = int(element.get(VAL, ""))
    except ValueError:
        return default
    return value if 0 < value <= 1000 else default


def _cell_text(tc: Any) -> str:
    """Each paragraph of the cell (nested tables and text boxes included) as a line."""
    paragraphs = tc.iter(P)
    if tc.find(f".//{FALLBACK}") is not None:
        paragraphs = (paragraph for paragraph in paragraphs if not _is_fallback_copy(paragraph, tc))
    return "\n".join(text for text in map(_paragraph_text, paragraphs) if text)


def _plain_cell_text(tc: Any) -> str:
    """`_cell_text` of a cell without special content: each paragraph's w:t texts joined."""
    texts = ("".join(paragraph.itertext(T, with_tail=False)).strip() for paragraph in tc.iter(P))
    return "\n".join(text for text in texts if text)


def _is_fallback_copy(element: Any, stop: Any) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag == FALLBACK:
            return True
    return False
