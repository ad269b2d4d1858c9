"""A word most items hold (补贴 in two items of three): its first page without sorting its matches.

Counting and sorting every match is what made such a word slow (68,000 of 100,000 items: the
page p95 was over a second on SQLite). A one-word query is first surveyed (`survey`): the exact
total, the facets' sample, the title matches' count and their page. On PostgreSQL one statement
reads the word's matches from the GIN index once (materialized CTEs): reading them three times
(total, sample, titles), each a pass over the chunks' heap, was most of a common word's page. On
SQLite each is its own statement, as FTS5 rereads a doclist faster than SQLite keeps it. For a
word with more than `SAMPLE_AT` matches:

- the page is the title's matches (few: the title chunks, `rowid % 1000 = 0`) newest first,
  then, when they run out, a walk of the entries newest first (index
  `ix_disclosure_search_newest`, migration p0002), each tested against the full-text index,
  stopping when the page is full: with two items in three matching, 20 hits need about 30;
- the facets are counted on a deterministic sample of about `SAMPLE_AT` matches (those whose id
  hashes below a threshold, the same sample on every request) and scaled up; the page marks
  them 约 N. The unfiltered total stays exact.

Only one-word queries take this path: several words intersect to fewer items, and the exact
path ranks items by how many of the words their titles hold, which a single walk cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Integer,
    Select,
    case,
    cast,
    exists,
    func,
    literal_column,
    null,
    select,
    table,
    union_all,
)
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


def item_ids(session: Session, term: Term) -> Select[Any]:
    """The ids of the items whose chunks hold the term, straight from the full-text index."""
    if _sqlite(session):
        item: ColumnElement[Any] = literal_column("rowid / 1000")
        query = (
            select(item.label("item_id"))
            .select_from(FTS)
            .where(literal_column("disclosure_search_fts").op("MATCH")(fts5_query(term)))
        )
    else:
        item = SearchChunk.__table__.c.item_id
        query = select(item).where(_vector_holds(term))
    return query


def _holds(session: Session, term: Term, first: int, last: int) -> Any:
    """A test of one entry's chunks numbered `first` to `last` - 1 against the index (correlated: the
    walk asks it row by row, each a range of chunk ids: item id × 1000 + number)."""
    low, high = SearchEntry.item_id * 1000 + first, SearchEntry.item_id * 1000 + last
    if _sqlite(session):
        rowid: ColumnElement[Any] = literal_column("disclosure_search_fts.rowid")
        return exists(
            select(literal_column("1"))
            .select_from(FTS)
            .where(literal_column("disclosure_search_fts").op("MATCH")(fts5_query(term)), rowid >= low, rowid < high)
        )
    return exists(select(SearchChunk.id).where(SearchChunk.id >= low, SearchChunk.id < high, _vector_holds(term)))


def _vector_holds(term: Term) -> ColumnElement[bool]:
    """PostgreSQL: whether a chunk's stored tsvector (migration p0003, GIN-indexed) holds the term."""
    vector: ColumnElement[Any] = literal_column("disclosure_search_chunks.vector")
    return vector.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(term)))


@dataclass(frozen=True, slots=True)
class Shape:
    """What a survey groups and filters by (the search's choice, passed in: `fulltext` owns the
    columns): the facets' columns by name, the filters on the combinations (`among`) and on the
    page (`narrowed`), and whether the page's filters read the item (有效性)."""

    facets: dict[str, ColumnElement[Any]]
    among: Callable[[Select[Any]], Select[Any]]
    narrowed: Callable[[Select[Any]], Select[Any]]
    by_item: bool
    sample_size: bool  # whether the sample's size is wanted apart (filters on no facet)
    limit: int
    offset: int


@dataclass
class Survey:
    """A one-word query's figures: `every` item holding it (exact),
    the sample's combinations of facet values and its size, how many titles hold it under the
    page's filters, and the ids of the page's title matches (newest first)."""

    every: int = 0
    sampled: int = 0
    combos: list[tuple[dict[str, object], int]] = field(default_factory=list)
    titled: int = 0
    title_ids: list[int] = field(default_factory=list)


TOTAL, COMBO, SAMPLED, TITLED, TITLE = range(5)  # the parts of the survey's rows


def survey(session: Session, term: Term, shape: Shape) -> Survey:
    """The exact total, the facets' sample (for a word fewer than SAMPLE_AT items hold: every
    match), and past SAMPLE_AT the titles' count and the title page."""
    return _survey_in_parts(session, term, shape) if _sqlite(session) else _survey_at_once(session, term, shape)


