"""Whether a table's numbers stand by their rows, for a copy that leaves blank cells out.

Such a copy prints a row's non-blank cells after its name, so a row printing fewer
numbers than cells has blank cells, and the sums may place them. pdftotext of a
browser's print breaks that: it prints a page's first columns by the row names and
the others after the table (even after the next heading), or a column apart. Then a
short row's other numbers are printed elsewhere, and placing blank cells would read
them as 0; the table tells so by what it prints.
"""

from __future__ import annotations

from xxgk.extract.cells import TOLERANCE
from xxgk.extract.fold import squash
from xxgk.extract.memo import ends_with_headers
from xxgk.extract.naming import ends_with_header
from xxgk.extract.readings import RowReading, parse_number
from xxgk.extract.rows import RowText, Segment, label_groups, named_row
from xxgk.template import Field, TableSpec, Template

# Why a row is left open whose numbers may be the next row's (`rows_in_doubt`).
ORDER_IN_DOUBT = "复制的文字中行名与数字错开（下一行的名称印在这些数字之后），无法确定这些数字属于本行还是下一行"
# How many rows of two numbers or more, most not closed by their total, show a column printed apart.
MIN_ROWS_APART = 4
# A column header's first characters, enough to find it wrapped over lines ("科研" / "机构").
HEADER_PREFIX = 2


def prints_numbers_elsewhere(
    template: Template, table: TableSpec, rows: list[RowText], region: str, parts: list[Segment]
) -> bool:
    """The table prints numbers apart from its rows (`region`: its text, folded; `parts`: its segments).

    Told by a column header the region does not print or prints numbers under, by more numbers no
    row took than the rows not found have cells, by a row with more numbers than cells, or by rows
    not closed by their totals. pdftotext of a browser's print puts columns' numbers after the rows
    ("3 8 4 10 6 44 1 0 …" under the last label, after a page's header, after the next heading), so
    a row printing fewer numbers than cells is not one whose blank cells were left out: its other
    numbers are printed elsewhere, and placing blank cells would read them as 0.
    """
    taken = [sum(v.kind == "number" for v in r.values) for r in rows]
    if (
        not _headers_printed(table, region)
        or _under_headers(table, parts)
        or _left_over(table, rows, parts)
        or any(n > len(r.row.fields) > 1 for n, r in zip(taken, rows, strict=True))
    ):
        return True
    # Most rows of two numbers or more not closed by their total, zeros printed: a column printed
    # apart (the 合计 column after the table). A copy leaving blank cells out ends each row with its
    # total, the sum of the numbers before it ("26 26", "0 0"), unless the report leaves its totals
    # blank too ("258 12 1 1"), printing no zero.
    if not any(v.kind == "number" and v.text == "0" for r in rows for v in r.values):
        return False
    closing = [
        _closes(r)
        for r, n in zip(rows, taken, strict=True)
        if n >= 2 and template.equations_within(r.row.cell_ids(table.key))
    ]
    return len(closing) >= MIN_ROWS_APART and closing.count(False) * 2 > len(closing)


def _under_headers(table: TableSpec, parts: list[Segment]) -> bool:
    """Numbers follow a column header ("科研机构 社会公益组织 … 合计" / 1 / 0 / …): a page's other
    columns printed after its rows."""
    groups = label_groups(table)
    return any(
        any(v.kind == "number" for v in part.values)
        and (ends_with_header(table, part.label, groups) or ends_with_headers(table, part.label))
        for part in parts
    )


def _left_over(table: TableSpec, rows: list[RowText], parts: list[Segment]) -> bool:
    """More numbers no row took than the rows not found have cells: columns printed after the rows
    (a row not found leaves its own numbers over, and says so)."""
    found = {r.row.key for r in rows}
    replaced = table.replaced_rows(found)
    lost = sum(len(row.fields) for row in table.rows if not (row.optional or row.key in found or row.key in replaced))
    taken = sum(v.kind == "number" for r in rows for v in r.values)
    printed = sum(v.kind == "number" for part in parts for v in part.values)
    return printed - taken > lost


def _closes(found: RowText) -> bool:
    """The row's last number is the sum of the others it prints."""
    numbers = [parse_number(v.text) or 0 for v in found.values if v.kind == "number"]
    return abs(sum(numbers[:-1]) - numbers[-1]) < TOLERANCE


def _headers_printed(table: TableSpec, region: str) -> bool:
    """Every column of the table is named in the region as often as its header is printed (a table
    over pages prints it on each): a long name (自然人, 科研机构 …) by its first characters, a short
    one (总计, 其他) counted beyond the rows' names that spell it ("（七）总计"). A page whose 总计
    column is printed after the next heading names it on the first page only."""
    text = squash(region)
    fields = table.rows[0].fields if table.rows else ()
    if not fields:
        return True
    times = _times_named(table, text, fields[0]) if all(r.fields == fields for r in table.rows) else 1
    return all(_times_named(table, text, f) >= max(times, 1) for f in fields)


def _times_named(table: TableSpec, text: str, field: Field) -> int:
    """How often `text` names the column `field` beyond the row names that spell it."""
    names = (field.label, *field.variants)
    if len(field.label) > HEADER_PREFIX:
        return max(text.count(name[:HEADER_PREFIX]) for name in names)
    in_labels = sum(any(name in squash(row.label) for name in names) for row in table.rows)
    return sum(text.count(name) for name in names) - in_labels


def numbers_before_names(table: TableSpec, parts: list[Segment]) -> bool:
    """A row's worth of numbers or more before the first row name (`parts`: the region's segments): the copy
    prints each row's numbers before its name ("13612 252 0 45 128 32 14069" / "一、本年新收…"), or
    pieces of rows out of order, so no number can be given to a row by where it stands. One or two
    numbers there are the previous table's, run onto the page."""
    if not table.rows:
        return False
    groups = label_groups(table)
    before = 0
    for part in parts:
        if named_row(table, 0, part.label, groups)[0] is not None:
            break
        before += sum(v.kind == "number" for v in part.values)
    return before >= len(table.rows[0].fields) > 1


def rows_in_doubt(table: TableSpec, rows: dict[str, RowText]) -> set[str]:
    """Rows whose numbers may be the next row's: a row's numbers a line each after its name, then a
    line naming the next row with no number of its own and a later one ("（三）不 4.保护第三方合法权 /
    益 / 予公开 5.属于三类内部事务" / 1 / 1): pdftotext prints a name set beside a group caption after
    its numbers, so the numbers before it are this row's or that one's, and the text does not say."""
    found = [rows[row.key] for row in table.rows if row.key in rows]
    doubt: set[str] = set()
    for before, blank, after in zip(found, found[1:], found[2:], strict=False):
        named_together = blank.label == after.label and blank.label != before.label
        if named_together and _prints_numbers(before) and not _prints_numbers(blank):
            doubt.update((before.row.key, blank.row.key))
    return doubt


def in_doubt(reading: RowReading) -> RowReading:
    """`reading` left open: its numbers printed, which row's they are not known."""
    return RowReading(reading.line, "short", [], reading.observed, reading.printed, ORDER_IN_DOUBT)


def _prints_numbers(found: RowText) -> bool:
    return any(v.kind == "number" for v in found.values)
