"""Which cells a copy that leaves blank cells out still determines: the ceiling of any reader of it.

Chrome's viewer (pdfium) copies a table row as its non-blank numbers in order, one space
apart, with no sign of which columns were blank ("1 1 2" for seven cells). What such a
copy tells a reader is modelled here from the truth alone, not from xxgk's parser: each
printed row of the three tables, as the ordered list of its non-blank printed values.
A *placement* puts each row's values into its cells left to right, in order, every
other cell of the row blank (worth 0), and satisfies every equation R1–R4 of the format
(`formats.equations`). A cell is *determined* when every placement gives it the same
value. Blank and printed zero both count as 0: the scoring takes a blank cell read as
the value the arithmetic forces (marked inferred) as right, and a printed 0 read as 0 is
right too, so a reader that is sure of the value is right whatever the cell's status.

The truth's own placement is always one, so the search starts from it: CP-SAT (OR-Tools)
is asked for a placement that differs from the truth in at least one cell not yet known
to be open; each one found opens the cells where it differs, and when none is left the
rest are determined. A document with a deliberate arithmetic error has no placement
satisfying every equation, and a reader cannot know which one the error broke: there the
placements are those breaking as few equations as any placement does (`document_ceiling`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from independent.formats import ALL_COLUMNS, REVIEW_FIELDS, REVIEW_GROUPS, Equation, broken_equations, equations
from independent.values import Number, Truth

# Values are placed as integers: amounts (万元, at most two decimals) are scaled by this.
SCALE = 100


@dataclass(frozen=True, slots=True)
class Row:
    """One printed table row: its cells left to right and the non-blank values it prints, in order."""

    cells: tuple[str, ...]
    visible: tuple[Number, ...]


@dataclass(slots=True)
class Ceiling:
    """The outcome for one document: the cells determined and those the solver could not settle in time."""

    determined: set[str] = field(default_factory=set)
    unsettled: set[str] = field(default_factory=set)
    misleading: set[str] = field(default_factory=set)  # forced to a value other than the truth's
    broken: int = 0  # equations the placements considered break (0 unless an error was injected)
    solves: int = 0


@dataclass(slots=True)
class _Budget:
    """A document's solving time, counted in the seconds CP-SAT reports spending (no clock is read:
    the tests read no timer), so that a hard document stops at `left` instead of running on."""

    left: float

    def spend(self, solver: cp_model.CpSolver) -> None:
        self.left -= solver.wall_time


def printed_rows(truth: Truth) -> list[Row]:
    """The rows of tables 二, 三 and 四 in the order the document prints them (document.py's grids):
    table 四 is one row of fifteen cells. Rows a form does not print (`Format.absent`) are not rows."""
    fmt = truth.format
    layouts = [[f"active.{key}.{name}" for name in block.fields] for block in fmt.active for key, _ in block.rows]
    layouts += [[f"applications.{row}.{col}" for col in ALL_COLUMNS] for row in fmt.application_rows()]
    layouts.append([f"review_litigation.{g}.{name}" for g in REVIEW_GROUPS for name in REVIEW_FIELDS])
    rows = []
    for cells in layouts:
        visible = tuple(v for c in cells if (v := truth.printed[c]) is not None)
        rows.append(Row(tuple(cells), visible))
    return rows


def reference(truth: Truth) -> dict[str, int]:
    """The truth's placement, scaled: a blank cell is 0."""
    return {cell: _scaled(v or 0) for cell, v in truth.printed.items()}


def _scaled(value: Number) -> int:
    return round(float(value) * SCALE)


@dataclass(slots=True)
class _Model:
    """Every placement as a CP-SAT model: `value` gives each cell's value as a linear expression of
    the placement's booleans (a constant where the row leaves no choice), `broken` how many
    equations a placement breaks (at most the `may_break` it was built with)."""

    model: cp_model.CpModel
    value: dict[str, cp_model.LinearExprT]
    broken: cp_model.LinearExprT


def _placement_model(rows: list[Row], eqs: list[Equation], may_break: int = 0) -> _Model:
    """x[j, p] says a row's j-th visible value sits in its p-th cell; the j-th can only sit where j
    values fit before it and k-1-j after it, and each cell takes at most one."""
    model = cp_model.CpModel()
    value: dict[str, cp_model.LinearExprT] = {}
    for r, row in enumerate(rows):
        n, k = len(row.cells), len(row.visible)
        if k > n:
            raise ValueError(f"row {row.cells[0]} prints {k} values in {n} cells")
        if k in (0, n):
            value.update({c: (_scaled(row.visible[i]) if k else 0) for i, c in enumerate(row.cells)})
            continue
        x = {(j, p): model.new_bool_var(f"x{r}_{j}_{p}") for j in range(k) for p in range(j, n - k + j + 1)}
        position = []
        for j in range(k):
            model.add_exactly_one(x[j, p] for p in range(j, n - k + j + 1))
            position.append(sum(p * x[j, p] for p in range(j, n - k + j + 1)))
        for j in range(k - 1):
            model.add(position[j] < position[j + 1])
        for p in range(n):
            here = [j for j in range(k) if (j, p) in x]
            model.add_at_most_one(x[j, p] for j in here)
            value[row.cells[p]] = sum(_scaled(row.visible[j]) * x[j, p] for j in here)
    broken: cp_model.LinearExprT = 0
    if may_break:
        holds = [model.new_bool_var(f"holds{i}") for i in range(len(eqs))]
        broken = len(eqs) - sum(holds)
        model.add(broken <= may_break)
    for i, eq in enumerate(eqs):
        constraint = model.add(sum(value[c] for c in eq.left) == sum(value[c] for c in eq.right))
        if may_break:
            constraint.only_enforce_if(holds[i])
    return _Model(model, value, broken)


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1  # the benchmark's documents are many and small; one core each
    return solver


def fewest_broken(
    rows: list[Row], eqs: list[Equation], known: tuple[int, dict[str, int]], seconds: float = 10.0
) -> tuple[int, dict[str, int]] | None:
    """The fewest equations any placement breaks, and one placement breaking that many; `known` is a
    placement (the truth's) with the number it breaks, the answer when no placement breaks fewer.
    None when a solve times out. A reader of a document with an error cannot know which equation
    the error broke; what it can know is which placements explain the copy with as few broken
    equations as possible. Each count below `known`'s is tried in turn as a plain feasibility
    question, which CP-SAT settles at once where minimising the count over soft equations did not."""
    for may_break in range(known[0]):
        built = _placement_model(rows, eqs, may_break)
        solver = _solver(seconds)
        status = solver.solve(built.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return may_break, {c: solver.value(e) for c, e in built.value.items()}
        if status != cp_model.INFEASIBLE:
            return None
    return known


def _is_constant(expr: cp_model.LinearExprT) -> bool:
    return isinstance(expr, int)


def determine(
    rows: list[Row],
    eqs: list[Equation],
    ref: dict[str, int],
    may_break: int = 0,
    seconds_per_solve: float = 3.0,
    seconds_in_all: float = 60.0,
) -> Ceiling:
    """The cells whose value every placement breaking at most `may_break` equations shares (`ref`
    must be the values of one such placement).

    Each round asks for a placement differing from `ref` in some cell still open to doubt;
    it drops every cell where it differs, so a round settles many cells at once. A round
    that times out hands the rest to `_one_by_one`; a cell whose own solve times out, or the
    document's time running out (`seconds_in_all`), leaves the doubted
    cells unsettled, not determined."""
    budget = _Budget(seconds_in_all)
    out = Ceiling()
    value = _placement_model(rows, eqs).value
    doubted = {c for c, e in value.items() if not _is_constant(e)}
    out.determined = set(value) - doubted
    while doubted:
        left = budget.left
        if left <= 0:
            out.unsettled = doubted
            return out
        built = _placement_model(rows, eqs, may_break)
        differs = []
        for cell in sorted(doubted):
            flag = built.model.new_bool_var(f"d_{cell}")
            built.model.add(built.value[cell] != ref[cell]).only_enforce_if(flag)
            differs.append(flag)
        built.model.add_bool_or(differs)
        solver = _solver(min(seconds_per_solve, left))
        status = solver.solve(built.model)
        budget.spend(solver)
        out.solves += 1
        if status == cp_model.INFEASIBLE:
            out.determined |= doubted
            return out
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            _one_by_one(rows, eqs, ref, may_break, doubted, out, seconds_per_solve, budget)
            return out
        doubted = {c for c in doubted if solver.value(built.value[c]) == ref[c]}
    return out


def _one_by_one(
    rows: list[Row],
    eqs: list[Equation],
    ref: dict[str, int],
    may_break: int,
    doubted: set[str],
    out: Ceiling,
    seconds_per_solve: float,
    budget: _Budget,
) -> None:
    """`determine`'s fallback when a round cannot be settled in time: each doubted cell asked on its
    own. With equations allowed to break, CP-SAT may fail to prove in minutes that no placement
    differs in any of thirty cells, yet prove it for each one at once (lo-pdf-011 of the corpus)."""
    doubted = set(doubted)
    while doubted:
        cell = min(doubted)
        left = budget.left
        if left <= 0:
            out.unsettled |= doubted
            return
        built = _placement_model(rows, eqs, may_break)
        built.model.add(built.value[cell] != ref[cell])
        solver = _solver(min(seconds_per_solve, left))
        status = solver.solve(built.model)
        budget.spend(solver)
        out.solves += 1
        if status == cp_model.INFEASIBLE:
            out.determined.add(cell)
            doubted.discard(cell)
        elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            doubted = {c for c in doubted if solver.value(built.value[c]) == ref[c]}
        else:
            out.unsettled.add(cell)
            doubted.discard(cell)


def document_ceiling(truth: Truth, seconds_per_solve: float = 3.0, seconds_in_all: float = 60.0) -> Ceiling:
    """`determine` for one document of the corpus; cells of rows the form does not print are
    determined (nothing printed, read as null).

    A consistent document: the placements satisfying every equation, the truth's among them.
    A document with an injected error: the placements breaking as few equations as any does
    (`fewest_broken`); a cell they all give a value other than the truth's is *misleading*
    (a reader trusting the arithmetic reads it wrong), not determined."""
    rows = printed_rows(truth)
    eqs = equations(truth.format)
    truth_values = reference(truth)
    broken = len(broken_equations(truth.format, {c: float(v) for c, v in truth.values.items()}))
    if not broken:
        result = determine(rows, eqs, truth_values, 0, seconds_per_solve, seconds_in_all)
    else:
        fewest = fewest_broken(rows, eqs, (broken, truth_values), seconds_per_solve)
        if fewest is None:
            return Ceiling(unsettled={c for row in rows for c in row.cells})
        may_break, ref = fewest
        result = determine(rows, eqs, ref, may_break, seconds_per_solve, seconds_in_all)
        result.broken = may_break
        result.misleading = {c for c in result.determined if ref[c] != truth_values[c]}
        result.determined -= result.misleading
    result.determined |= set(truth.format.cell_ids()) - {c for row in rows for c in row.cells}
    return result


# A number as a copy prints it (1,234 and 19.6 included); a digit run followed by "." or "、" and no
# digit is a label's ordinal ("1. 属于国家秘密", "3.危及"), not a value.
_NUMBER = re.compile(r"(?<![\d.,])(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d,]|[.．、](?!\d))")
_TABLES_START = "主动公开政府信息情况"
_TABLES_END = "存在的主要问题"


def copy_numbers(text: str) -> list[float]:
    """The numbers of a copy between heading 二 and heading 五 (the whole text if either is not found
    as one run of characters, as on pages printed a character a line)."""
    start = text.find(_TABLES_START)
    end = text.find(_TABLES_END, max(start, 0))
    region = text[start if start >= 0 else 0 : end if end >= 0 else len(text)]
    return [float(m.group(1).replace(",", "")) for m in _NUMBER.finditer(region)]


@dataclass(slots=True)
class CopyCheck:
    """How far the model of what a copy shows matches a real copy."""

    rows: int = 0  # rows printing at least one number
    in_order: int = 0  # found as a run of consecutive numbers, after the row before's run
    in_place: int = 0  # ... and right after it, with no other number between
    stray: int = 0  # numbers of the copy that belong to no row found
    not_found: list[Row] = field(default_factory=list)  # rows printing a number that were not found in order


def check_copy(rows: list[Row], text: str) -> CopyCheck:
    """Looks for each row's visible numbers, in order, as a run of consecutive numbers of the copy,
    each row's search starting after the row before's run."""
    numbers = copy_numbers(text)
    out = CopyCheck()
    at = 0
    used = 0
    for row in rows:
        if not row.visible:
            continue
        out.rows += 1
        want = [float(v) for v in row.visible]
        found = _find_run(numbers, want, at)
        if found is None:
            out.not_found.append(row)
            continue
        out.in_order += 1
        out.in_place += found == at
        at = found + len(want)
        used += len(want)
    out.stray = len(numbers) - used
    return out


def _find_run(numbers: list[float], want: list[float], start: int) -> int | None:
    for i in range(start, len(numbers) - len(want) + 1):
        if all(abs(numbers[i + j] - w) < 1e-9 for j, w in enumerate(want)):
            return i
    return None
