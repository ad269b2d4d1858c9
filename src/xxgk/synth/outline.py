"""A report laid out as the official document: paragraphs and merged-cell grids.

Every writer (text, HTML, DOCX, PDF) renders the same `Outline`, so the
documents differ only in serialisation and noise, never in content. The grids
follow the official tables of 国办公开办函〔2019〕60号 and 〔2021〕30号 (see
spec/format-notes.md §2, §3): table 二 in caption blocks four columns wide, table
三 with its three-row header and merged row headers (三、本年度办理结果 over the
outcome rows, （三）…（六） over their sub-rows), table 四 as one line of fifteen
values under a three-row header. Rows, labels and groups come from the template.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal

from xxgk.render.grid import CellKind, GridCell
from xxgk.report import Report
from xxgk.synth import style as st
from xxgk.synth.style import Style
from xxgk.synth.values import printed_rows, roles_of
from xxgk.template import SECTIONS, Field, Row, TableSpec
from xxgk.template.applications import APPLICANT_HEADER, BALANCE_NOTE, LEGAL_PERSON_HEADER

# The header of the label column of table 二; the template holds rows, not this word.
CONTENT_HEADER = "信息内容"

ParagraphRole = Literal["agency", "title", "date", "intro", "heading", "body"]


@dataclass(frozen=True, slots=True)
class Grid:
    """One table as origin cells on a grid `rows` × `cols`.

    `owner[r][c]` is the index in `cells` of the cell covering position (r, c).
    """

    key: str
    cells: tuple[GridCell, ...]
    rows: int
    cols: int
    owner: tuple[tuple[int, ...], ...]

    def row_cells(self, row: int) -> list[GridCell]:
        return [cell for _, cell, _ in self.positions(row) if cell is not None]

    def positions(self, row: int) -> Iterator[tuple[int, GridCell | None, bool]]:
        """Each position of `row` left to right: (col, origin cell or None, covered from above).

        A cell spanning several columns is yielded once, at its first column.
        """
        col = 0
        while col < self.cols:
            cell = self.cells[self.owner[row][col]]
            if cell.row == row:
                yield col, cell, False
            else:
                yield col, None, True
            col = cell.col + cell.colspan


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    role: ParagraphRole = "body"


Block = Paragraph | Grid


@dataclass(frozen=True, slots=True)
class Outline:
    """The document: title, blocks in order, and the habits it was written with."""

    title: str
    blocks: tuple[Block, ...]
    style: Style
    agency: str
    year: int
    published: str | None = None


def build_outline(report: Report, style: Style, rng: random.Random) -> Outline:
    """The document for `report`: head lines, then the six sections in order."""
    assert report.agency is not None and report.year is not None
    title = st.words(style, st.title(style, report.agency, report.year))
    blocks: list[Block] = []
    if style.agency_above_title:
        blocks.append(Paragraph(report.agency, "agency"))
    blocks.append(Paragraph(title, "title"))
    if report.published:
        blocks.append(Paragraph(st.date_line(style, report.published), "date"))
    if style.intro:
        blocks.append(Paragraph(_intro(report.year), "intro"))
    for section in SECTIONS:
        blocks.append(Paragraph(st.heading(style, section, rng), "heading"))
        if section.table is not None:
            blocks.append(GRIDS[section.table](report, style, rng))
        else:
            blocks += [Paragraph(line) for line in report.text.get(section.key, "").split("\n") if line]
    return Outline(title, tuple(blocks), style, report.agency, report.year, report.published)


def _intro(year: int) -> str:
    return (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和有关规定编制。"
        "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )


# --- table 二 -------------------------------------------------------------------------


@dataclass(slots=True)
class _Builder:
    """Origin cells added row by row."""

    key: str
    cols: int
    cells: list[GridCell] = field(default_factory=list)
    row: int = 0

    def add(self, text: str, col: int, *, rowspan: int = 1, colspan: int = 1, kind: CellKind = "label") -> None:
        self.cells.append(GridCell(text, self.row, col, rowspan, colspan, kind))

    def next_row(self) -> None:
        self.row += 1

    def grid(self) -> Grid:
        return _grid(self.key, self.cells, self.row, self.cols)


def _grid(key: str, cells: list[GridCell], rows: int, cols: int) -> Grid:
    owner = [[-1] * cols for _ in range(rows)]
    for index, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                assert owner[r][c] < 0, f"table {key}: cells overlap at {r},{c}"
                owner[r][c] = index
    assert all(i >= 0 for line in owner for i in line), f"table {key}: grid has holes"
    return Grid(key, tuple(cells), rows, cols, tuple(tuple(line) for line in owner))


def regrid(grid: Grid, cells: list[GridCell]) -> Grid:
    """`grid` with other origin cells on the same positions."""
    return _grid(grid.key, sorted(cells, key=lambda c: (c.row, c.col)), grid.rows, grid.cols)


def active_grid(report: Report, style: Style, rng: random.Random) -> Grid:
    """Caption row, header row, then data rows, for each 第二十条 item."""
    table = report.spec.table("active")
    width = 1 + max(len(row.fields) for row in table.rows)
    grid = _Builder(table.key, width)
    for caption, block in groupby(printed_rows(report, table), key=lambda row: row.caption):
        rows = list(block)
        grid.add(st.words(style, caption or ""), 0, colspan=width, kind="caption")
        grid.next_row()
        grid.add(CONTENT_HEADER, 0, kind="header")
        _spread_cells(grid, [st.header_text(style, st.field_label(style, f, rng)) for f in rows[0].fields], "header")
        grid.next_row()
        for row in rows:
            grid.add(st.row_label(style, row, rng, spaced=True), 0)
            _spread_cells(grid, _values(report, table, row, style, rng), "value")
            grid.next_row()
    return grid.grid()


def _spread_cells(grid: _Builder, texts: list[str], kind: CellKind) -> None:
    """Cells from column 1 on; the last one stretches to the table's width."""
    for index, text in enumerate(texts):
        last = index == len(texts) - 1
        grid.add(text, 1 + index, colspan=grid.cols - 1 - index if last else 1, kind=kind)


