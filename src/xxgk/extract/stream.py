"""A table copied column by column, one cell per line: its row names first, then its numbers.

pdftotext without -layout copies a ruled table as a PDF viewer does: the label column's
cells, then the header cells, then the numbers, row by row — and a block of rows whose
labels fit on one line sometimes column by column instead. Nothing pairs a number with
its row there but the count and the arithmetic: when the table prints exactly one number
per cell of the rows it names, the numbers are cut into rows in order (or, for the rows
where that breaks their totals, column by column), and a row is read only when its own
total holds; the reading stands only if every sum of the table it completes holds too. One row in
order that breaks its total, every other row in order, is read as printed when one of its cells
changed would make every sum hold: a misprint for the checks to report, not a number out of place.
Anything else leaves the table to the line path (unread where it cannot pair).
"""

from __future__ import annotations

import re
from functools import lru_cache

from xxgk.extract.bands import read_in_bands
from xxgk.extract.captioned import read_captioned
from xxgk.extract.deferred import deferred_orders
from xxgk.extract.fold import fold, squash
from xxgk.extract.memo import field_names
from xxgk.extract.readings import Line, RowReading, parse_number
from xxgk.extract.rejoin import rejoined_reading
from xxgk.extract.rows import RowText, Segment, match_rows
from xxgk.extract.tokens import Token
from xxgk.extract.values import read_row
from xxgk.template import Equation, Row, TableSpec, Template

_NUMBER = re.compile(r"[+-]?[\d,]+(?:\.\d+)?")
# A number wrapped after a thousands separator in a narrow cell: "1,03" over "9" is 1,039.
_CUT = re.compile(r"[+-]?\d{1,3}(?:,\d{3})*,\d{1,2}")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CUT_END = re.compile(rf"(?:^|\s)({_CUT.pattern})\s*$")
# Where a line may end so (a separator, one or two digits, the line's end): starting with a literal
# comma, the regex engine skips to each comma, where `_CUT_END` tries every line start of the region.
_MAY_END_CUT = re.compile(r",\d{1,2}\s*$", re.MULTILINE)
_DIGITS_START = re.compile(r"\s*(\d+)(?=\s|$)")
# Numbers wrapped in their narrow cells a one-row table may print: more, and it is not read.
MAX_WRAPPED = 3


def joined_cut_numbers(region: str) -> str:
    """`region` with each number wrapped after a thousands separator joined again.

    A cell's lines come one after the other in a copy, so a line ending in a piece that can be no
    number of its own ("1,03", or "… 77 1,6") and the digits the next line starts with that complete
    it into one ("9": 1,039; "57 …": 1,657) are one cell; pieces that make no thousands number
    together are left as they are.
    """
    if "," not in region or _MAY_END_CUT.search(region) is None:
        return region
    lines = region.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        head = _CUT_END.search(line)
        tail = _DIGITS_START.match(lines[i + 1]) if head and i + 1 < len(lines) else None
        if head and tail and _THOUSANDS.fullmatch(head.group(1) + tail.group(1)):
            out.append(line.rstrip() + tail.group(1))
            rest = lines[i + 1][tail.end() :]
            lines[i + 1] = rest
            if not rest.strip():
                i += 1
            i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def read_column_dump(table: TableSpec, template: Template, region: str, tokens: list[Token]) -> dict[str, RowText]:
    """Rows of `table` read from a column-by-column copy (`tokens`: the region's), or {} when it is not one."""
    if table.rows and all(row.caption for row in table.rows):
        return read_captioned(table, region)
    numbers = [t for t in tokens if t.kind == "number"]
    if not numbers or _placeholder_among_values(tokens):
        return {}
    # The rows the label column names, a line at a time (a label wraps over several).
    # Column headers are left out: a header "总计" or "其他" on a line of its own names no row.
    headers = field_names(table)
    lines = [
        Segment(line.strip())
        for line in fold(region).splitlines()
        if line.strip() and not _NUMBER.fullmatch(line.strip()) and squash(line) not in headers
    ]
    rows = _without_captions([rt.row for rt in match_rows(table, lines)])
    if rows and len(numbers) != len(rows) * len(rows[0].fields):
        rows = _with_rows_between(table, rows)
    if rows and len(numbers) != len(rows) * len(rows[0].fields):
        rows = _every_row(table, rows, len(numbers))
    widths = {len(row.fields) for row in rows}
    if not rows or len(widths) != 1 or len(numbers) != len(rows) * widths.pop():
        return {}
    width = len(rows[0].fields)
    read: dict[str, list[Token]] = {}
    misprint: int | None = None  # the one row in order that breaks its own total
    i = 0
    while i < len(rows):
        cells = numbers[i * width : (i + 1) * width]
        if _row_holds(table, template, rows[i], cells):
            read[rows[i].key] = cells
            i += 1
            continue
        # A block of rows copied column by column: the shortest from here whose every row then holds.
        block = _block_by_columns(table, template, rows[i:], numbers[i * width :])
        if block:
            read.update(block)
            i += len(block)
            continue
        if misprint is not None:
            break  # past a number out of place nothing is paired: a cut may hold by chance
        misprint, read[rows[i].key] = i, cells
        i += 1
    if misprint is not None:
        if len(read) == len(rows) and _one_misprint(table, template, rows, read, rows[misprint]):
            return {key: RowText(next(r for r in rows if r.key == key), "", cells) for key, cells in read.items()}
        before = {row.key for row in rows[:misprint]}
        read = {key: cells for key, cells in read.items() if key in before}
    if len(read) < len(rows):
        # Bands of rows printed in pieces beyond the cut above: the one reading that holds, if any.
        banded = read_in_bands(
            rows,
            numbers,
            lambda row, cells: _row_holds(table, template, row, cells),
            lambda cells: _table_holds(table, template, rows, cells),
        )
        if banded and all(banded.get(key, cells) == cells for key, cells in read.items()):
            read = {**read, **banded}
    if len(read) < len(rows):
        read = {**read, **_deferred(table, template, rows, tokens, read)}
    if not read or not _table_holds(table, template, rows, read):
        return {}
    return {key: RowText(next(r for r in rows if r.key == key), "", cells) for key, cells in read.items()}


