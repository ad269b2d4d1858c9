"""Turn a row's printed value tokens into candidate rows of numbers.

Usually a row prints exactly one value per column. When it prints fewer, digits
may have been glued together (`21710000218`): every way of cutting them into the
right number of values is a candidate (`cuts`), and the row's own arithmetic
(总计 = the sum of its parts, `rowsums`) filters them. When it prints more, a
number may have wrapped in its narrow cell (`rejoin`). Table 二 has no
arithmetic, so there the template's documented conventions (`Prior`) may choose,
and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import cast

from xxgk.extract.cuts import TooManyWays, checks_of, cuttable, fits, splits
from xxgk.extract.readings import Candidate, Line, RowReading, Status, Value
from xxgk.extract.rejoin import rejoined_reading
from xxgk.extract.rowsums import placeable_with_blanks, satisfies
from xxgk.extract.tokens import Token
from xxgk.template import Equation, Prior

# The reason of a short row in text that keeps its cells apart: blank cells, whose columns are unknown.
BLANK_CELLS = "原文有空白单元格"
# The reason of a row whose numbers are no one row's: runs each closed by its sum, or a part over the total.
RUN_TOGETHER = "本行数字不像同一行的（可分成几段、各段自成合计，或某栏大于合计），像是相邻几行的数字连在一起"
# The reason of a glued row its digits allow to be cut one way only, though its sum does not hold.
SOLE_CUT = "原文数字粘连，只有这一种拆分方式（本行合计与之不符，属原表错误）"


def read_row(
    line: Line,
    tokens: list[Token],
    equations: Sequence[Equation],
    *,
    may_split: bool = True,
    whole: bool = False,
    blank_cells: bool = False,
    dropped_blanks: bool = False,
    runs_together: bool = False,
) -> RowReading:
    """Interpret a row's tokens against its columns and its own equations (`Template.equations_within`).

    `may_split` allows cutting printed numbers apart where no equation checks the
    cut; it is for tables whose cells the document glues together. `whole` says
    each printed number is one cell's whole value (text that sets its cells apart
    by wide spaces, or one cell per line): its digits are never cut. `blank_cells`
    says a row printing fewer numbers than cells has blank cells (zero printed as
    nothing), not cells the copy lost: their columns are not guessed in order.
    `dropped_blanks` says so of a copy that keeps numbers apart by single spaces and
    leaves blank cells out (a PDF viewer's): a short row it cannot cut is marked so.
    `runs_together` says the copy leaves blank cells out (judged for the whole document, where
    `dropped_blanks` is for this table): a full row may be the numbers of rows printed one after the other.
    """
    values = [t for t in tokens if t.is_value]
    printed = " ".join([t.text for t in values])
    n = len(line.fields)
    if not values:
        return RowReading(line, "blank", [(None,) * n], printed=printed)
    # `parse_number` inlined: every row of every report passes here.
    observed = [None if t.kind == "placeholder" else float(t.text) if "." in t.text else int(t.text) for t in values]
    if len(values) == n and (_counts(observed) or all(fits(v, f) for v, f in zip(observed, line.fields, strict=True))):
        if runs_together and _rows_run_together(observed, equations, line):
            return RowReading(line, "ambiguous", [], observed, printed, RUN_TOGETHER)
        return RowReading(line, "exact", [tuple(observed)], observed, printed)
    if len(values) > n:
        return _fewer(line, values, observed, equations, printed)
    if whole:
        reason = BLANK_CELLS if blank_cells else ""
        return RowReading(line, "short", [], observed, printed, reason, dropped_blanks=dropped_blanks)
    if not equations and not may_split:
        return RowReading(line, "short", [], observed, printed)
    try:
        candidates = splits(values, line.fields, checks_of(line, equations))
    except TooManyWays:
        return RowReading(line, "ambiguous", [], observed, printed, "粘连数字过长，拆分方式太多")
    if not candidates:
        unbalanced = (
            may_split
            and bool(equations)
            and cuttable(values, line.fields)
            and not placeable_with_blanks(line, observed, equations)
        )
        if unbalanced and len(values) == 1 and len(values[0].text) == n and values[0].text.isdigit():
            # The whole row run into one number of a digit a cell: that cut alone is possible, so
            # it is what the document prints; its broken sum is the document's error, for the checks.
            # (Several numbers are not: a row with blank cells may print "25 3" for 2, 5, 3 or 25, 3.)
            return RowReading(line, "split", [tuple(int(d) for d in values[0].text)], observed, printed, SOLE_CUT)
        if unbalanced:
            return RowReading(line, "unbalanced", [], observed, printed)
        return RowReading(line, "short", [], observed, printed, dropped_blanks=dropped_blanks)
    if len(candidates) > 1 and line.priors:
        return _by_priors(line, candidates, observed, printed)
    status: Status = "split" if len(candidates) == 1 else "ambiguous"
    return RowReading(line, status, candidates, observed, printed)


def _fewer(
    line: Line, values: list[Token], observed: list[Value], equations: Sequence[Equation], printed: str
) -> RowReading:
    """More values than columns: keep those subsets that satisfy the row's arithmetic."""
    n = len(line.fields)
    if len(values) - n > 3:
        return RowReading(line, "ambiguous", [], observed, printed, "数值个数多于栏目数")
    options = {tuple(observed[i] for i in keep) for keep in combinations(range(len(observed)), n)}
    fitting = [c for c in options if satisfies(c, line, equations) and equations]
    if not fitting and equations and (wrapped := rejoined_reading(line, values, equations)) is not None:
        return wrapped
    status: Status = "extra" if len(fitting) == 1 else "ambiguous"
    return RowReading(line, status, fitting, observed, printed, "数值个数多于栏目数")


def _by_priors(line: Line, candidates: list[Candidate], observed: list[Value], printed: str) -> RowReading:
    """The one cut the template's conventions leave, tried in turn; else every cut: a convention
    narrowing them to several decides nothing, and each cut stays possible."""
    keys = [f.key for f in line.fields]
    narrowed = candidates
    for prior in line.priors:
        chosen = [c for c in narrowed if _prior_holds(prior, dict(zip(keys, c, strict=True)))]
        if len(chosen) == 1:
            return RowReading(line, "split", chosen, observed, printed, f"按惯例推断：{prior.reason}")
        if chosen:
            narrowed = chosen
    return RowReading(line, "ambiguous", candidates, observed, printed)


def _prior_holds(prior: Prior, values: dict[str, Value]) -> bool:
    picked = [values.get(key) for key in prior.fields]
    if any(v is None for v in picked):
        return False
    if prior.kind == "zero":
        return picked[0] == 0
    if prior.kind == "equal":
        return len(set(picked)) == 1
    numerator, denominator = picked
    assert numerator is not None and denominator is not None
    return denominator > 0 and prior.low <= numerator / denominator <= prior.high


def _counts(observed: list[Value]) -> bool:
    """Every value a whole number, none negative: most rows, and each fits every field (`fits`)."""
    return None not in observed and float not in map(type, observed) and min(cast(list[int], observed)) >= 0


def _rows_run_together(observed: list[Value], equations: Sequence[Equation], line: Line) -> bool:
    """A copy that leaves blank cells out printed as many numbers as the row has cells, its own total
    broken, and they are no one row's: they fall into runs of two or more each closed by its sum
    ("2 1 3 1 1 1 3": 2 + 1 = 3, 1 + 1 + 1 = 3), the numbers of rows printed one after the other
    ("1.信访举报…" / "2.重复申请" / the numbers of both), or one of its parts exceeds its total
    ("14 2 1 859 18 1 1": numbers gathered from other rows' columns printed a line each, not a misprint)."""
    if not equations or None in observed:
        return False
    values = {cell: float(v or 0) for cell, v in zip(line.cells, observed, strict=True)}
    broken = [eq for eq in equations if not eq.holds(values)]
    if not broken:
        return False
    return _closed_runs(observed) >= 2 or any(_part_exceeds_whole(eq, values) for eq in broken)


def _part_exceeds_whole(eq: Equation, values: dict[str, float]) -> bool:
    """One side is a single cell (a total) smaller than a cell of the other side, every cell a count."""
    if any(values[c] < 0 for c in eq.cells):
        return False
    return any(
        len(whole) == 1 and len(parts) > 1 and any(values[c] > values[whole[0]] for c in parts)
        for whole, parts in ((eq.left, eq.right), (eq.right, eq.left))
    )


def _closed_runs(numbers: list[Value]) -> int:
    """How many consecutive runs, each of two numbers or more ending in the sum of the others, make up
    `numbers` exactly (the fewest), or 0 when none do."""
    best: dict[int, int] = {0: 0}
    for end in range(2, len(numbers) + 1):
        for start in range(end - 1):
            if start not in best:
                continue
            run = numbers[start:end]
            if None not in run and sum(run[:-1]) == run[-1]:  # type: ignore[arg-type]
                count = best[start] + 1
                best[end] = min(best.get(end, count), count)
    return best.get(len(numbers), 0)
