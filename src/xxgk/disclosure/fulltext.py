"""Full-text search of the published catalogue, in Chinese, on SQLite and PostgreSQL alike.

An item enters the index when it is published (its title, 内容概述, 文号, body and the
text read from its attachments when they were attached) and leaves it when withdrawn;
`workflow` calls `index_item` and `unindex`. The text is cut into chunks of bigram tokens
(`xxgk.disclosure.tokens`); SQLite's FTS5 or PostgreSQL's GIN index finds the chunks,
LIKE confirms what the index cannot keep adjacent. Results come with facets (机构,
主题分类, 年份, 有效性) and snippets with the words marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, Select, delete, func, literal_column, select, text
from sqlalchemy.orm import Session

from xxgk.disclosure.content import ItemContent
from xxgk.disclosure.tokens import Term, chunks, fts5_query, grams, normalize, query_terms, tsquery
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
    """What the search reads of a version: its metadata, body and its attachments' text."""
    texts = [content.title, content.summary, content.doc_number, content.issuer, content.body]
    for ref in content.attachments:
        stored = session.get(DisclosureAttachment, ref.id)
        texts += [ref.filename, stored.text if stored else ""]
    return "\n".join(t for t in texts if t)


def index_item(session: Session, item: DisclosureItem, content: ItemContent) -> None:
    """Put the item's published content in the index, replacing what it held before."""
    unindex(session, item.id)
    assert item.published_on is not None
    body = index_text(session, content)
    session.add(
        SearchEntry(
            item_id=item.id,
            agency_id=item.agency_id,
            title=content.title,
            doc_number=content.doc_number,
            text=body,
            topic=content.topic,
            genre=content.genre,
            column=content.column,
            year=item.published_on.year,
            published_on=item.published_on,
        )
    )
    session.flush()
    pieces = [content.title, *chunks(body)]
    session.add_all(SearchChunk(id=item.id * 1000 + n, item_id=item.id, grams=grams(p)) for n, p in enumerate(pieces))
    session.flush()


def unindex(session: Session, item_id: int) -> None:
    """Take the item out of the index (withdrawn, or about to be indexed afresh)."""
    session.execute(delete(SearchChunk).where(SearchChunk.item_id == item_id))
    session.execute(delete(SearchEntry).where(SearchEntry.item_id == item_id))


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


def _narrowed(session: Session, terms: Sequence[Term], filters: Filters, skip: str | None = None) -> Select[int]:
    """The ids of the published entries matching every term and every filter but `skip`."""
    query = select(SearchEntry.item_id).join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
    query = query.where(DisclosureItem.state == "published")
    for term in terms:
        query = query.where(SearchEntry.item_id.in_(_matching_items(session, term)))
    conditions = {
        "agency": (filters.agency_id, SearchEntry.agency_id),
        "topic": (filters.topic, SearchEntry.topic),
        "genre": (filters.genre, SearchEntry.genre),
        "year": (filters.year, SearchEntry.year),
        "column": (filters.column, SearchEntry.column),
        "validity": (filters.validity, DisclosureItem.validity),
    }
    for name, (value, column) in conditions.items():
        if value is not None and name != skip:
            query = query.where(column == value)
    return query


def facet_counts(
    session: Session, terms: Sequence[Term], filters: Filters, names: Sequence[str]
) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet, its values and how many entries each has under the other filters."""
    columns = {
        "agency": SearchEntry.agency_id,
        "topic": SearchEntry.topic,
        "genre": SearchEntry.genre,
        "year": SearchEntry.year,
        "column": SearchEntry.column,
        "validity": DisclosureItem.validity,
    }
    counted: dict[str, list[tuple[str, str, int]]] = {}
    for name in names:
        column = columns[name]
        ids = _narrowed(session, terms, filters, skip=name)
        rows = session.execute(
            select(column, func.count())
            .select_from(SearchEntry)
            .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
            .where(SearchEntry.item_id.in_(ids))
            .group_by(column)
            .order_by(func.count().desc(), column)
        ).all()
        counted[name] = [(str(value), str(value), count) for value, count in rows if value not in (None, "")]
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
    """Published items holding every word of `query` (all of them when it is empty), newest first,
    the title's matches ahead; with facet counts and marked snippets."""
    terms = query_terms(query)
    ids = _narrowed(session, terms, filters)
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    in_title = [SearchEntry.title.ilike(f"%{t.text}%") for t in terms]
    order: list[ColumnElement[Any]] = [c.desc() for c in in_title]
    order += [SearchEntry.published_on.desc(), SearchEntry.item_id.desc()]
    rows = session.execute(
        select(SearchEntry, DisclosureItem)
        .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
        .where(SearchEntry.item_id.in_(ids))
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    ).all()
    hits = [Hit(item, entry, snippet(entry.text, [t.text for t in terms])) for entry, item in rows]
    return Results(total, hits, facet_counts(session, terms, filters, facets))


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
