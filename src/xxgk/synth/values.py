"""Random but consistent reports: every equation of the template holds.

Table 三 is built the way an agency's year adds up: applications concluded in
each applicant column are spread over the outcome rows, some stay open into next
year, some came over from last year, and what was newly received is whatever
balances rule R1. Totals are sums, never drawn. Which rows and columns play
which part is read from the template's equations (R1, R2, R3, R4), so nothing
here lists rows. Table 二 has no arithmetic; its cells follow their field kind.

Counts are mostly small with many zeros, as in real county-level reports; a
"large" report looks like a city's (thousands of applications).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from xxgk.report import Report, Value
from xxgk.synth import prose
from xxgk.synth.names import random_agency
from xxgk.template import TEXT_SECTIONS, Equation, Field, Row, TableSpec, Template, get_template

Size = Literal["small", "large"]

# Share of small reports without any application, review or lawsuit.
QUIET_SHARE = 0.4
# Share of 2021 reports printing the single 2019 row （六）其他处理 instead of its sub-rows.
MIXED_SHARE = 0.06
# Share of reports leaving the last cells of table 二 blank (盘锦 2019's 政府集中采购).
BLANK_TAIL_SHARE = 0.06
PUBLISHED_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Roles:
    """The parts rows and columns of tables 三 and 四 play in the template's equations."""

    parts: tuple[str, ...]
    total: str
    processed: str
    received: str
    carried_over: str
    carried_forward: str
    review_sums: tuple[Equation, ...]


def roles_of(template: Template) -> Roles:
    """Read the roles off equations R1 (balance), R2 (outcome sum), R3 (row total), R4."""
    by_rule: dict[str, list[Equation]] = {}
    for equation in template.equations:
        by_rule.setdefault(equation.rule, []).append(equation)
    row_total = by_rule["R3"][0]
    balance = by_rule["R1"][0]
    processed = _row_of(by_rule["R2"][0].left[0])
    received, carried_over = (_row_of(c) for c in balance.left)
    forward = next(_row_of(c) for c in balance.right if _row_of(c) != processed)
    return Roles(
        parts=tuple(_column_of(c) for c in row_total.right),
        total=_column_of(row_total.left[0]),
        processed=processed,
        received=received,
        carried_over=carried_over,
        carried_forward=forward,
        review_sums=tuple(by_rule["R4"]),
    )


def _row_of(cell: str) -> str:
    return cell.split(".")[1]


def _column_of(cell: str) -> str:
    return cell.split(".")[2]


def random_report(rng: random.Random, template_key: str, *, size: Size = "small") -> Report:
    """A report of `template_key` ("2019" or "2021") whose tables satisfy every equation."""
    template = get_template(template_key)
    agency = random_agency(rng)
    year = rng.choice((2019, 2020)) if template.key == "2019" else rng.randint(2021, 2025)
    quiet = size == "small" and rng.random() < QUIET_SHARE
    cells: dict[str, Value] = dict.fromkeys(template.cell_ids())
    cells.update(_active_cells(rng, template.table("active"), size))
    applications = template.table("applications")
    mixed = any(row.optional for row in applications.rows) and rng.random() < MIXED_SHARE
    cells.update(_application_cells(rng, template, outcome_rows(applications, mixed), size, quiet))
    cells.update(_review_cells(rng, template, size, quiet))
    report = Report(template=template.key, agency=agency.name, year=year, published=_published(rng, year))
    roles = roles_of(template)
    facts = prose.Facts(
        year=year,
        self_reference=agency.self_reference,
        applications=_int(cells[f"applications.{roles.received}.{roles.total}"]),
        cases=sum(_int(cells[eq.left[0]]) or 0 for eq in roles.review_sums),
        split_other=not mixed and template.key == "2021",
    )
    report.cells = cells
    report.text = dict.fromkeys(TEXT_SECTIONS, "")
    report.text.update(
        overview=prose.overview(rng, facts),
        problems=prose.problems(rng, facts),
        other_matters=prose.other_matters(rng, facts),
    )
    return report


def _int(value: Value) -> int | None:
    return None if value is None else int(value)


def outcome_rows(table: TableSpec, mixed: bool) -> tuple[Row, ...]:
    """The outcome rows a report prints: in a mixed report, optional rows instead of those they replace."""
    if mixed:
        replaced = table.replaced_rows({row.key for row in table.rows if row.optional})
        return tuple(row for row in table.rows if row.outcome and row.key not in replaced)
    return tuple(row for row in table.rows if row.outcome and not row.optional)


def printed_rows(report: Report, table: TableSpec) -> tuple[Row, ...]:
    """The rows of `table` the document for `report` prints."""
    return tuple(table.row(key) for key in report.printed_rows(table.key))


# --- table 二 -------------------------------------------------------------------------


