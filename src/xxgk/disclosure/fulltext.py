"""Full-text search of the published catalogue, in Chinese, on SQLite and PostgreSQL alike.

An item enters the index when it is published (its title, 内容概述, 文号, body and the
text read from its attachments when they were attached) and leaves it when withdrawn;
`workflow` calls `index_item` and `unindex`. The text is cut into chunks of bigram tokens
(`xxgk.disclosure.tokens`); SQLite's FTS5 or PostgreSQL's GIN index finds the chunks,
LIKE confirms what the index cannot keep adjacent. Results come with facets (机构,
主题分类, 年份, 有效性) and snippets with the words marked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape
from sqlalchemy import Select, delete, func, insert, literal_column, select, text
from sqlalchemy.orm import Session

from xxgk.disclosure.content import ItemContent
from xxgk.disclosure.tokens import Term, chunks, fts5_query, grams, normalize, query_terms, tsquery
from xxgk.disclosure.vocabulary import PROACTIVE
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureAttachment, DisclosureItem, DisclosureVersion
from xxgk.store.disclosure_public import SearchChunk, SearchEntry

SNIPPET_CHARS = 60
FACETS = {"agency": "机构", "topic": "主题分类", "year": "年份", "validity": "有效性"}


@dataclass(frozen=True, slots=True)
class Filters:
    """What the search or the 目录 is narrowed to (None: everything)."""

    agency_id: int | None = None
    topic: str | None = None
    genre: str | None = None
    year: int | None = None
    column: str | None = None
    validity: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    item: DisclosureItem
    entry: SearchEntry
    snippet: Markup


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # facet → (value, label, count)


# ---------------------------------------------------------------- indexing


def index_text(session: Session, content: ItemContent) -> str:
    """What the search reads of a version: its metadata, body and its attachments' text; of an item
    not 主动公开, only the metadata its public page prints (never text the public may not read)."""
    texts = [content.title, content.summary, content.doc_number, content.issuer]
    if content.openness != PROACTIVE:
        return "\n".join(t for t in texts if t)
    texts.append(content.body)
    for ref in content.attachments:
        stored = session.get(DisclosureAttachment, ref.id)
        texts += [ref.filename, stored.text if stored else ""]
    return "\n".join(t for t in texts if t)


def index_item(session: Session, item: DisclosureItem, content: ItemContent) -> None:
    """Put the item's published content in the index, replacing what it held before.

    Core statements rather than ORM objects: the index is written once per publication and
    read by SQL only, and the unit of work was most of the indexing time."""
    unindex(session, item.id)
    assert item.published_on is not None
    body = index_text(session, content)
    entry = {
        "item_id": item.id,
        "agency_id": item.agency_id,
        "title": content.title,
        "doc_number": content.doc_number,
        "text": body,
        "topic": content.topic,
        "genre": content.genre,
        "column": content.column,
        "year": item.published_on.year,
        "published_on": item.published_on,
    }
    session.execute(insert(SearchEntry), [entry])
    pieces = [content.title, *chunks(body)]
    rows = [{"id": item.id * 1000 + n, "item_id": item.id, "grams": grams(p)} for n, p in enumerate(pieces)]
    session.execute(insert(SearchChunk), rows)


def unindex(session: Session, item_id: int) -> None:
    """Take the item out of the index (withdrawn, or about to be indexed afresh)."""
    quiet = {"synchronize_session": False}
    session.execute(delete(SearchChunk).where(SearchChunk.item_id == item_id).execution_options(**quiet))
    session.execute(delete(SearchEntry).where(SearchEntry.item_id == item_id).execution_options(**quiet))


def reindex_all(session: Session) -> int:
    """Index every published item afresh (after an upgrade, or a restore); how many."""
    session.execute(delete(SearchChunk))
    session.execute(delete(SearchEntry))
    published = session.scalars(select(DisclosureItem).where(DisclosureItem.state == "published")).all()
    for item in published:
        shown = session.get(DisclosureVersion, item.published_version_id)
        if shown is not None:
            index_item(session, item, ItemContent.from_json(shown.content))
    return len(published)


# ---------------------------------------------------------------- searching


def _matching_items(session: Session, term: Term) -> Select[int]:
    """Ids of the entries that hold the term."""
    if not term.parts:
        return select(SearchEntry.item_id).where(SearchEntry.text.ilike(f"%{term.text}%"))
    if session.get_bind().dialect.name == "sqlite":
        found = select(SearchChunk.item_id).where(
            SearchChunk.id.in_(
                select(literal_column("rowid"))
                .select_from(text("disclosure_search_fts"))
                .where(literal_column("disclosure_search_fts").op("MATCH")(fts5_query(term)))
            )
        )
    else:
        vector = func.to_tsvector(literal_column("'simple'::regconfig"), SearchChunk.grams)
        query = func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(term))
        found = select(SearchChunk.item_id).where(vector.op("@@")(query))
    if term.exact:
        return select(SearchEntry.item_id).where(
            SearchEntry.item_id.in_(found), SearchEntry.text.ilike(f"%{term.text}%")
        )
    return found


@dataclass(frozen=True, slots=True)
class _Row:
    """What facets, filters and ordering need of one matching entry."""

    item_id: int
    agency: int
    topic: str
    genre: str
    year: int
    column: str
    validity: str
    published_on: date
    title: str


def _matched(session: Session, terms: Sequence[Term], agency_id: int | None) -> list[_Row]:
    """Every published entry holding every term (of one agency when given), in one query: the
    facets and the page are then counted from these rows instead of running the match again."""
    query = (
        select(
            SearchEntry.item_id,
            SearchEntry.agency_id,
            SearchEntry.topic,
            SearchEntry.genre,
            SearchEntry.year,
            SearchEntry.column,
            DisclosureItem.validity,
            SearchEntry.published_on,
            SearchEntry.title,
        )
        .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
        .where(DisclosureItem.state == "published")
    )
    for term in terms:
        query = query.where(SearchEntry.item_id.in_(_matching_items(session, term)))
    if agency_id is not None:
        query = query.where(SearchEntry.agency_id == agency_id)
    return [_Row(*row) for row in session.execute(query)]


def matching_ids(session: Session, query: str) -> set[int]:
    """The ids of the published items holding every word of `query` (for measuring recall)."""
    return {row.item_id for row in _matched(session, query_terms(query), None)}


def _wanted(filters: Filters) -> dict[str, object]:
    values = {
        "agency": filters.agency_id,
        "topic": filters.topic,
        "genre": filters.genre,
        "year": filters.year,
        "column": filters.column,
        "validity": filters.validity,
    }
    return {name: value for name, value in values.items() if value is not None}


def _passes(row: _Row, wanted: dict[str, object], skip: str | None = None) -> bool:
    return all(getattr(row, name) == value for name, value in wanted.items() if name != skip)


def facet_counts(
    session: Session, rows: Sequence[_Row], filters: Filters, names: Sequence[str]
) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet, its values and how many entries each has under the other filters."""
    wanted = _wanted(filters)
    counted: dict[str, list[tuple[str, str, int]]] = {}
    for name in names:
        tally = Counter(getattr(row, name) for row in rows if _passes(row, wanted, skip=name))
        ordered = sorted(tally.items(), key=lambda pair: (-pair[1], str(pair[0])))
        counted[name] = [(str(value), str(value), count) for value, count in ordered if value not in (None, "")]
    if "agency" in counted:
        names_by_id = dict(session.execute(select(Agency.id, Agency.name)).all())
        counted["agency"] = [(v, names_by_id.get(int(v), v), n) for v, _, n in counted["agency"]]
    return counted


