"""What plain pdftotext (without -layout) prints of each table: a measurement, not a reader.

    XXGK_INDEPENDENT_CACHE=/tmp/xxgk-independent .venv/bin/python benchmarks/plaincopy.py

For every `pdftotext` document of the independent corpus and each table (二, 三, 四):
cells, numbers the document prints in that table (truth), numbers the text shows
between the table's heading and the next one, the blocks (maximal runs of number-only
lines, broken by a blank or a text line), those of more than one number, and how many
of these are a contiguous run of the printed values in row order or in column order
(over the printed cells only).
For blank-cell documents it counts, by a bounded depth-first search, the placements of
the region's numbers *in the order the text shows them* into the table's cells in row
order, and in column order (each cell filled or blank, blank = 0), that satisfy every
equation of the table; "bound" says the search stopped at STEPS nodes or READINGS
placements. "likeness" is difflib's ratio of the text's numbers to the printed values in
row order and in column order (1.00: the same sequence); "missed today" the cells of
the table that xxgk's reader (`check_file`) misses now. Each order is one hypothesis of pdftotext's reading order of the whole table.
"""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from independent.corpus import load_or_build
from independent.formats import ALL_COLUMNS, FORMATS, REVIEW_FIELDS, equations
from independent.scoring import score_entries
from independent.values import Truth
from xxgk.service import check_file

STEPS = 100_000  # depth-first search nodes per table and order
READINGS = 10_000  # consistent placements counted before stopping
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
HEADINGS = (
    ("二", re.compile(r"^二、\s*主动公开")),
    ("三", re.compile(r"^三、\s*收到和处理")),
    ("四", re.compile(r"^四、\s*(因政府信息公开|政府信息公开行政复议)")),
    ("end", re.compile(r"^五、")),
)
PREFIX = {"二": "active.", "三": "applications.", "四": "review_litigation."}


@dataclass(slots=True)
class TableLine:
    table: str
    cells: int
    printed: int
    shown: int
    blocks: int
    long_blocks: int
    row_blocks: int
    column_blocks: int
    placements: str
    row_likeness: float
    column_likeness: float


def regions(text: str) -> dict[str, list[str]]:
    lines = text.splitlines()
    starts: dict[str, int] = {}
    for i, line in enumerate(lines):
        for name, pattern in HEADINGS:
            if name not in starts and pattern.match(line.strip()):
                starts[name] = i
    out: dict[str, list[str]] = {}
    names = [n for n, _ in HEADINGS]
    for a, b in itertools.pairwise(names):
        if a in starts and b in starts:
            out[a] = lines[starts[a] + 1 : starts[b]]
    return out


