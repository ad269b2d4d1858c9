"""What a row's label text names around the values printed in it.

A wrapped label's pieces come before, between and after its numbers, glued to the
next row's name or to pieces of a merged group caption: these predicates say which
row the text names, whether it names another one further down, and whether the
numbers seen are that row's. `rows.match_rows` asks them in turn.
"""

from __future__ import annotations

import re

from xxgk.bounded import Bounded
from xxgk.extract.fold import squash
from xxgk.extract.memo import TEXT_ENTRIES, column_headers, strong_phrases
from xxgk.extract.phrases import (
    best_row,
    ends_with_numbered_name,
    first_phrase_start,
    last_phrase_end,
    row_window,
    without_groups,
)
from xxgk.extract.tokens import Token
from xxgk.template import Row, TableSpec

# A sub-item's number before its first word ("5属于三类内…" in folded label text).
_SUB_ITEM = re.compile(r"\d[\u3400-\u9fff]")


def unbroken(table: TableSpec, rows: tuple[Row, ...], start: int, label: str, later: int = 0) -> str:
    """The label without pieces of the captions over the rows that may come next.

    Only those captions, inner and outer (（三）不予公开 and 三、本年度办理结果 over
    its rows): pieces of the others ("不予" and "公开" of （三）不予公开 while reading
    （五）不予处理's rows) are label text.
    """
    window = row_window(rows, start)
    captions = list(dict.fromkeys(squash(group) for i in window for group in table.group_chains[rows[i].key]))
    return _without_caption_pieces(squash(label), captions, later)


def _without_caption_pieces(text: str, captions: list[str], later: int = 0) -> str:
    """`text` without a group caption that a narrow merged column broke into pieces inside it.

    A PDF's row-header column "（五）不予处理" wraps to "不予处" / "理", and each piece
    lands inside the label beside it ("不予处 3、要求提供公开出版" / "理" / "物"). The
    pieces are found in the caption's order, at least two of them; the caption's
    start may be missing (printed on an earlier row).
    """
    for caption in captions:
        if caption in text:
            continue
        for start in range(len(caption) - 1):
            pieces = _pieces_in_order(text, caption[start:])
            if len(pieces) >= 2:
                pieces[-1] = _later_place(text, pieces[-1], later)
                for begin, end in reversed(pieces):
                    text = text[:begin] + text[end:]
                break
    return text


def _later_place(text: str, span: tuple[int, int], later: int) -> tuple[int, int]:
    """The `later`-th place after `span` of the same text (`span` itself when there are fewer)."""
    begin, end = span
    piece = text[begin:end]
    for _ in range(later):
        found = text.find(piece, begin + 1)
        if found < 0:
            break
        begin = found
    return begin, begin + len(piece)


def _pieces_in_order(text: str, caption: str) -> list[tuple[int, int]]:
    """Spans of `text` that spell `caption`'s beginning piece by piece, each as long as it can be."""
    spans: list[tuple[int, int]] = []
    position = 0
    rest = caption
    while rest:
        for length in range(len(rest), 0, -1):
            found = text.find(rest[:length], position)
            if found >= 0:
                spans.append((found, found + length))
                position, rest = found + length, rest[length:]
                break
        else:
            break
    return spans


def after_phrase(row: Row, label: str, groups: list[str]) -> str:
    """The folded label text after the last of `row`'s phrases, whole group captions left out as
    when the row was matched ("6属于四类过三本年度办理结果程性信息" reads "…四类过程性信息")."""
    text = without_groups(squash(label), groups)
    end = last_phrase_end(row, text)
    return text[end:] if end >= 0 else ""


def after_column_header(table: TableSpec, text: str, end: int) -> bool:
    """The label (`text`, folded, without group captions; the row's phrase ends at `end`) ends with a
    column header printed after the row's own phrase ("行政事业性收费 上一年项目数量 第二十条第（六）项
    本年增/减" before "1078 37")."""
    if end < 0 or end == len(text):
        return False
    return any(text.endswith(h) and len(text) - len(h) >= end for h in column_headers(table).get(text[-1:], ()))


def begun_before(table: TableSpec, start: int, end: int, label: str, part: str, groups: list[str]) -> int | None:
    """The first row from `start` up to `end` that `label` names whose sub-item number is not in `part`
    (the text after the values): the row whose label the values interrupted."""
    texts = (without_groups(squash(label), groups), unbroken(table, table.rows, start, label))
    for i in range(start, end):
        row = table.rows[i]
        if row.weak or row.exact or numbered_in(row, part):
            continue
        if any(first_phrase_start(row, t) >= 0 for t in texts):
            return i
    return None


def named_before(table: TableSpec, start: int, index: int, label: str, groups: list[str]) -> list[Row]:
    """The rows from `start` up to row `index` whose whole phrase the label prints before row `index`'s
    own (strong rows, or a weak one printed in place of rows not named): rows printed without numbers
    before the row that has them."""
    rows = table.rows[start:index]
    if not rows:
        return []
    texts = (without_groups(squash(label), groups), unbroken(table, table.rows, start, label))
    own = table.rows[index]
    named = [row for row in rows if any(0 <= _named_start(row, t) < first_phrase_start(own, t) for t in texts)]
    strong = [row for row in named if not row.weak]
    keys = {row.key for row in strong}
    # A weak row printed in place of others (2019's （六）其他处理 in a 2021 form) counts when none of them is named.
    return [row for row in named if not row.weak or (row.replaces and keys.isdisjoint(row.replaces))]


