"""Table 四, printed as one line of values across all its rows (`TableSpec.flat`), read as one row.

Its cells are read the way the document's layout calls for: a text dump's numbers
in order, an aligned line by its columns, else the first part of the region that
prints numbers, a part printed after it a sign of a cell cut by a page break.
"""

from __future__ import annotations

from xxgk.extract.celllines import blank_lines_as_cells
from xxgk.extract.headed import flat_placings
from xxgk.extract.readings import Line, RowReading, Value, parse_number
from xxgk.extract.rows import segments
from xxgk.extract.rowsums import keeps_equations
from xxgk.extract.stream import read_flat_dump
from xxgk.extract.tokens import Token, cells_kept_apart, tokenize
from xxgk.extract.values import read_row
from xxgk.template import TableSpec, Template

# The reason of a table 四 whose numbers the header and the sums place more than one way.
PLACED_SEVERAL_WAYS = "数字与表头栏目对不齐，有几种放法都与勾稽关系相符"
# The reason of a table 四 that breaks its sums with more numbers printed after it: a cell cut by a page.
SPLIT_BY_PAGE = "本表数字与勾稽关系不符，表后另有数字，可能是跨页断开的单元格"


def read_flat(
    template: Template, table: TableSpec, region: str, glued: bool, spacing: tuple[bool, bool, bool, bool]
) -> RowReading:
    """Table 四 in `region`. `glued`: the document glues its cells (digits may be cut); `spacing`:
    (whole, aligned, exported, drops), the layout the document's text was found in (`_read_tables`)."""
    whole, aligned, exported, drops = spacing
    line = Line.of_rows(table.rows, table.key, table.title)
    equations = template.equations_within(line.cells)
    if whole and not aligned and (dumped := read_flat_dump(line, equations, tokenize(region))) is not None:
        return dumped
    if aligned and (placed := flat_placings(table, region, template)):
        if len(placed) == 1:
            return read_row(line, placed[0], equations, whole=True, blank_cells=True)
        return _placed_several_ways(line, placed)
    parts = [part for part in segments(tokenize(region)) if any(v.is_value for v in part.values)]
    if not parts:
        return read_row(line, [], equations)
    values = cells_kept_apart(parts[0].values, len(line.fields))
    if exported:
        values = blank_lines_as_cells(values, len(line.fields))
    # Blank cells account for a short row only where the region prints its numbers in one piece.
    alone = len(parts) == 1
    reading = read_row(
        line,
        values,
        equations,
        may_split=glued,
        whole=whole,
        blank_cells=aligned and alone,
        dropped_blanks=drops and alone,
    )
    if reading.status == "exact" and len(parts) > 1 and not keeps_equations(line, reading.observed, equations):
        # More numbers printed after a row that breaks its sums: a cell wrapped onto the next page
        # ("10" … "5" for 105). Which cell they complete is not known, so none is read.
        return RowReading(line, "ambiguous", [], reading.observed, reading.printed, SPLIT_BY_PAGE)
    return reading


def _placed_several_ways(line: Line, placed: list[list[Token]]) -> RowReading:
    """An open reading whose candidates are the placings (blanks as 0, as the sums count them): the
    arithmetic narrows them with the other tables, and the cells they all agree on are read."""
    candidates = [tuple(0 if t.kind == "placeholder" else parse_number(t.text) for t in way) for way in placed]
    printed = [t for t in placed[0] if t.kind == "number"]
    observed: list[Value] = [parse_number(t.text) for t in printed]
    return RowReading(line, "ambiguous", candidates, observed, " ".join(t.text for t in printed), PLACED_SEVERAL_WAYS)
