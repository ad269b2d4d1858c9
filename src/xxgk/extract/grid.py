"""Read a statistical table from the grid a reader handed over, column by column.

HTML, DOCX, XLSX and ruled PDF tables arrive as rows × columns with their spans
and their empty cells. Here each value column is named by its header cells
(申请人情况 / 法人或其他组织 / 商业企业 …, 行政复议 / 结果维持 …) against the
template's fields, so a blank cell stays in its column as null and a value can
never land in a neighbour's column. Rows are still found by their labels, as on
the line path (`rows.named_row`). When the header cannot be mapped (no header
row, a column no field claims, a cell holding several numbers) the caller falls
back to the line path, which handles glued and flattened text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from xxgk.extract.fold import fold, squash
from xxgk.extract.rows import label_groups, named_row
from xxgk.extract.tokens import Token, cell_tokens
from xxgk.extract.values import Line, RowReading, read_row
from xxgk.read.document import Cell, PlacedTable, Table
from xxgk.template import Row, TableSpec, Template

# A column's target: (row key, or None when rows are told apart by their labels; field key).
Target = tuple[str | None, str]
# A grid row: the origin cell covering each column (None where nothing does).
Dense = list[Cell | None]

_BLANK = Token("placeholder", "")
_FIRST_NUMBER = re.compile(r"\d+")


@dataclass(slots=True)
class GridRows:
    """Rows of a table read from its grid: template row key → one value token per field."""

    values: dict[str, list[Token]] = field(default_factory=dict)


_VOCABULARIES: dict[int, tuple[TableSpec, _Vocabulary]] = {}


class Unmapped(Exception):
    """The grid cannot be read column by column; the line path takes over."""


def read_grid_table(
    template: Template, table: TableSpec, placed: list[PlacedTable], first_line: int, end_line: int
) -> list[RowReading] | None:
    """Readings of `table`'s rows from the grid rows whose lines lie in [first_line, end_line), or None."""
    rows = [grid_row for item in placed for grid_row in _rows_between(item, first_line, end_line)]
    if not rows:
        return None
    try:
        found = _found_rows(table, rows)
    except Unmapped:
        return None
    if not found.values:
        return None
    readings: list[RowReading] = []
    for row in table.rows:
        tokens = found.values.get(row.key)
        if tokens is None:
            continue
        line = _line_of(row, table)
        readings.append(read_row(line, tokens, template.equations_within(line.cells), may_split=False))
    return readings


_LINES: dict[tuple[int, str], tuple[Row, Line]] = {}


def _line_of(row: Row, table: TableSpec) -> Line:
    """`Line.of_row`, remembered: the same template rows are read in every report."""
    known = _LINES.get((id(row), table.key))
    if known is None or known[0] is not row:
        known = _LINES[(id(row), table.key)] = (row, Line.of_row(row, table.key))
    return known[1]


class _GridRow(NamedTuple):
    """One grid row: the cell covering each column, its number and its origin cells left to right."""

    dense: Dense
    number: int
    origins: list[Cell]


def _rows_between(item: PlacedTable, first: int, end: int) -> list[_GridRow]:
    numbers = [number for number, line in item.line_of_row.items() if first <= line < end]
    if not numbers:
        return []
    dense, origins = _dense(item.table)
    return [_GridRow(dense[number], number, origins[number]) for number in numbers]


# The last tables densified: each is read once per template table (three times).
_DENSE: dict[int, tuple[Table, list[Dense], list[list[Cell]]]] = {}


def _dense(table: Table) -> tuple[list[Dense], list[list[Cell]]]:
    known = _DENSE.get(id(table))
    if known is not None and known[0] is table:
        return known[1], known[2]
    if len(_DENSE) > 8:
        _DENSE.clear()
    grid, origins = _densified(table)
    _DENSE[id(table)] = (table, grid, origins)
    return grid, origins


