"""HTML: report pages saved from government sites, CMS exports and Word/WPS "save as web page".

Three things make these pages hard, and this module exists to get them right:

- Encoding. Many sites still serve GB2312/GBK. lxml given such bytes silently
  truncates text at the first GBK-only character, so the bytes are decoded here
  (GB labels as GB18030) and lxml parses the resulting `str`.
- Merged cells. The report tables use rowspan/colspan heavily; browsers place
  cells on a grid, and so does `xxgk.read.html_grid`, so every cell keeps its
  real grid position and spans.
- Site furniture. Navigation, headers, footers and "related links" lists carry
  other years' report titles that would mislead extraction. They are dropped by
  tag and by id/class, except when they hold a table, a heading or title, or
  much of the page's text; `xxgk.read.html_furniture` decides, once per page.
  Headings above the article container are kept.

This module is the text flow: decoding, parsing, then paragraphs and tables in
document order.

Tables nested inside tables are read as layout: an outer table that contains
another table (or has a single cell, or a cell holding prose) is walked as
ordinary blocks, so the inner table comes out as a `Table` of its own. Old
government sites put whole pages inside layout tables, and the report tables
would otherwise be flattened into one cell.

The page is parsed by libxml2 with its default limits (depth 256, text nodes
under 10 MB) and walked with `iterwalk`, never by Python recursion. Nothing on
the page is executed or fetched.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from xxgk.bounded import Bounded
from xxgk.errors import ReadError
from xxgk.read.decode import decode_text, normalise_encoding
from xxgk.read.document import Block, Document, Paragraph, Table
from xxgk.read.html_furniture import TITLE_TAGS, PageLayout, is_within, page_layout
from xxgk.read.html_grid import clean, place_cells, table_rows

MSG_EMPTY = "HTML 页面没有内容"
MSG_PARSE_FAILED = "HTML 页面无法解析：{reason}"
MSG_TOO_DEEP = "HTML 页面嵌套过深或单段文字过大（超出解析器安全上限），无法完整读取"
MSG_TOO_MANY_TAGS = "HTML 页面标签过多（超过 {limit} 个），不像年度报告页面，拒绝读取"

# libxml2 takes about 600 bytes per element; a report page has a few thousand
# tags, and this bounds a hostile page to a few hundred MB and a few seconds.
MAX_TAGS = 300_000
# How much of the file is searched for a declared charset.
CHARSET_SNIFF_BYTES = 16384

# Never content: skipped with everything inside.
IGNORED_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
        "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "canvas", "map",
        "audio", "video", "source", "track", "select", "option", "button", "input", "textarea",
    }
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {
        "html", "body", "p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
        "address", "center", "figure", "figcaption", "form", "fieldset", "legend", "hr", "details",
        "summary", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
    }
)  # fmt: skip
TITLE_META = ("articletitle",)
PUBLISHED_META = (
    "pubdate", "publishdate", "publishtime", "firstpublishedtime", "article:published_time",
)  # fmt: skip

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*>")


def read_html(data: bytes, source: str) -> Document:
    """Decode, parse and walk an HTML page into paragraphs and tables in document order."""
    root = _parsed(_decoded(data))
    metadata = _metadata(root)
    # Never content; removing them lets the page's text be measured in C.
    etree.strip_elements(root, *IGNORED_TAGS, with_tail=False)
    body = root.find("body")
    page = body if body is not None else root
    layout = page_layout(page)
    blocks: list[Block] = []
    content = layout.content
    if content is not page:
        blocks.extend(_headings_before(page, content, layout))
    blocks.extend(_blocks(content, layout))
    return Document(source=source, format="html", blocks=tuple(blocks), metadata=metadata)


# --- Decoding and parsing -------------------------------------------------------


def _decoded(data: bytes) -> str:
    """The page as text: BOM, then the declared charset, then UTF-8, then GB18030."""
    declared = _declared_charset(data[:CHARSET_SNIFF_BYTES])
    if declared and normalise_encoding(declared) != "utf-8" and _is_non_ascii_utf8(data):
        # Saved pages keep a stale <meta> after a CMS moved to UTF-8 (the HTTP
        # header that made browsers show them right is lost); valid non-ASCII
        # UTF-8 is practically never GBK text by accident.
        declared = "utf-8"
    text = decode_text(data, declared)
    return _XML_DECLARATION.sub("", text, count=1).lstrip("\ufeff")


def _declared_charset(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _is_non_ascii_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parsed(text: str) -> Any:
    """The <html> element; a ReadError when libxml2 gives up or hits a safety limit."""
    if text.count("<") > MAX_TAGS:
        raise ReadError(MSG_TOO_MANY_TAGS.format(limit=MAX_TAGS))
    source, encoding = _as_utf8(text)
    # Plain etree elements: lxml.html's element classes cost a lookup per node.
    parser = etree.HTMLParser(
        recover=True,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
    )
    try:
        root = etree.fromstring(source, parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise ReadError(MSG_PARSE_FAILED.format(reason=_one_line(exc))) from None
    if root is None:
        raise ReadError(MSG_EMPTY)
    # libxml2 stops at a resource limit and returns what it had: a silently
    # truncated page, which must not pass for the whole report.
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise ReadError(MSG_TOO_DEEP)
    return root


def _as_utf8(text: str) -> tuple[str | bytes, str | None]:
    """The decoded page as UTF-8 bytes and their encoding, for libxml2 to parse: a `str` of Chinese
    text reaches it as UTF-16, which it converts at half the speed Python encodes. The `str` itself
    where lxml refuses it (an XML declaration left at its start) or cannot encode it (a lone surrogate)."""
    if text.startswith("<?xml"):
        return text, None
    try:
        return text.encode("utf-8"), "utf-8"
    except UnicodeEncodeError:
        return text, None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


# --- Metadata ----------------------------------------------------------------------


def _metadata(root: Any) -> dict[str, str]:
    metadata: dict[str, str] = {}
    # One walk for both tags: lxml's tag filter costs about as much per element as the walk.
    found = list(root.iter("title", "meta"))
    title = next((element for element in found if element.tag == "title"), None)
    if title is not None:
        text = clean("".join(title.itertext()))
        if text:
            metadata["title"] = text
    for meta in found:
        if meta.tag != "meta":
            continue
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        if name in TITLE_META:
            metadata["title"] = clean(content)
        elif name in PUBLISHED_META:
            metadata.setdefault("published", content)
    return metadata


# A short line above the content that states a date and names its field ("时间：", "发布日期：").
INFO_LINE_CHARS = 160
_INFO_LINE = re.compile(r"[：:]\s*(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}")


def _headings_before(page: Any, content: Any, layout: PageLayout) -> list[Block]:
    """Headings above the content container (the report title often sits there)."""
    headings: list[Block] = []
    walker = etree.iterwalk(page, events=("start",))
    for _, element in walker:
        if element is content:
            break
        tag = element.tag
        if not isinstance(tag, str) or tag in IGNORED_TAGS or element in layout.dropped:
            walker.skip_subtree()
        elif tag in TITLE_TAGS:
            text = clean("".join(element.itertext()))
            if text:
                headings.append(Paragraph(text))
            walker.skip_subtree()
        elif layout.chars(element) <= INFO_LINE_CHARS and _INFO_LINE.search(text := clean("".join(element.itertext()))):
            # The article's info line ("来源：X　时间：2022-02-08") often sits outside the content block.
            headings.append(Paragraph(text))
            walker.skip_subtree()
    return headings


# --- Blocks ---------------------------------------------------------------------------


class _Lines:
    """Inline text gathered into lines; a block boundary or <br> ends a line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.lines: list[str] = []
        self.in_pre = 0

    def add(self, text: str | None) -> None:
        if not text:
            return
        if not self.in_pre:
            self.parts.append(text)
            return
        first, *rest = text.split("\n")
        self.parts.append(first)
        for line in rest:
            self.end_line()
            self.parts.append(line)

    def end_line(self) -> None:
        if not self.parts:
            return
        joined = "".join(self.parts)
        self.parts.clear()
        line = joined.replace("\xa0", " ").rstrip() if self.in_pre else clean(joined)
        if line.strip():
            self.lines.append(line)


