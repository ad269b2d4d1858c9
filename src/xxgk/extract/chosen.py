"""Short rows of aligned text whose columns only the arithmetic can tell apart.

`pdftotext -layout` shifts a line's numbers by a character or two when the line
also prints label text, so a number may stand between two columns of its page.
Every placing of a row's numbers near their columns is tried; the row's own sums
(blank cells as zero) and then the table's sums, with the rows already known, must
leave exactly one, and a table sum must have been checked for it: otherwise the
row stays unread. The columns are never guessed from the order of the numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from xxgk.extract.aligned import (
    Columns,
    clustered_columns,
    number_of,
    on_one_line,
    page_columns,
    placing_may_break,
    sums_hold,
)
from xxgk.extract.bounds import refuted_rows
from xxgk.extract.broken import breaks_wherever_placed, only_choice
from xxgk.extract.doubted import as_printed, off_their_columns
from xxgk.extract.rows import RowText
from xxgk.extract.tokens import BLANK, Token
from xxgk.template import Equation, TableSpec, Template

Equations = tuple[Equation, ...]

# Twice a column: how far a number may stand from a column beyond its distance to the nearest one.
STACK = 3


def placings(columns: Columns, middles: list[int]) -> list[list[int]]:
    """Every way to put the numbers at `middles` in distinct columns, left to right, each in a column
    about as near as its nearest (within `STACK`), that one no farther than half its gap to the next
    plus `STACK`: header labels stand a character or two off their column in such text, so where two
    columns are near alike the arithmetic chooses."""
    options: list[list[int]] = []
    for middle in middles:
        distance = [abs(m - middle) for m in columns.middles]
        nearest = min(range(len(distance)), key=distance.__getitem__)
        if distance[nearest] > columns.gap(nearest) / 2 + STACK:
            return []
        options.append([j for j, d in enumerate(distance) if d <= distance[nearest] + STACK])
    found: list[list[int]] = []

    def extend(done: list[int]) -> None:
        if len(done) == len(options):
            found.append(done)
            return
        for j in options[len(done)]:
            if not done or j > done[-1]:
                extend([*done, j])

    extend([])
    return found


def chosen_by_sums(
    table: TableSpec,
    rows: dict[str, RowText],
    template: Template,
    numbers: Iterable[Token],
    headers: dict[str, list[Columns]] | None = None,
    named: Callable[[int], Columns | None] | None = None,
) -> dict[str, RowText]:
    """`rows` with the short rows the table's sums place (see the module's docstring). `headers`: the
    columns a row's header may give (`headed.shifted_headers`), tried only for a row on a page whose
    numbers give none: alone under a header repeated on a new page. Failing those, the columns of
    the page before (its full rows', or `named`: named by its header labels) are tried, moved so
    one of the row's numbers stands on one of them: pdftotext packs each page on its own, so the
    columns' spacing carries over a page break, not their place."""
    blocks, pages = page_columns(table, rows, numbers)
    options: dict[str, list[list[Token]]] = {}
    for key, found in rows.items():
        values = [t for t in found.values if t.is_value]
        width = len(found.row.fields)
        if not 0 < len(values) < width or not on_one_line(values) or values[0].place is None:
            continue
        fields = tuple(f.key for f in found.row.fields)
        page = values[0].place.page
        candidates = [b.columns for b in blocks.get(fields, []) if b.page == page]
        clustered = clustered_columns(pages.get((fields, page), []), width)
        candidates += [clustered] if clustered else []
        middles = [t.place.middle for t in values if t.place]
        candidates = candidates or (headers or {}).get(key, [])
        if not candidates:
            before = [b.columns for b in blocks.get(fields, []) if b.page == page - 1][-1:]
            before += [c for c in [named(page - 1) if named else None] if c is not None]
            candidates = [moved for columns in before for moved in columns.moved_onto(middles)]
        ways = {tuple(w) for columns in candidates for w in placings(columns, middles)}
        cells = found.row.cell_ids(table.key)
        options[key] = [p for p in (_cells(w, values, width) for w in sorted(ways)) if sums_hold(cells, p, template)]
    known = _known(table, rows, set(options))
    broken = _broken_cells(table, rows, template)
    shown = set(rows)
    absent = {f"{table.key}.{r.key}" for r in table.rows if r.key not in shown and r.optional}
    equations = template.equations_without(absent | {f"{table.key}.{k}" for k in table.replaced_rows(shown)})
    chosen: dict[str, RowText] = {}
    progress = True
    while progress:
        progress = False
        for key in [k for k in options if k not in chosen]:
            found = rows[key]
            cells = found.row.cell_ids(table.key)
            fitting, checked = _fitting(cells, options[key], (known, broken), equations)
            if len(fitting) == 1 and checked:
                chosen[key] = RowText(found.row, found.label, fitting[0])
                known.update(zip(cells, (number_of(t) for t in fitting[0]), strict=True))
                progress = True
    left = {key: ways for key, ways in options.items() if key not in chosen}
    chosen.update(_chosen_together(table, rows, left, known, equations))
    left = {key: ways for key, ways in left.items() if key not in chosen and ways}
    chosen.update(_chosen_jointly(table, rows, left, known, equations))
    return _unplaced_where_sums_break(table, {**rows, **chosen}, equations, template)


def _chosen_jointly(
    table: TableSpec,
    rows: dict[str, RowText],
    options: dict[str, list[list[Token]]],
    known: dict[str, float],
    equations: Equations,
) -> dict[str, RowText]:
    """The short rows still unread placed together, when exactly one combination of their placings
    keeps every table sum their cells and the known cells complete (`broken.only_choice`), and every
    such row runs through one of those sums with another row: rows of one page that only their
    column sums place, together, where no row alone is placed."""
    keys = sorted(options)
    cells = {key: rows[key].row.cell_ids(table.key) for key in keys}
    owned = {c for key in keys for c in cells[key]}
    complete = [
        eq
        for eq in equations
        if not owned.isdisjoint(eq.cells)
        and all(c in known or c in owned for c in eq.cells)
        and not any(set(cells[key]).issuperset(eq.cells) for key in keys)
    ]
    if len(keys) < 2 or any(all(set(cells[key]).isdisjoint(eq.cells) for eq in complete) for key in keys):
        return {}
    choices = [
        [dict(zip(cells[key], (number_of(t) for t in placed), strict=True)) for placed in options[key]] for key in keys
    ]
    only = only_choice(complete, known, choices)
    if only is None:
        return {}
    return {key: RowText(rows[key].row, rows[key].label, options[key][j]) for key, j in zip(keys, only, strict=True)}


def _chosen_together(
    table: TableSpec,
    rows: dict[str, RowText],
    options: dict[str, list[list[Token]]],
    known: dict[str, float],
    equations: Equations,
) -> dict[str, RowText]:
    """The short rows left with one placing each, when taken together they complete a table sum over
    each of them and every sum they complete holds: rows that check one another (a page of short
    rows whose column sums run through them all) where no row alone is checked. A placing is never
    chosen here, only confirmed; one sum breaking, or one row left unchecked, leaves them unread."""
    single = {key: ways[0] for key, ways in options.items() if len(ways) == 1}
    if len(single) < 2:
        return {}
    values = dict(known)
    for key, placed in single.items():
        values.update(zip(rows[key].row.cell_ids(table.key), (number_of(t) for t in placed), strict=True))
    for key in single:
        own = set(rows[key].row.cell_ids(table.key))
        complete = [
            eq
            for eq in equations
            if not own.isdisjoint(eq.cells) and not own.issuperset(eq.cells) and all(c in values for c in eq.cells)
        ]
        if not complete or not all(eq.holds(values) for eq in complete):
            return {}
    return {key: RowText(rows[key].row, rows[key].label, placed) for key, placed in single.items()}


def _unplaced_where_sums_break(
    table: TableSpec, rows: dict[str, RowText], equations: tuple[Equation, ...], template: Template
) -> dict[str, RowText]:
    """`rows` with every placed row (blank cells put by column) back as printed where a table sum
    whose every cell is known breaks over it, or that cannot hold whatever its unread cells print
    (`bounds.refuted_rows`): a placing the sums contradict is not trusted (the row stays unread,
    which the report says), though each placing held with the rows known then. When putting back
    only the rows with a number off its column (`doubted.off_their_columns`) leaves no sum broken,
    only those are put back: the rows whose every number stands where the page's other numbers of
    its columns do are not what broke the sums, and the arithmetic may then fill the others."""
    broken = _broken_placings(table, rows, equations, template)
    doubted = off_their_columns(rows, broken)
    if doubted and doubted != broken:
        fewer = as_printed(rows, doubted)
        if not _broken_placings(table, fewer, equations, template):
            return fewer
    return as_printed(rows, broken)


def _broken_placings(
    table: TableSpec, rows: dict[str, RowText], equations: tuple[Equation, ...], template: Template
) -> set[str]:
    """The placed rows a table sum contradicts (see `_unplaced_where_sums_break`)."""
    placed = {key for key, found in rows.items() if any(t is BLANK for t in found.values)}
    known = _known(table, rows, set())
    owner = {cell: key for key in placed for cell in rows[key].row.cell_ids(table.key)}
    broken = refuted_rows(table, rows, equations, (known, _off_full_pages(table, rows, owner)), template)
    for eq in equations:
        if not all(c in known for c in eq.cells) or not any(c in owner for c in eq.cells):
            continue
        if not eq.holds(known) and placing_may_break(eq, equations, rows, (owner, known), template):
            broken.update(owner[c] for c in eq.cells if c in owner)
    return broken


def _off_full_pages(table: TableSpec, rows: dict[str, RowText], owner: dict[str, str]) -> dict[str, str]:
    """`owner` for the rows placed on a page printing no full row: placed by its header or its numbers'
    groups, not by columns its full rows show (a placing those show stands against a sum's bound)."""
    blocks, _ = page_columns(table, rows, ())
    full = {b.page for runs in blocks.values() for b in runs}
    pages = {key: next((t.place.page for t in rows[key].values if t.place), -1) for key in set(owner.values())}
    return {cell: key for cell, key in owner.items() if pages[key] not in full}


def _cells(where: tuple[int, ...], values: list[Token], width: int) -> list[Token]:
    cells = [BLANK] * width
    for column, token in zip(where, values, strict=True):
        cells[column] = token
    return cells


def _known(table: TableSpec, rows: dict[str, RowText], short: set[str]) -> dict[str, float]:
    """The cells of the rows read whole (blank cells as zero); rows found printing nothing count as
    blank, rows with numbers not yet placed not at all."""
    known: dict[str, float] = {}
    for key, found in rows.items():
        tokens = [t for t in found.values if t.is_value]
        cells = found.row.cell_ids(table.key)
        if key in short or (tokens and len(tokens) != len(cells)):
            continue
        if any(t.kind == "placeholder" and t is not BLANK for t in tokens):
            continue
        known.update(zip(cells, (number_of(t) for t in tokens) if tokens else (0.0,) * len(cells), strict=True))
    return known


def _broken_cells(table: TableSpec, rows: dict[str, RowText], template: Template) -> set[str]:
    """The cells of the placed rows that break their own sums wherever their numbers stand."""
    broken: set[str] = set()
    for found in rows.values():
        cells = found.row.cell_ids(table.key)
        placed = any(t is BLANK for t in found.values)
        if (
            placed
            and not sums_hold(cells, found.values, template)
            and breaks_wherever_placed(cells, found.values, template)
        ):
            broken.update(cells)
    return broken


def _fitting(
    cells: tuple[str, ...],
    options: list[list[Token]],
    cells_known: tuple[dict[str, float], set[str]],
    equations: Equations,
) -> tuple[list[list[Token]], bool]:
    """The placings keeping every table sum over `cells` and known cells, and whether one such sum
    holds for some placing (the row is checked). A sum that every placing breaks and that runs
    through a row breaking its own sums (`_broken_cells`: a wrong or unprinted total) is broken by
    the document itself: it tells no placing apart, as it told none while that row was unread."""
    known, broken = cells_known
    own = set(cells)
    complete = [
        eq
        for eq in equations
        if not own.isdisjoint(eq.cells)
        and not own.issuperset(eq.cells)
        and all(c in own or c in known for c in eq.cells)
    ]
    held = []
    for placed in options:
        values = {**known, **dict(zip(cells, (number_of(t) for t in placed), strict=True))}
        held.append([eq.holds(values) for eq in complete])
    told = [i for i, eq in enumerate(complete) if any(h[i] for h in held) or broken.isdisjoint(eq.cells)]
    fitting = [p for p, h in zip(options, held, strict=True) if all(h[i] for i in told)]
    return fitting, any(h[i] for h in held for i in told)
