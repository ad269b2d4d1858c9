"""Read a statistical table from the grid a reader handed over, column by column.

HTML, DOCX, XLSX and ruled PDF tables arrive as rows × columns with their spans
and their empty cells. Here each value column is named by its header cells
(申请人情况 / 法人或其他组织 / 商业企业 …, 行政复议 / 结果维持 …) against the
template's fields, so a blank cell stays in its column as null and a value can
never land in a neighbour's column. Rows are still found by their labels, as on
the line path (`rows.named_row`). When the header cannot be mapped (no header
row, a column no field claims, a cell holding several numbers) the caller falls
back to the line path, which handles glued and flattened text. A header without
a column for a field (a copy that cut the table's last columns) leaves that
field's cells not read (`unheaded`), and the columns it does print are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import add

from xxgk.bounded import Bounded
from xxgk.extract.fold import fold
from xxgk.extract.header import (
    MIXED,
    TEXT,
    Dense,
    GridRow,
    Target,
    Vocabulary,
    cell_value,
    header_targets,
    is_header,
)
from xxgk.extract.readings import Line, RowReading
from xxgk.extract.rows import label_groups, named_row
from xxgk.extract.tokens import BLANK, Token
from xxgk.extract.unheaded import has_unnamed_numbers, printed_part, unheaded_cells, unheaded_names
from xxgk.extract.values import read_row
from xxgk.read.document import Cell, PlacedTable, Table, row_groups
from xxgk.template import Row, TableSpec, Template

_FIRST_NUMBER = re.compile(r"\d+")


@dataclass(slots=True)
class GridRows:
    """Rows of a table read from its grid: template row key → one value token per field
    (None for a field the header has no column for)."""

    values: dict[str, list[Token | None]] = field(default_factory=dict)


@dataclass(slots=True)
class GridReading:
    """A table read from its grid: the readings of the rows found, and the cells of the
    columns its header does not print, with those columns' names (cells not read, not blank)."""

    readings: list[RowReading] = field(default_factory=list)
    shown: set[str] = field(default_factory=set)
    unread: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


class Unmapped(Exception):
    """The grid cannot be read column by column; the line path takes over."""


def read_grid_table(
    template: Template, table: TableSpec, placed: list[PlacedTable], first_line: int, end_line: int
) -> GridReading | None:
    """`table`'s rows read from the grid rows whose lines lie in [first_line, end_line), or None."""
    rows = _region_rows(table, placed, first_line, end_line)
    if not rows:
        return None
    try:
        found = _found_rows(table, rows)
    except Unmapped:
        return None
    if not found.values:
        return None
    reading = GridReading()
    for row in table.rows:
        tokens = found.values.get(row.key)
        if tokens is None:
            continue
        reading.shown.add(row.key)
        whole = _line_of(row, table)
        line, printed = printed_part(whole, tokens)
        if len(printed) < len(tokens):
            reading.unread += unheaded_cells(whole, tokens)
            reading.columns += [name for name in unheaded_names(table, row, tokens) if name not in reading.columns]
        if printed:
            reading.readings.append(read_row(line, printed, template.equations_within(line.cells), may_split=False))
    return reading


def _region_rows(table: TableSpec, placed: list[PlacedTable], first_line: int, end_line: int) -> list[GridRow]:
    """The grid rows of every table within the region; a later table without a header of its own
    continues the first (`_aligned`)."""
    rows: list[GridRow] = []
    first: list[GridRow] = []
    for item in placed:
        piece = _rows_between(item, first_line, end_line)
        if not piece:
            continue
        if not rows:
            first = piece
        elif _headless(table, piece):
            piece = _aligned(piece, len(first[0].dense), max(_value_run(row) for row in first))
        rows += piece
    return rows


_LINES: dict[tuple[int, str], tuple[Row, Line]] = {}


def _line_of(row: Row, table: TableSpec) -> Line:
    """`Line.of_row`, remembered: the same template rows are read in every report."""
    known = _LINES.get((id(row), table.key))
    if known is None or known[0] is not row:
        known = _LINES[(id(row), table.key)] = (row, Line.of_row(row, table.key))
    return known[1]


def _headless(table: TableSpec, rows: list[GridRow]) -> bool:
    """No header row before the first row printing a number: these rows (of a later <table> in the
    table's region) continue the first table (an all-blank row "3.其他" further down is no header)."""
    vocabulary = Vocabulary.of(table)
    for row in rows:
        if any(cell_value(cell.text) not in (BLANK, TEXT) for cell in row.origins):
            return True
        if is_header(row, vocabulary, {}, False):
            return False
    return True


