"""Text that keeps a table's columns by spacing: what `pdftotext -layout` and similar copies print.

Such text pads every cell to its place on the page, so the numbers of a row stand
apart by runs of spaces; a number is one cell's whole value, never two cells'
digits glued together, and a row printing fewer numbers than it has cells has
blank cells (zero printed as nothing), not glued ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise

from xxgk.extract.broken import breaks_wherever_placed, some_choice_holds
from xxgk.extract.doubted import as_printed, off_their_columns
from xxgk.extract.readings import parse_number
from xxgk.extract.rows import RowText
from xxgk.extract.tokens import BLANK, Token
from xxgk.extract.uncertain import other_placing
from xxgk.template import Equation, Row, TableSpec, Template

# A number stands in a column when it is nearer the column's middle than this share of the way to the
# next column's middle (pdftotext -layout shifts a row's cells by a character or two).
TOLERANCE = 0.34
# Rows printing all their cells whose middles disagree by more than this share of the column gap leave
# the page's columns unknown.
SPREAD = 0.25


@dataclass(frozen=True, slots=True)
class Columns:
    """The middles of a block of rows' value columns on one page, left to right (twice the column)."""

    middles: tuple[float, ...]

    def place(self, middles: list[int]) -> list[int] | None:
        """The column of each number, in order and each in its own column, or None when one is not clearly in one."""
        columns: list[int] = []
        for middle in middles:
            nearest = min(range(len(self.middles)), key=lambda j: abs(self.middles[j] - middle))
            if abs(self.middles[nearest] - middle) > TOLERANCE * self.gap(nearest):
                return None
            if columns and nearest <= columns[-1]:
                return None
            columns.append(nearest)
        return columns

    def moved_onto(self, middles: list[int]) -> list[Columns]:
        """These columns moved so that one of the numbers at `middles` stands on one of them, every way."""
        moves = sorted({m - middle for m in self.middles for middle in middles})
        return [Columns(tuple(m - move for m in self.middles)) for move in moves]

    def gap(self, j: int) -> float:
        gaps = [abs(self.middles[j] - self.middles[i]) for i in (j - 1, j + 1) if 0 <= i < len(self.middles)]
        return min(gaps) if gaps else 0.0