def _blocks(root: Any, layout: PageLayout) -> list[Block]:
    """Paragraphs and tables under `root` in document order."""
    blocks: list[Block] = []
    lines = _Lines()

    def flush() -> None:
        lines.end_line()
        blocks.extend(Paragraph(line) for line in lines.lines)
        lines.lines.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):
            tag = ""
        if event == "start":
            if not tag or tag in IGNORED_TAGS or element in layout.dropped:
                walker.skip_subtree()
            elif tag == "table" and element not in layout.layout_tables:
                flush()
                blocks.extend(_data_table(element, layout))
                walker.skip_subtree()
            else:
                if tag in BLOCK_TAGS or tag == "br":
                    flush()
                if tag == "pre":
                    lines.in_pre += 1
                lines.add(element.text)
            continue
        if tag in BLOCK_TAGS:
            flush()
        if tag == "pre":
            lines.in_pre -= 1
        if element is not root:
            lines.add(element.tail)
    flush()
    return blocks


def _cell_text(cell: Any, layout: PageLayout, marked: bool) -> str:
    """The cell's lines joined by newlines; `marked` says its line breaks carry `_BREAK`."""
    if len(cell) == 0:
        # Most report cells hold bare text.
        return clean(cell.text or "")
    if marked:
        # Serialised as text by libxml2: ten times faster than joining itertext().
        text = etree.tostring(cell, method="text", encoding=str, with_tail=False)
        known = _MARKED_TEXT.get(text)
        if known is None:
            lines = (clean(line) for line in text.split(_BREAK))
            known = _MARKED_TEXT.put(text, "\n".join(line for line in lines if line))
        return known
    return "\n".join(block.text for block in _blocks(cell, layout) if isinstance(block, Paragraph))