def search(
    session: Session,
    query: str,
    filters: Filters = Filters(),
    *,
    facets: Sequence[str] = tuple(FACETS),
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Published items holding every word of `query` (all of them when it is empty), the title's
    matches first, then newest first; with facet counts and marked snippets."""
    terms = query_terms(query)
    fixed = filters.agency_id if "agency" not in facets else None
    rows = _matched(session, terms, fixed)
    wanted = _wanted(filters)
    kept = [row for row in rows if _passes(row, wanted)]
    words = [t.text for t in terms]

    def order(row: _Row) -> tuple[int, int, int]:
        title = normalize(row.title)
        return (-sum(w in title for w in words), -row.published_on.toordinal(), -row.item_id)

    page = [row.item_id for row in sorted(kept, key=order)[offset : offset + limit]]
    loaded = {
        entry.item_id: (entry, item)
        for entry, item in session.execute(
            select(SearchEntry, DisclosureItem)
            .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
            .where(SearchEntry.item_id.in_(page))
        ).all()
    }
    hits = [Hit(loaded[i][1], loaded[i][0], snippet(loaded[i][0].text, words)) for i in page if i in loaded]
    return Results(len(kept), hits, facet_counts(session, rows, filters, facets))


def snippet(body: str, words: Sequence[str]) -> Markup:
    """A window of the text around the first word found, every word in it inside <mark>."""
    flat = " ".join(body.split())
    folded = normalize(flat)
    if len(folded) != len(flat):  # NFKC changed lengths (㈠ → (一)): offsets must match the shown text
        folded = flat.lower()
    positions = [folded.find(w) for w in words if w and folded.find(w) >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 2) if positions else 0
    window = flat[start : start + SNIPPET_CHARS * 2]
    folded_window = folded[start : start + SNIPPET_CHARS * 2]
    marks = sorted(_spans(folded_window, words))
    out, at = Markup(), 0
    for begin, end in marks:
        if begin < at:
            continue
        out += escape(window[at:begin]) + Markup("<mark>") + escape(window[begin:end]) + Markup("</mark>")
        at = end
    out += escape(window[at:])
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS * 2 < len(flat) else ""
    return Markup(prefix) + out + Markup(suffix)


def _spans(window: str, words: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        at = window.find(word) if word else -1
        while at >= 0:
            spans.append((at, at + len(word)))
            at = window.find(word, at + len(word))
    return spans