def _placeholder_among_values(tokens: list[Token]) -> bool:
    """A placeholder ("无", "-") stands for a blank cell, unless label text stands right before and
    after it: a caption printed a character a line down its cell ("（四）" "无" "法" "提" "供") spells
    "无" as a line of its own, a piece of the label."""
    for i, token in enumerate(tokens):
        if token.kind != "placeholder":
            continue
        within_label = 0 < i < len(tokens) - 1 and tokens[i - 1].kind == tokens[i + 1].kind == "text"
        if not within_label:
            return True
    return False


def _deferred(
    table: TableSpec, template: Template, rows: list[Row], tokens: list[Token], read: dict[str, list[Token]]
) -> dict[str, list[Token]]:
    """The rows read in bands once a head band's last columns printed after its page are put back
    (deferred.py): only where exactly one reordering gives a reading, and it keeps the rows read so far."""
    found: list[dict[str, list[Token]]] = []

    def holds(i: int, cells: list[Token]) -> bool:
        return i < len(rows) and _row_holds(table, template, rows[i], cells)

    for numbers in deferred_orders(rows[0].fields, tokens, holds):
        banded = read_in_bands(
            rows,
            numbers,
            lambda row, cells: _row_holds(table, template, row, cells),
            lambda cells: _table_holds(table, template, rows, cells),
        )
        if banded:
            found.append(banded)
    if len(found) != 1 or any(found[0].get(key, cells) != cells for key, cells in read.items()):
        return {}
    return found[0]


def _without_captions(rows: list[Row]) -> list[Row]:
    """`rows` without an optional row printed in place of others (2019's （六）其他处理 in a 2021 report)
    where one of those others was found too: there its label is the caption over them ("（六）其他处理"
    down the side of its three rows), no row of cells."""
    found = {row.key for row in rows}
    return [row for row in rows if not (found & set(row.replaces))]


def _every_row(table: TableSpec, rows: list[Row], count: int) -> list[Row]:
    """Every required row of `table` when `count` numbers are one per cell of them, else `rows`: the
    viewer may print a page's label column in two blocks (the captions and (七)总计 / 四、结转 first,
    the sub-rows' names after), and the rows then named out of order are not found in order. Only the
    count and the sums decide, as for rows between."""
    replaced = table.replaced_rows({row.key for row in rows})
    every = [r for r in table.rows if not (r.optional or r.key in replaced)]
    widths = {len(row.fields) for row in every}
    return every if len(widths) == 1 and count == len(every) * widths.pop() else rows


def _with_rows_between(table: TableSpec, rows: list[Row]) -> list[Row]:
    """`rows` with the required rows of `table` between two of them that were not found: a grid prints
    every row, and a label cut apart by the column headers printed into it ("1.属于国家" / 自然人 … /
    "秘密") is not found. The count and the sums decide whether the table was read so."""
    index = {row.key: i for i, row in enumerate(table.rows)}
    first, last = index[rows[0].key], index[rows[-1].key]
    found = {row.key for row in rows}
    replaced = table.replaced_rows(found)
    return [r for r in table.rows[first : last + 1] if r.key in found or not (r.optional or r.key in replaced)]