def _densified(table: Table) -> tuple[list[Dense], list[list[Cell]]]:
    cells = table.cells
    height = max((c.row + c.rowspan for c in cells), default=0)
    width = max((c.col + c.colspan for c in cells), default=0)
    grid: list[Dense] = [[None] * width for _ in range(height)]
    origins: list[list[Cell]] = [[] for _ in range(height)]
    for cell in cells:
        origins[cell.row].append(cell)
        if cell.rowspan == 1 and cell.colspan == 1:
            grid[cell.row][cell.col] = cell
            continue
        for r in range(cell.row, cell.row + cell.rowspan):
            line = grid[r]
            for c in range(cell.col, cell.col + cell.colspan):
                line[c] = cell
    for row in origins:
        if any(row[i].col > row[i + 1].col for i in range(len(row) - 1)):
            row.sort(key=lambda c: c.col)
    return grid, origins


def _found_rows(table: TableSpec, rows: list[_GridRow]) -> GridRows:
    """Walk the grid rows: header rows set the column targets, the others are matched by label."""
    vocabulary = _Vocabulary.of(table)
    groups = label_groups(table)
    found = GridRows()
    targets: dict[int, Target] = {}
    keys: set[str] = set()
    header: list[_GridRow] = []
    previous_was_header = False
    next_index = 0
    pending = ""
    pending_values: dict[Target, Token] = {}
    for grid_row in rows:
        if _is_header(grid_row, vocabulary, targets, previous_was_header):
            header = [*header, grid_row] if previous_was_header else [grid_row]
            targets = _targets(table, vocabulary, header)
            keys = {key for _, key in targets.values()}
            previous_was_header = True
            pending, pending_values = "", {}
            continue
        previous_was_header = False
        if not targets:
            continue
        label, values = _label_and_values(grid_row, targets)
        if _fills_by_column(values):
            _take_by_column(table, found, values)
            continue
        index = _named(table, vocabulary, next_index, pending + label, groups)
        printed = any(token is not _BLANK for token in values.values())
        if index is None:
            # A label broken over two rows (a row split by a page break): its values
            # are printed beside its first part, its name completed by the second.
            pending = (pending + label)[-200:]
            if printed:
                pending_values = values
            continue
        row = table.rows[index]
        if not printed and pending_values and _completes(table, vocabulary, row, pending, label, next_index, groups):
            values = pending_values
        if row.key not in found.values:
            found.values[row.key] = _row_tokens(row, values, keys)
        next_index = index + 1
        pending, pending_values = "", {}
    return found


def _named(table: TableSpec, vocabulary: _Vocabulary, start: int, label: str, groups: list[str]) -> int | None:
    """`named_row`'s index, remembered: labels repeat from report to report."""
    key = (start, label)
    if key in vocabulary.labels:
        return vocabulary.labels[key]
    index, _ = named_row(table, start, label, groups)
    if len(vocabulary.labels) < 16_384:
        vocabulary.labels[key] = index
    return index


def _completes(
    table: TableSpec, vocabulary: _Vocabulary, row: Row, pending: str, label: str, start: int, groups: list[str]
) -> bool:
    """Whether a label without values completes the label printed with values before it (a row
    split by a page break: "5.属于三类" with the numbers, "内部事务信息" on the next page).

    Yes when the second part names no row alone, or when the first part starts with
    the row's own sub-item number; not for a blank row after a row whose label was
    not recognised, which would take that row's numbers.
    """
    if _named(table, vocabulary, start, label, groups) is None:
        return True
    number = _FIRST_NUMBER.search(fold(pending))
    return row.enumerator is not None and number is not None and int(number.group()) == row.enumerator


def _fills_by_column(values: dict[Target, Token]) -> bool:
    return any(target[0] is not None for target in values)


def _take_by_column(table: TableSpec, found: GridRows, values: dict[Target, Token]) -> None:
    """A row of a table whose columns name their rows (table 四 printed as one line)."""
    for row in table.rows:
        if row.key in found.values:
            continue
        if any((row.key, f.key) in values for f in row.fields):
            found.values[row.key] = [values.get((row.key, f.key), _BLANK) for f in row.fields]


def _row_tokens(row: Row, values: dict[Target, Token], keys: set[str]) -> list[Token]:
    """One token per field of `row`; `Unmapped` when the header (`keys`: its fields) has no column for one."""
    if any(f.key not in keys for f in row.fields):
        raise Unmapped
    return [values.get((None, f.key), _BLANK) for f in row.fields]


