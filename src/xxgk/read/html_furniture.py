"""HTML page furniture: what to drop, which tables are layout, where the article is.

Navigation, headers, footers and "related links" lists carry other years'
report titles that would mislead extraction. They are dropped by tag and by
id/class, except when they hold a table, a heading or title, or much of the
page's text. When the page has an obvious article container (TRS_Editor, zoom,
content...) holding every table and most of the text, only it is read, widened
to the enclosing block when that adds just a title and a date line.

Kept apart from the text flow (`xxgk.read.html`): this decides once per page,
from text lengths measured by libxml2 in C, before any block is walked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

# A table cell longer than this is prose, so its table is layout.
MAX_DATA_CELL_CHARS = 500
# Furniture holding this share of the page's text is the page itself.
MAIN_TEXT_SHARE = 0.4
# A content container must hold this share of the page's text.
CONTAINER_TEXT_SHARE = 0.5
# Text an enclosing block may add to the container (a title and a date line).
WIDEN_EXTRA_CHARS = 200
WIDEN_MAX_LEVELS = 8
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
TITLE_TAGS = frozenset({"h1", "h2", "h3"})
_FURNITURE_WORD = re.compile("|".join(FURNITURE_WORDS))
_CONTAINER_WORD = re.compile("|".join(CONTAINER_WORDS))
# Any word `_roles` looks for in an id or class (none holds a space, so none spans the two).
_ROLE_WORD = re.compile("|".join(("title", *FURNITURE_WORDS, *CONTAINER_WORDS)))


@dataclass(slots=True)
class _Stats:
    """What a subtree holds (text outside ignored tags, tables, titles) and what it is."""

    chars: int = 0
    tables: int = 0
    titles: int = 0
    cells: int = 0  # a table's own cells, counted up to two (`_own_cells`)
    # A table with a cell longer than MAX_DATA_CELL_CHARS (prose, so layout).
    long_cell: bool = False
    furniture: bool = False
    container: bool = False


@dataclass(slots=True)
class PageLayout:
    """How to read a page: what to drop, which tables are layout, where the content is."""

    content: Any
    dropped: set[Any] = field(default_factory=set)
    layout_tables: set[Any] = field(default_factory=set)
    # Grid positions marked or skipped so far by all tables of the page.
    grid_work: int = 0
    # `chars` of the elements measured so far (the tree is not changed until the blocks are walked).
    measured: dict[Any, int] = field(default_factory=dict)

    def chars(self, element: Any) -> int:
        """The length of the element's text with whitespace normalised, measured once."""
        found = self.measured.get(element)
        if found is None:
            found = self.measured[element] = int(CHARS(element))
        return found


def page_layout(page: Any) -> PageLayout:
    layout = PageLayout(content=page)
    stats = _candidate_stats(page, layout.chars)
    total = stats[page]
    dropped = {element for element, found in stats.items() if found.furniture and not _holds_content(found, total)}
    layout.dropped = dropped
    layout.layout_tables = {
        element
        for element, found in stats.items()
        if element.tag == "table" and (found.tables > 1 or found.cells <= 1 or found.long_cell)
    }
    container = _content_container(page, stats, dropped)
    if container is not None:
        layout.content = _widened(container, page, stats[container].chars, dropped, layout.chars)
    return layout


# Measured by libxml2 in C: summing text lengths node by node in Python cost
# more than everything else the reader does.
CHARS = etree.XPath("string-length(normalize-space())")
_WALKED_TAGS = ("table", *sorted(TITLE_TAGS), *sorted(FURNITURE_TAGS))
_ID_OR_CLASS = etree.XPath("descendant::*/@id | descendant::*/@class")
# Normalising never lengthens a string, and a cell's text is part of its table's, so
# the raw lengths (no copy of the text) rule out most tables and cells first.
_LONG = f"[string-length() > {MAX_DATA_CELL_CHARS}][string-length(normalize-space()) > {MAX_DATA_CELL_CHARS}]"
_HAS_LONG_CELL = etree.XPath(
    f"string-length() > {MAX_DATA_CELL_CHARS} and (tr/td{_LONG} or tr/th{_LONG} or */tr/td{_LONG} or */tr/th{_LONG})"
)


