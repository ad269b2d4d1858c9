"""Columns a table's header does not print: their cells are not read, neither blank nor zero.

A copy may lose a table's last columns: LibreOffice's DOCX of a wide web table, exported
to PDF, is cut at the page's edge, so table 三's header ends at 法律服务机构 (no 其他, no
总计) and table 四 prints 12 of its 15 numbers. Those cells are absent from the document.
Read as blank, every 总计 would be "0" and the checks would blame the report for sums it
never printed; so a row is read over the columns its header prints (`printed_part`), and
the cells of the others are named (`unheaded_cells`) for the coverage's lost cells: the
report says it was not fully read, and no sum over them is judged.
"""

from __future__ import annotations

from collections.abc import Sequence

from xxgk.extract.header import TEXT, GridRow, Target, cell_value
from xxgk.extract.readings import Line
from xxgk.extract.tokens import BLANK, Token
from xxgk.findings import Finding
from xxgk.template import Row, TableSpec

# A row's tokens as the grid reads them: None for a field the header has no column for.
Tokens = Sequence[Token | None]


def printed_part(line: Line, tokens: Tokens) -> tuple[Line, list[Token]]:
    """`line` cut down to the fields the header prints, with their tokens.

    The row's own equations over an absent cell then fall outside the line
    (`Template.equations_within`), so they never cut its digits; a prior or a
    statement about an absent field is dropped with it.
    """
    kept = [index for index, token in enumerate(tokens) if token is not None]
    printed = [token for token in tokens if token is not None]
    if len(kept) == len(tokens):
        return line, printed
    fields = tuple(line.fields[index] for index in kept)
    keys = {f.key for f in fields}
    cut = Line(
        line.name,
        tuple(line.cells[index] for index in kept),
        fields,
        tuple(prior for prior in line.priors if keys.issuperset(prior.fields)),
        tuple(statement for statement in line.stated if statement.field in keys),
    )
    return cut, printed


def unheaded_cells(line: Line, tokens: Tokens) -> list[str]:
    """The cells of `line` whose fields the header has no column for."""
    return [cell for cell, token in zip(line.cells, tokens, strict=True) if token is None]


def unheaded_names(table: TableSpec, row: Row, tokens: Tokens) -> list[str]:
    """The names of the columns `row` lacks, as a reader finds them in the original table:
    the field's label, for table 四 (one line across its rows) after the row's."""
    names = [f.label for f, token in zip(row.fields, tokens, strict=True) if token is None]
    return [f"{row.label}·{name}" for name in names] if table.flat else names


def has_unnamed_numbers(grid_row: GridRow, targets: dict[int, Target]) -> bool:
    """Whether the row prints a number in a column right of the first value column that the
    header names no field for: a column its header words differently, not one the copy lost,
    whose numbers the line path may still read in their order."""
    first = min(targets, default=0)
    return any(
        cell.col > first and cell.col not in targets and cell_value(cell.text) not in (BLANK, TEXT)
        for cell in grid_row.origins
    )


def columns_missing(table: TableSpec, names: Sequence[str], cells: tuple[str, ...]) -> Finding:
    """PARSE_COLUMN_NOT_FOUND: the columns the table's header lacks, their cells not read."""
    listed = "".join(f"“{name}”" for name in names)
    return Finding(
        "PARSE_COLUMN_NOT_FOUND",
        f"表{table.number}的表头中没有{listed}栏（原件或其副本可能截去了表格右侧），"
        f"这些栏的 {len(cells)} 个单元格未读取，留空且不按 0 计",
        cells,
    )
