"""Numbers a table's region prints that no row took: the sign of a table not fully read.

Text that keeps the page's columns (`pdftotext -layout`) prints every number of a
table in its region, each one cell's value. A number no row took was printed in a
cell the reading left blank: a wrapped label that carried part of its row's numbers
onto its continuation line ("5.属于三类内部事务 0" / "信息  0 0 0 0 1 1"), a row whose
numbers were printed away from it. The rows read with blank cells next to it may hold
it, so their cells are unknown, not blank: they are left unread, no sum is judged
over them, and the report says it was not fully read.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from xxgk.extract.readings import RowReading, Value
from xxgk.extract.rows import RowText
from xxgk.extract.tokens import BLANK, Token
from xxgk.template import TableSpec

# The reason of a row left unread next to a number no row took.
PRINTED_ELSEWHERE = "表中有数字未能归入任何一行（如印在栏目名称的续行上），本行的空白单元格可能印有这些数字"


def rows_beside_untaken(
    table: TableSpec, rows: dict[str, RowText], tokens: Sequence[Token], taken: Collection[int] = ()
) -> set[str]:
    """The keys of the rows read with a blank cell (or printing no number) next to a number of
    `tokens` (the region's, placed) that no row took: between the rows read on the lines before
    and after it. `taken`: the ids of numbers a row took in another token's guise (`continued`)."""
    order = [row.key for row in table.rows if row.key in rows]
    lines = [_first_line(rows[key]) for key in order]
    beside: set[str] = set()
    for token in numbers_untaken(tokens, rows.values(), taken):
        assert token.place is not None
        line = token.place.line
        before = [i for i, at in enumerate(lines) if at is not None and at <= line]
        after = [i for i, at in enumerate(lines) if at is not None and at > line]
        start = before[-1] if before else 0
        end = after[0] if after else len(order) - 1
        beside.update(key for key in order[start : end + 1] if _has_blank(rows[key]))
    return beside


def numbers_untaken(tokens: Sequence[Token], rows: Iterable[RowText], taken: Collection[int] = ()) -> list[Token]:
    """The placed numbers of `tokens` that none of `rows` took as a value (nor `taken`, by id); an
    enumerator cut from its label ("(五)不予处理4." / "无正当理由…") is no cell's."""
    taken = {*taken, *(id(token) for found in rows for token in found.values)}
    following = [*tokens[1:], None]
    return [
        token
        for token, after in zip(tokens, following, strict=True)
        if token.kind == "number" and token.place is not None and id(token) not in taken and not _enumerates(after)
    ]


def unplaced(reading: RowReading) -> RowReading:
    """`reading` left open: its numbers printed, none placed in a column (see the module's docstring)."""
    one = reading.candidates[0] if len(reading.candidates) == 1 else reading.observed
    observed: list[Value] = [v for v in one if v is not None]
    return RowReading(reading.line, "short", [], observed, " ".join(reading.printed.split()), PRINTED_ELSEWHERE)


def _first_line(found: RowText) -> int | None:
    """The line the row's first placed number stands on, or None when it prints none."""
    return next((t.place.line for t in found.values if t.place is not None), None)


def _has_blank(found: RowText) -> bool:
    """Whether the row was read with a blank cell: a `BLANK` among its values, or no value at all
    (a placeholder such as "-" is printed, not blank)."""
    return any(t is BLANK for t in found.values) or not any(t.is_value for t in found.values)


def _enumerates(after: Token | None) -> bool:
    return after is not None and after.kind == "text" and after.text[:1] in (".", "、", "．")
