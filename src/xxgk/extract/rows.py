"""Match runs of label text to the template's rows, in the template's order.

A segment is label text followed by the values printed after it. Labels wrap,
lose characters and carry variants, so a row is recognised by its distinctive
phrases within a short window of the rows still expected; text that matches no
row is carried forward, since a wrapped label's first line can arrive before the
values and its last line after them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.bounded import Bounded
from xxgk.extract.fold import squash
from xxgk.extract.memo import TEXT_ENTRIES, ends_with_headers
from xxgk.extract.memo import label_groups as _label_groups
from xxgk.extract.naming import (
    after_column_header,
    after_phrase,
    begun_before,
    ends_with_header,
    exact_just_before,
    named_before,
    named_only_after,
    names_another_row,
    names_later_row,
    numbered_in,
    unbroken,
    values_after_rows,
)
from xxgk.extract.phrases import (
    WINDOW,
    best_row,
    blank_before_exact,
    last_phrase_end,
    without_groups,
)
from xxgk.extract.tokens import Token
from xxgk.template import Row, TableSpec

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
                under_header = ends_with_header(table, label, groups) or ends_with_headers(table, label)
                # Nor are numbers after the name of a row already read ("（七）总计" printed again).
                passed = best_row(table.rows[:next_index], max(0, next_index - WINDOW), part.label, groups) is not None
                pending_values = [] if under_header or passed else part.values
            continue
        values = part.values
        if blank_rows and not pending_values:
            found += [RowText(row, label, []) for row in named_before(table, next_index, index, label, groups)]
        core = without_groups(squash(label), groups)
        end = last_phrase_end(table.rows[index], core)
        if after_column_header(table, core, end) and not (blank_rows and not any(v.is_value for v in values)):
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
        if not pending_values and names_later_row(table, index, core, end, blank_rows):
            # Other rows' names stand between this row's name and the numbers (a table printed column
            # by column): the numbers are not known to be this row's.
            next_index = index + 1
            pending_label = after_phrase(table.rows[index], label, groups)
            continue
        if not (blank_rows or pending_values) and values_after_rows(table, (next_index, index), label, values, groups):
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
                earlier = exact_just_before(table, (next_index, index), core)
            rest = after_phrase(table.rows[index], label, groups)
            if earlier is not None and numbered_in(table.rows[earlier], part.label):
                # That row's label begins after the values: they are the row's begun before them.
                earlier = begun_before(table, next_index, earlier, label, part.label, groups)
            if earlier is not None and named_only_after(table.rows[earlier], pending_label, part.label):
                # The row's name comes after the values, none of it before ("…事务信息" / 1 148 … /
                # "（六）其他处理"): they interrupt no label of it, and are not known to be its.
                earlier = None
                pending_values = []
            if earlier is not None:
                found.append(RowText(table.rows[earlier], label, pending_values))
                if blank_rows:
                    between = named_before(table, earlier + 1, index, label, groups)
                    found += [RowText(row, label, []) for row in between]
                if names_another_row(rest, table, index + 1, groups) and any(v.is_value for v in values):
                    # "5.属于三类内部" / 1 1 / "事务信息 6.属于四类过程性信息 7.属于行政执法" / 1 1 2 / "案卷":
                    # the second numbers belong to the label the text after row 6 begins; row 6
                    # printed none of its own.
                    if blank_rows:
                        found.append(RowText(table.rows[index], label, []))
                    next_index = index + 1
                    pending_label, pending_values = rest, values
                    continue
            elif names_another_row(rest, table, index + 1, groups) and any(v.is_value for v in values):
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
        text = unbroken(table, rows, start, label, later)
        if text == squash(label):
            break
        retried = best_row(rows, start, text, groups)
        if retried is not None:
            return retried, text
    return index, label