def blocks(lines: list[str]) -> list[list[str]]:
    runs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        tokens = line.split()
        if tokens and all(NUMBER.match(t) for t in tokens):
            current.extend(tokens)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def shown(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(int(value)) if isinstance(value, (int, float)) else str(value)


def contiguous(run: list[str], order: list[str]) -> bool:
    n = len(run)
    return any(order[i : i + n] == run for i in range(len(order) - n + 1))


def grid(cells: list[str], table: str) -> tuple[list[str], list[str]]:
    """Cell ids of `table` in row order and in column order."""
    fields = list(ALL_COLUMNS if table == "三" else REVIEW_FIELDS)
    column = [c for f in fields for c in cells if c.endswith("." + f)] if table != "二" else cells
    return cells, column


def placements(numbers: list[float], cells: list[str], form: str, truth: list[float | None]) -> str:
    """Consistent placements of `numbers`, in their order, into `cells` in their order (blank = 0), bounded.

    Says how many were found, how many cells hold the same value in all of them (forced: an
    upper bound when the search stopped early) and whether the document's own table is one.
    """
    eqs = [e for e in equations(FORMATS[form]) if set(e.left) | set(e.right) <= set(cells)]
    index = {c: i for i, c in enumerate(cells)}
    due: dict[int, list[tuple[list[int], list[int]]]] = {}
    for e in eqs:
        left, right = [index[c] for c in e.left], [index[c] for c in e.right]
        due.setdefault(max(left + right), []).append((left, right))
    values: list[float | None] = [None] * len(cells)
    found = 0
    steps = 0
    same: list[float | None] | None = None
    truth_found = False

    def go(cell: int, used: int) -> bool:
        nonlocal found, steps, same, truth_found
        steps += 1
        if steps > STEPS or found >= READINGS:
            return False
        if cell == len(cells):
            if used == len(numbers):
                found += 1
                truth_found = truth_found or values == truth
                same = (
                    list(values)
                    if same is None
                    else [a if a == b else float("nan") for a, b in zip(same, values, strict=True)]
                )
            return True
        if len(cells) - cell < len(numbers) - used:
            return True
        for take in (True, False):
            if take and used == len(numbers):
                continue
            values[cell] = numbers[used] if take else None
            if all(
                abs(sum(values[i] or 0.0 for i in left) - sum(values[i] or 0.0 for i in right)) < 1e-9
                for left, right in due.get(cell, [])
            ):
                go(cell + 1, used + (1 if take else 0))
        return True

    go(0, 0)
    forced = sum(1 for v in same or [] if v is None or v == v)
    tail = f"forced {forced}, own table {'yes' if truth_found else 'no'}" if found else "none"
    if steps > STEPS:
        return f"{found}+ (bound {STEPS} steps; {tail})"
    if found >= READINGS:
        return f"{found}+ (bound {READINGS} readings; {tail})"
    return f"{found} ({tail})"


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def measure(text: str, truth: Truth) -> list[TableLine]:
    form = truth.form or truth.template
    cell_ids = FORMATS[form].cell_ids()
    printed = truth.printed
    found = regions(text)
    out = []
    for table, prefix in PREFIX.items():
        cells = [c for c in cell_ids if c.startswith(prefix) and c in printed]
        values = [shown(printed[c]) for c in cells if printed[c] is not None]
        rows, columns = grid(cells, table)
        row_order = [shown(printed[c]) for c in rows if printed[c] is not None]
        column_order = [shown(printed[c]) for c in columns if printed[c] is not None]
        runs = blocks(found.get(table, []))
        numbers = [t for r in runs for t in r]
        long = [r for r in runs if len(r) > 1]
        if len(values) < len(cells) and table != "二":
            floats = [float(n) for n in numbers]
            by_row = placements(floats, rows, form, [_number(printed[c]) for c in rows])
            by_column = placements(floats, columns, form, [_number(printed[c]) for c in columns])
            placed = f"{by_row} / {by_column}"
        else:
            placed = "-"
        out.append(
            TableLine(
                table,
                len(cells),
                len(values),
                len(numbers),
                len(runs),
                len(long),
                sum(contiguous(r, row_order) for r in long),
                sum(contiguous(r, column_order) for r in long),
                placed,
                SequenceMatcher(None, numbers, row_order, autojunk=False).ratio(),
                SequenceMatcher(None, numbers, column_order, autojunk=False).ratio(),
            )
        )
    return out


def main() -> None:
    corpus = load_or_build()
    entries = [e for e in corpus.entries if e.layout == "pdftotext"]
    missed = {score.name: score.missed for score in score_entries(entries, check_file)}
    print(
        "document | blanks | table | cells | printed | shown | blocks | blocks >1 | of them rows | of them columns | placements"
    )
    for entry in corpus.entries:
        if entry.layout != "pdftotext":
            continue
        truth = entry.truth
        text = Path(entry.path).read_text(encoding="utf-8")
        for line in measure(text, truth):
            lost = sum(1 for c in missed[truth.name] if c.startswith(PREFIX[line.table]))
            print(
                f"{truth.name} | {truth.style.blank_zeros} | {line.table} | {line.cells} | {line.printed} | "
                f"{line.shown} | {line.blocks} | {line.long_blocks} | {line.row_blocks} | {line.column_blocks} | {line.placements} | {line.row_likeness:.2f} / {line.column_likeness:.2f} | {lost}"
            )


if __name__ == "__main__":
    main()
