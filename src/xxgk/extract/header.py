"""The header rows of a table grid: which template field (and, for table 四, which row) each column holds.

A column is named by its header cells read bottom up (商业企业 under 法人或其他组织
under 申请人情况), against the template's `Field` labels, variants and header
phrases; a header row is one that prints no value and names a column over the
value columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from xxgk.extract.fold import fold, squash
from xxgk.extract.tokens import BLANK, Token, cell_tokens
from xxgk.read.document import Cell
from xxgk.template import TableSpec

# A column's target: (row key, or None when rows are told apart by their labels; field key).
Target = tuple[str | None, str]
# A grid row: the origin cell covering each column (None where nothing does).
Dense = list[Cell | None]


class GridRow(NamedTuple):
    """One grid row: the cell covering each column, its number and its origin cells left to right."""

    dense: Dense
    number: int
    origins: list[Cell]


TEXT = Token("text", "")
MIXED = Token("text", "0")


@lru_cache(maxsize=16_384)
def cell_value(text: str) -> Token:
    """A cell's one value token, `BLANK`, or `TEXT` (words only) or `MIXED` (words and numbers)."""
    tokens = [t for t in cell_tokens(fold(text).replace("\n", " ")) if not t.is_insignificant and t.kind != "empty"]
    if not tokens:
        return BLANK
    if len(tokens) == 1 and tokens[0].is_value:
        return tokens[0]
    return MIXED if any(t.is_value for t in tokens) else TEXT


_VOCABULARIES: dict[int, tuple[TableSpec, Vocabulary]] = {}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the header cells of a table may say: its fields' phrases, column groups and row names."""

    fields: tuple[tuple[str, str, bool], ...]  # (field key, squashed phrase, whole label or variant)
    groups: frozenset[str]
    row_names: tuple[tuple[str, str], ...]  # (row key, squashed phrase) for tables printed as one line
    # Header texts already looked up (they repeat in every report).
    known: dict[str, str | None] = field(default_factory=dict, compare=False)
    headers: dict[tuple[tuple[str | None, ...], ...], dict[int, Target]] = field(default_factory=dict, compare=False)
    labels: dict[tuple[int, str], int | None] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, table: TableSpec) -> Vocabulary:
        known = _VOCABULARIES.get(id(table))
        if known is None or known[0] is not table:
            known = _VOCABULARIES[id(table)] = (table, cls._made(table))
        return known[1]

    @classmethod
    def _made(cls, table: TableSpec) -> Vocabulary:
        phrases: dict[tuple[str, str], bool] = {}
        for row in table.rows:
            for f in row.fields:
                for text in (f.label, *f.variants):
                    phrases[(f.key, squash(text))] = True
                for text in f.headers:
                    phrases.setdefault((f.key, squash(text)), False)
        groups = {squash(g.label) for g in table.column_groups}
        names: list[tuple[str, str]] = []
        if table.flat:
            for row in table.rows:
                names += [(row.key, squash(p)) for p in row.match]
                if row.group:
                    groups.add(squash(row.group))
        return cls(tuple((k, p, whole) for (k, p), whole in phrases.items()), frozenset(groups), tuple(names))

    def field_of(self, text: str) -> str | None:
        """The field a header cell names: its whole label first, else the longest phrase it holds."""
        if text in self.known:
            return self.known[text]
        key = self._field_of(text)
        if len(self.known) < 4096:
            self.known[text] = key
        return key

    def _field_of(self, text: str) -> str | None:
        if not text:
            return None
        exact = {key for key, phrase, whole in self.fields if whole and phrase == text}
        if exact:
            return exact.pop() if len(exact) == 1 else None
        best = max((len(phrase) for _, phrase, _ in self.fields if phrase in text), default=0)
        if not best:
            return None
        keys = {key for key, phrase, _ in self.fields if len(phrase) == best and phrase in text}
        return keys.pop() if len(keys) == 1 else None

    def names_header(self, text: str) -> bool:
        return text in self.groups or self.field_of(text) is not None or any(p in text for _, p in self.row_names)

    def row_of(self, texts: list[str]) -> str | None:
        joined = "".join(texts)
        keys = {key for key, phrase in self.row_names if phrase in joined}
        return keys.pop() if len(keys) == 1 else None


