"""Match runs of label text to the template's rows, in the template's order.

A segment is label text followed by the values printed after it. Labels wrap,
lose characters and carry variants, so a row is recognised by its distinctive
phrases within a short window of the rows still expected; text that matches no
row is carried forward, since a wrapped label's first line can arrive before the
values and its last line after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.bounded import Bounded
from xxgk.extract.fold import squash
from xxgk.extract.memo import TEXT_ENTRIES, column_headers, ends_with_headers, strong_phrases
from xxgk.extract.memo import label_groups as _label_groups
from xxgk.extract.phrases import (
    best_row,
    blank_before_exact,
    first_phrase_start,
    last_phrase_end,
    row_window,
    without_groups,
)
from xxgk.extract.tokens import Token
from xxgk.template import Row, TableSpec

# A sub-item's number before its first word ("5属于三类内…" in folded label text).
_SUB_ITEM = re.compile(r"\d[\u3400-\u9fff]")
# How many later places of a broken caption's last piece are tried.
MAX_LATER = 3


@dataclass(slots=True)
class Segment:
    label: str
    values: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class RowText:
    """What the document printed for one row: its label and value tokens."""

    row: Row
    label: str
    values: list[Token]


def segments(tokens: list[Token], *, closing_empties: int = 2) -> list[Segment]:
    """Group tokens into label-then-values segments.

    A label followed by `closing_empties` empty lines or more, then text, is a segment of its own:
    a row of empty cells copied a cell per line (a word processor's text export), not a label
    wrapped over lines. Two by default (a copy laid out by a PDF viewer sets blocks apart by one).
    """
    result: list[Segment] = []
    current = Segment("")
    # Whether `current.values` holds a value, and how many empty lines: kept as tokens arrive
    # rather than searched at each label.
    has_value = False
    empties = 0
    for token in tokens:
        kind = token.kind
        if token.is_value:
            current.values.append(token)
            has_value = True
        elif kind == "empty" or kind == "gap" or kind == "open":
            current.values.append(token)
            empties += kind == "empty"
        elif kind == "end":
            # A line keeping its cells apart ends its row, though every cell of it is empty.
            if current.values:
                current.values.append(token)
                result.append(current)
                current = Segment("")
                has_value = False
                empties = 0
        elif token.is_insignificant and current.values:
            continue
        else:
            if has_value or (current.label and empties >= closing_empties):
                result.append(current)
                current = Segment("")
                has_value = False
            elif current.values:
                current.values = []
            empties = 0
            current.label += token.text
    if current.label or current.values:
        result.append(current)
    return result


def label_groups(table: TableSpec) -> list[str]:
    """The folded row-group captions that labels may carry in front of their own words."""
    return list(_label_groups(table))


def named_row(table: TableSpec, start: int, label: str, groups: list[str]) -> tuple[int | None, str]:
    """The index of the row (from `start`, within the window) that `label` names, and the label as matched."""
    return _matched(table, table.rows, start, label, groups)


def match_rows(table: TableSpec, parts: list[Segment], *, blank_rows: bool = False) -> list[RowText]:
    """The rows of `table` found in `parts`, each with its values.

    `blank_rows`: the text prints every cell where it stands (laid out by spacing), so a row
    whose whole label comes between other rows' numbers, with none of its own, is blank.
    """
    groups = label_groups(table)
    found: list[RowText] = []
    next_index = 0
    pending_label = ""
    pending_values: list[Token] = []
    for part in parts:
        index, label = _matched(table, table.rows, next_index, pending_label + part.label, groups)
        if index is None:
            pending_label = label[-200:]
            if any(v.is_value for v in part.values):
                # Numbers under a column header are no row's: the row wrapped around its values prints none.
                pending_values = (
                    [] if _ends_with_header(table, label, groups) or ends_with_headers(table, label) else part.values
                )
            continue
        values = part.values
        if blank_rows and not pending_values:
            found += [RowText(row, label, []) for row in _named_before(table, next_index, index, label, groups)]
        core = without_groups(squash(label), groups)
        end = last_phrase_end(table.rows[index], core)
        if _after_column_header(table, core, end) and not (blank_rows and not any(v.is_value for v in values)):
            # The numbers follow a column header, not the row's name: text that prints a table
            # column by column (all labels, then the headers and numbers) pairs nothing by order.
            # Text laid out by spacing prints a blank row so too, above the next sub-table's header.
            next_index = index + 1
            pending_label, pending_values = "", []
            continue
        carried: tuple[str, list[Token]] = ("", [])
        if blank_rows and not pending_values and blank_before_exact(table, index, core):
            # "2.申请人逾期未按…公开申请" / "3.其他  1 1 1 3": the wrapped label printed no number; the
            # exact row named right after it holds them.
            found += [RowText(table.rows[index], label, []), RowText(table.rows[index + 1], label, values)]
            next_index = index + 2
            pending_label, pending_values = "", []
            continue
        if not pending_values and _names_later_row(table, index, core, end, blank_rows):
            # Other rows' names stand between this row's name and the numbers (a table printed column
            # by column): the numbers are not known to be this row's.
            next_index = index + 1
            pending_label = _after_phrase(table.rows[index], label, groups)
            continue
        if not (blank_rows or pending_values) and _values_after_rows(table, (next_index, index), label, values, groups):
            # "行政处罚" / "行政强制" / 185: text that drops blank cells printed one number for two
            # rows named one after the other; which row it is the text does not say.
            next_index = index + 1
            pending_label = ""
            continue
        if pending_values:
            # A label wrapped around its values ("5、属于三类内部" / values / "事务信息"): the
            # values seen after the label's first line belong to the row that label completes.
            earlier, _ = _matched(table, table.rows[:index], next_index, label, groups)
            if earlier is None:
                earlier = _exact_just_before(table, (next_index, index), core)
            rest = _after_phrase(table.rows[index], label, groups)
            if earlier is not None and _numbered_in(table.rows[earlier], part.label):
                # That row's label begins after the values: they are the row's begun before them.
                earlier = _begun_before(table, next_index, earlier, label, part.label, groups)
            if earlier is not None and _named_only_after(table.rows[earlier], pending_label, part.label):
                # The row's name comes after the values, none of it before ("…事务信息" / 1 148 … /
                # "（六）其他处理"): they interrupt no label of it, and are not known to be its.
                earlier = None
                pending_values = []
            if earlier is not None:
                found.append(RowText(table.rows[earlier], label, pending_values))
                if blank_rows:
                    between = _named_before(table, earlier + 1, index, label, groups)
                    found += [RowText(row, label, []) for row in between]
                if _names_another_row(rest, table, index + 1, groups) and any(v.is_value for v in values):
                    # "5.属于三类内部" / 1 1 / "事务信息 6.属于四类过程性信息 7.属于行政执法" / 1 1 2 / "案卷":
                    # the second numbers belong to the label the text after row 6 begins; row 6
                    # printed none of its own.
                    if blank_rows:
                        found.append(RowText(table.rows[index], label, []))
                    next_index = index + 1
                    pending_label, pending_values = rest, values
                    continue
            elif _names_another_row(rest, table, index + 1, groups) and any(v.is_value for v in values):
                carried = (rest, values)
                values = pending_values
            elif not any(v.is_value for v in values):
                values = pending_values
        found.append(RowText(table.rows[index], label, values))
        next_index = index + 1
        pending_label, pending_values = carried[0], carried[1]
    return found


def _matched(
    table: TableSpec, rows: tuple[Row, ...], start: int, label: str, groups: list[str]
) -> tuple[int | None, str]:
    """The row of `rows` that `label` names and the label as matched: without a broken
    caption's pieces when only that way it names a row."""
    # `rows` is the table's rows or their first ones: its length tells which.
    key = (id(table), len(rows), start, label, *groups)
    known = _MATCHED.get(key)
    if known is None:
        known = _MATCHED.put(key, (table, _matched_anew(table, rows, start, label, groups)))
    return known[1]


_MATCHED: Bounded[tuple[object, ...], tuple[TableSpec, tuple[int | None, str]]] = Bounded(TEXT_ENTRIES)


def _matched_anew(
    table: TableSpec, rows: tuple[Row, ...], start: int, label: str, groups: list[str]
) -> tuple[int | None, str]:
    index = best_row(rows, start, label, groups)
    if index is not None:
        return index, label
    for later in range(MAX_LATER):
        # The caption's last piece may be a character the label holds earlier too ("理" of
        # 不予处理 after "4.无正当理由大"): its later places are tried in turn.
        unbroken = _unbroken(table, rows, start, label, later)
        if unbroken == squash(label):
            break
        retried = best_row(rows, start, unbroken, groups)
        if retried is not None:
            return retried, unbroken
    return index, label


def _unbroken(table: TableSpec, rows: tuple[Row, ...], start: int, label: str, later: int = 0) -> str:
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


def _after_phrase(row: Row, label: str, groups: list[str]) -> str:
    """The folded label text after the last of `row`'s phrases, whole group captions left out as
    when the row was matched ("6属于四类过三本年度办理结果程性信息" reads "…四类过程性信息")."""
    text = without_groups(squash(label), groups)
    end = last_phrase_end(row, text)
    return text[end:] if end >= 0 else ""


def _after_column_header(table: TableSpec, text: str, end: int) -> bool:
    """The label (`text`, folded, without group captions; the row's phrase ends at `end`) ends with a
    column header printed after the row's own phrase ("行政事业性收费 上一年项目数量 第二十条第（六）项
    本年增/减" before "1078 37")."""
    if end < 0 or end == len(text):
        return False
    return any(text.endswith(h) and len(text) - len(h) >= end for h in column_headers(table).get(text[-1:], ()))


def _begun_before(table: TableSpec, start: int, end: int, label: str, part: str, groups: list[str]) -> int | None:
    """The first row from `start` up to `end` that `label` names whose sub-item number is not in `part`
    (the text after the values): the row whose label the values interrupted."""
    texts = (without_groups(squash(label), groups), _unbroken(table, table.rows, start, label))
    for i in range(start, end):
        row = table.rows[i]
        if row.weak or row.exact or _numbered_in(row, part):
            continue
        if any(first_phrase_start(row, t) >= 0 for t in texts):
            return i
    return None


def _named_before(table: TableSpec, start: int, index: int, label: str, groups: list[str]) -> list[Row]:
    """The rows from `start` up to row `index` whose whole phrase the label prints before row `index`'s
    own (strong rows, or a weak one printed in place of rows not named): rows printed without numbers
    before the row that has them."""
    rows = table.rows[start:index]
    if not rows:
        return []
    texts = (without_groups(squash(label), groups), _unbroken(table, table.rows, start, label))
    own = table.rows[index]
    named = [row for row in rows if any(0 <= _named_start(row, t) < first_phrase_start(own, t) for t in texts)]
    strong = [row for row in named if not row.weak]
    keys = {row.key for row in strong}
    # A weak row printed in place of others (2019's （六）其他处理 in a 2021 form) counts when none of them is named.
    return [row for row in named if not row.weak or (row.replaces and keys.isdisjoint(row.replaces))]


def _values_after_rows(
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
    before = [row for row in _named_before(table, start, index, label, groups) if not row.weak]
    return bool(before) and count < sum(len(row.fields) for row in (*before, table.rows[index]))


def _named_start(row: Row, text: str) -> int:
    """Where `text` names `row`: an exact row ("3.其他") only with its enumerator in front."""
    if not row.exact:
        return first_phrase_start(row, text)
    if row.enumerator is None:
        return -1
    starts = [text.find(f"{row.enumerator}{p}") for p in row.match if f"{row.enumerator}{p}" in text]
    return min(starts) if starts else -1


def _exact_just_before(table: TableSpec, rows: tuple[int, int], core: str) -> int | None:
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
        if row.exact and row.enumerator is not None and any(before.endswith(f"{row.enumerator}{p}") for p in row.match):
            return i
    return None


def _numbered_in(row: Row, label: str) -> bool:
    """`label` holds the row's sub-item number before a word ("3补正后…" for 3.补正后申请内容仍不明确)."""
    return (
        row.enumerator is not None and re.search(rf"(?<!\d){row.enumerator}[\u3400-\u9fff]", squash(label)) is not None
    )


def _names_later_row(table: TableSpec, index: int, text: str, end: int, blank_rows: bool) -> bool:
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


def _ends_with_header(table: TableSpec, label: str, groups: list[str]) -> bool:
    text = without_groups(squash(label), groups)
    return any(text.endswith(h) for h in column_headers(table).get(text[-1:], ()))


def _names_another_row(text: str, table: TableSpec, start: int, groups: list[str]) -> bool:
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


def _named_only_after(row: Row, before: str, after: str) -> bool:
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