def _value_run(row: GridRow) -> int:
    """How many grid columns the row's last cells cover that hold a number or nothing."""
    run = 0
    for cell in reversed(row.origins):
        if cell_value(cell.text) in (TEXT, MIXED):
            break
        run += cell.colspan
    return run


def _aligned(rows: list[GridRow], width: int, values: int) -> list[GridRow]:
    """The rows of a table continuing the first (its author split one table into two, cutting the
    label cells merged down across the split, so rows come out short), each moved right so that
    its value cells stand under the first table's; a row with another number of value cells is
    left out (not found, so a finding says so) rather than guessed into place."""
    out = []
    for row in rows:
        run = _value_run(row)
        if run == 0:
            out.append(row)
            continue
        if run != values or not row.origins:
            continue
        last = row.origins[-1]
        by = width - (last.col + last.colspan)
        origins = [cell._replace(col=cell.col + by) for cell in row.origins]
        dense: Dense = [None] * width
        for cell in origins:
            for col in range(cell.col, min(cell.col + cell.colspan, width)):
                dense[col] = cell
        out.append(GridRow(dense, row.number, origins))
    return out


def _rows_between(item: PlacedTable, first: int, end: int) -> list[GridRow]:
    numbers = [number for number, line in item.line_of_row.items() if first <= line < end]
    if not numbers:
        return []
    dense, origins = _dense(item.table)
    # Built by `tuple.__new__`, without the named tuple's Python-level constructor: every row passes here.
    return [_new_tuple(GridRow, (dense[number], number, origins[number])) for number in numbers]


_new_tuple = tuple.__new__


# The last tables densified: each is read once per template table (three times).
_DENSE: Bounded[int, tuple[Table, list[Dense], list[list[Cell]]]] = Bounded(9)


def _dense(table: Table) -> tuple[list[Dense], list[list[Cell]]]:
    known = _DENSE.get(id(table))
    if known is not None and known[0] is table:
        return known[1], known[2]
    grid, origins = _densified(table)
    _DENSE.put(id(table), (table, grid, origins))
    return grid, origins


def _densified(table: Table) -> tuple[list[Dense], list[list[Cell]]]:
    cells = table.cells
    height = width = 0
    if cells:
        # Columns of the cells, transposed in C: a generator per extent cost more than the filling.
        _, rows, cols, rowspans, colspans = zip(*cells, strict=True)
        height, width = max(map(add, rows, rowspans)), max(map(add, cols, colspans))
    grid: list[Dense] = [[None] * width for _ in range(height)]
    for cell in cells:
        if cell.rowspan == 1 and cell.colspan == 1:
            grid[cell.row][cell.col] = cell
            continue
        for r in range(cell.row, cell.row + cell.rowspan):
            line = grid[r]
            for c in range(cell.col, cell.col + cell.colspan):
                line[c] = cell
    # Grouped once for `Document.lines_and_tables` already; shared, read-only.
    return grid, row_groups(table)


def _found_rows(table: TableSpec, rows: list[GridRow]) -> GridRows:
    """Walk the grid rows: header rows set the column targets, the others are matched by label."""
    vocabulary = Vocabulary.of(table)
    groups = label_groups(table)
    found = GridRows()
    targets: dict[int, Target] = {}
    keys: set[str] = set()
    header: list[GridRow] = []
    previous_was_header = False
    next_index = 0
    pending = ""
    pending_values: dict[Target, Token] = {}
    by_column = False
    for grid_row in rows:
        if is_header(grid_row, vocabulary, targets, previous_was_header):
            header = [*header, grid_row] if previous_was_header else [grid_row]
            targets = header_targets(table, vocabulary, header)
            keys = {key for _, key in targets.values()}
            # Only columns naming their rows fill by column: most headers have none, so no row asks.
            by_column = any(row is not None for row, _ in targets.values())
            previous_was_header = True
            pending, pending_values = "", {}
            continue
        previous_was_header = False
        if not targets or _spans_every_column(grid_row, targets):
            # No header yet, or a note or caption row (注：… 单位：件) across the whole table.
            continue
        label, values = _label_and_values(grid_row, targets)
        if by_column and _fills_by_column(values):
            _take_by_column(table, found, values, (grid_row, targets))
            continue
        index = _named(table, vocabulary, next_index, pending + label, groups)
        if index is None:
            # A label broken over two rows (a row split by a page break): its values
            # are printed beside its first part, its name completed by the second.
            pending = (pending + label)[-200:]
            if _printed(values):
                pending_values = values
            continue
        row = table.rows[index]
        # Whether the row printed anything matters only after a label's first part with values.
        if (
            pending_values
            and not _printed(values)
            and _completes(table, vocabulary, row, pending, label, next_index, groups)
        ):
            values = pending_values
        if row.key not in found.values:
            found.values[row.key] = _row_tokens(row, values, keys, grid_row, targets)
        next_index = index + 1
        pending, pending_values = "", {}
    return found