def values_after_rows(
    table: TableSpec, rows: tuple[int, int], label: str, values: list[Token], groups: list[str]
) -> bool:
    """`label` names rows not yet found (from `rows[0]`) before row `rows[1]`, with no number between,
    and fewer numbers follow than those rows and row `rows[1]` have cells together."""
    start, index = rows
    if start >= index:
        return False  # no row between
    count = sum(v.is_value for v in values)
    if not count:
        return False
    # Only strong rows: a weak row's words ("其他处理") are the group caption of the rows it stands for.
    before = [row for row in named_before(table, start, index, label, groups) if not row.weak]
    return bool(before) and count < sum(len(row.fields) for row in (*before, table.rows[index]))


def _named_start(row: Row, text: str) -> int:
    """Where `text` names `row`: an exact row ("3.其他") only with its enumerator in front."""
    if not row.exact:
        return first_phrase_start(row, text)
    if row.enumerator is None:
        return -1
    starts = [text.find(f"{row.enumerator}{p}") for p in row.match if f"{row.enumerator}{p}" in text]
    return min(starts) if starts else -1


def exact_just_before(table: TableSpec, rows: tuple[int, int], core: str) -> int | None:
    """The exact row from `rows[0]` up to `rows[1]` whose numbered name ("3其他") the label (`core`)
    prints right before row `rows[1]`'s phrase: "…公开申请3.其他" / 0 0 1 / "（七）总计", the
    values between them that row's, its name glued to the tail of the label wrapped before it."""
    start, index = rows
    own = first_phrase_start(table.rows[index], core)
    if own <= 0:
        return None
    before = core[:own]
    for i in range(start, index):
        row = table.rows[i]
        if row.exact and ends_with_numbered_name(row, before):
            return i
    return None


def numbered_in(row: Row, label: str) -> bool:
    """`label` holds the row's sub-item number before a word ("3补正后…" for 3.补正后申请内容仍不明确)."""
    return (
        row.enumerator is not None and re.search(rf"(?<!\d){row.enumerator}[\u3400-\u9fff]", squash(label)) is not None
    )


def names_later_row(table: TableSpec, index: int, text: str, end: int, blank_rows: bool) -> bool:
    """The label text after row `index`'s phrase names a row further down (its phrase, or a sub-item's
    number), or — unless the text lays out every cell (`blank_rows`) — the text before it names two
    other rows or more (strong rows only): labels printed one after another, the numbers later.
    `text` is the label folded, without group captions; row `index`'s phrase ends at `end`."""
    if end < 0:
        return False
    key = (id(table), index, text, end, blank_rows)
    known = _LATER.get(key)
    if known is None:
        known = _LATER.put(key, (table, _names_later_row_anew(table, index, text, end, blank_rows)))
    return known[1]


_LATER: Bounded[tuple[object, ...], tuple[TableSpec, bool]] = Bounded(TEXT_ENTRIES)


def _names_later_row_anew(table: TableSpec, index: int, text: str, end: int, blank_rows: bool) -> bool:
    rest, before = text[end:], text[:end]
    if rest and _SUB_ITEM.search(rest) is not None:
        return True  # a later sub-item's number ("5属于三类内…")
    pattern, rows_of = strong_phrases(table)
    if len(rest) >= 2 and any(i > index for m in pattern.finditer(rest) for i in rows_of[m.group()]):
        return True
    if blank_rows or len(before) < 4:  # blank rows there, read as such; or too short to name two rows
        return False
    own = table.rows[index]
    named = {i for m in pattern.finditer(before) for i in rows_of[m.group()]}
    return len([i for i in named if table.rows[i] is not own and not _shares_phrase(table.rows[i], own)]) >= 2


def _shares_phrase(row: Row, other: Row) -> bool:
    """One row's phrase lies within the other's ("其他处理" in "（六）其他处理" variants)."""
    return any(a in b or b in a for a in row.match for b in other.match)


def ends_with_header(table: TableSpec, label: str, groups: list[str]) -> bool:
    text = without_groups(squash(label), groups)
    return any(text.endswith(h) for h in column_headers(table).get(text[-1:], ()))


def names_another_row(text: str, table: TableSpec, start: int, groups: list[str]) -> bool:
    """Text holding a numbered label's first line ("4无正当理由大", or "信息6属于四类过" after
    the end of the wrapped label before it), or naming a later row ("（六）其他处理" after
    the end of "5.…出具已获取信息"), not only a tail of the last one."""
    if re.search(r"\d[\u3400-\u9fff]", text) is not None:
        return True
    if not text:
        return False
    key = (id(table), start, text, *groups)
    known = _NAMED.get(key)
    if known is None:
        known = _NAMED.put(key, (table, best_row(table.rows, start, text, groups) is not None))
    return known[1]


_NAMED: Bounded[tuple[object, ...], tuple[TableSpec, bool]] = Bounded(TEXT_ENTRIES)


def named_only_after(row: Row, before: str, after: str) -> bool:
    """The label text after some values (`after`) holds one of `row`'s phrases whole, and the text before
    them (`before`) does not end with the beginning of the row's name ("4.无正当理由" / 0 1 … / "大量反复申请"
    is a name the values interrupted)."""
    folded_after = squash(after)
    if not any(phrase in folded_after for phrase in row.match):
        return False
    folded_before = squash(before)
    for name in (row.label, *row.variants):
        start = squash(name)
        if any(folded_before.endswith(start[:k]) for k in range(2, len(start) + 1)):
            return False
    return True
