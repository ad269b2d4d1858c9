"""The official grids of a report's tables, derived from the template alone.

The grids follow 国办公开办函〔2019〕60号 and 〔2021〕30号 (spec/format-notes.md §2–§3):

- table 二: for each 第二十条 item a caption row over the whole width, a header
  row (信息内容 and the item's column labels) and its data rows; a block with
  fewer columns stretches its last column to the table's width;
- table 三: the 勾稽 note over the label columns and three header rows
  (申请人情况 over all seven columns, 自然人 and 总计 two rows high, 法人或其他组织
  over the five organisation columns), then the rows, each row group
  (三、本年度办理结果, （三）不予公开 …) a cell merged down the rows it heads;
- table 四: 行政复议 over five columns and 行政诉讼 over ten, 未经复议直接起诉 and
  复议后起诉 over five each, the column labels, then one row of fifteen values.

A table's structure depends only on the template and the rows printed, so each shape is
built once (`grid_shape`) and filled with a report's values (`table_grid`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import groupby

from xxgk.render.grid import CellKind, Grid, GridCell
from xxgk.render.text import BLANK, value_text
from xxgk.report import Report
from xxgk.template import Field, Row, TableSpec, get_template


def table_grid(report: Report, table_key: str, blank: str = BLANK) -> Grid:
    """The official grid of one of the report's tables, its value cells filled from the report."""
    table = report.spec.table(table_key)
    shape = grid_shape(report.template, table_key, tuple(row.key for row in printed_rows(report, table)))
    cells = tuple(
        replace(cell, text=value_text(report.get(cell.cell_id), blank)) if cell.cell_id else cell
        for cell in shape.cells
    )
    return replace(shape, cells=cells)


@lru_cache(maxsize=256)
def grid_shape(template: str, table_key: str, row_keys: tuple[str, ...]) -> Grid:
    """The grid of a table printing `row_keys`, its value cells empty: computed once per shape."""
    table = get_template(template).table(table_key)
    rows = tuple(table.row(key) for key in row_keys)
    if table.flat:
        grid = _flat_grid(table)
    elif table.column_groups:
        grid = _applicant_grid(table, rows)
    else:
        grid = _caption_grid(table, rows)
    return replace(grid, shape=(template, table_key, *row_keys))


def printed_rows(report: Report, table: TableSpec) -> tuple[Row, ...]:
    """The rows to print: those the report prints, plus any replaced row that still holds values."""
    keys = set(report.printed_rows(table.key))
    keys |= {key for key in report.json_rows(table.key) if _filled(report, table, table.row(key))}
    return tuple(row for row in table.rows if row.key in keys)


def _filled(report: Report, table: TableSpec, row: Row) -> bool:
    return any(report.get(cell) is not None for cell in row.cell_ids(table.key))


@dataclass(slots=True)
class _Builder:
    """Origin cells added row by row."""

    cols: int
    cells: list[GridCell] = field(default_factory=list)
    row: int = 0

    def add(
        self,
        text: str,
        col: int,
        *,
        rowspan: int = 1,
        colspan: int = 1,
        kind: CellKind = "label",
        cell_id: str | None = None,
    ) -> None:
        self.cells.append(GridCell(text, self.row, col, rowspan, colspan, kind, cell_id))

    def values(self, table: TableSpec, row: Row, col: int, *, stretch: int = 0) -> None:
        """The row's (empty) value cells from `col` on; the last one widened to reach column `stretch`."""
        ids = row.cell_ids(table.key)
        for offset, cell_id in enumerate(ids):
            at = col + offset
            span = max(1, stretch - at) if offset == len(ids) - 1 and stretch else 1
            self.add("", at, colspan=span, kind="value", cell_id=cell_id)

    def next_row(self) -> None:
        self.row += 1

    def grid(self, table: TableSpec, header_rows: int, label_cols: int) -> Grid:
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        _check_tiling(table.key, cells, self.row, self.cols)
        return Grid(table.key, f"{table.number}、{table.title}", self.row, self.cols, header_rows, label_cols, cells)


def _check_tiling(key: str, cells: tuple[GridCell, ...], rows: int, cols: int) -> None:
    """Every grid position is covered by exactly one origin cell."""
    covered = [[0] * cols for _ in range(rows)]
    for cell in cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covered[r][c] += 1
    if any(n != 1 for line in covered for n in line):
        raise AssertionError(f"table {key}: cells do not tile the grid")


# --- table 二 ---------------------------------------------------------------------------


