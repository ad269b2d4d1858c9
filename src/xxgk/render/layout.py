"""The official layout of a report, independent of any file format.

Every writer (DOCX, HTML, PDF, Markdown, XLSX) renders the same `Layout`, so the
formats differ only in serialisation. The table grids are derived from the
template alone (国办公开办函〔2019〕60号 and 〔2021〕30号, spec/format-notes.md
§2–§3):

- table 二: for each 第二十条 item a caption row over the whole width, a header
  row (信息内容 and the item's column labels) and its data rows; a block with
  fewer columns stretches its last column to the table's width;
- table 三: the 勾稽 note over the label columns and three header rows
  (申请人情况 over all seven columns, 自然人 and 总计 two rows high, 法人或其他组织
  over the five organisation columns), then the rows, each row group
  (三、本年度办理结果, （三）不予公开 …) a cell merged down the rows it heads;
- table 四: 行政复议 over five columns and 行政诉讼 over ten, 未经复议直接起诉 and
  复议后起诉 over five each, the column labels, then one row of fifteen values.

Every value cell carries its cell id, so a writer (or a form reader) knows which
number it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from itertools import groupby
from typing import Literal

from xxgk.report import Report, Value
from xxgk.template import SECTIONS, Field, Row, TableSpec, get_template

CellKind = Literal["caption", "header", "group", "label", "value"]

TITLE = "{agency}{year}政府信息公开工作年度报告"
PUBLISHED_LABEL = "发布时间："
# Column widths as shares of the table: a row-group column holds its number, "（五）",
# three full-width glyphs at the tables' 9 pt with the cell's padding, 12 mm of the
# A4 table's 164 (its label stacks down the rows it heads); the label column takes
# a third of table 二 and less of table 三, whose seven value columns need the room.
GROUP_SHARE = 0.075
LABEL_SHARE = {False: 0.31, True: 0.30}
# Control characters other than white space, and lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]")
# What a blank (null) cell shows in a finished report: every reader reads it back as blank.
BLANK = "—"


@dataclass(frozen=True, slots=True)
class GridCell:
    """An origin cell: its text, grid position, spans, role and, for a value, its cell id."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: CellKind = "label"
    cell_id: str | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    """One statistical table as origin cells on a `rows` × `cols` grid.

    The first `header_rows` rows are the column header, repeated on every page the
    table runs over; the first `label_cols` columns hold row labels.
    """

    key: str
    caption: str
    rows: int
    cols: int
    header_rows: int
    label_cols: int
    cells: tuple[GridCell, ...]
    # Template, table and printed rows: grids of equal shape differ only in their values.
    shape: tuple[str, ...] = ()

    @property
    def keep_together(self) -> bool:
        """Short tables that should not break over pages: no column header to repeat, or one data row."""
        return self.header_rows == 0 or self.rows <= self.header_rows + 1

    def row_cells(self, row: int) -> list[GridCell]:
        """The origin cells starting in `row`, left to right."""
        return [cell for cell in self.cells if cell.row == row]

    def rows_of_cells(self) -> list[list[GridCell]]:
        """The origin cells of each row, left to right (cells are kept sorted by row, then column)."""
        rows: list[list[GridCell]] = [[] for _ in range(self.rows)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        return rows

    def value_cells(self) -> Iterator[GridCell]:
        return (cell for cell in self.cells if cell.kind == "value")

    def headers_of(self, cell: GridCell) -> tuple[GridCell, ...]:
        """The header cells that name a value cell (see `header_map`)."""
        return self.header_map()[cell.row, cell.col]

    def header_map(self) -> dict[tuple[int, int], tuple[GridCell, ...]]:
        """For each value cell's position, the cells that name it: column headers, then row labels.

        The column headers are those covering its column in the run of rows
        without values directly above the value's own run of rows (table 二
        repeats a caption and header row per block); the row labels are the
        label and group cells covering its row.
        """
        value_rows = {c.row for c in self.value_cells()}
        band: dict[int, tuple[int, int]] = {}
        for row in sorted(value_rows):
            top = band[row - 1][1] if row - 1 in value_rows else row
            bottom = top
            while bottom - 1 >= 0 and bottom - 1 not in value_rows:
                bottom -= 1
            band[row] = (bottom, top)
        labels: dict[int, list[GridCell]] = {}
        for c in self.cells:
            if c.kind in ("label", "group"):
                for row in range(c.row, c.row + c.rowspan):
                    labels.setdefault(row, []).append(c)
        headings = [c for c in self.cells if c.kind in ("caption", "header")]
        columns: dict[tuple[tuple[int, int], int], list[GridCell]] = {}
        out: dict[tuple[int, int], tuple[GridCell, ...]] = {}
        for cell in self.value_cells():
            bottom, top = band[cell.row]
            named = columns.get((band[cell.row], cell.col))
            if named is None:
                named = [c for c in headings if bottom <= c.row < top and _covers_col(c, cell.col)]
                columns[band[cell.row], cell.col] = named
            out[cell.row, cell.col] = (*named, *labels.get(cell.row, ()))
        return out

    def column_shares(self) -> tuple[float, ...]:
        """Each column's share of the table width: narrow row-group columns, a wide label column, equal values."""
        groups = max(0, self.label_cols - 1)
        label = LABEL_SHARE[self.label_cols > 1] if self.label_cols else 0.0
        values = (1.0 - label - GROUP_SHARE * groups) / (self.cols - self.label_cols)
        return (GROUP_SHARE,) * groups + (label,) * min(1, self.label_cols) + (values,) * (self.cols - self.label_cols)


def _covers_col(cell: GridCell, col: int) -> bool:
    return cell.col <= col < cell.col + cell.colspan


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered section: its heading, then its prose paragraphs or its table."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    grid: Grid | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    """The whole document: title, publication date (ISO), then the six sections in order."""

    title: str
    published: str | None
    sections: tuple[Section, ...]
    agency: str | None = None
    year: int | None = None
    template: str = ""

    @property
    def grids(self) -> tuple[Grid, ...]:
        return tuple(section.grid for section in self.sections if section.grid is not None)


def layout_report(report: Report, *, blank: str = BLANK) -> Layout:
    """The document for `report`; a null cell shows `blank` ("" for a form to fill in)."""
    sections = []
    for section in SECTIONS:
        heading = f"{section.number}、{section.title}"
        if section.table is None:
            sections.append(Section(section.key, heading, paragraphs=prose_lines(report.text.get(section.key, ""))))
        else:
            sections.append(Section(section.key, heading, grid=table_grid(report, section.table, blank)))
    return Layout(
        title=report_title(report),
        published=report.published,
        sections=tuple(sections),
        agency=printable(report.agency) if report.agency else None,
        year=report.year,
        template=report.template,
    )


def prose_lines(text: str) -> tuple[str, ...]:
    """A prose section as printed: one paragraph per line, each without blank lines or runs of spaces.

    This is the canonical form of prose: every format shows white space as a
    browser would (a run of spaces as one), so it is what any document reads back
    as. Characters no document format can hold (control characters, halves of
    surrogate pairs, as a JSON file may contain) are left out.
    """
    lines = (" ".join(printable(line).split()) for line in text.split("\n"))
    return tuple(line for line in lines if line)


def printable(text: str) -> str:
    """`text` without the characters no document format can hold."""
    return _UNPRINTABLE.sub("", text)


def canonical_text(text: str) -> str:
    """`text` as it reads back from any rendered document (see `prose_lines`)."""
    return "\n".join(prose_lines(text))


def report_title(report: Report) -> str:
    """The official title; without agency or year, what is known of it."""
    return TITLE.format(agency=printable(report.agency or ""), year=f"{report.year}年" if report.year else "")


def value_text(value: Value, blank: str = BLANK) -> str:
    """A cell value printed exactly: integers as digits, decimals positionally without exponent."""
    if value is None:
        return blank
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)


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