def _label_and_values(grid_row: _GridRow, targets: dict[int, Target]) -> tuple[str, dict[Target, Token]]:
    """The row's label text (origin cells outside the value columns) and the value of each target.

    A cell starting in a label column is label text, however far it spans (a
    caption row); one merged down several rows beside the row's own label is not. A target covered from the row above (a merged value cell) reads
    blank; a target without any printed value is present and blank, so that the
    row can tell a blank cell from a column it does not have.
    """
    cells = [cell for cell in grid_row.origins if cell.col not in targets]
    if len(cells) > 1:
        # A label cell merged down several rows is a row group's caption (（五）不予处理), not
        # this row's name: left out, it cannot come between the pieces of a label split by a page break.
        cells = [cell for cell in cells if cell.rowspan == 1] or cells
    label = "".join(cell.text for cell in cells)
    values: dict[Target, Token] = {}
    dense, number = grid_row.dense, grid_row.number
    width = len(dense)
    for col, target in targets.items():
        cell = dense[col] if col < width else None
        if cell is None or cell.col not in targets:
            continue
        token = _value_token(cell.text) if cell.row == number else _BLANK
        if token is not _BLANK or target not in values:
            values[target] = token
    return label, values


def _value_token(text: str) -> Token:
    """The one value a cell prints: a number, a placeholder, or blank; `Unmapped` for anything else."""
    value = _cell_value(text)
    if value is _TEXT or value is _MIXED:
        raise Unmapped
    return value


_TEXT = Token("text", "")
_MIXED = Token("text", "0")


@lru_cache(maxsize=16_384)
def _cell_value(text: str) -> Token:
    """A cell's one value token, `_BLANK`, or `_TEXT` (words only) or `_MIXED` (words and numbers)."""
    tokens = [t for t in cell_tokens(fold(text).replace("\n", " ")) if not t.is_insignificant and t.kind != "empty"]
    if not tokens:
        return _BLANK
    if len(tokens) == 1 and tokens[0].is_value:
        return tokens[0]
    return _MIXED if any(t.is_value for t in tokens) else _TEXT


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """What the header cells of a table may say: its fields' phrases, column groups and row names."""

    fields: tuple[tuple[str, str, bool], ...]  # (field key, squashed phrase, whole label or variant)
    groups: frozenset[str]
    row_names: tuple[tuple[str, str], ...]  # (row key, squashed phrase) for tables printed as one line
    # Header texts already looked up (they repeat in every report).
    known: dict[str, str | None] = field(default_factory=dict, compare=False)
    headers: dict[tuple[tuple[str | None, ...], ...], dict[int, Target]] = field(default_factory=dict, compare=False)
    labels: dict[tuple[int, str], int | None] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, table: TableSpec) -> _Vocabulary:
        known = _VOCABULARIES.get(id(table))
        if known is None or known[0] is not table:
            known = _VOCABULARIES[id(table)] = (table, cls._made(table))
        return known[1]

    @classmethod
    def _made(cls, table: TableSpec) -> _Vocabulary:
        phrases: dict[tuple[str, str], bool] = {}
        for row in table.rows:
            for f in row.fields:
                for text in (f.label, *f.variants):
                    phrases[(f.key, squash(text))] = True
                for text in f.headers:
                    phrases.setdefault((f.key, squash(text)), False)
        groups = {squash(g.label) for g in table.column_groups}
        names: list[tuple[str, str]] = []
        if table.flat:
            for row in table.rows:
                names += [(row.key, squash(p)) for p in row.match]
                if row.group:
                    groups.add(squash(row.group))
        return cls(tuple((k, p, whole) for (k, p), whole in phrases.items()), frozenset(groups), tuple(names))

    def field_of(self, text: str) -> str | None:
        """The field a header cell names: its whole label first, else the longest phrase it holds."""
        if text in self.known:
            return self.known[text]
        key = self._field_of(text)
        if len(self.known) < 4096:
            self.known[text] = key
        return key

    def _field_of(self, text: str) -> str | None:
        if not text:
            return None
        exact = {key for key, phrase, whole in self.fields if whole and phrase == text}
        if exact:
            return exact.pop() if len(exact) == 1 else None
        best = max((len(phrase) for _, phrase, _ in self.fields if phrase in text), default=0)
        if not best:
            return None
        keys = {key for key, phrase, _ in self.fields if len(phrase) == best and phrase in text}
        return keys.pop() if len(keys) == 1 else None

    def names_header(self, text: str) -> bool:
        return text in self.groups or self.field_of(text) is not None or any(p in text for _, p in self.row_names)

    def row_of(self, texts: list[str]) -> str | None:
        joined = "".join(texts)
        keys = {key for key, phrase in self.row_names if phrase in joined}
        return keys.pop() if len(keys) == 1 else None


