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
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Select, case, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from xxgk.disclosure import frequent
from xxgk.disclosure.content import ItemContent
from xxgk.disclosure.tokens import Term, chunks, grams, normalize, query_terms
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
    """`approximate`: the facet counts were scaled up from a sample (a word most items hold);
    `total_approximate`: so was the total (a filtered one; the unfiltered total is always exact)."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # facet → (value, label, count)
    approximate: bool = False
    total_approximate: bool = False


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


BATCH = 500  # items per executemany: large enough to amortise the round trips, small in memory


def index_item(session: Session, item: DisclosureItem, content: ItemContent) -> None:
    """Put the item's published content in the index, replacing what it held before."""
    index_items(session, [(item, content)])


def index_items(session: Session, published: Sequence[tuple[DisclosureItem, ItemContent]]) -> None:
    """Put many items' published content in the index, replacing what they held before.

    Core statements in batches (one executemany of entries and one of chunks per BATCH items)
    rather than ORM objects or a statement per item: the index is written at publication, import
    and reindex, and read by SQL only; the unit of work and the round trips were most of the time."""
    for first in range(0, len(published), BATCH):
        batch = published[first : first + BATCH]
        _unindex_all(session, [item.id for item, _ in batch])
        entries, rows = [], []
        for item, content in batch:
            entry, chunk_rows = _index_rows(session, item, content)
            entries.append(entry)
            rows += chunk_rows
        session.execute(insert(SearchEntry), entries)
        session.execute(insert(SearchChunk), rows)


