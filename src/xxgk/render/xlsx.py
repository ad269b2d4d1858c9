"""XLSX: the report as an Excel workbook, one sheet per section, in the official layout.

Each sheet opens with its section heading; the first also carries the title and
the publication date. Prose is one paragraph per row, in a cell merged across
the sheet; a table keeps the official merged cells (`merge_range`). Numbers are
stored as numbers, so a clerk can sum them; a blank cell of a finished report
shows "—". Every value cell accepts only what its column holds (a count, a
signed change or an amount), with a Chinese message otherwise, which makes the
workbook from `xxgk new` a form. Sheets print on A4, one page wide, with the
column header rows of table 三 repeated on every page.
"""

from __future__ import annotations

import math
from datetime import datetime
from io import BytesIO
from typing import Any

import xlsxwriter

from xxgk.render.grid import Grid
from xxgk.render.layout import PUBLISHED_LABEL, Layout, Section
from xxgk.template import get_template
from xxgk.template.model import FieldKind

TABLE_FONT = "宋体"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
# Width of a sheet in Excel character units (the width of "0" in the default font).
SHEET_WIDTH = 110.0
POINTS_PER_LINE = 15.0
# A CJK character is about two width units.
CJK_UNITS = 2.0
FIXED_DATE = datetime(2020, 1, 1)
PAPER_A4 = 9
SHEET_NAME_MAX = 31
VALIDATION: dict[FieldKind, dict[str, Any]] = {
    "count": {"validate": "integer", "criteria": ">=", "value": 0, "error_message": "请填写不小于 0 的整数"},
    "signed": {
        "validate": "integer",
        "criteria": "between",
        "minimum": -(2**31),
        "maximum": 2**31 - 1,
        "error_message": "请填写整数（减少填负数）",
    },
    "amount": {"validate": "decimal", "criteria": ">=", "value": 0, "error_message": "请填写不小于 0 的数"},
}


def write_xlsx(layout: Layout) -> bytes:
    """The report as a .xlsx workbook."""
    buffer = BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.set_properties({"title": layout.title, "author": layout.agency or "", "created": FIXED_DATE})
    formats = _formats(workbook)
    kinds = _field_kinds(layout)
    for index, section in enumerate(layout.sections):
        sheet = workbook.add_worksheet(section.heading[:SHEET_NAME_MAX])
        _page_setup(sheet)
        widths = _column_widths(section)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        row = 0
        if index == 0:
            row = _head(sheet, layout, widths, formats)
        _merged(sheet, row, 0, row, len(widths) - 1, section.heading, formats["heading"])
        row += 2
        if section.grid is None:
            _paragraphs(sheet, row, section, widths, formats)
        else:
            _grid(sheet, row, section.grid, widths, formats, kinds)
    workbook.close()
    return buffer.getvalue()


def _page_setup(sheet: Any) -> None:
    sheet.set_paper(PAPER_A4)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.7, right=0.7, top=0.9, bottom=0.9)
    sheet.set_footer("&C— &P —")


def _column_widths(section: Section) -> list[float]:
    if section.grid is None:
        return [SHEET_WIDTH]
    return [SHEET_WIDTH * share for share in section.grid.column_shares()]


def _head(sheet: Any, layout: Layout, widths: list[float], formats: dict[str, Any]) -> int:
    """Title and publication date at the top of the first sheet; the next free row."""
    last = len(widths) - 1
    _merged(sheet, 0, 0, 0, last, layout.title, formats["title"])
    sheet.set_row(0, 36)
    if not layout.published:
        return 2
    _merged(sheet, 1, 0, 1, last, PUBLISHED_LABEL + layout.published, formats["published"])
    return 3


def _paragraphs(sheet: Any, row: int, section: Section, widths: list[float], formats: dict[str, Any]) -> None:
    """One row per paragraph; an empty section gets one empty row to write in."""
    for text in section.paragraphs or ("",):
        _merged(sheet, row, 0, row, len(widths) - 1, text, formats["paragraph"])
        sheet.set_row(row, _height(text, sum(widths) - 4))
        row += 1


def _grid(
    sheet: Any,
    top: int,
    grid: Grid,
    widths: list[float],
    formats: dict[str, Any],
    kinds: dict[str, FieldKind],
) -> None:
    heights = [POINTS_PER_LINE] * grid.rows
    for cell in grid.cells:
        row, col = top + cell.row, cell.col
        last_row, last_col = row + cell.rowspan - 1, col + cell.colspan - 1
        style = formats[cell.kind]
        if cell.kind == "value" and cell.text and cell.text.lstrip("-").replace(".", "", 1).isdigit():
            number = float(cell.text) if "." in cell.text else int(cell.text)
            _merged(sheet, row, col, last_row, last_col, number, style)
        else:
            _merged(sheet, row, col, last_row, last_col, cell.text, style)
        if cell.kind == "value" and cell.cell_id is not None:
            rule = {**VALIDATION[kinds[cell.cell_id]], "error_title": "数值不符合要求", "ignore_blank": True}
            sheet.data_validation(row, col, last_row, last_col, rule)
        if cell.rowspan == 1:
            width = sum(widths[cell.col : cell.col + cell.colspan])
            heights[cell.row] = max(heights[cell.row], _height(cell.text, width))
    for index, height in enumerate(heights):
        sheet.set_row(top + index, height)
    if grid.header_rows:
        sheet.repeat_rows(top, top + grid.header_rows - 1)


def _merged(sheet: Any, row: int, col: int, last_row: int, last_col: int, value: Any, style: Any) -> None:
    if (row, col) == (last_row, last_col):
        sheet.write(row, col, value, style)
    else:
        sheet.merge_range(row, col, last_row, last_col, value, style)


def _height(text: str, width: float) -> float:
    """Row height for `text` wrapped in a cell `width` units wide."""
    units = sum(CJK_UNITS if ord(ch) > 0x2E80 else 1.0 for ch in text)
    lines = max(1, math.ceil(units / max(width - 1.0, 1.0)))
    return lines * POINTS_PER_LINE


def _field_kinds(layout: Layout) -> dict[str, FieldKind]:
    template = get_template(layout.template)
    return {cell_id: template.field_of(cell_id).kind for cell_id in template.cell_ids()}


def _formats(workbook: Any) -> dict[str, Any]:
    table = {"font_name": TABLE_FONT, "font_size": 10, "border": 1, "text_wrap": True, "valign": "vcenter"}
    return {
        "title": workbook.add_format(
            {"font_name": TITLE_FONT, "font_size": 18, "align": "center", "valign": "vcenter"}
        ),
        "published": workbook.add_format({"font_name": BODY_FONT, "font_size": 12, "align": "center"}),
        "heading": workbook.add_format({"font_name": HEADING_FONT, "font_size": 14}),
        "paragraph": workbook.add_format(
            {"font_name": BODY_FONT, "font_size": 12, "text_wrap": True, "valign": "top", "indent": 2}
        ),
        "caption": workbook.add_format({**table, "font_name": HEADING_FONT}),
        "header": workbook.add_format({**table, "align": "center"}),
        "group": workbook.add_format({**table, "align": "center"}),
        "label": workbook.add_format(table),
        "value": workbook.add_format({**table, "align": "center", "num_format": "General"}),
    }