def _printed(values: dict[Target, Token]) -> bool:
    return any(token is not BLANK for token in values.values())


def _spans_every_column(grid_row: GridRow, targets: dict[int, Target]) -> bool:
    """The row is one cell merged across every value column (a note under the table, a caption)."""
    if len(grid_row.origins) != 1:
        return False
    cell = grid_row.origins[0]
    return cell.col <= min(targets) and cell.col + cell.colspan > max(targets) and len(targets) > 1


def _named(table: TableSpec, vocabulary: Vocabulary, start: int, label: str, groups: list[str]) -> int | None:
    """`named_row`'s index, remembered: labels repeat from report to report."""
    key = (start, label)
    if key in vocabulary.labels:
        return vocabulary.labels[key]
    index, _ = named_row(table, start, label, groups)
    if len(vocabulary.labels) < 16_384:
        vocabulary.labels[key] = index
    return index


def _completes(
    table: TableSpec, vocabulary: Vocabulary, row: Row, pending: str, label: str, start: int, groups: list[str]
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


def _take_by_column(
    table: TableSpec, found: GridRows, values: dict[Target, Token], header: tuple[GridRow, dict[int, Target]]
) -> None:
    """A row of a table whose columns name their rows (table 四 printed as one line); a field
    the header has no column for is not read (None)."""
    grid_row, targets = header
    named = set(targets.values())
    for row in table.rows:
        if row.key in found.values:
            continue
        if any((row.key, f.key) in values for f in row.fields):
            tokens = [values.get(t, BLANK) if (t := (row.key, f.key)) in named else None for f in row.fields]
            found.values[row.key] = _checked(tokens, grid_row, targets)


def _row_tokens(
    row: Row, values: dict[Target, Token], keys: set[str], grid_row: GridRow, targets: dict[int, Target]
) -> list[Token | None]:
    """One token per field of `row`, None where the header (`keys`: its fields) has no column for it."""
    field_keys = _field_keys(row)
    if keys.issuperset(field_keys):
        return [values.get((None, key), BLANK) for key in field_keys]
    tokens = [values.get((None, key), BLANK) if key in keys else None for key in field_keys]
    return _checked(tokens, grid_row, targets)


def _checked(tokens: list[Token | None], grid_row: GridRow, targets: dict[int, Target]) -> list[Token | None]:
    """`tokens`, unless a field lacks a column while the row prints a number in a column the
    header names no field for: then the header was not understood, and `Unmapped`."""
    if any(token is None for token in tokens) and has_unnamed_numbers(grid_row, targets):
        raise Unmapped
    return tokens


_FIELD_KEYS: dict[int, tuple[Row, tuple[str, ...]]] = {}


def _field_keys(row: Row) -> tuple[str, ...]:
    """The keys of the row's fields, remembered by the template row (the same rows in every report)."""
    known = _FIELD_KEYS.get(id(row))
    if known is None or known[0] is not row:
        known = _FIELD_KEYS[id(row)] = (row, tuple(f.key for f in row.fields))
    return known[1]


def _label_and_values(grid_row: GridRow, targets: dict[int, Target]) -> tuple[str, dict[Target, Token]]:
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
    label = "".join([cell.text for cell in cells])
    values: dict[Target, Token] = {}
    dense, number = grid_row.dense, grid_row.number
    width = len(dense)
    for col, target in targets.items():
        cell = dense[col] if col < width else None
        if cell is None or cell.col not in targets:
            continue
        if cell.row == number:
            # The cell's one value; any other text and the grid cannot be read by column.
            token = cell_value(cell.text)
            if token is TEXT or token is MIXED:
                raise Unmapped
        else:
            token = BLANK
        if token is not BLANK or target not in values:
            values[target] = token
    return label, values