def _index_rows(
    session: Session, item: DisclosureItem, content: ItemContent
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """The item's entry row and its chunk rows (the title first, then the text's chunks)."""
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
    pieces = [content.title, *chunks(body)]
    rows: list[dict[str, object]] = [
        {"id": item.id * 1000 + n, "item_id": item.id, "grams": grams(p)} for n, p in enumerate(pieces)
    ]
    return entry, rows


def unindex(session: Session, item_id: int) -> None:
    """Take the item out of the index (withdrawn, or about to be indexed afresh)."""
    _unindex_all(session, [item_id])


def _unindex_all(session: Session, item_ids: Sequence[int]) -> None:
    quiet = {"synchronize_session": False}
    session.execute(delete(SearchChunk).where(SearchChunk.item_id.in_(item_ids)).execution_options(**quiet))
    session.execute(delete(SearchEntry).where(SearchEntry.item_id.in_(item_ids)).execution_options(**quiet))


def reindex_all(session: Session) -> int:
    """Index every published item afresh (after an upgrade, or a restore); how many.
    Items and their shown versions are read in one join and written in batches."""
    session.execute(delete(SearchChunk))
    session.execute(delete(SearchEntry))
    shown = session.execute(
        select(DisclosureItem, DisclosureVersion.content)
        .join(DisclosureVersion, DisclosureVersion.id == DisclosureItem.published_version_id)
        .where(DisclosureItem.state == "published")
    ).all()
    index_items(session, [(item, ItemContent.from_json(content)) for item, content in shown])
    return len(shown)


# ---------------------------------------------------------------- searching


def _matching_items(session: Session, term: Term) -> Select[int]:
    """Ids of the entries that hold the term (the ids straight from the full-text index: on SQLite
    a chunk's rowid is its item's id × 1000 + its number, so no join through the chunks)."""
    if not term.parts:
        return select(SearchEntry.item_id).where(SearchEntry.text.ilike(f"%{term.text}%"))
    found = frequent.item_ids(session, term)
    if term.exact:
        return select(SearchEntry.item_id).where(
            SearchEntry.item_id.in_(found), SearchEntry.text.ilike(f"%{term.text}%")
        )
    return found


def _published_matches(session: Session, terms: Sequence[Term]) -> Select[int]:
    """The ids of the published entries holding every term, as a query the database runs: the
    matches of a common word (补贴, in two items of three) never come into Python whole."""
    return _published_among(session, [_matching_items(session, term) for term in terms])


def _published_among(session: Session, id_sets: Sequence[Select[Any]]) -> Select[int]:
    """The published entries whose ids are in every one of `id_sets`."""
    query = (
        select(SearchEntry.item_id)
        .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
        .where(DisclosureItem.state == "published")
    )
    for ids in id_sets:
        query = query.where(SearchEntry.item_id.in_(ids))
    return query


def matching_ids(session: Session, query: str) -> set[int]:
    """The ids of the published items holding every word of `query` (for measuring recall)."""
    return set(session.scalars(_published_matches(session, query_terms(query))))


def _columns() -> dict[str, Any]:
    """Each filter and facet as the column it reads."""
    return {
        "agency": SearchEntry.agency_id,
        "topic": SearchEntry.topic,
        "genre": SearchEntry.genre,
        "year": SearchEntry.year,
        "column": SearchEntry.column,
        "validity": DisclosureItem.validity,
    }


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


def _narrowed(query: Select[Any], wanted: dict[str, object], names: Sequence[str] = ()) -> Select[Any]:
    """The query under the wanted filters, except those on `names`."""
    columns = _columns()
    for name, value in wanted.items():
        if name not in names:
            query = query.where(columns[name] == value)
    return query


def _combinations(
    session: Session, matches: Select[int], wanted: dict[str, object], names: Sequence[str]
) -> list[tuple[dict[str, object], int]]:
    """How many matches each combination of the facets' values has, in one GROUP BY: the rows
    returned are bounded by the combinations (agencies × topics × years × 有效性), not by the
    matches, and the total and every facet are summed from them."""
    columns = _columns()
    grouped = [columns[name] for name in names]
    query = _narrowed(matches.with_only_columns(*grouped, func.count()), wanted, names).group_by(*grouped)
    return [(dict(zip(names, row[:-1], strict=True)), row[-1]) for row in session.execute(query)]


def facet_counts(
    session: Session, combos: Sequence[tuple[dict[str, object], int]], filters: Filters, names: Sequence[str]
) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet, its values and how many entries each has under the other filters."""
    wanted = {name: value for name, value in _wanted(filters).items() if name in names}
    counted: dict[str, list[tuple[str, str, int]]] = {}
    for name in names:
        tally: Counter[object] = Counter()
        for values, count in combos:
            if all(values[other] == value for other, value in wanted.items() if other != name):
                tally[values[name]] += count
        ordered = sorted(tally.items(), key=lambda pair: (-pair[1], str(pair[0])))
        counted[name] = [(str(value), str(value), count) for value, count in ordered if value not in (None, "")]
    if "agency" in counted:
        names_by_id = dict(session.execute(select(Agency.id, Agency.name)).all())
        counted["agency"] = [(v, names_by_id.get(int(v), v), n) for v, _, n in counted["agency"]]
    return counted


def _page(session: Session, terms: Sequence[Term], wanted: dict[str, object], limit: int, offset: int) -> list[int]:
    """The ids of one page, ordered and cut by the database: the title's matches first, then
    newest first."""
    in_title = [case((SearchEntry.title.icontains(t.text, autoescape=True), 1), else_=0) for t in terms]
    ranked = sum(in_title, literal(0))
    query = _narrowed(_published_matches(session, terms), wanted)
    query = query.order_by(ranked.desc(), SearchEntry.published_on.desc(), SearchEntry.item_id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))


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
    matches first, then newest first; with the total, facet counts and marked snippets. Two
    queries for most words: one GROUP BY for the exact total and the facets, one ORDER BY … LIMIT
    for the page; a one-word query is first surveyed in one pass over the index (`frequent`), and
    a word more than `frequent.SAMPLE_AT` items hold is counted exactly there, its page the
    survey's title matches then a walk newest first, its facets sampled. Only the page's entries
    are loaded."""
    terms = query_terms(query)
    wanted = _wanted(filters)
    names = tuple(facets)
    if frequent.applies(terms):
        shape = frequent.Shape(
            {name: _columns()[name] for name in names},
            lambda query: _narrowed(query, wanted, names),
            lambda query: _narrowed(query, wanted),
            "validity" in wanted,
            any(name not in names for name in wanted),
            limit,
            offset,
        )
        surveyed = frequent.survey(session, terms[0], shape)
        if surveyed.every > frequent.SAMPLE_AT:
            return _frequent(session, terms, surveyed, shape, wanted, filters, names)
        combos = surveyed.combos  # up to SAMPLE_AT matches the sample is every match: exact
    else:
        combos = _combinations(session, _published_matches(session, terms), wanted, names)
    total = sum(count for values, count in combos if _passes(values, wanted, names))
    page = _page(session, terms, wanted, limit, offset)
    return Results(total, _hits(session, page, terms), facet_counts(session, combos, filters, names))


def _frequent(
    session: Session,
    terms: Sequence[Term],
    surveyed: frequent.Survey,
    shape: frequent.Shape,
    wanted: dict[str, object],
    filters: Filters,
    names: Sequence[str],
) -> Results:
    """A word more than SAMPLE_AT items hold: the page walked newest first, the facets (and a
    filtered total) scaled up from the survey's deterministic sample (`frequent`)."""
    combos = surveyed.combos
    # filters applied in SQL (not on a facet): the sample's size counted apart
    sampled = surveyed.sampled if shape.sample_size else sum(count for _, count in combos)
    scale = surveyed.every / max(sampled, 1)
    counted = facet_counts(session, combos, filters, names)
    facets = {name: [(v, label, round(n * scale)) for v, label, n in values] for name, values in counted.items()}
    narrowed = bool(wanted)
    total = surveyed.every
    if narrowed:
        total = round(sum(n for values, n in combos if _passes(values, wanted, names)) * scale)
    page = frequent.rest_of_page(session, terms[0], shape, surveyed)
    return Results(total, _hits(session, page, terms), facets, approximate=True, total_approximate=narrowed)


def _hits(session: Session, page: Sequence[int], terms: Sequence[Term]) -> list[Hit]:
    """The page's entries loaded (only those), in the page's order, with their snippets."""
    loaded = {
        entry.item_id: (entry, item)
        for entry, item in session.execute(
            select(SearchEntry, DisclosureItem)
            .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
            .where(SearchEntry.item_id.in_(page), DisclosureItem.state == "published")
        ).all()
    }
    words = [t.text for t in terms]
    return [Hit(loaded[i][1], loaded[i][0], snippet(loaded[i][0].text, words)) for i in page if i in loaded]


def _passes(values: dict[str, object], wanted: dict[str, object], names: Sequence[str]) -> bool:
    """Whether a combination passes the filters on the facets (the others were applied in SQL)."""
    return all(values[name] == value for name, value in wanted.items() if name in names)


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
