"""A row whose wrapped label carried the rest of its numbers onto its continuation line.

`pdftotext -layout` prints a row's first numbers on its label's first line and the
others on the line the label wraps onto: "5.属于三类内部事务 0" / "信息  0 0 0 0 1 1".
`label_lines_first` sets the continuation's words before its numbers, so the row is
read with the first line's numbers only and the others are left to no row. Such
numbers are the row's where nothing else claims them: they follow the row's own
numbers, to their right, after label text that starts no row, and together they are
as many as the row's cells (a row with blank cells would leave their columns to
guess). They join the row's line; the join stands only where the row then reads every
cell and its own sums hold (`taken_by_continued`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.extract.aligned import sums_hold
from xxgk.extract.centred import starts_a_row
from xxgk.extract.rows import RowText
from xxgk.extract.tokens import Place, Token
from xxgk.extract.untaken import numbers_untaken
from xxgk.read.document import PAGE_BREAK
from xxgk.template import TableSpec, Template

# How many lines below a row's numbers its continuation's numbers may stand (label words between).
REACH = 3


@dataclass(slots=True)
class Continued:
    """The rows joined with their continuation's numbers, and each joined token's original."""

    rows: dict[str, RowText] = field(default_factory=dict)
    originals: dict[int, Token] = field(default_factory=dict)


def continued_rows(table: TableSpec, rows: dict[str, RowText], tokens: list[Token], region: str) -> Continued:
    """The rows of `rows` whose continuation line printed the rest of their numbers, those numbers
    moved onto the row's line (`tokens`: the region's, placed; `region`: its text, as tokenized)."""
    lines = region.split("\n")
    untaken = {id(t) for t in numbers_untaken(tokens, rows.values())}
    by_line: dict[tuple[int, int], list[Token]] = {}
    for token in tokens:
        if token.kind == "number" and token.place is not None:
            by_line.setdefault((token.place.page, token.place.line), []).append(token)
    continued = Continued()
    for key, found in rows.items():
        own = _own_numbers(found)
        if own is None:
            continue
        place = own[0].place
        assert place is not None
        after = _next_numbers(by_line, place, lines)
        if not after or not all(id(t) in untaken for t in after) or len(own) + len(after) != len(found.row.fields):
            continue
        if max(_middle(t) for t in own) >= min(_middle(t) for t in after):
            continue
        moved = [Token(t.kind, t.text, Place(place.page, place.line, _middle(t))) for t in after]
        continued.originals.update((id(new), old) for new, old in zip(moved, after, strict=True))
        continued.rows[key] = RowText(found.row, found.label, [*own, *moved])
    return continued


def taken_by_continued(
    table: TableSpec, rows: dict[str, RowText], continued: Continued, template: Template
) -> set[int]:
    """The ids of the continuation numbers whose rows came out read in full, their own sums holding."""
    taken: set[int] = set()
    for key in continued.rows:
        found = rows.get(key)
        if found is None or len(found.values) != len(found.row.fields) or not all(t.is_value for t in found.values):
            continue
        cells = found.row.cell_ids(table.key)
        if not template.equations_within(cells) or not sums_hold(cells, found.values, template):
            continue
        taken.update(id(continued.originals[id(t)]) for t in found.values if id(t) in continued.originals)
    return taken


def _own_numbers(found: RowText) -> list[Token] | None:
    """The row's numbers when it prints only numbers, fewer than its cells, all on one line."""
    values = found.values
    if not values or len(values) >= len(found.row.fields) or any(t.kind != "number" for t in values):
        return None
    places = {(t.place.page, t.place.line) if t.place else None for t in values}
    return values if len(places) == 1 and None not in places else None


def _next_numbers(by_line: dict[tuple[int, int], list[Token]], place: Place, lines: list[str]) -> list[Token]:
    """The numbers of the next line below `place` printing any, when only label words that start no
    row stand between (at least one line of them) and it is within `REACH`."""
    for line in range(place.line + 1, min(place.line + REACH + 1, len(lines))):
        numbers = by_line.get((place.page, line))
        if numbers:
            return numbers if line > place.line + 1 else []
        text = lines[line].strip()
        if not text or PAGE_BREAK in text or starts_a_row(text) or any(c.isdigit() for c in text):
            return []
    return []


def _middle(token: Token) -> int:
    assert token.place is not None
    return token.place.middle
