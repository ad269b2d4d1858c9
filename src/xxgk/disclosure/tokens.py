"""Chinese text as search tokens: overlapping character bigrams, the same on both databases.

Why bigrams rather than a word segmenter or trigrams (measured in benchmarks/search.py,
figures in the README): a citizen searches for a word as it appears in the text, and
bigrams find every run of two or more characters wherever it stands, while a segmenter
(jieba) misses words it cut differently in the text than in the query, and trigrams
cannot index the two-character words that most Chinese queries are (公示, 补贴, 招聘).
Runs of letters and digits stay whole words (prefix-matched); everything else separates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CHUNK_CHARS = 2000
OVERLAP = 40  # a query up to this long still matches across a chunk boundary
MAX_CHUNKS = 999
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")


def normalize(text: str) -> str:
    """Full-width forms folded (ＡＢＣ１ → abc1) and lower case, as indexed and as queried."""
    return unicodedata.normalize("NFKC", text).lower()


def _is_cjk(run: str) -> bool:
    return not run[0].isascii()


def grams(text: str) -> str:
    """The text's tokens, space-separated: each CJK run as its bigrams, each letter/digit run whole."""
    out: list[str] = []
    for run in _RUNS.findall(normalize(text)):
        if _is_cjk(run) and len(run) > 1:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return " ".join(out)


def chunks(text: str) -> list[str]:
    """The text cut into overlapping pieces, each small enough for PostgreSQL's tsvector positions."""
    pieces: list[str] = []
    start = 0
    while start < len(text) and len(pieces) < MAX_CHUNKS:
        pieces.append(text[start : start + CHUNK_CHARS])
        start += CHUNK_CHARS - OVERLAP
    return pieces or [""]


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of a query term: a CJK phrase (as bigrams) or a letter/digit word (a prefix)."""

    tokens: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True, slots=True)
class Term:
    """A whitespace-separated word of the query. `parts` go to the full-text index; `exact` terms
    (a single character, or pieces the index cannot keep adjacent) are also checked with LIKE."""

    text: str
    parts: tuple[Part, ...]
    exact: bool


def query_terms(query: str) -> list[Term]:
    """The query's words, each with what the index can look up."""
    terms = []
    for word in normalize(query).split()[:10]:
        runs = _RUNS.findall(word)
        if not runs:
            continue
        parts = []
        for run in runs:
            if _is_cjk(run) and len(run) > 1:
                parts.append(Part(tuple(run[i : i + 2] for i in range(len(run) - 1)), False))
            elif not _is_cjk(run):
                parts.append(Part((run,), True))
        exact = len(runs) > 1 or not parts
        terms.append(Term(word, tuple(parts), exact))
    return terms


def fts5_query(term: Term) -> str:
    """The term as an FTS5 query: phrases and prefix words, all required."""
    return " AND ".join(f'"{" ".join(p.tokens)}"' + ("*" if p.prefix else "") for p in term.parts)


def tsquery(term: Term) -> str:
    """The term as a PostgreSQL tsquery: phrases with <->, words with :*, all required."""
    pieces: list[str] = []
    for part in term.parts:
        if part.prefix:
            pieces.append(f"'{part.tokens[0]}':*")
        else:
            pieces.append("(" + " <-> ".join(f"'{t}'" for t in part.tokens) + ")")
    return " & ".join(pieces)