# --- Tables ---------------------------------------------------------------------------


def _data_table(table: Any, layout: PageLayout) -> list[Block]:
    """The table's caption as a paragraph, then the table, if it has any cells."""
    blocks: list[Block] = []
    marked = _mark_breaks(table, layout)
    caption = table.find("caption")
    if caption is not None:
        text = _cell_text(caption, layout, marked)
        if text:
            blocks.append(Paragraph(text))
    cells, layout.grid_work = place_cells(
        table_rows(table), layout.grid_work, lambda cell: _cell_text(cell, layout, marked)
    )
    if cells:
        blocks.append(Table(cells=tuple(cells)))
    return blocks


def _mark_breaks(table: Any, layout: PageLayout) -> bool:
    """Put `_BREAK` where a line ends inside the table's cells, so cell text is one C-level join.

    Word's "save as web page" wraps every cell's text in <p><span>; walking each
    cell as blocks was most of the reader's time. Tables holding <pre> or
    dropped furniture keep the block walk (False).
    """
    if any(is_within(element, table) for element in layout.dropped):
        return False
    # One walk finds both the elements to mark and a <pre> (one of them) that rules marking out.
    breaking = list(table.iter(*_LINE_BREAKING))
    if any(element.tag == "pre" for element in breaking):
        return False
    for element in breaking:
        element.text = _BREAK + (element.text or "")
        element.tail = _BREAK + (element.tail or "")
    return True


# Cleaned text of marked cells by their raw text: report templates repeat the same
# labels in every document. Cleared when full, so memory stays flat over a batch.
_MARKED_TEXT: Bounded[str, str] = Bounded(4096)
# Marks a line break in a cell's joined text: a Unicode noncharacter, never in real text.
_BREAK = "\ufdd0"
_LINE_BREAKING = tuple(
    sorted((BLOCK_TAGS - {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"}) | {"br"})
)