def is_header(grid_row: GridRow, vocabulary: Vocabulary, targets: dict[int, Target], after_header: bool) -> bool:
    """A row of column headers: no values, and a cell naming a column over the value columns.

    Over the value columns (or before any header, or right under one): a data row
    left all blank whose label names a column ("3.其他") is not a header.
    """
    # Values first: a data row (most rows) is told by its first number, its label never looked up.
    texts: list[Cell] = []
    for cell in grid_row.origins:
        value = cell_value(cell.text)
        if value is BLANK:
            continue
        if value is not TEXT:
            return False
        texts.append(cell)
    return any(
        vocabulary.names_header(squash(cell.text))
        and (not targets or after_header or any(c in targets for c in range(cell.col, cell.col + cell.colspan)))
        for cell in texts
    )


def header_targets(table: TableSpec, vocabulary: Vocabulary, header: list[GridRow]) -> dict[int, Target]:
    """Each value column's target, from its header cells read bottom up (`_field_from_bottom`).

    Remembered by the header's cells: most reports print one of a few headers.
    """
    signature = tuple(tuple(cell.text if cell is not None else None for cell in row.dense) for row in header)
    known = vocabulary.headers.get(signature)
    if known is None:
        known = _targets_of(table, vocabulary, header)
        if len(vocabulary.headers) < 1024:
            vocabulary.headers[signature] = known
    return known


def _targets_of(table: TableSpec, vocabulary: Vocabulary, header: list[GridRow]) -> dict[int, Target]:
    width = max(len(grid_row.dense) for grid_row in header)
    targets: dict[int, Target] = {}
    # The lowest header cell over each column: columns under one cell share its row.
    lowest: dict[int, int] = {}
    for col in range(width):
        texts: list[str] = []
        for grid_row in header:
            dense = grid_row.dense
            cell = dense[col] if col < len(dense) else None
            text = squash(cell.text) if cell is not None else ""
            if cell is not None and text:
                lowest[col] = id(cell)
            if text and (not texts or texts[-1] != text):
                texts.append(text)
        key = _field_from_bottom(vocabulary, texts)
        if key is None:
            continue
        targets[col] = (vocabulary.row_of(texts) if table.flat else None, key)
    if table.flat:
        targets = _rows_shared(targets, lowest)
    return targets


def _rows_shared(targets: dict[int, Target], lowest: dict[int, int]) -> dict[int, Target]:
    """Columns of a one-line table without a row of their own take the row of a column under the
    same header cell (a 总计 cell spanning two grid columns, only one under 行政复议); if one is
    still without, rows are told apart by their labels instead."""
    by_cell = {lowest.get(col): row for col, (row, _) in targets.items() if row is not None}
    shared = {
        col: (row if row is not None else by_cell.get(lowest.get(col)), key) for col, (row, key) in targets.items()
    }
    if any(row is None for row, _ in shared.values()):
        return {col: (None, key) for col, (_, key) in targets.items()}
    return shared


def _field_from_bottom(vocabulary: Vocabulary, texts: list[str]) -> str | None:
    """The field named lowest in a column's header texts (top to bottom).

    A header cell may be printed as two cells, its text broken between them
    ("结果" over "维持" when a PDF's border runs through a merged cell), so each
    text is tried alone and then joined with those above it. A column whose lowest
    text is a group's (法人或其他组织, its own header cell blank: a column cut at the
    page's edge) names no field, though the group's words hold one (其他).
    """
    if texts and texts[-1] in vocabulary.groups:
        return None
    for end in range(len(texts), 0, -1):
        for start in range(end - 1, -1, -1):
            key = vocabulary.field_of("".join(texts[start:end]))
            if key is not None:
                return key
    return None
