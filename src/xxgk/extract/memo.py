"""Caches for work repeated on the same text, and data derived once per template (xxgk.bounded).

Reports of one template print the same labels again and again: matching a label
to its row, or a row to its printed line, gives the same answer every time. The
caches keep those answers, keyed on the text and on the identity of the template
object the answer came from (the object is kept in the entry, so its identity
cannot be reused while the entry lives). Each cache is cleared when full: memory
stays flat however many documents a process reads.
"""

from __future__ import annotations

import re

from xxgk.bounded import Bounded
from xxgk.extract.fold import fold, squash
from xxgk.template import Row, TableSpec

# How many answers keyed on label text are kept; per-row and per-template data needs far fewer.
TEXT_ENTRIES = 16_384
ROW_ENTRIES = 1_024
# The shortest column header that tells numbers after it are the column's, not a row's.
MIN_HEADER = 3


_STRONG: Bounded[int, tuple[TableSpec, re.Pattern[str], dict[str, tuple[int, ...]]]] = Bounded(ROW_ENTRIES)


def strong_phrases(table: TableSpec) -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """One pattern for the phrases of the rows named distinctively (neither weak nor exact), and the
    rows each phrase names, remembered: the longest phrase first where one holds another."""
    known = _STRONG.get(id(table))
    if known is None or known[0] is not table:
        rows_of: dict[str, list[int]] = {}
        for i, row in enumerate(table.rows):
            if not row.weak and not row.exact:
                for phrase in row.match:
                    rows_of.setdefault(phrase, []).append(i)
        pattern = re.compile("|".join(re.escape(p) for p in sorted(rows_of, key=len, reverse=True)))
        known = _STRONG.put(id(table), (table, pattern, {p: tuple(rows) for p, rows in rows_of.items()}))
    return known[1], known[2]


_HEADERS: Bounded[int, tuple[TableSpec, dict[str, tuple[str, ...]]]] = Bounded(ROW_ENTRIES)


def column_headers(table: TableSpec) -> dict[str, tuple[str, ...]]:
    """The folded labels, variants and header phrases of the table's value columns, by last character."""
    known = _HEADERS.get(id(table))
    if known is None or known[0] is not table:
        phrases = {squash(t) for row in table.rows for f in row.fields for t in (f.label, *f.variants, *f.headers)}
        # Two-character headers (其他, 合计) end labels too ("…不计其他情形" wrapped after 其他).
        by_last: dict[str, list[str]] = {}
        for phrase in sorted(p for p in phrases if len(p) >= MIN_HEADER):
            by_last.setdefault(phrase[-1], []).append(phrase)
        known = _HEADERS.put(id(table), (table, {last: tuple(group) for last, group in by_last.items()}))
    return known[1]


_GROUPS: Bounded[int, tuple[TableSpec, tuple[str, ...]]] = Bounded(ROW_ENTRIES)


def label_groups(table: TableSpec) -> tuple[str, ...]:
    """The folded row-group captions that labels may carry in front of their own words."""
    known = _GROUPS.get(id(table))
    if known is None or known[0] is not table:
        groups = [squash(g) for g in table.groups] + [squash(r.caption) for r in table.rows if r.caption]
        known = _GROUPS.put(id(table), (table, tuple(groups)))
    return known[1]


_CAPTION_HEADERS: Bounded[int, tuple[TableSpec, tuple[str, ...]]] = Bounded(ROW_ENTRIES)


def caption_headers(table: TableSpec) -> tuple[str, ...]:
    """The captions and the column labels of `table` that name no row (总计 and 其他 do).

    Keyed on the table's identity: hashing a frozen TableSpec hashes every row and field in it,
    which cost as much as reading the report (twice the instructions per text document)."""
    known = _CAPTION_HEADERS.get(id(table))
    if known is None or known[0] is not table:
        names = [squash(fold(n)) for row in table.rows for n in (row.label, *row.variants)]
        captions = {squash(fold(row.caption)) for row in table.rows if row.caption}
        labels = {squash(fold(n)) for row in table.rows for f in row.fields for n in (f.label, *f.variants)}
        headers = captions | {h for h in labels if len(h) >= MIN_HEADER and not any(h in n for n in names)}
        known = _CAPTION_HEADERS.put(id(table), (table, tuple(sorted(headers))))
    return known[1]


_SPELLED_NAMES: Bounded[int, tuple[TableSpec, tuple[str, ...]]] = Bounded(ROW_ENTRIES)
# Fewest characters of a row's name spelled a character a line that tell a copy made so
# (`extract.spelled`). A narrow column header wraps a character a line too ("结" / "果" / "维" /
# "持"), but spells no row's name; a label copied a cell a line wraps over lines of several characters.
SPELLED_NAME = 6


def spelled_names(table: TableSpec) -> tuple[str, ...]:
    """The folded names and variants of the table's rows long enough to tell a table spelled a
    character a line (`extract.spelled`)."""
    known = _SPELLED_NAMES.get(id(table))
    if known is None or known[0] is not table:
        names = [squash(fold(n)) for row in table.rows for n in (row.label, *row.variants)]
        known = _SPELLED_NAMES.put(id(table), (table, tuple(n for n in names if len(n) >= SPELLED_NAME)))
    return known[1]


_MANY: Bounded[tuple[int, str, str], tuple[TableSpec, bool]] = Bounded(TEXT_ENTRIES)


def names_many_rows(table: TableSpec, row: Row, label: str) -> bool:
    """`label`, matched as `row`'s, names three other rows of its table or more: the label column
    copied as one run (a cell a line, no number between), so the numbers after it are no more its
    row's than the others'. Remembered per label: labels repeat from report to report."""
    key = (id(table), row.key, label)
    known = _MANY.get(key)
    if known is None:
        text = squash(label)
        others = [other for other in table.rows if other.key != row.key]
        many = sum(any(phrase and phrase in text for phrase in other.match) for other in others) >= 3
        known = _MANY.put(key, (table, many))
    return known[1]


def ends_with_headers(table: TableSpec, label: str) -> bool:
    """Whether `label` ends with two or more of the table's column headers one after another
    ("…商业企业其他总计": a column-by-column copy's headers, the numbers after them the columns'): a
    row's label, even one wrapped after 其他, never ends so."""
    text = squash(label)
    phrases = {squash(t) for row in table.rows for f in row.fields for t in (f.label, *f.variants, *f.headers)}
    # most[i]: the most headers that make up text[i:] exactly (-1: none do).
    most = [-1] * len(text) + [0]
    for start in range(len(text) - 1, -1, -1):
        most[start] = max(
            (
                most[start + len(p)] + 1
                for p in phrases
                if p and text.startswith(p, start) and most[start + len(p)] >= 0
            ),
            default=-1,
        )
    return max(most[:-1], default=-1) >= 2


_FIELD_NAMES: Bounded[int, tuple[TableSpec, frozenset[str]]] = Bounded(ROW_ENTRIES)


def field_names(table: TableSpec) -> frozenset[str]:
    """The labels and variants of the table's columns, squashed: asked of every document a cell a line."""
    known = _FIELD_NAMES.get(id(table))
    if known is None or known[0] is not table:
        names = frozenset(squash(n) for row in table.rows for f in row.fields for n in (f.label, *f.variants))
        known = _FIELD_NAMES.put(id(table), (table, names))
    return known[1]