def _is_header(grid_row: _GridRow, vocabulary: _Vocabulary, targets: dict[int, Target], after_header: bool) -> bool:
    """A row of column headers: no values, and a cell naming a column over the value columns.

    Over the value columns (or before any header, or right under one): a data row
    left all blank whose label names a column ("3.其他") is not a header.
    """
    naming = False
    for cell in grid_row.origins:
        value = _cell_value(cell.text)
        if value is _BLANK:
            continue
        if value is not _TEXT:
            return False
        if naming:
            continue
        if vocabulary.names_header(squash(cell.text)) and (
            not targets or after_header or any(c in targets for c in range(cell.col, cell.col + cell.colspan))
        ):
            naming = True
    return naming


def _targets(table: TableSpec, vocabulary: _Vocabulary, header: list[_GridRow]) -> dict[int, Target]:
    """Each value column's target, from its header cells read bottom up (`_field_from_bottom`).

    Remembered by the header's cells: most reports print one of a few headers.
    """
    signature = tuple(tuple(cell.text if cell is not None else None for cell in row.dense) for row in header)
    known = vocabulary.headers.get(signature)
    if known is None:
        known = _targets_of(table, vocabulary, header)
        if len(vocabulary.headers) < 1024:
            vocabulary.headers[signature] = known
    return known


def _targets_of(table: TableSpec, vocabulary: _Vocabulary, header: list[_GridRow]) -> dict[int, Target]:
    width = max(len(grid_row.dense) for grid_row in header)
    targets: dict[int, Target] = {}
    # The lowest header cell over each column: columns under one cell share its row.
    lowest: dict[int, int] = {}
    for col in range(width):
        texts: list[str] = []
        for grid_row in header:
            dense = grid_row.dense
            cell = dense[col] if col < len(dense) else None
            text = squash(cell.text) if cell is not None else ""
            if cell is not None and text:
                lowest[col] = id(cell)
            if text and (not texts or texts[-1] != text):
                texts.append(text)
        key = _field_from_bottom(vocabulary, texts)
        if key is None:
            continue
        targets[col] = (vocabulary.row_of(texts) if table.flat else None, key)
    if table.flat:
        targets = _rows_shared(targets, lowest)
    return targets


def _rows_shared(targets: dict[int, Target], lowest: dict[int, int]) -> dict[int, Target]:
    """Columns of a one-line table without a row of their own take the row of a column under the
    same header cell (a 总计 cell spanning two grid columns, only one under 行政复议); if one is
    still without, rows are told apart by their labels instead."""
    by_cell = {lowest.get(col): row for col, (row, _) in targets.items() if row is not None}
    shared = {
        col: (row if row is not None else by_cell.get(lowest.get(col)), key) for col, (row, key) in targets.items()
    }
    if any(row is None for row, _ in shared.values()):
        return {col: (None, key) for col, (_, key) in targets.items()}
    return shared


def _field_from_bottom(vocabulary: _Vocabulary, texts: list[str]) -> str | None:
    """The field named lowest in a column's header texts (top to bottom).

    A header cell may be printed as two cells, its text broken between them
    ("结果" over "维持" when a PDF's border runs through a merged cell), so each
    text is tried alone and then joined with those above it.
    """
    for end in range(len(texts), 0, -1):
        for start in range(end - 1, -1, -1):
            key = vocabulary.field_of("".join(texts[start:end]))
            if key is not None:
                return key
    return None
