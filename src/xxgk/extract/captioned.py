"""Table 二 copied one cell per line: its numbers placed by the column headers printed before them.

A PDF viewer's copy (pdftotext without -layout) prints table 二's row names first, then
each sub-table's caption (第二十条第（一）项 …), its column headers and its numbers —
though a column may come later, with its own header ("现行有效件数 1 1" after the last
sub-table). Table 二 has no arithmetic, so only the headers tie numbers to cells: a run
of headers of one sub-table, then its numbers, fills those columns of the sub-table's
rows, row by row. A run is read only when it is certain: exactly one number per cell,
and, for several rows and several columns, not in text blocks of a column each (a block
a column is how a copy printing column by column would look). A caption printed again
(the header repeated on a new page), a cell claimed twice, or a count short of the cells
(blank cells) leaves the cells concerned unread.

Where a two-row sub-table's first columns fall one number short and its last columns one
over ("本年新制作数量 本年新公开数量 0 0 30" / "对外公开总数量 3 0 332"), the copy read the
second row's last cell of the first columns with the last columns: a staircase, read as
such (规章 0 0 3, 规范性文件 30 0 332) only when the two runs together name the sub-table's
columns in order, exactly once each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.extract.fold import fold, squash
from xxgk.extract.memo import caption_headers
from xxgk.extract.phrases import first_phrase_start, last_phrase_end, without_groups
from xxgk.extract.rows import RowText, label_groups
from xxgk.extract.tokens import Token
from xxgk.template import Field, Row, TableSpec

_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?")


@dataclass(slots=True)
class _Run:
    """Column headers of one sub-table printed together, and the numbers printed after them."""

    caption: str
    fields: list[Field] = field(default_factory=list)
    numbers: list[tuple[str, int]] = field(default_factory=list)  # (text, block)
    void: bool = False  # after a caption printed again: a repeated header, not the sub-table's


def read_captioned(table: TableSpec, region: str) -> dict[str, RowText]:
    """The rows of `table` (every row under a caption) whose every cell a certain run of headers fills."""
    if not table.rows or any(row.caption is None for row in table.rows):
        return {}
    groups = _groups(table)
    cells: dict[tuple[str, str], Token] = {}
    claimed_twice: set[str] = set()
    runs = _runs(table, groups, region)
    for run, after in zip(runs, [*runs[1:], None], strict=True):
        placed = _placed(run, groups[run.caption]) or _staircase(run, after, groups[run.caption])
        if placed is None:
            continue
        for key, token in placed.items():
            if key in cells:
                claimed_twice.add(run.caption)
            cells[key] = token
    read: dict[str, RowText] = {}
    for row in table.rows:
        if row.caption in claimed_twice:
            continue
        values = [cells.get((row.key, f.key)) for f in row.fields]
        if all(v is not None for v in values):
            read[row.key] = RowText(row, "", [v for v in values if v is not None])
    return read


def paired_in_order(table: TableSpec, region: str, found: RowText) -> bool:
    """A row of table 二 matched in text printed a cell per line pairs its numbers by order only as a
    word processor prints it: its sub-table's caption first, then the row's name, then its numbers.

    A PDF viewer's copy prints the row names first and each sub-table's caption, headers and numbers
    after them: a name followed by a caption and headers ("规范性文件 第二十条第（一）项 本年新制作数量
    … 1 6 6"), or a name whose caption comes only after its numbers ("行政事业性收费 2 … 第二十条第（八）项"),
    is followed by another column's numbers. Such rows are left to `read_captioned`.
    """
    row = found.row
    core = without_groups(squash(found.label), label_groups(table))
    names = [squash(n) for n in (row.label, *row.variants)]
    tail = _after_name(row, core)
    tail = core if tail is None else tail
    if tail and not any(tail in name for name in names):
        return False  # other text (a caption, a column header) between the row's name and its numbers
    if row.caption is None:
        return True
    text = squash(region)  # `squash` folds
    caption = text.find(squash(row.caption))
    return caption < 0 or caption < first_phrase_start(row, text)


def after_a_header(table: TableSpec, found: RowText) -> bool:
    """A row matched with a sub-table's caption or a column header between its name and its numbers
    ("政府集中采购 第二十条第（一）项 本年新制作数量 … 104 -36", a header repeated on a new page;
    "3.其他 （七）总计 … 自然人 商业企业 … 1 1", the row names then the columns): the numbers
    are under that header, not the row's, whatever the text's layout."""
    tail = _after_name(found.row, squash(found.label)) or ""  # `squash` folds
    return bool(tail) and any(header in tail for header in caption_headers(table))


def _after_name(row: Row, label: str) -> str | None:
    """The text of `label` after `row`'s name, or None when the label does not hold it whole."""
    end = last_phrase_end(row, label)
    return label[end:] if end >= 0 else None


def _groups(table: TableSpec) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = {}
    for row in table.rows:
        if row.caption is not None and not row.optional:
            groups.setdefault(row.caption, []).append(row)
    return groups


def _runs(table: TableSpec, groups: dict[str, list[Row]], region: str) -> list[_Run]:
    """The runs of headers, each with the numbers that follow it, in text order."""
    captions = {squash(caption): caption for caption in groups}
    order = list(groups)
    runs: list[_Run] = []
    current: str | None = None
    seen: set[str] = set()
    run: _Run | None = None
    block = 0
    claimed: set[tuple[str, str]] = set()  # (caption, column) a header named so far
    under_caption = False  # the lines since a caption have all been headers
    for raw in fold(region).splitlines():
        line = raw.strip()
        if not line:
            block += 1
            continue
        if _NUMBER.fullmatch(line):
            under_caption = False
            if run is not None and (run.fields or run.void):
                run.numbers.append((line.replace(",", ""), block))
            continue
        words = squash(line)
        caption = next((c for s, c in captions.items() if s in words), None)
        if caption is not None:
            repeated = caption in seen or (current is not None and order.index(caption) < order.index(current))
            seen.add(caption)
            run = _Run(caption, void=repeated)
            runs.append(run)
            if not repeated:
                current = caption
            under_caption = True
            continue
        header = _header(groups, current if under_caption else None, words, claimed)
        if header is None:
            run = None  # a row name or other text: numbers after it follow no header
            under_caption = False
            continue
        caption, found = header
        claimed.add((caption, found.key))
        if run is None or run.caption != caption or run.numbers:
            run = _Run(caption)
            runs.append(run)
        run.fields.append(found)
    return runs


def _header(
    groups: dict[str, list[Row]], current: str | None, words: str, claimed: set[tuple[str, str]]
) -> tuple[str, Field] | None:
    """The sub-table and column a header line names: under a caption, that sub-table's; elsewhere (a
    column printed after the sub-tables, "本年增/减 0 14"), the first sub-table whose column of that name
    no header has named yet — a copy prints such late columns in the sub-tables' order."""
    found: list[tuple[str, Field]] = []
    for caption, rows in groups.items():
        for f in rows[0].fields:
            names = [squash(n) for n in (f.label, *f.variants)]
            if words in names or any(squash(h) in words for h in f.headers):
                found.append((caption, f))
    mine = [h for h in found if h[0] == current]
    if len(mine) == 1:
        return mine[0]
    if len(found) == 1:
        return found[0]
    unnamed = [h for h in found if (h[0], h[1].key) not in claimed]
    return unnamed[0] if unnamed else None


def _placed(run: _Run, rows: list[Row]) -> dict[tuple[str, str], Token] | None:
    """The cells a run fills, or None when it is not certain."""
    if run.void or not run.fields or not rows:
        return None
    if any(f.key not in {g.key for g in row.fields} for row in rows for f in run.fields):
        return None
    if len({f.key for f in run.fields}) != len(run.fields):
        return None
    if len(run.numbers) != len(rows) * len(run.fields):
        return None
    if len(rows) > 1 and len(run.fields) > 1 and _column_blocks(run, len(rows)):
        return None
    placed: dict[tuple[str, str], Token] = {}
    numbers = iter(run.numbers)
    for row in rows:
        for f in run.fields:
            placed[(row.key, f.key)] = Token("number", next(numbers)[0])
    return placed


def _column_blocks(run: _Run, height: int) -> bool:
    """The run's numbers fall in several text blocks of `height` numbers each: a column a block."""
    sizes: dict[int, int] = {}
    for _, block in run.numbers:
        sizes[block] = sizes.get(block, 0) + 1
    return len(sizes) > 1 and set(sizes.values()) == {height}


def _staircase(first: _Run, second: _Run | None, rows: list[Row]) -> dict[tuple[str, str], Token] | None:
    """The cells of a two-row sub-table whose second row's last cell of `first`'s columns was printed
    after the first row's cells of `second`'s columns, or None when the runs are not such a pair."""
    if second is None or first.void or second.void or first.caption != second.caption or len(rows) != 2:
        return None
    keys = [f.key for f in (*first.fields, *second.fields)]
    if not first.fields or not second.fields or any([f.key for f in row.fields] != keys for row in rows):
        return None
    left, right = len(first.fields), len(second.fields)
    if len(first.numbers) != 2 * left - 1 or len(second.numbers) != 2 * right + 1:
        return None
    top, bottom = rows
    order = [(top, f) for f in first.fields] + [(bottom, f) for f in first.fields[:-1]]
    order += [(top, f) for f in second.fields] + [(bottom, first.fields[-1])] + [(bottom, f) for f in second.fields]
    numbers = [text for text, _ in first.numbers + second.numbers]
    return {(row.key, f.key): Token("number", text) for (row, f), text in zip(order, numbers, strict=True)}
