"""HTML: report pages saved from government sites, CMS exports and Word/WPS "save as web page".

Three things make these pages hard, and this module exists to get them right:

- Encoding. Many sites still serve GB2312/GBK. lxml given such bytes silently
  truncates text at the first GBK-only character, so the bytes are decoded here
  (GB labels as GB18030) and lxml parses the resulting `str`.
- Merged cells. The report tables use rowspan/colspan heavily; browsers place
  cells on a grid, and so does `_table_cells`, so every cell keeps its real grid
  position and spans.
- Site furniture. Navigation, headers, footers and "related links" lists carry
  other years' report titles that would mislead extraction. They are dropped by
  tag and by id/class, except when they hold a table, a heading or title, or
  much of the page's text. When the page has an obvious article container
  (TRS_Editor, zoom, content...) holding every table and most of the text, only
  it is read, widened to the enclosing block when that adds just a title and a
  date line; headings above it are kept.

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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from xxgk.errors import ReadError
from xxgk.read.decode import decode_text, normalise_encoding
from xxgk.read.document import Block, Cell, Document, Paragraph, Table

MSG_EMPTY = "HTML 页面没有内容"
MSG_PARSE_FAILED = "HTML 页面无法解析：{reason}"
MSG_TOO_DEEP = "HTML 页面嵌套过深或单段文字过大（超出解析器安全上限），无法完整读取"
MSG_TABLE_TOO_LARGE = "HTML 表格规模异常（合并单元格展开后过大），拒绝读取"
MSG_TOO_MANY_TAGS = "HTML 页面标签过多（超过 {limit} 个），不像年度报告页面，拒绝读取"

# Browsers cap colspan at 1000 and rowspan at 65534.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
# Grid positions a page's tables may mark or skip while placing cells. A report
# table has a few hundred; this stops a page of huge spans early.
MAX_GRID_WORK = 5_000_000
# libxml2 takes about 600 bytes per element; a report page has a few thousand
# tags, and this bounds a hostile page to a few hundred MB and a few seconds.
MAX_TAGS = 300_000
# A table cell longer than this is prose, so its table is layout.
MAX_DATA_CELL_CHARS = 500
# Furniture holding this share of the page's text is the page itself.
MAIN_TEXT_SHARE = 0.4
# A content container must hold this share of the page's text.
CONTAINER_TEXT_SHARE = 0.5
# Text an enclosing block may add to the container (a title and a date line).
WIDEN_EXTRA_CHARS = 200
WIDEN_MAX_LEVELS = 8
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
FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
# Parts of id/class values that mark navigation (pinyin ones from Chinese CMSs:
# weizhi/dqwz = 位置/当前位置, the breadcrumb; xglj = 相关链接, related links).
FURNITURE_WORDS = (
    "nav", "menu", "breadcrumb", "crumb", "footer", "foot", "header", "sidebar", "share",
    "toolbar", "weizhi", "dqwz", "related", "xglj",
)  # fmt: skip
CONTAINER_WORDS = ("zoom", "content", "article", "trs_editor", "main")
# Table structure is never dropped as furniture: a cell class "menu" is still a cell.
NEVER_FURNITURE = frozenset({"html", "body", "table", "thead", "tbody", "tfoot", "tr", "td", "th"})
BLOCK_TAGS = frozenset(
    {
        "html", "body", "p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
        "address", "center", "figure", "figcaption", "form", "fieldset", "legend", "hr", "details",
        "summary", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
    }
)  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})
TITLE_TAGS = frozenset({"h1", "h2", "h3"})
TITLE_META = ("articletitle",)
PUBLISHED_META = (
    "pubdate", "publishdate", "publishtime", "firstpublishedtime", "article:published_time",
)  # fmt: skip

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*>")
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A line break in the source between two CJK characters renders as nothing.
_CJK_LINE_BREAK = re.compile(rf"(?<={_CJK})[ \t\r\f\v]*\n\s*(?={_CJK})")
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")
_LEADING_DIGITS = re.compile(r"\s*(\d+)")
_FURNITURE_WORD = re.compile("|".join(FURNITURE_WORDS))
_CONTAINER_WORD = re.compile("|".join(CONTAINER_WORDS))


def read_html(data: bytes, source: str) -> Document:
    """Decode, parse and walk an HTML page into paragraphs and tables in document order."""
    root = _parsed(_decoded(data))
    metadata = _metadata(root)
    # Never content; removing them lets the page's text be measured in C.
    etree.strip_elements(root, *IGNORED_TAGS, with_tail=False)
    body = root.find("body")
    page = body if body is not None else root
    layout = _page_layout(page)
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
    # Plain etree elements: lxml.html's element classes cost a lookup per node.
    parser = etree.HTMLParser(
        recover=True,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(text, parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise ReadError(MSG_PARSE_FAILED.format(reason=_one_line(exc))) from None
    if root is None:
        raise ReadError(MSG_EMPTY)
    # libxml2 stops at a resource limit and returns what it had: a silently
    # truncated page, which must not pass for the whole report.
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise ReadError(MSG_TOO_DEEP)
    return root


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


# --- Metadata ----------------------------------------------------------------------


def _metadata(root: Any) -> dict[str, str]:
    metadata: dict[str, str] = {}
    title = root.find(".//title")
    if title is not None:
        text = _clean("".join(title.itertext()))
        if text:
            metadata["title"] = text
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        if name in TITLE_META:
            metadata["title"] = _clean(content)
        elif name in PUBLISHED_META:
            metadata.setdefault("published", content)
    return metadata


# --- Furniture and the content container --------------------------------------------


@dataclass(slots=True)
class _Stats:
    """What a subtree holds (text outside ignored tags, tables, titles) and what it is."""

    chars: int = 0
    tables: int = 0
    titles: int = 0
    cells: int = 0
    # A table with a cell longer than MAX_DATA_CELL_CHARS (prose, so layout).
    long_cell: bool = False
    furniture: bool = False
    container: bool = False


@dataclass(slots=True)
class _Layout:
    """How to read a page: what to drop, which tables are layout, where the content is."""

    content: Any
    dropped: set[Any] = field(default_factory=set)
    layout_tables: set[Any] = field(default_factory=set)
    # Grid positions marked or skipped so far by all tables of the page.
    grid_work: int = 0


def _page_layout(page: Any) -> _Layout:
    stats = _candidate_stats(page)
    total = stats[page]
    dropped = {element for element, found in stats.items() if found.furniture and not _holds_content(found, total)}
    layout_tables = {
        element
        for element, found in stats.items()
        if element.tag == "table" and (found.tables > 1 or found.cells <= 1 or found.long_cell)
    }
    layout = _Layout(content=page, dropped=dropped, layout_tables=layout_tables)
    container = _content_container(page, stats, dropped)
    if container is not None:
        layout.content = _widened(container, page, stats[container].chars, dropped)
    return layout


# Measured by libxml2 in C: summing text lengths node by node in Python cost
# more than everything else the reader does.
_CHARS = etree.XPath("string-length(normalize-space())")
_ID_OR_CLASS = etree.XPath("descendant::*/@id | descendant::*/@class")
_OWN_CELLS = etree.XPath("count(tr/td | tr/th | */tr/td | */tr/th)")
_HAS_LONG_CELL = etree.XPath(
    f"boolean((tr/td | tr/th | */tr/td | */tr/th)[string-length(normalize-space()) > {MAX_DATA_CELL_CHARS}])"
)


def _tables(element: Any) -> int:
    """Tables in the subtree, the element included (lxml's tag filter walks in C; XPath count() was slower)."""
    return sum(1 for _ in element.iter("table"))


def _candidate_stats(page: Any) -> dict[Any, _Stats]:
    """Stats of the page and of every furniture or container candidate and every table.

    Containers come in document order (an element before those inside it). Text
    in ignored tags is not counted (they are stripped from the tree beforehand).
    """
    found = {page: _Stats(chars=int(_CHARS(page)), tables=_tables(page))}
    titles = list(page.iter(*TITLE_TAGS))
    for element in dict.fromkeys(attribute.getparent() for attribute in _ID_OR_CLASS(page)):
        tag = element.tag
        title, furniture, container = _roles(tag, element.get("id"), element.get("class"))
        if title:
            titles.append(element)
        if furniture or container:
            stats = _Stats(chars=int(_CHARS(element)), tables=_tables(element))
            stats.furniture, stats.container = furniture, container
            found[element] = stats
    for element in page.iter(*FURNITURE_TAGS):
        if element not in found:
            found[element] = _Stats(chars=int(_CHARS(element)), tables=_tables(element), furniture=True)
    for element in page.iter("table"):
        found[element] = _table_stats(element)
    for element, stats in found.items():
        if stats.furniture:
            stats.titles = sum(1 for title in titles if title is element or _is_within(title, element))
    return found


@lru_cache(maxsize=1024)
def _roles(tag: str, ident: str | None, cls: str | None) -> tuple[bool, bool, bool]:
    """Whether an element with this tag, id and class is a title, furniture, a content container.

    Cached: Word pages give hundreds of elements the same class (MsoNormal).
    """
    if tag == "table":
        return False, False, False
    words = f"{ident or ''} {cls or ''}".lower()
    furniture = tag in FURNITURE_TAGS or (tag not in NEVER_FURNITURE and _FURNITURE_WORD.search(words) is not None)
    return "title" in words, furniture, _CONTAINER_WORD.search(words) is not None


def _table_stats(table: Any) -> _Stats:
    return _Stats(tables=_tables(table), cells=int(_OWN_CELLS(table)), long_cell=bool(_HAS_LONG_CELL(table)))


def _holds_content(found: _Stats, total: _Stats) -> bool:
    """Never drop what holds a table, a heading or title, or much of the text.

    An article's own header block (title, date) must survive a "header" class;
    a site header kept for its logo heading costs a line or two of text.
    """
    return found.tables > 0 or found.titles > 0 or found.chars >= MAIN_TEXT_SHARE * max(total.chars, 1)


def _content_container(page: Any, stats: dict[Any, _Stats], dropped: set[Any]) -> Any:
    """The smallest container holding every table and most of the text, if any."""
    total = stats[page]
    best: Any = None
    best_chars = 0
    for element, found in stats.items():
        if not found.container or element is page or element in dropped:
            continue
        if found.tables < total.tables or found.chars < CONTAINER_TEXT_SHARE * total.chars:
            continue
        if _inside(element, dropped):
            continue
        # Not larger: on a tie the inner element, met later in document order, wins.
        if best is None or found.chars <= best_chars:
            best, best_chars = element, found.chars
    return best


def _inside(element: Any, ancestors: set[Any]) -> bool:
    return any(parent in ancestors for parent in element.iterancestors())


def _widened(container: Any, page: Any, chars: int, dropped: set[Any]) -> Any:
    """The container, or the enclosing block that adds only a title and a date line."""
    best = container
    parent = container.getparent()
    for _ in range(WIDEN_MAX_LEVELS):
        if parent is None or parent is page:
            break
        if _kept_chars(parent, dropped) > chars + WIDEN_EXTRA_CHARS:
            break
        best = parent
        parent = parent.getparent()
    return best


def _kept_chars(root: Any, dropped: set[Any]) -> int:
    """The text under `root` that is not in dropped furniture."""
    inside = [element for element in dropped if _is_within(element, root) and not _inside(element, dropped)]
    return int(_CHARS(root)) - sum(int(_CHARS(element)) for element in inside)


def _is_within(element: Any, root: Any) -> bool:
    return any(parent is root for parent in element.iterancestors())


# A short line above the content that states a date and names its field ("时间：", "发布日期：").
INFO_LINE_CHARS = 160
_INFO_LINE = re.compile(r"[：:]\s*(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}")


def _headings_before(page: Any, content: Any, layout: _Layout) -> list[Block]:
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
            text = _clean("".join(element.itertext()))
            if text:
                headings.append(Paragraph(text))
            walker.skip_subtree()
        elif _CHARS(element) <= INFO_LINE_CHARS and _INFO_LINE.search(text := _clean("".join(element.itertext()))):
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
        line = joined.replace("\xa0", " ").rstrip() if self.in_pre else _clean(joined)
        if line.strip():
            self.lines.append(line)


def _clean(text: str) -> str:
    """Whitespace as a browser renders it: runs collapsed, ends trimmed."""
    if text.isprintable() and "  " not in text:
        # No tab, newline, NBSP or other wide space: only the ends can change.
        return text.strip(" ")
    if "\n" in text:
        text = _CJK_LINE_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _blocks(root: Any, layout: _Layout) -> list[Block]:
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


def _cell_text(cell: Any, layout: _Layout, marked: bool) -> str:
    """The cell's lines joined by newlines; `marked` says its line breaks carry `_BREAK`."""
    if len(cell) == 0:
        # Most report cells hold bare text.
        return _clean(cell.text or "")
    if marked:
        # Serialised as text by libxml2: ten times faster than joining itertext().
        text = etree.tostring(cell, method="text", encoding=str, with_tail=False)
        lines = (_clean(line) for line in text.split(_BREAK))
        return "\n".join(line for line in lines if line)
    return "\n".join(block.text for block in _blocks(cell, layout) if isinstance(block, Paragraph))


# --- Tables ---------------------------------------------------------------------------


def _data_table(table: Any, layout: _Layout) -> list[Block]:
    """The table's caption as a paragraph, then the table, if it has any cells."""
    blocks: list[Block] = []
    marked = _mark_breaks(table, layout)
    caption = table.find("caption")
    if caption is not None:
        text = _cell_text(caption, layout, marked)
        if text:
            blocks.append(Paragraph(text))
    cells = _table_cells(_table_rows(table), layout, marked)
    if cells:
        blocks.append(Table(cells=tuple(cells)))
    return blocks


def _mark_breaks(table: Any, layout: _Layout) -> bool:
    """Put `_BREAK` where a line ends inside the table's cells, so cell text is one C-level join.

    Word's "save as web page" wraps every cell's text in <p><span>; walking each
    cell as blocks was most of the reader's time. Tables holding <pre> or
    dropped furniture keep the block walk (False).
    """
    if next(table.iter("pre"), None) is not None or any(_is_within(element, table) for element in layout.dropped):
        return False
    for element in table.iter(*_LINE_BREAKING):
        element.text = _BREAK + (element.text or "")
        element.tail = _BREAK + (element.tail or "")
    return True


# Marks a line break in a cell's joined text: a Unicode noncharacter, never in real text.
_BREAK = "\ufdd0"
_LINE_BREAKING = tuple(
    sorted((BLOCK_TAGS - {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"}) | {"br"})
)


def _table_rows(table: Any) -> list[list[Any]]:
    """The <td>/<th> elements of each row, header rows first and footer rows last."""
    body: list[Any] = []
    foot: list[Any] = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            body.append(child)
        elif tag in ("thead", "tbody"):
            body.extend(row for row in child if row.tag == "tr")
        elif tag == "tfoot":
            foot.extend(row for row in child if row.tag == "tr")
    return [[cell for cell in row if cell.tag in CELL_TAGS] for row in body + foot]


def _table_cells(rows: list[list[Any]], layout: _Layout, marked: bool) -> list[Cell]:
    """Place cells on the grid as a browser does: each takes the first free column.

    The per-cell work is kept in this loop (a report page has a few hundred
    cells): a bare-text cell is cleaned here, and a `Cell` is built by
    `tuple.__new__`, without the named tuple's Python-level constructor.
    """
    cells: list[Cell] = []
    append = cells.append
    # free_from[c]: the first row at which column c is no longer covered by a rowspan.
    free_from: list[int] = []
    row_count = len(rows)
    work = layout.grid_work
    for row_index, row in enumerate(rows):
        col = 0
        for element in row:
            while col < len(free_from) and free_from[col] > row_index:
                col += 1
                work += 1
            rowspan_attribute, colspan_attribute = element.get("rowspan"), element.get("colspan")
            rowspan = colspan = 1
            if rowspan_attribute is not None:
                rowspan = _span(rowspan_attribute, MAX_ROWSPAN, zero_means=row_count - row_index)
                rowspan = min(rowspan, row_count - row_index)
            if colspan_attribute is not None:
                colspan = _span(colspan_attribute, MAX_COLSPAN, zero_means=1)
            if rowspan > 1:
                end = col + colspan
                if end > len(free_from):
                    free_from.extend([0] * (end - len(free_from)))
                free_from[col:end] = [row_index + rowspan] * colspan
                work += colspan
            if work > MAX_GRID_WORK:
                raise ReadError(MSG_TABLE_TOO_LARGE)
            if len(element):
                text = _cell_text(element, layout, marked)
            else:
                # `_cell_text` of a bare-text cell (most report cells), `_clean`'s first test inlined.
                text = element.text or ""
                text = text.strip(" ") if text.isprintable() and "  " not in text else _clean(text)
            append(_new_tuple(Cell, (text, row_index, col, rowspan, colspan)))
            col += colspan
    layout.grid_work = work
    return cells


_new_tuple = tuple.__new__


def _span(value: str | None, ceiling: int, zero_means: int) -> int:
    """A rowspan/colspan attribute read as browsers do: leading digits, clamped, else 1."""
    if not value:
        return 1
    if value.isascii() and value.isdigit() and len(value) < 8:
        number = int(value)
    else:
        match = _LEADING_DIGITS.match(value)
        if not match:
            return 1
        number = int(match.group(1)[:7])
    if number == 0:
        return max(zero_means, 1)
    return min(number, ceiling)