def read_flat_dump(line: Line, equations: tuple[Equation, ...], tokens: list[Token]) -> RowReading | None:
    """A one-row table (table 四) copied one cell per line: every number of its region, in order, when
    there is one per cell and every equation of the row holds; None otherwise.

    The row's headers are stacked between its numbers, so no label pairs them; but a row's cells
    come left to right, and a count short of the cells (blank cells) or a sum broken leaves it unread.
    Numbers before the table's first column header (the previous table's, run onto this page) are
    not its: where the region prints more, only those after that header are counted. A few numbers
    more than cells are a number wrapped in its narrow cell ("10" over "1"): read where exactly one
    way of joining neighbours again makes every equation hold.
    """
    numbers = [t for t in tokens if t.is_value]
    if len(numbers) != len(line.cells):
        numbers = [t for t in _after_first_header(line, tokens) if t.is_value]
    if any(t.kind != "number" for t in numbers) or not equations:
        return None
    if len(line.cells) < len(numbers) <= len(line.cells) + MAX_WRAPPED:
        return rejoined_reading(line, numbers, equations)
    if len(numbers) != len(line.cells):
        return None
    values = {cell: float(parse_number(t.text) or 0) for cell, t in zip(line.cells, numbers, strict=True)}
    if not all(eq.holds(values) for eq in equations):
        return None
    return read_row(line, numbers, equations, may_split=False, whole=True)


def _after_first_header(line: Line, tokens: list[Token]) -> list[Token]:
    """The tokens after the first label naming the line's first column ("结果维持"; its letters may be
    printed apart, "结 果 维 持"), or [] when none does."""
    names = [squash(n) for n in (line.fields[0].label, *line.fields[0].variants)] if line.fields else []
    text = ""
    for i, token in enumerate(tokens):
        if token.is_value:
            continue
        text += squash(token.text)
        if any(name and name in text for name in names):
            return tokens[i + 1 :]
    return []


def _block_by_columns(
    table: TableSpec, template: Template, rows: list[Row], numbers: list[Token]
) -> dict[str, list[Token]]:
    """The first `count` rows (the fewest from two on) whose numbers, taken column by column, each hold."""
    width = len(rows[0].fields)
    for count in range(2, len(rows) + 1):
        taken = numbers[: count * width]
        by_columns = {row.key: taken[r::count] for r, row in enumerate(rows[:count])}
        if all(_row_holds(table, template, row, by_columns[row.key]) for row in rows[:count]):
            return by_columns
    return {}


def _values(table: TableSpec, row: Row, cells: list[Token]) -> dict[str, float]:
    return dict(_numbers_of(tuple(row.cell_ids(table.key)), tuple(t.text for t in cells)))


@lru_cache(maxsize=4096)
def _numbers_of(cells: tuple[str, ...], texts: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The cells' values (remembered: the band search checks the same rows in many readings)."""
    return tuple((cell, float(parse_number(text) or 0)) for cell, text in zip(cells, texts, strict=True))


def _row_holds(table: TableSpec, template: Template, row: Row, cells: list[Token]) -> bool:
    """The row has equations of its own, and every one holds."""
    values = _values(table, row, cells)
    equations = template.equations_within(row.cell_ids(table.key))
    return bool(equations) and all(eq.holds(values) for eq in equations)


def _one_misprint(
    table: TableSpec, template: Template, rows: list[Row], read: dict[str, list[Token]], row: Row
) -> bool:
    """Every row read in order, `row` breaking its own total, and one of its cells changed would make
    every sum of the table hold: the row is then as the report prints it, a misprint the checks report,
    not numbers out of order (those break the sums of two columns at least)."""
    values: dict[str, float] = {}
    for r in rows:
        values.update(_values(table, r, read[r.key]))
    printed = {r.key for r in rows}
    absent = {f"{table.key}.{r.key}" for r in table.rows if r.key not in printed}
    equations = [eq for eq in template.equations_without(absent) if set(eq.cells) <= set(values)]
    broken = [eq for eq in equations if not eq.holds(values)]
    own = set(row.cell_ids(table.key))
    if not broken or not all(own & set(eq.cells) for eq in broken):
        return False
    if not any(len({c.split(".")[1] for c in eq.cells}) > 1 for eq in equations if eq not in broken):
        return False
    for cell in own:
        eq = next((e for e in broken if cell in e.cells), None)
        if eq is None or (cell in eq.left) == (cell in eq.right):
            continue
        residual = sum(values[c] for c in eq.left) - sum(values[c] for c in eq.right)
        fixed = dict(values, **{cell: values[cell] + (-residual if cell in eq.left else residual)})
        if all(e.holds(fixed) for e in equations):
            return True
    return False


def _table_holds(table: TableSpec, template: Template, rows: list[Row], read: dict[str, list[Token]]) -> bool:
    """Every equation all of whose cells were read holds, and at least one across rows was checked."""
    values: dict[str, float] = {}
    for row in rows:
        if row.key in read:
            values.update(_values(table, row, read[row.key]))
    own = {cell for row in rows for cell in row.cell_ids(table.key)}
    # The rows not among `rows` are not printed: their terms drop out of the sums (as in `reconstruct`).
    printed = {row.key for row in rows}
    absent = {f"{table.key}.{row.key}" for row in table.rows if row.key not in printed}
    checked = 0
    for eq in template.equations_without(absent):
        if not set(eq.cells) <= own or not all(c in values for c in eq.cells):
            continue
        if not eq.holds(values):
            return False
        checked += len({c.split(".")[1] for c in eq.cells}) > 1
    return checked > 0
