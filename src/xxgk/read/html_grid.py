"""HTML table grids: cells placed on rows and columns as a browser places them.

Report tables merge cells with rowspan/colspan on almost every row, and
extraction reads values by grid position, so every cell must keep the column
a browser would give it. Spans are clamped as browsers clamp them, and the
grid work a page may cause is bounded so a page of huge spans is refused
early instead of exhausting memory.

`clean` lives here because cell text is cleaned in the placement loop (the
bare-text fast path) as well as by the text flow in `xxgk.read.html`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from xxgk.errors import ReadError
from xxgk.read.document import Cell

MSG_TABLE_TOO_LARGE = "HTML 表格规模异常（合并单元格展开后过大），拒绝读取"

# Browsers cap colspan at 1000 and rowspan at 65534.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
# Grid positions a page's tables may mark or skip while placing cells. A report
# table has a few hundred; this stops a page of huge spans early.
MAX_GRID_WORK = 5_000_000
CELL_TAGS = ("td", "th")
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A line break between two CJK characters renders as nothing (source-wrapped Chinese text).
_CJK_LINE_BREAK = re.compile(rf"(?<={_CJK})[ \t\r\f\v]*\n\s*(?={_CJK})")
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")
_LEADING_DIGITS = re.compile(r"\s*(\d+)")


def clean(text: str) -> str:
    """Whitespace as a browser renders it: runs collapsed, ends trimmed."""
    if text.isprintable() and "  " not in text:
        # No tab, newline, NBSP or other wide space: only the ends can change.
        return text.strip(" ")
    if "\n" in text:
        text = _CJK_LINE_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def table_rows(table: Any) -> list[list[Any]]:
    """The <td>/<th> elements of each row, header rows first and footer rows last."""
    body: list[Any] = []
    foot: list[Any] = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            body.append(child)
        elif tag in ("thead", "tbody"):
            body.extend(child.iterchildren("tr"))
        elif tag == "tfoot":
            foot.extend(child.iterchildren("tr"))
    # lxml picks the cells by tag in C.
    return [list(row.iterchildren(*CELL_TAGS)) for row in body + foot]


def place_cells(rows: list[list[Any]], work: int, cell_text: Callable[[Any], str]) -> tuple[list[Cell], int]:
    """Place cells on the grid as a browser does: each takes the first free column.

    The per-cell work is kept in this loop (a report page has a few hundred
    cells): a bare-text cell is cleaned here, and a `Cell` is built by
    `tuple.__new__`, without the named tuple's Python-level constructor.
    """
    cells: list[Cell] = []
    append = cells.append
    # Looked up once, not per cell: globals and builtins cost a dictionary lookup each time.
    new_tuple, cell_type, most_work = _new_tuple, Cell, MAX_GRID_WORK
    # free_from[c]: the first row at which column c is no longer covered by a rowspan; `covered`, its length.
    free_from: list[int] = []
    covered = 0
    row_count = len(rows)
    for row_index, row in enumerate(rows):
        col = 0
        for element in row:
            if col < covered and free_from[col] > row_index:
                while col < covered and free_from[col] > row_index:
                    col += 1
                    work += 1
                # Checked where the work grows (here and for a rowspan), so once per cell at most.
                if work > most_work:
                    raise ReadError(MSG_TABLE_TOO_LARGE)
            rowspan = colspan = 1
            # Most cells have no attribute at all: one call tells.
            if element.keys():
                rowspan_attribute, colspan_attribute = element.get("rowspan"), element.get("colspan")
                if rowspan_attribute is not None:
                    rowspan = _span(rowspan_attribute, MAX_ROWSPAN, zero_means=row_count - row_index)
                    rowspan = min(rowspan, row_count - row_index)
                if colspan_attribute is not None:
                    colspan = _span(colspan_attribute, MAX_COLSPAN, zero_means=1)
                if rowspan > 1:
                    end = col + colspan
                    if end > covered:
                        free_from.extend([0] * (end - covered))
                        covered = end
                    free_from[col:end] = [row_index + rowspan] * colspan
                    work += colspan
                    if work > most_work:
                        raise ReadError(MSG_TABLE_TOO_LARGE)
            if len(element):
                text = cell_text(element)
            else:
                # `cell_text` of a bare-text cell (most report cells), `clean`'s first test inlined.
                text = element.text or ""
                text = text.strip(" ") if text.isprintable() and "  " not in text else clean(text)
            append(new_tuple(cell_type, (text, row_index, col, rowspan, colspan)))
            col += colspan
    return cells, work


_new_tuple = tuple.__new__


def _span(value: str | None, ceiling: int, zero_means: int) -> int:
    """A rowspan/colspan attribute read as browsers do: leading digits, clamped, else 1."""
    if not value:
        return 1
    if value.isascii() and value.isdigit() and len(value) < 8:
        number = int(value)
    else:
        match = _LEADING_DIGITS.match(value)
        if not match:
            return 1
        number = int(match.group(1)[:7])
    if number == 0:
        return max(zero_means, 1)
    return min(number, ceiling)