def _active_cells(rng: random.Random, table: TableSpec, size: Size) -> dict[str, Value]:
    cells: dict[str, Value] = {}
    for row in table.rows:
        values = [_active_value(rng, f, size) for f in row.fields]
        counts = [i for i, f in enumerate(row.fields) if f.kind == "count"]
        if len(counts) > 1 and rng.random() < 0.4:
            for i in counts:
                values[i] = values[counts[0]]
        cells.update(zip(row.cell_ids(table.key), values, strict=True))
    if rng.random() < BLANK_TAIL_SHARE:
        last = table.rows[-1]
        keep = rng.randrange(len(last.fields))
        cells.update(dict.fromkeys(last.cell_ids(table.key)[keep:]))
    return cells


def _active_value(rng: random.Random, f: Field, size: Size) -> Value:
    if f.kind == "signed":
        return 0 if rng.random() < 0.6 else rng.randint(-60, 60)
    if f.kind == "amount":
        return _amount(rng, size)
    if rng.random() < (0.5 if size == "small" else 0.1):
        return 0
    return rng.randint(1, 40) if size == "small" else int(rng.lognormvariate(6, 2.5))


def _amount(rng: random.Random, size: Size) -> Value:
    if rng.random() < (0.4 if size == "small" else 0.05):
        return 0
    scale = rng.choice((10.0, 1000.0, 1e5)) if size == "small" else rng.choice((1e4, 1e6, 1e8))
    value = round(rng.uniform(0.01, scale), rng.choice((0, 1, 2, 2)))
    return int(value) if value == int(value) else value


# --- table 三 -------------------------------------------------------------------------


def _application_cells(
    rng: random.Random, template: Template, outcomes: tuple[Row, ...], size: Size, quiet: bool
) -> dict[str, Value]:
    roles = roles_of(template)
    weights = _outcome_weights(rng, len(outcomes))
    grid: dict[tuple[str, str], int] = {}
    for index, column in enumerate(roles.parts):
        processed = 0 if quiet else _column_volume(rng, size, index)
        for row, count in zip(outcomes, _spread(rng, processed, weights), strict=True):
            grid[row.key, column] = count
        grid[roles.processed, column] = processed
        forward = _small_share(rng, processed, size)
        carried = min(_small_share(rng, processed, size), processed + forward)
        grid[roles.carried_forward, column] = forward
        grid[roles.carried_over, column] = carried
        grid[roles.received, column] = processed + forward - carried
    for key in list(dict.fromkeys(key for key, _ in grid)):
        grid[key, roles.total] = sum(grid[key, column] for column in roles.parts)
    return {f"applications.{key}.{column}": value for (key, column), value in grid.items()}


def _column_volume(rng: random.Random, size: Size, index: int) -> int:
    """Applications concluded in one applicant column: people far more than organisations."""
    if index == 0:
        return int(rng.lognormvariate(1.8, 1.2)) if size == "small" else rng.randint(1000, 15000)
    if rng.random() < (0.8 if size == "small" else 0.3):
        return 0
    return rng.randint(1, 6) if size == "small" else rng.randint(1, 600)


def _outcome_weights(rng: random.Random, count: int) -> list[float]:
    """Skewed weights: a few outcome rows take most applications, the first (予以公开) most of all."""
    weights = [rng.expovariate(1.0) ** 3 for _ in range(count)]
    weights[0] += 4 * max(weights)
    return weights


def _spread(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """`total` split over the rows in proportion to `weights`, the remainder at random."""
    whole = sum(weights)
    counts = [int(total * w / whole) for w in weights]
    for index in rng.choices(range(len(weights)), weights=weights, k=total - sum(counts)):
        counts[index] += 1
    return counts


def _small_share(rng: random.Random, processed: int, size: Size) -> int:
    if processed == 0 or rng.random() < (0.7 if size == "small" else 0.2):
        return 0
    return rng.randint(1, max(1, processed // 5))


# --- table 四 -------------------------------------------------------------------------


def _review_cells(rng: random.Random, template: Template, size: Size, quiet: bool) -> dict[str, Value]:
    cells: dict[str, Value] = {}
    for equation in roles_of(template).review_sums:
        parts = {cell: 0 if quiet else _case_count(rng, size) for cell in equation.right}
        cells.update(parts)
        cells[equation.left[0]] = sum(parts.values())
    return cells


def _case_count(rng: random.Random, size: Size) -> int:
    if rng.random() < (0.8 if size == "small" else 0.3):
        return 0
    return rng.randint(1, 4) if size == "small" else rng.randint(1, 400)


def _published(rng: random.Random, year: int) -> str | None:
    if rng.random() >= PUBLISHED_SHARE:
        return None
    return (date(year + 1, 1, 5) + timedelta(days=rng.randint(0, 85))).isoformat()