def _bucket(item: ColumnElement[Any]) -> ColumnElement[Any]:
    """The item's place in the sample's hash space (the id reduced first: (id % 4096) × 2531 stays
    far inside PostgreSQL's 32-bit integer)."""
    return ((item % HASH_SPACE) * HASH_FACTOR) % HASH_SPACE


def _survey_in_parts(session: Session, term: Term, shape: Shape) -> Survey:
    """SQLite: each figure in its own statement, each reading the word's doclist from FTS5 again,
    which costs less than keeping the matches (补贴 at 100,000 items: 8 ms to read its 70,000
    chunks, 80 ms to group them by item in a CTE: the page took 78 ms of CPU in one statement,
    46 ms in parts)."""
    ids = item_ids(session, term).subquery()
    found = Survey(every=session.scalar(select(func.count(func.distinct(ids.c.item_id)))) or 0)
    share = sample_share(found.every)
    sampled = select(ids.c.item_id).distinct()
    sample = (sampled.where(_bucket(ids.c.item_id) < share) if share < HASH_SPACE else sampled).cte("sample")
    rows = session.execute(_sample_combos(sample, shape, cast(null(), Integer)))
    found.combos = [(dict(zip(shape.facets, values, strict=True)), n) for _, _, *values, n in rows]
    if found.every <= SAMPLE_AT:
        return found
    if shape.sample_size:
        found.sampled = session.scalar(select(func.count()).select_from(sample)) or 0
    rowid: ColumnElement[Any] = literal_column("rowid")
    title_ids = (
        select(rowid.op("/")(1000))
        .select_from(FTS)
        .where(literal_column("disclosure_search_fts").op("MATCH")(fts5_query(term)), rowid % 1000 == 0)
    )
    titles = _titles(SearchEntry.item_id.in_(title_ids), shape)
    # the title's page and how many titles match in one pass over the index (a window count)
    page = session.execute(
        titles.add_columns(func.count().over()).order_by(*NEWEST).limit(shape.limit).offset(shape.offset)
    ).all()
    found.title_ids = [row[0] for row in page]
    found.titled = page[0][1] if page else session.scalar(select(func.count()).select_from(titles.subquery())) or 0
    return found


