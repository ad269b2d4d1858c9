"""Chinese full-text search of the catalogue: recall on a query set with known hits, p95 latency, index rate.

    .venv/bin/python benchmarks/search.py [--items 100000] [--pg URL] [--no-alternatives] [--db FILE]

`--db FILE` keeps the SQLite database of xxgk's index in FILE: built (and its index rate
printed) when FILE is missing, reused as it is when present, so two versions of the search
code can be timed on the same index and machine state; `--keep` does the same for the
PostgreSQL database (not wiped after, reused when it holds `--items` items).

Each timing line gives the wall-clock p50/p95 and this process's CPU time p95 (on SQLite the
whole query's; on PostgreSQL the server's work is not in it): on a shared machine the wall
clock is mostly waiting for a core. The search page is also timed per kind of query: planted
rare words, the two common words (68 % of the items), natural phrases, and substrings
pasted across words.

Generates `--items` published items (title, body and an "attachment" paragraph of
government Chinese, ten agencies, five years, four topics; seed fixed) and a query set
whose expected hits are every item holding the query as a substring: what a citizen
expects. Then, on SQLite (a temporary file) and on PostgreSQL (`--pg`, or
$XXGK_TEST_POSTGRES_URL; the database is wiped):

- xxgk: the real index (`xxgk.disclosure.fulltext.index_item`, bigram tokens, FTS5 on
  SQLite, GIN on PostgreSQL) → items indexed per second; `fulltext.search` as the search
  page calls it (first 20 hits, the total and four facets) → p50/p95 per query; recall;
- the alternatives on the same texts: SQLite FTS5 with the trigram tokenizer (LIKE for
  queries under three characters, which trigrams cannot index), SQLite FTS5 over jieba's
  search-mode words, and PostgreSQL pg_trgm (GIN, ILIKE). Their latency is the id lookup
  alone (no facets), so it flatters them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from search_corpus import CROSSING, GENRES, NATURAL, PLANTED, QUERIES, TOPICS, corpus, expected_hits
from sqlalchemy import Engine, create_engine, func, insert, select, text

from xxgk.disclosure import fulltext
from xxgk.disclosure.content import ItemContent
from xxgk.disclosure.tokens import normalize
from xxgk.store.agencies import Agency
from xxgk.store.database import Database, open_database
from xxgk.store.disclosure import DisclosureItem


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def recall(found: dict[str, set[int]], expected: dict[str, set[int]], queries: Sequence[str] = QUERIES) -> float:
    """Mean over queries of the share of expected items found (a query with no expected hit counts 1)."""
    shares = [len(found[q] & expected[q]) / len(expected[q]) if expected[q] else 1.0 for q in queries]
    return statistics.mean(shares)


CPU_TIMES: list[float] = []  # this process's CPU time per query of the last `latencies` (load-independent)
KINDS = {
    "planted": tuple(q for q, _ in PLANTED),
    "common": ("补贴", "公示"),
    "natural": NATURAL[2:],
    "crossing": CROSSING,
}


def latencies(run: Callable[[str], object], rounds: int = 3, queries: Sequence[str] = QUERIES) -> list[float]:
    for query in queries:  # warm the caches once
        run(query)
    timings = []
    CPU_TIMES.clear()
    for _ in range(rounds):
        for query in queries:
            start, cpu = time.perf_counter(), time.process_time()
            run(query)
            timings.append(time.perf_counter() - start)
            CPU_TIMES.append(time.process_time() - cpu)
    return timings


def report(name: str, timings: list[float], score: float, rate: float | None) -> None:
    p50, p95 = percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000
    cpu = percentile(CPU_TIMES, 0.95) * 1000 if len(CPU_TIMES) == len(timings) else float("nan")
    indexed = f"{rate:8.0f} items/s" if rate else " " * 14
    print(
        f"  {name:34} recall {score:6.1%}   p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   "
        f"(client CPU p95 {cpu:6.1f} ms)   index {indexed}"
    )


# ---------------------------------------------------------------- xxgk's own index


def load_items(db: Database, docs: Sequence[tuple[int, str, str, str]]) -> None:
    """Ten agencies and the items as published catalogue rows (bulk insert: not what is measured)."""
    with db.sessions.begin() as session:
        agencies = [Agency(name=f"某市第{n}局", key=f"bench-{n}") for n in range(10)]
        session.add_all(agencies)
        session.flush()
        ids = [a.id for a in agencies]
        rows = []
        for i, title, _, _ in docs:
            year = 2022 + i % 5
            rows.append(
                {
                    "id": i,
                    "agency_id": ids[i % 10],
                    "index_number": f"11210100MB0000000P/{year}-{i:06d}",
                    "state": "published",
                    "title": title,
                    "doc_kind": "其他文件",
                    "published_on": date(year, 1 + i % 12, 1 + i % 28),
                    "validity": "现行有效" if i % 7 else "已废止",
                    "imported": False,
                    "created_by": "bench",
                }
            )
        for start in range(0, len(rows), 5000):
            session.execute(insert(DisclosureItem), rows[start : start + 5000])


def index_xxgk(db: Database, docs: Sequence[tuple[int, str, str, str]]) -> float:
    """Index every item through `fulltext.index_items`, 1,000 per transaction; items per second."""
    start = time.perf_counter()
    for first in range(0, len(docs), 1000):
        with db.sessions.begin() as session:
            items = {
                item.id: item
                for item in session.scalars(
                    select(DisclosureItem).where(DisclosureItem.id.in_([d[0] for d in docs[first : first + 1000]]))
                )
            }
            batch = [
                (
                    items[i],
                    ItemContent(
                        title=title,
                        issuer="某市",
                        written_on=date(2026, 1, 1),
                        openness="主动公开",
                        topic=TOPICS[i % 4],
                        genre=GENRES[i % 5],
                        doc_kind="其他文件",
                        body=body + "\n" + extra,
                    ),
                )
                for i, title, body, extra in docs[first : first + 1000]
            ]
            if hasattr(fulltext, "index_items"):  # batched, as reindex and imports write
                fulltext.index_items(session, batch)
            else:  # an older checkout, item by item
                for item, content in batch:
                    fulltext.index_item(session, item, content)
    return len(docs) / (time.perf_counter() - start)


def measure_xxgk(db: Database, expected: dict[str, set[int]], rate: float | None) -> None:
    def ids(query: str) -> set[int]:
        with db.sessions() as session:
            return fulltext.matching_ids(session, query)

    def page(query: str) -> object:
        with db.sessions() as session:
            return fulltext.search(session, query)

    found = {q: ids(q) for q in QUERIES}
    score = recall(found, expected)
    report("xxgk bigrams: matching ids", latencies(ids), score, rate)
    report("xxgk bigrams: search page", latencies(page), score, None)
    for kind, queries in KINDS.items():
        share = recall({q: found[q] for q in queries}, {q: expected[q] for q in queries}, queries)
        report(f"  search page, {kind} ({len(queries)})", latencies(page, queries=queries), share, None)


# ---------------------------------------------------------------- alternatives


def sqlite_alternatives(path: Path, docs: Sequence[tuple[int, str, str, str]], expected: dict[str, set[int]]) -> None:
    import jieba

    jieba.setLogLevel(60)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        c.execute(text("CREATE VIRTUAL TABLE tri USING fts5(body, tokenize='trigram')"))
        c.execute(text("CREATE VIRTUAL TABLE jb USING fts5(body, tokenize='unicode61')"))
        c.execute(text("CREATE TABLE plain (id integer PRIMARY KEY, body text)"))
    start = time.perf_counter()
    with engine.begin() as c:
        c.execute(
            text("INSERT INTO tri(rowid, body) VALUES (:i, :b)"),
            [{"i": i, "b": f"{t}\n{b}\n{a}"} for i, t, b, a in docs],
        )
    tri_rate = len(docs) / (time.perf_counter() - start)
    with engine.begin() as c:
        c.execute(text("INSERT INTO plain VALUES (:i, :b)"), [{"i": i, "b": f"{t}\n{b}\n{a}"} for i, t, b, a in docs])
    start = time.perf_counter()
    rows = [{"i": i, "b": " ".join(jieba.cut_for_search(normalize(f"{t}\n{b}\n{a}")))} for i, t, b, a in docs]
    with engine.begin() as c:
        c.execute(text("INSERT INTO jb(rowid, body) VALUES (:i, :b)"), rows)
    jieba_rate = len(docs) / (time.perf_counter() - start)

    def trigram_alone(query: str) -> set[int]:
        with engine.connect() as c:
            return set(c.scalars(text("SELECT rowid FROM tri WHERE tri MATCH :q"), {"q": f'"{query}"'}))

    def trigram(query: str) -> set[int]:
        if len(query) >= 3:
            return trigram_alone(query)
        # FTS5's trigram tokenizer answers nothing for shorter patterns, LIKE included: scan a plain copy.
        with engine.connect() as c:
            return set(c.scalars(text("SELECT id FROM plain WHERE body LIKE :q"), {"q": f"%{query}%"}))

    def segmented(query: str) -> set[int]:
        words = [w for w in jieba.cut(normalize(query)) if w.strip()]
        with engine.connect() as c:
            return set(c.scalars(text("SELECT rowid FROM jb WHERE jb MATCH :q"), {"q": '"' + " ".join(words) + '"'}))

    alone = {q: trigram_alone(q) for q in QUERIES}
    report("SQLite FTS5 trigram alone", latencies(trigram_alone), recall(alone, expected), tri_rate)
    with_scan = {q: trigram(q) for q in QUERIES}
    report("SQLite FTS5 trigram + LIKE scan < 3", latencies(trigram), recall(with_scan, expected), tri_rate)
    report(
        "SQLite FTS5 jieba words",
        latencies(segmented),
        recall({q: segmented(q) for q in QUERIES}, expected),
        jieba_rate,
    )
    engine.dispose()


def postgres_alternative(
    engine: Engine, docs: Sequence[tuple[int, str, str, str]], expected: dict[str, set[int]]
) -> None:
    with engine.begin() as c:
        c.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        c.execute(text("CREATE TABLE trgm (id integer PRIMARY KEY, body text)"))
    start = time.perf_counter()
    with engine.begin() as c:
        for first in range(0, len(docs), 5000):
            rows = [{"i": i, "b": f"{t}\n{b}\n{a}"} for i, t, b, a in docs[first : first + 5000]]
            c.execute(text("INSERT INTO trgm VALUES (:i, :b)"), rows)
        c.execute(text("CREATE INDEX trgm_body ON trgm USING gin (body gin_trgm_ops)"))
        c.execute(text("ANALYZE trgm"))
    rate = len(docs) / (time.perf_counter() - start)

    def trigram(query: str) -> set[int]:
        with engine.connect() as c:
            return set(c.scalars(text("SELECT id FROM trgm WHERE body ILIKE :q"), {"q": f"%{query}%"}))

    report(
        "PostgreSQL pg_trgm (GIN, ILIKE)", latencies(trigram), recall({q: trigram(q) for q in QUERIES}, expected), rate
    )


def wipe(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def sqlite_part(
    docs: Sequence[tuple[int, str, str, str]],
    expected: dict[str, set[int]],
    alternatives_only: bool,
    none: bool,
    kept: Path | None = None,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite")
        if not alternatives_only:
            path = kept or Path(folder) / "bench.db"
            fresh = not path.exists()
            db = open_database(f"sqlite:///{path}")
            rate = None
            if fresh:
                load_items(db, docs)
                rate = index_xxgk(db, docs)
            measure_xxgk(db, expected, rate)
            db.engine.dispose()
        if not none:
            sqlite_alternatives(Path(folder) / "alternatives.db", docs, expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("XXGK_TEST_POSTGRES_URL"))
    parser.add_argument("--no-alternatives", action="store_true")
    parser.add_argument("--alternatives-only", action="store_true", help="skip xxgk's own index")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--db", type=Path, help="SQLite file of xxgk's index: built if missing, else reused")
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: reuse the database's index, keep it after")
    args = parser.parse_args()
    docs = list(corpus(args.items))
    expected = expected_hits(docs)
    chars = sum(len(t) + len(b) + len(a) for _, t, b, a in docs) / len(docs)
    print(f"{len(docs)} items, {chars:.0f} characters each on average; {len(QUERIES)} queries")
    print("  expected hits: " + ", ".join(f"{q} {len(expected[q])}" for q in QUERIES))
    if not args.skip_sqlite:
        sqlite_part(docs, expected, args.alternatives_only, args.no_alternatives, args.db)
    if args.pg and not args.alternatives_only:
        print("PostgreSQL")
        db = open_database(args.pg)
        with db.sessions() as session:
            kept = args.keep and session.scalar(select(func.count()).select_from(DisclosureItem)) == len(docs)
        if not kept:
            db.engine.dispose()
            wipe(args.pg)
            db = open_database(args.pg)
            load_items(db, docs)
        measure_xxgk(db, expected, None if kept else index_xxgk(db, docs))
        if not args.no_alternatives:
            postgres_alternative(db.engine, docs, expected)
        db.engine.dispose()
        if not args.keep:
            wipe(args.pg)


if __name__ == "__main__":
    main()
