"""A statistical table as a grid of origin cells, independent of any file format.

Each `GridCell` is an origin cell with its spans and role, and a value cell carries its
cell id, so a writer (or a form reader) knows which number it holds. `xxgk.render.tables`
builds the official grids of tables 二, 三 and 四 from the template.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

CellKind = Literal["caption", "header", "group", "label", "value"]

# Column widths as shares of the table: a row-group column holds its number, "（五）",
# three full-width glyphs at the tables' 9 pt with the cell's padding, 12 mm of the
# A4 table's 164 (its label stacks down the rows it heads); the label column takes
# a third of table 二 and less of table 三, whose seven value columns need the room.
GROUP_SHARE = 0.075
LABEL_SHARE = {False: 0.31, True: 0.30}


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