def _caption_grid(table: TableSpec, rows: tuple[Row, ...]) -> Grid:
    """A caption row, a header row and the data rows of each 第二十条 item."""
    width = 1 + max(len(row.fields) for row in table.rows)
    grid = _Builder(width)
    for caption, block in groupby(rows, key=lambda row: row.caption):
        members = list(block)
        grid.add(caption or "", 0, colspan=width, kind="caption")
        grid.next_row()
        grid.add(table.corner, 0, kind="header")
        _stretched_headers(grid, members[0].fields, width)
        grid.next_row()
        for row in members:
            grid.add(row.label, 0)
            grid.values(table, row, 1, stretch=width)
            grid.next_row()
    return grid.grid(table, header_rows=0, label_cols=1)


def _stretched_headers(grid: _Builder, fields: tuple[Field, ...], width: int) -> None:
    for offset, f in enumerate(fields):
        at = 1 + offset
        span = width - at if offset == len(fields) - 1 else 1
        grid.add(f.label, at, colspan=span, kind="header")


# --- table 三 ---------------------------------------------------------------------------


def _applicant_grid(table: TableSpec, rows: tuple[Row, ...]) -> Grid:
    """The header of merged column groups, then rows under their merged row groups."""
    columns = table.rows[0].fields
    nesting = table.group_chains
    label_cols = 1 + max(len(chain) for chain in nesting.values())
    header_rows = len(table.column_groups) + 1
    grid = _Builder(label_cols + len(columns))
    _column_header(grid, table, columns, label_cols, header_rows)
    for index, row in enumerate(rows):
        chain = nesting[row.key]
        for depth, group in enumerate(chain):
            if index == 0 or group not in nesting[rows[index - 1].key]:
                span = _run_length(rows, index, group, nesting)
                grid.add(group, depth, rowspan=span, kind="group")
        grid.add(row.label, len(chain), colspan=label_cols - len(chain))
        grid.values(table, row, label_cols)
        grid.next_row()
    return grid.grid(table, header_rows=header_rows, label_cols=label_cols)


def _column_header(grid: _Builder, table: TableSpec, columns: tuple[Field, ...], label_cols: int, depth: int) -> None:
    """The corner note over the label columns, merged column groups, and the column labels.

    A column under fewer groups than the deepest has its label merged down to the last header row.
    """
    keys = [f.key for f in columns]
    grid.add(table.corner, 0, rowspan=depth, colspan=label_cols, kind="header")
    placed: set[str] = set()
    for level, group in enumerate(table.column_groups):
        first = keys.index(group.columns[0])
        for key in keys:
            above = sum(key in g.columns for g in table.column_groups[:level])
            if key not in group.columns and key not in placed and above == level:
                grid.add(
                    columns[keys.index(key)].label, label_cols + keys.index(key), rowspan=depth - level, kind="header"
                )
                placed.add(key)
        grid.add(group.label, label_cols + first, colspan=len(group.columns), kind="header")
        grid.next_row()
    for index, f in enumerate(columns):
        if f.key not in placed:
            grid.add(f.label, label_cols + index, kind="header")
    grid.next_row()


def _run_length(rows: tuple[Row, ...], start: int, group: str, nesting: dict[str, tuple[str, ...]]) -> int:
    length = 0
    while start + length < len(rows) and group in nesting[rows[start + length].key]:
        length += 1
    return length


# --- table 四 ---------------------------------------------------------------------------


def _flat_grid(table: TableSpec) -> Grid:
    """Groups over rows' field blocks (行政诉讼 over two rows), row names, field labels, one line of values."""
    width = sum(len(row.fields) for row in table.rows)
    grid = _Builder(width)
    col = 0
    for top, members in groupby(table.rows, key=lambda row: row.group or row.label):
        span = sum(len(row.fields) for row in members)
        grid.add(top, col, colspan=span, kind="header")
        col += span
    grid.next_row()
    col = 0
    for row in table.rows:
        if row.group is None:
            for offset, f in enumerate(row.fields):
                grid.add(f.label, col + offset, rowspan=2, kind="header")
        else:
            grid.add(row.label.split("·")[-1], col, colspan=len(row.fields), kind="header")
        col += len(row.fields)
    grid.next_row()
    col = 0
    for row in table.rows:
        if row.group is not None:
            for offset, f in enumerate(row.fields):
                grid.add(f.label, col + offset, kind="header")
        col += len(row.fields)
    grid.next_row()
    col = 0
    for row in table.rows:
        grid.values(table, row, col)
        col += len(row.fields)
    grid.next_row()
    return grid.grid(table, header_rows=3, label_cols=0)
