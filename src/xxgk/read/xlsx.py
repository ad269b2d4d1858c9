"""XLSX: Excel workbooks, every sheet in order, merged ranges as real spans.

A sheet is cut into blocks at empty rows. A block whose rows each hold a single
piece of text in its first column is prose (one paragraph per row, line breaks
inside a cell kept); any other block is a table, its merged ranges becoming the
spans of their top-left cells. Numbers are written as a clerk would read them
(7, not 7.0; 96171.6; -5), dates as YYYY-MM-DD; formulas give their last
computed value. The reader knows nothing of report templates.

The package is checked before openpyxl inflates it: too many parts, or parts
declaring far more bytes than the file could hold, are refused.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import Any

from xxgk.errors import ReadError
from xxgk.read.document import Block, Cell, Document, Paragraph, Table
from xxgk.read.package import checked_package

MSG_CORRUPT = "XLSX 文件已损坏，无法读取"
MSG_TOO_LARGE = "XLSX 工作表过大（{rows} 行 × {cols} 列），不是年度报告"
MSG_ENCRYPTED = "XLSX 文件已加密，需要密码才能读取"

# A report sheet has a few dozen rows and at most fifteen columns.
MAX_CELLS = 2_000_000

Position = tuple[int, int]


def read_xlsx(data: bytes, source: str) -> Document:
    """Every sheet of the workbook as paragraphs and tables, in order."""
    checked_package(data, "XLSX").close()
    workbook = _open(data)
    blocks: list[Block] = []
    try:
        for sheet in workbook.worksheets:
            blocks.extend(_sheet_blocks(sheet))
        title = workbook.properties.title or ""
    finally:
        workbook.close()
    metadata = {"title": title.strip()} if title.strip() else {}
    return Document(source=source, format="xlsx", blocks=tuple(blocks), metadata=metadata)


def _open(data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(BytesIO(data), data_only=True, read_only=False)
    except zipfile.BadZipFile:
        raise ReadError(MSG_CORRUPT) from None
    except Exception as exc:  # openpyxl raises whatever its XML and zip layers raise
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise ReadError(f"{MSG_CORRUPT}（{reason}）") from None


def _sheet_blocks(sheet: Any) -> list[Block]:
    rows, cols = sheet.max_row, sheet.max_column
    if rows * cols > MAX_CELLS:
        raise ReadError(MSG_TOO_LARGE.format(rows=rows, cols=cols))
    spans, covered = _merges(sheet)
    cells: list[Cell] = []
    for line in sheet.iter_rows():
        for item in line:
            position = (item.row - 1, item.column - 1)
            text = _text(item.value)
            if text and position not in covered:
                rowspan, colspan = spans.get(position, (1, 1))
                cells.append(Cell(text, position[0], position[1], rowspan, colspan))
    blocks: list[Block] = []
    for run in _runs(cells):
        blocks.extend(_blocks(run))
    return blocks


def _merges(sheet: Any) -> tuple[dict[Position, tuple[int, int]], set[Position]]:
    """(rowspan, colspan) of each merged range's top-left cell, and the other positions the ranges cover."""
    spans: dict[Position, tuple[int, int]] = {}
    covered: set[Position] = set()
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        rowspan, colspan = merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1
        spans[top, left] = (rowspan, colspan)
        covered.update((r, c) for r in range(top, top + rowspan) for c in range(left, left + colspan))
        covered.discard((top, left))
    return spans, covered


def _runs(cells: list[Cell]) -> list[list[Cell]]:
    """The cells grouped into blocks of consecutive rows that hold text (or a merged cell reaching down)."""
    rows: dict[int, list[Cell]] = {}
    occupied: set[int] = set()
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
        occupied.update(range(cell.row, cell.row + cell.rowspan))
    runs: list[list[Cell]] = []
    previous = None
    for row in sorted(occupied):
        if previous is None or row != previous + 1:
            runs.append([])
        runs[-1].extend(sorted(rows.get(row, []), key=lambda c: c.col))
        previous = row
    return [run for run in runs if run]


def _blocks(run: list[Cell]) -> list[Block]:
    """Prose when every row holds one piece of text in the first column, else a table."""
    rows = [cell.row for cell in run]
    prose = len(set(rows)) == len(rows) and all(cell.rowspan == 1 and cell.col == 0 for cell in run)
    if prose:
        return [Paragraph(cell.text) for cell in run]
    top, left = min(rows), min(cell.col for cell in run)
    return [Table(tuple(cell._replace(row=cell.row - top, col=cell.col - left) for cell in run))]


def _text(value: Any) -> str:
    """A cell value as the text a reader sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