def sample_share(total: int) -> int:
    """The hash threshold that keeps about SAMPLE_AT of `total` matches (`_share` in SQL)."""
    return max(1, min(HASH_SPACE, HASH_SPACE * SAMPLE_AT // max(total, 1)))


def _titles(among_titles: ColumnElement[bool], shape: Shape) -> Select[Any]:
    """The entries whose titles hold the word, under the page's filters."""
    titles = select(SearchEntry.item_id).where(among_titles)
    if shape.by_item:
        titles = titles.join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
    return shape.narrowed(titles)


def _survey_at_once(session: Session, term: Term, shape: Shape) -> Survey:
    """PostgreSQL: every figure in one statement, over the matches read once from the index
    (materialized CTEs): a common word's ~70,000 chunks were read three times (total, sample,
    titles), each a pass over the chunks' 194 MB heap."""
    matched = _matched(session, term)
    counted = select(func.count().label("every"), _share(func.count()).label("share")).select_from(matched)
    totals = counted.cte("counted").prefix_with("MATERIALIZED")
    bucket = _bucket(matched.c.item_id)
    # `bucket >= 0` (always true) makes a range with `< share`, which PostgreSQL estimates at 0.5 %
    # rather than a third: the planner then looks the ~3,000 sampled items up by key instead of
    # hashing all 100,000 items (90 -> ~30 ms)
    share = select(totals.c.share).scalar_subquery()
    in_sample = select(matched.c.item_id).distinct().where(bucket >= 0, bucket < share)
    sample = in_sample.cte("sample").prefix_with("MATERIALIZED")
    blanks = [cast(null(), column.type) for column in shape.facets.values()]  # typed: PostgreSQL's UNION
    no_item = cast(null(), Integer)
    titled = select(matched.c.item_id).where(matched.c.titled == 1)
    titles = _titles(SearchEntry.item_id.in_(titled), shape)
    title_page = (
        titles.add_columns(func.row_number().over(order_by=NEWEST).label("n"))
        .order_by(*NEWEST)
        .limit(shape.limit)
        .offset(shape.offset)
        .subquery()
    )
    parts = union_all(
        select(_part(TOTAL), no_item, *blanks, totals.c.every),
        _sample_combos(sample, shape, no_item),
        select(_part(SAMPLED), no_item, *blanks, func.count()).select_from(sample),
        select(_part(TITLED), no_item, *blanks, func.count()).select_from(titles.subquery()),
        select(_part(TITLE), title_page.c.item_id, *blanks, title_page.c.n),
    )
    return _surveyed(session, parts, list(shape.facets))


def _part(part: int) -> ColumnElement[Any]:
    return literal_column(str(part)).label("part")


def _sample_combos(sample: CTE, shape: Shape, no_item: ColumnElement[Any]) -> Select[Any]:
    """How many of the sample's published items each combination of the facets' values has."""
    published = (
        select(_part(COMBO), no_item, *shape.facets.values(), func.count())
        .select_from(sample)
        .join(SearchEntry, SearchEntry.item_id == sample.c.item_id)
        .join(DisclosureItem, DisclosureItem.id == sample.c.item_id)
        .where(DisclosureItem.state == "published")
    )
    return shape.among(published).group_by(*shape.facets.values())


# PostgreSQL's planner settings for the survey's statement: the planner costs the chunks' seq scan
# (testing each row's vector) and the GIN bitmap scan about the same, but the scan detoasts every
# vector it tests (568 ms for 补贴 at 100,000 items, against 162 ms for the bitmap, which needs no
# vector for a one-bigram word); and with seq scans priced out, a table only a seq scan can read
# would look costly enough to compile (JIT: 50-300 ms seen) a statement of a few hundred ms.
PLANNER = {"enable_seqscan": "off", "jit": "off"}


def _surveyed(session: Session, parts: Any, names: Sequence[str]) -> Survey:
    """PostgreSQL: the survey's rows, read back by their part, under `PLANNER` for that statement
    only (the settings put back after it; a failed statement rolls them back with it)."""
    before = session.execute(select(*[func.current_setting(name) for name in PLANNER])).one()
    session.execute(select(*[func.set_config(name, value, True) for name, value in PLANNER.items()]))
    rows = session.execute(parts).all()
    session.execute(select(*[func.set_config(name, value, True) for name, value in zip(PLANNER, before, strict=True)]))
    found = Survey()
    titled_rows: list[tuple[int, int]] = []
    for part, item_id, *values, n in rows:
        if part == TOTAL:
            found.every = n
        elif part == COMBO:
            found.combos.append((dict(zip(names, values, strict=True)), n))
        elif part == SAMPLED:
            found.sampled = n
        elif part == TITLED:
            found.titled = n
        else:
            titled_rows.append((n, item_id))
    found.title_ids = [item_id for _, item_id in sorted(titled_rows)]
    return found


NEWEST = (SearchEntry.published_on.desc(), SearchEntry.item_id.desc())


def _matched(session: Session, term: Term) -> CTE:
    """PostgreSQL: each item whose chunks hold the term, once, with whether its title chunk does."""
    columns = SearchChunk.__table__.c
    titled = case((columns.id % 1000 == 0, 1), else_=0).label("titled")
    found = select(columns.item_id, titled).where(_vector_holds(term)).subquery()
    grouped = select(found.c.item_id, func.max(found.c.titled).label("titled")).group_by(found.c.item_id)
    return grouped.cte("matched").prefix_with("MATERIALIZED")


def _share(every: ColumnElement[Any]) -> ColumnElement[Any]:
    """The hash threshold that keeps about SAMPLE_AT of `every` matches (all of them up to SAMPLE_AT),
    in SQL, of the total counted in the same statement (integer division on both databases)."""
    whole = SAMPLE_AT * HASH_SPACE
    return case((every <= SAMPLE_AT, HASH_SPACE), (every > whole, 1), else_=literal_column(str(whole)).op("/")(every))


def rest_of_page(session: Session, term: Term, shape: Shape, found: Survey) -> list[int]:
    """The page: the survey's title matches, then (when they run out) the other matches, newest
    first, found by walking the entries and testing each against the index.

    The entries alone are walked (the index holds published items only; the page's items are
    loaded and checked as published afterwards): joining the items would let SQLite drive the
    walk from their table and sort everything, as the plan showed."""
    ids = list(found.title_ids)
    if len(ids) >= shape.limit:
        return ids
    base = select(SearchEntry.item_id)
    if shape.by_item:
        base = base.join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
    # not a title match (those were the survey's) but a match in the body; a NOT IN over the title
    # matches read them all from the index again (860 ms for 补贴 on PostgreSQL at 100,000)
    others = shape.narrowed(base).where(~_holds(session, term, 0, 1), _holds(session, term, 1, 1000))
    rest = others.order_by(*NEWEST)
    ids += session.scalars(rest.limit(shape.limit - len(ids)).offset(max(0, shape.offset - found.titled)))
    return ids
