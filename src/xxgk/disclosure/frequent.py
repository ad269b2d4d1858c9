"""A word most items hold (补贴 in two items of three): its first page without sorting its matches.

Counting and sorting every match is what made such a word slow (68,000 of 100,000 items: the
page p95 was over a second on SQLite). For a word with more than `SAMPLE_AT` matches:

- the page is found by walking the entries newest first (index `ix_disclosure_search_newest`,
  migration p0002) and testing each against the full-text index, stopping when the page is full:
  with two items in three matching, 20 hits need about 30 entries. The title's matches, which
  come first, are few (the title chunks, `rowid % 1000 = 0`) and are ordered among themselves;
- the facets are counted on a deterministic sample of about `SAMPLE_AT` matches (those whose id
  hashes below a threshold, the same sample on every request) and scaled up; the page marks
  them 约 N. The unfiltered total stays exact (one count over the index).

Only one-word queries take this path: several words intersect to fewer items, and the exact
path ranks items by how many of the words their titles hold, which a single walk cannot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, literal_column, select, table
from sqlalchemy.orm import Session

from xxgk.disclosure.tokens import Term, fts5_query, tsquery
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.disclosure_public import SearchChunk, SearchEntry

SAMPLE_AT = 3000  # more matches than this: sampled facets and the walked page
HASH_SPACE = 4096
FTS = table("disclosure_search_fts")  # SQLite's FTS5 table (migration p0001), known to SQL only
HASH_FACTOR = 2531  # odd, about HASH_SPACE / φ (Knuth's multiplicative hash): ids spread evenly


def applies(terms: Sequence[Term]) -> bool:
    """Whether the query may take this path: one word the index alone answers (no LIKE check)."""
    return len(terms) == 1 and bool(terms[0].parts) and not terms[0].exact


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def item_ids(session: Session, term: Term, *, titles: bool = False, share: int | None = None) -> Select[Any]:
    """The ids of the items whose chunks hold the term, straight from the full-text index; only
    title chunks (`titles`), or only the sample whose hash falls below `share` of HASH_SPACE."""
    if _sqlite(session):
        item: ColumnElement[Any] = literal_column("rowid / 1000")
        query = (
            select(item.label("item_id"))
            .select_from(FTS)
            .where(literal_column("disclosure_search_fts").op("MATCH")(fts5_query(term)))
        )
        if titles:
            query = query.where(literal_column("rowid % 1000") == 0)
    else:
        item = SearchChunk.__table__.c.item_id
        query = select(item).where(_vector_holds(term))
        if titles:
            query = query.where(SearchChunk.id % 1000 == 0)
    if share is not None:
        # the id reduced first: (id % 4096) × 2531 stays far inside PostgreSQL's 32-bit integer
        query = query.where(((item % HASH_SPACE) * HASH_FACTOR) % HASH_SPACE < share)
    return query


def exact_total(session: Session, term: Term) -> int:
    """How many items hold the term (the index holds published items only), counted exactly."""
    found = item_ids(session, term).subquery()
    return session.scalar(select(func.count(func.distinct(found.c.item_id)))) or 0


def sample_share(total: int) -> int:
    """The hash threshold that keeps about SAMPLE_AT of `total` matches."""
    return max(1, min(HASH_SPACE, HASH_SPACE * SAMPLE_AT // max(total, 1)))


def _holds(session: Session, term: Term) -> Any:
    """A test of one entry against the index (correlated: the walk asks it row by row)."""
    if _sqlite(session):
        rowid: ColumnElement[Any] = literal_column("disclosure_search_fts.rowid")
        return exists(
            select(literal_column("1"))
            .select_from(FTS)
            .where(
                literal_column("disclosure_search_fts").op("MATCH")(fts5_query(term)),
                rowid >= SearchEntry.item_id * 1000,
                rowid < SearchEntry.item_id * 1000 + 1000,
            )
        )
    return exists(select(SearchChunk.id).where(SearchChunk.item_id == SearchEntry.item_id, _vector_holds(term)))


def _vector_holds(term: Term) -> ColumnElement[bool]:
    """PostgreSQL: whether a chunk's stored tsvector (migration p0003, GIN-indexed) holds the term."""
    vector: ColumnElement[Any] = literal_column("disclosure_search_chunks.vector")
    return vector.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(term)))


def page(session: Session, term: Term, narrowed: Any, by_item: bool, limit: int, offset: int) -> list[int]:
    """One page of ids: the title's matches first, then the others, each newest first; `narrowed`
    puts a query of entries under the filters, `by_item` when one reads the item (有效性).

    The entries alone are walked (the index holds published items only; the page's items are
    loaded and checked as published afterwards): joining the items would let SQLite drive the
    walk from their table and sort everything, as the plan showed."""
    base = select(SearchEntry.item_id)
    if by_item:
        base = base.join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
    base = narrowed(base)
    newest = (SearchEntry.published_on.desc(), SearchEntry.item_id.desc())
    titles = item_ids(session, term, titles=True)
    in_title = base.where(SearchEntry.item_id.in_(titles))
    # the title's page and how many titles match in one pass over the index (a window count)
    rows = session.execute(
        in_title.add_columns(func.count().over()).order_by(*newest).limit(limit).offset(offset)
    ).all()
    ids: list[int] = [row[0] for row in rows]
    counted = select(func.count()).select_from(in_title.subquery())
    titled = rows[0][1] if rows else session.scalar(counted) or 0
    if len(ids) < limit:
        rest = base.where(SearchEntry.item_id.not_in(titles), _holds(session, term)).order_by(*newest)
        ids += session.scalars(rest.limit(limit - len(ids)).offset(max(0, offset - titled)))
    return ids