def columns_of(full: list[list[int]]) -> Columns | None:
    """The columns that rows printing every cell on one line show (their middles), if they agree."""
    if not full:
        return None
    width = len(full[0])
    middles = tuple(float(sorted(line[j] for line in full)[len(full) // 2]) for j in range(width))
    if any(b <= a for a, b in pairwise(middles)):
        return None
    columns = Columns(middles)
    for line in full:
        if any(abs(middle - middles[j]) > SPREAD * columns.gap(j) for j, middle in enumerate(line)):
            return None
    return columns


@dataclass(frozen=True, slots=True)
class Block:
    """A run of rows on one page whose columns agree: lines `first` to `last`."""

    page: int
    first: int
    last: int
    columns: Columns


def blocks_of(full: list[tuple[int, int, list[int]]]) -> list[Block]:
    """Runs of consecutive full rows ((page, line, middles), in line order) on one page whose columns
    agree: a page break moves a table's columns, and so may a row pushed by a long label."""
    blocks: list[Block] = []
    run: list[tuple[int, int, list[int]]] = []

    def close() -> None:
        columns = columns_of([m for _, _, m in run]) if run else None
        if columns is not None:
            blocks.append(Block(run[0][0], run[0][1], run[-1][1], columns))

    for page, line, middles in full:
        if run and (page != run[0][0] or columns_of([m for _, _, m in run] + [middles]) is None):
            close()
            run = []
        run.append((page, line, middles))
    close()
    return blocks


def placing(blocks: list[Block], page: int, line: int, middles: list[int]) -> tuple[list[int], Columns | None] | None:
    """The columns of a short row's numbers under the block of its page it stands in; between two
    blocks, or beyond them, every block of the page that can place them must agree."""
    same = [b for b in blocks if b.page == page]
    inside = [b for b in same if b.first <= line <= b.last] or same
    placings = [(p, b) for b in inside if (p := b.columns.place(middles)) is not None]
    if not placings or any(p != placings[0][0] for p, _ in placings) or len(placings) < len(inside) / 2:
        return None
    # Columns that several full rows agree on are firm (None); one full row's may be squeezed.
    lone = [b.columns for _, b in placings if b.first == b.last]
    return placings[0][0], lone[0] if lone else None


# Numbers of one column on a page stand within this many columns of each other (twice, as middles).
CLUSTER = 4


def clustered_columns(middles: list[int], width: int) -> Columns | None:
    """The columns the numbers of a page's rows show when every one of its `width` columns prints a
    number somewhere on it: exactly `width` tight groups of middles, set well apart."""
    groups: list[list[int]] = []
    for middle in sorted(middles):
        if groups and middle - groups[-1][-1] <= CLUSTER // 2:
            groups[-1].append(middle)
        else:
            groups.append([middle])
    if len(groups) != width or any(g[-1] - g[0] > CLUSTER for g in groups):
        return None
    # Groups set apart by more than a group's width: a number is never near two of them.
    if any(b[0] - a[-1] <= CLUSTER for a, b in pairwise(groups)):
        return None
    return Columns(tuple(sum(g) / len(g) for g in groups))


def on_one_line(values: list[Token]) -> bool:
    """Every number placed, all on the same line of the same page."""
    places = [t.place for t in values]
    return bool(places) and all(p is not None for p in places) and len({(p.page, p.line) for p in places if p}) == 1


def with_blank_cells(
    table: TableSpec,
    rows: dict[str, RowText],
    template: Template,
    numbers: Iterable[Token] = (),
    named: Callable[[int], Columns | None] | None = None,
) -> dict[str, RowText]:
    """Rows printing fewer numbers than cells, each number put in the column it stands under.

    The columns are those of the nearby rows of the same fields that print every cell on one
    line; a number not clearly under one of them, or a placing that breaks the row's own sums
    (unless every placing breaks them: `breaks_wherever_placed`) or any sum of the table it
    completes (blank cells count as zero), leaves the row as it was (unread). `numbers`: the table's tokens, to find the columns of a page from all the numbers
    it prints when no row on it prints every cell. `named`: a page's columns named by its header
    labels (`named.named_page_columns`), where neither gives them.
    """
    blocks, pages = page_columns(table, rows, numbers)
    placed: dict[str, RowText] = {}
    for key, found in rows.items():
        values = [t for t in found.values if t.is_value]
        width = len(found.row.fields)
        if not 0 < len(values) < width or not on_one_line(values):
            continue
        ids = found.row.cell_ids(table.key)
        where = _placed(found.row, values, (blocks, pages, rows), named)
        if where is None or _placed_otherwise_too(ids, values, where, template):
            continue
        cells = _put(tuple(where[0]), values, width)
        if sums_hold(ids, cells, template) or breaks_wherever_placed(ids, values, template):
            placed[key] = RowText(found.row, found.label, cells)
    kept = _keeping_table_sums(table, {**rows, **placed}, set(placed), template)
    return {**rows, **{key: row for key, row in placed.items() if key in kept}}


def _placed(
    row: Row,
    values: list[Token],
    found: tuple[Blocks, Pages, dict[str, RowText]],
    named: Callable[[int], Columns | None] | None,
) -> tuple[list[int], Columns | None] | None:
    """The columns of a short row's numbers, and the page's columns that place them: those of the
    full rows around it, of all the numbers on its page, of the page's short rows, or of its header;
    None for columns several full rows agree on, which place a number where it stands."""
    blocks, pages, rows = found
    page, line = _page_line(values)
    middles = _middles(values)
    by_block = placing(blocks.get(_fields(row), []), page, line, middles)
    if by_block is not None:
        return by_block
    others = (
        clustered_columns(pages[(_fields(row), page)], len(row.fields)),
        clustered_columns(_short_middles(rows, row, page), len(row.fields)),
        named(page) if named else None,
    )
    for columns in others:
        if columns is not None and (where := columns.place(middles)) is not None:
            return where, columns
    return None


def _placed_otherwise_too(
    ids: tuple[str, ...], values: list[Token], where: tuple[list[int], Columns | None], template: Template
) -> bool:
    """Whether the short row's numbers stand near enough another order of the page's columns, under
    which its own sums hold too (`uncertain.other_placing`): its blank cells are then not printed."""
    if where[1] is None:
        return False
    columns, middles = where[1].middles, _middles(values)
    return other_placing(
        columns, middles, where[0], lambda way: sums_hold(ids, _put(tuple(way), values, len(ids)), template)
    )


Blocks = dict[tuple[str, ...], list[Block]]
Pages = dict[tuple[tuple[str, ...], int], list[int]]


def page_columns(table: TableSpec, rows: dict[str, RowText], numbers: Iterable[Token]) -> tuple[Blocks, Pages]:
    """The blocks of full rows of each set of fields, and the middles of the numbers each page prints."""
    full: dict[tuple[str, ...], list[tuple[int, int, list[int]]]] = {}
    for found in rows.values():
        values = [t for t in found.values if t.is_value]
        if len(values) == len(found.row.fields) and on_one_line(values):
            full.setdefault(_fields(found.row), []).append((*_page_line(values), _middles(values)))
    blocks: Blocks = {key: blocks_of(sorted(runs, key=lambda run: run[1])) for key, runs in full.items()}
    pages: Pages = {}
    for found in rows.values():
        values = [t for t in found.values if t.is_value]
        if on_one_line(values):
            pages.setdefault((_fields(found.row), _page_line(values)[0]), []).extend(_middles(values))
    if len({_fields(row) for row in table.rows}) == 1:
        # One set of columns: every number of the page counts, those of rows whose label was not found too.
        for page, middles in _page_middles(numbers).items():
            pages[(_fields(table.rows[0]), page)] = middles
    return blocks, pages


def _short_middles(rows: dict[str, RowText], like: Row, page: int) -> list[int]:
    """The middles of the numbers the rows of `like`'s fields printing fewer numbers than cells print
    on `page`: where a long label squeezes a full row's numbers off their columns (seed 2 document 017:
    本年新收's 社会公益组织 and 法律服务机构 four characters left of every other row's), the short rows
    still show the page's columns, each by the numbers of all of them."""
    middles: list[int] = []
    for found in rows.values():
        values = [t for t in found.values if t.is_value]
        short = 0 < len(values) < len(found.row.fields) and on_one_line(values)
        if short and _fields(found.row) == _fields(like) and _page_line(values)[0] == page:
            middles += _middles(values)
    return middles


def _page_middles(tokens: Iterable[Token]) -> dict[int, list[int]]:
    pages: dict[int, list[int]] = {}
    for token in tokens:
        if token.is_value and token.place:
            pages.setdefault(token.place.page, []).append(token.place.middle)
    return pages


def _fields(row: Row) -> tuple[str, ...]:
    return tuple(f.key for f in row.fields)


def _page_line(values: list[Token]) -> tuple[int, int]:
    place = values[0].place
    return (place.page, place.line) if place else (-1, -1)


def _middles(values: list[Token]) -> list[int]:
    return [t.place.middle for t in values if t.place]


def _keeping_table_sums(table: TableSpec, rows: dict[str, RowText], placed: set[str], template: Template) -> set[str]:
    """The placed rows no fully known equation of the table contradicts (its other rows as printed).
    Where dropping only the contradicted rows with a number off its column (`doubted`) leaves no
    equation contradicted, only those are dropped: the rows whose numbers stand with their columns'
    others did not break it."""
    contradicted = placed - _kept_by_sums(table, rows, placed, template)
    doubted = off_their_columns(rows, contradicted)
    if doubted and doubted != contradicted:
        fewer = placed - doubted
        if _kept_by_sums(table, as_printed(rows, doubted), fewer, template) == fewer:
            return fewer
    return placed - contradicted


def _kept_by_sums(table: TableSpec, rows: dict[str, RowText], placed: set[str], template: Template) -> set[str]:
    """The placed rows no fully known equation of the table contradicts."""
    values: dict[str, float] = {}
    for found in rows.values():
        tokens = [t for t in found.values if t.is_value]
        cells = found.row.cell_ids(table.key)
        if len(tokens) != len(cells) or any(t.kind == "placeholder" and t is not BLANK for t in tokens):
            continue
        values.update(zip(cells, (number_of(t) for t in tokens), strict=True))
    owner = {cell: key for key in placed for cell in rows[key].row.cell_ids(table.key)}
    kept = set(placed)
    for eq in template.equations:
        if not all(c in values for c in eq.cells) or not any(c in owner for c in eq.cells):
            continue
        if not eq.holds(values) and placing_may_break(eq, template.equations, rows, (owner, values), template):
            kept.difference_update(owner[c] for c in eq.cells if c in owner)
    return kept


def placing_may_break(
    eq: Equation,
    equations: Iterable[Equation],
    rows: dict[str, RowText],
    known: tuple[dict[str, str], dict[str, float]],
    template: Template,
) -> bool:
    """Whether the broken sum `eq` may be broken by where its short rows' numbers were put: some other
    placing of those rows (their numbers in any columns, left to right, each row's own sums holding)
    makes it hold and breaks none of the fully known `equations` over them that hold now. When none
    does, the numbers break it wherever they stand: the document printed them so (its own error,
    which the checks report) and the placings stand. `known`: the owner row of each placed cell, and
    the values of the cells known. A search too large to finish (`broken.some_choice_holds`) counts
    as a placing that may break it."""
    owner, values = known
    keys = sorted({owner[c] for c in eq.cells if c in owner})
    choices: list[list[dict[str, float]]] = []
    for key in keys:
        found = rows[key]
        cells = found.row.cell_ids(_table_of(eq, owner, key))
        numbers = [t for t in found.values if t is not BLANK and t.is_value]
        ways = [
            dict(zip(cells, (number_of(t) for t in placed), strict=True))
            for where in combinations(range(len(cells)), len(numbers))
            if sums_hold(cells, placed := _put(where, numbers, len(cells)), template)
        ]
        if not ways and breaks_wherever_placed(cells, numbers, template):
            # A row breaking its own sums wherever its numbers stand breaks `eq` by the document's own
            # error as likely as by a placing: `eq` says nothing of the placings (as when it was unread).
            # Asked of every row before the placings are counted: the rows' order decides nothing.
            return False
        choices.append(ways)
    if any(not ways for ways in choices):
        return True
    touched = {c for c in eq.cells if c in owner}
    touched.update(c for key in keys for c in rows[key].row.cell_ids(_table_of(eq, owner, key)))
    holding = [e for e in equations if not touched.isdisjoint(e.cells) and all(c in values for c in e.cells)]
    holding = [e for e in holding if e.holds(values)]
    held = some_choice_holds([eq, *holding], values, choices)
    return held is None or held


def _table_of(eq: Equation, owner: dict[str, str], key: str) -> str:
    """The table of the cells `key` owns in `eq` (cell ids are table.row.field)."""
    return next(c for c in eq.cells if owner.get(c) == key).split(".", 1)[0]


def _put(where: tuple[int, ...], numbers: list[Token], width: int) -> list[Token]:
    cells = [BLANK] * width
    for column, token in zip(where, numbers, strict=True):
        cells[column] = token
    return cells


def number_of(token: Token) -> float:
    """A placed token's value; a blank cell is zero."""
    return float(parse_number(token.text) or 0) if token.kind == "number" else 0.0


def sums_hold(cells: tuple[str, ...], tokens: list[Token], template: Template) -> bool:
    """The row's own equations hold with its blank cells as zero."""
    values = {cell: number_of(t) for cell, t in zip(cells, tokens, strict=True)}
    return all(eq.holds(values) for eq in template.equations_within(cells))