def _table_counts(tables: list[Any]) -> dict[Any, int]:
    """How many of `tables` (the page's, in document order) each element holds, itself included
    (elements holding none are left out).

    Counted up from each table through its ancestors rather than by a walk of every subtree measured."""
    counts: dict[Any, int] = {}
    for table in tables:
        counts[table] = counts.get(table, 0) + 1
        for ancestor in table.iterancestors():
            counts[ancestor] = counts.get(ancestor, 0) + 1
    return counts


def _own_cells(table: Any) -> int:
    """The table's own cells (tr/td, tr/th, */tr/td, */tr/th), counted up to two: a layout table has
    at most one, and a data table's first row tells it has more."""
    count = 0
    for child in table:
        if not isinstance(child.tag, str):
            continue
        rows = [child, *child.iterchildren("tr")] if child.tag == "tr" else child.iterchildren("tr")
        for row in rows:
            count += sum(1 for _ in row.iterchildren("td", "th"))
            if count > 1:
                return count
    return count


def _candidate_stats(page: Any, chars: Callable[[Any], int]) -> dict[Any, _Stats]:
    """Stats of the page and of every furniture or container candidate and every table.

    Containers come in document order (an element before those inside it). Text
    in ignored tags is not counted (they are stripped from the tree beforehand).
    """
    # One walk of the page (lxml's tag filter, in C, costs about as much per element as the
    # walk itself) finds its tables, titles and furniture tags, each kept in document order.
    page_tables: list[Any] = []
    titles: list[Any] = []
    furniture_tags: list[Any] = []
    for element in page.iter(*_WALKED_TAGS):
        tag = element.tag
        if tag == "table":
            page_tables.append(element)
        elif tag in TITLE_TAGS:
            titles.append(element)
        else:
            furniture_tags.append(element)
    tables = _table_counts(page_tables)
    found = {page: _Stats(chars=chars(page), tables=tables.get(page, 0))}
    # Only an id or class naming a role can give one (Word pages class hundreds of cells MsoNormal);
    # a furniture tag with neither is met in `furniture_tags` below, with the same stats.
    named = (attribute.getparent() for attribute in _ID_OR_CLASS(page) if _ROLE_WORD.search(attribute.lower()))
    for element in dict.fromkeys(named):
        tag = element.tag
        title, furniture, container = _roles(tag, element.get("id"), element.get("class"))
        if title:
            titles.append(element)
        if furniture or container:
            stats = _Stats(chars=chars(element), tables=tables.get(element, 0))
            stats.furniture, stats.container = furniture, container
            found[element] = stats
    for element in furniture_tags:
        if element not in found:
            found[element] = _Stats(chars=chars(element), tables=tables.get(element, 0), furniture=True)
    for element in page_tables:
        stats = found[element] = _Stats(tables=tables[element], cells=_own_cells(element))
        # Only a table holding no other and more than one cell needs its cells measured (`page_layout`).
        stats.long_cell = stats.tables <= 1 and stats.cells > 1 and bool(_HAS_LONG_CELL(element))
    for element, stats in found.items():
        if stats.furniture:
            stats.titles = sum(1 for title in titles if title is element or is_within(title, element))
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


def _widened(container: Any, page: Any, chars: int, dropped: set[Any], measure: Callable[[Any], int]) -> Any:
    """The container, or the enclosing block that adds only a title and a date line."""
    best = container
    parent = container.getparent()
    for _ in range(WIDEN_MAX_LEVELS):
        if parent is None or parent is page:
            break
        if _kept_chars(parent, dropped, measure) > chars + WIDEN_EXTRA_CHARS:
            break
        best = parent
        parent = parent.getparent()
    return best


def _kept_chars(root: Any, dropped: set[Any], measure: Callable[[Any], int]) -> int:
    """The text under `root` that is not in dropped furniture."""
    inside = [element for element in dropped if is_within(element, root) and not _inside(element, dropped)]
    return measure(root) - sum(measure(element) for element in inside)


def is_within(element: Any, root: Any) -> bool:
    return any(parent is root for parent in element.iterancestors())