def _values(report: Report, table: TableSpec, row: Row, style: Style, rng: random.Random) -> list[str]:
    return [
        st.value_text(style, report.cells.get(cell), f, rng)
        for cell, f in zip(row.cell_ids(table.key), row.fields, strict=True)
    ]


# --- table 三 -------------------------------------------------------------------------

LABEL_COLUMNS = 3


def applications_grid(report: Report, style: Style, rng: random.Random) -> Grid:
    """The three-row applicant header, then rows under their merged row headers."""
    table = report.spec.table("applications")
    columns = table.rows[0].fields
    grid = _Builder(table.key, LABEL_COLUMNS + len(columns))
    _applicant_header(grid, columns, style, rng)
    rows = printed_rows(report, table)
    block = _results_block(report, rows)
    results = next(row.group for row in rows if row.outcome)
    for index, row in enumerate(rows):
        if index == block[0]:
            grid.add(st.words(style, results or ""), 0, rowspan=block[1] - block[0], kind="group")
        if block[0] <= index < block[1]:
            _result_label(grid, rows, index, results, style, rng)
        else:
            grid.add(st.row_label(style, row, rng), 0, colspan=LABEL_COLUMNS)
        for offset, text in enumerate(_values(report, table, row, style, rng)):
            grid.add(text, LABEL_COLUMNS + offset, kind="value")
        grid.next_row()
    return grid.grid()


def _applicant_header(grid: _Builder, columns: tuple[Field, ...], style: Style, rng: random.Random) -> None:
    """申请人情况 over 自然人 | 法人或其他组织 (over the organisations) | 总计."""
    labels = [st.header_text(style, st.field_label(style, f, rng)) for f in columns]
    last = len(columns) - 1
    grid.add(st.words(style, BALANCE_NOTE), 0, rowspan=3, colspan=LABEL_COLUMNS, kind="header")
    grid.add(APPLICANT_HEADER, LABEL_COLUMNS, colspan=len(columns), kind="header")
    grid.next_row()
    grid.add(labels[0], LABEL_COLUMNS, rowspan=2, kind="header")
    grid.add(LEGAL_PERSON_HEADER, LABEL_COLUMNS + 1, colspan=last - 1, kind="header")
    grid.add(labels[last], LABEL_COLUMNS + last, rowspan=2, kind="header")
    grid.next_row()
    for offset in range(1, last):
        grid.add(labels[offset], LABEL_COLUMNS + offset, kind="header")
    grid.next_row()


def _results_block(report: Report, rows: tuple[Row, ...]) -> tuple[int, int]:
    """Indexes [start, end) of the rows under 三、本年度办理结果: the outcomes and their total."""
    processed = roles_of(report.spec).processed
    inside = [i for i, row in enumerate(rows) if row.outcome or row.key == processed]
    return inside[0], inside[-1] + 1


def _result_label(
    grid: _Builder, rows: tuple[Row, ...], index: int, results: str | None, style: Style, rng: random.Random
) -> None:
    row = rows[index]
    if row.group is None or row.group == results:
        grid.add(st.row_label(style, row, rng), 1, colspan=LABEL_COLUMNS - 1)
        return
    if index == 0 or rows[index - 1].group != row.group:
        span = 1
        while index + span < len(rows) and rows[index + span].group == row.group:
            span += 1
        grid.add(st.words(style, row.group), 1, rowspan=span, kind="group")
    grid.add(st.row_label(style, row, rng), 2)


# --- table 四 -------------------------------------------------------------------------


def review_grid(report: Report, style: Style, rng: random.Random) -> Grid:
    """行政复议 | 行政诉讼 over 未经复议直接起诉 | 复议后起诉, then one line of values."""
    table = report.spec.table("review_litigation")
    width = sum(len(row.fields) for row in table.rows)
    grid = _Builder(table.key, width)
    col = 0
    for top, rows in groupby(table.rows, key=lambda row: row.group or row.label):
        span = sum(len(row.fields) for row in rows)
        grid.add(top, col, colspan=span, kind="header")
        col += span
    for depth in (1, 2):
        grid.next_row()
        col = 0
        for row in table.rows:
            labels = [st.header_text(style, st.field_label(style, f, rng)) for f in row.fields]
            if row.group is None and depth == 1:
                for offset, text in enumerate(labels):
                    grid.add(text, col + offset, rowspan=2, kind="header")
            elif row.group is not None and depth == 1:
                grid.add(row.label.split("·")[-1], col, colspan=len(row.fields), kind="header")
            elif row.group is not None:
                for offset, text in enumerate(labels):
                    grid.add(text, col + offset, kind="header")
            col += len(row.fields)
    grid.next_row()
    col = 0
    for row in table.rows:
        for offset, text in enumerate(_values(report, table, row, style, rng)):
            grid.add(text, col + offset, kind="value")
        col += len(row.fields)
    grid.next_row()
    return grid.grid()


GRIDS = {"active": active_grid, "applications": applications_grid, "review_litigation": review_grid}
