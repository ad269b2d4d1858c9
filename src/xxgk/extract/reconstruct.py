"""Fill cells the document garbled, only where the table's arithmetic forces them.

Input: what each row could be read as (one candidate, several, or nothing but
the values it printed). The template's equations are then applied until nothing
changes: an equation with one unknown cell gives it; an equation whose unknown
cells must add up to 0 makes each of them 0 (counts are never negative); a row
with several candidate readings keeps only those its columns agree with. Every
value set this way is recorded with its reason; what stays open stays null and
is listed in `unread`, so that the checks never take it for a blank cell and the
report says it was not fully read. Digits that no cut makes agree with the
table's arithmetic are an error of the document, not a gap of the reading: they
are never filled from the other rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.extract.joint import joint_reading
from xxgk.extract.placement import place_blank_cells
from xxgk.extract.readings import Candidate, RowReading, Value
from xxgk.extract.rowsums import placeable_with_blanks
from xxgk.extract.values import BLANK_CELLS
from xxgk.findings import Finding
from xxgk.report import show_value as _show
from xxgk.template import Equation

TOLERANCE = 1e-6
# One cell's number as printed whole: no leading zero, thousands separated or not.
_WHOLE_NUMBER = re.compile(r"(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?")
# The reason of rows found unbalanced together: one finding names them all.
JOINTLY = "与其他粘连的行合在一起也无法满足勾稽关系"


@dataclass(slots=True)
class Cells:
    """Cell values with the reasons for those that were inferred."""

    values: dict[str, Value] = field(default_factory=dict)
    inferred: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Cells the document prints that stayed null because the reading could not place their values.
    unread: set[str] = field(default_factory=set)


def reconstruct(readings: list[RowReading], equations: tuple[Equation, ...], cell_ids: tuple[str, ...]) -> Cells:
    """Settle every cell from the row readings and the equations."""
    result = Cells(values=dict.fromkeys(cell_ids))
    open_rows: list[RowReading] = []
    for reading in readings:
        if len(reading.candidates) == 1:
            _assign(result, reading, reading.candidates[0])
        else:
            open_rows.append(reading)
    unknown = {cell for reading in open_rows if reading.status != "unbalanced" for cell in reading.cell_ids}
    constrained = {cell for eq in equations for cell in eq.cells}
    changed = bool(open_rows)
    while changed:
        changed = _narrow_candidates(result, open_rows, equations, unknown)
        changed |= _solve_equations(result, equations, unknown, open_rows)
        if not changed:
            changed = _read_jointly(result, open_rows, equations, unknown, constrained)
        if not changed:
            changed = place_blank_cells(result.values, result.inferred, (readings, open_rows), equations, unknown)
    for reading in open_rows:
        unchecked = reading.status == "short" and not constrained.intersection(reading.cell_ids)
        if unchecked and len(reading.observed) == len(reading.cell_ids):
            _take_as_printed(result, reading)
        elif unchecked and reading.reason != BLANK_CELLS and _count_before_amount(reading):
            _fill_in_order(result, reading)
        else:
            _settle(result, reading, unknown)
    _point_out_stray_digits(result, equations, readings)
    return result


def _assign(result: Cells, reading: RowReading, candidate: Candidate) -> None:
    for cell, value in zip(reading.cell_ids, candidate, strict=True):
        result.values[cell] = value
    if reading.status in ("split", "extra"):
        reason = reading.reason or "原文数字粘连，只有一种拆分方式与本行合计相符"
        for cell in reading.cell_ids:
            result.inferred[cell] = f"{reason}（原文：{reading.printed}）"
        # A template convention is a guess (a warning); the table's arithmetic is not (a note).
        code = "PARSE_CORRECTED" if reading.reason.startswith(("按惯例", "按正文")) else "PARSE_RECONSTRUCTED"
        result.findings.append(
            Finding(
                code,
                f"{reading.line.name}：原文“{reading.printed}”无法直接对应各栏，已还原为"
                f" {' / '.join(_show(v) for v in candidate)}（{reason}）",
                reading.cell_ids,
            )
        )


def _narrow_candidates(
    result: Cells, open_rows: list[RowReading], equations: tuple[Equation, ...], unknown: set[str]
) -> bool:
    changed = False
    for reading in list(open_rows):
        if len(reading.candidates) < 2:
            continue
        kept = [c for c in reading.candidates if _agrees(result, reading, c, equations, unknown)]
        if not kept:
            # Every cut keeps the row's own sums, none the columns': the table contradicts itself.
            reading.status = "unbalanced"
            reading.candidates = []
            unknown.difference_update(reading.cell_ids)
            changed = True
        elif len(kept) == 1:
            reading.candidates = kept
            reading.status = "split"
            reading.reason = reading.reason or "原文数字粘连，按行、列合计唯一拆分"
            _assign(result, reading, kept[0])
            unknown.difference_update(reading.cell_ids)
            open_rows.remove(reading)
            changed = True
        elif kept and len(kept) < len(reading.candidates):
            reading.candidates = kept
            changed = True
    return changed


def _agrees(
    result: Cells, reading: RowReading, candidate: Candidate, equations: tuple[Equation, ...], unknown: set[str]
) -> bool:
    trial = dict(zip(reading.cell_ids, candidate, strict=True))
    own = set(reading.cell_ids)
    for eq in equations:
        if not own.intersection(eq.cells):
            continue
        values = [trial[c] if c in own else (None if c in unknown else result.values.get(c)) for c in eq.cells]
        if any(v is None for v in values):
            continue
        if not _balanced(eq, dict(zip(eq.cells, values, strict=True))):
            return False
    return True


def _read_jointly(
    result: Cells,
    open_rows: list[RowReading],
    equations: tuple[Equation, ...],
    unknown: set[str],
    constrained: set[str],
) -> bool:
    """Open glued rows tried together: rows every combination agrees on are read; none fitting is an error."""
    group = [
        r
        for r in open_rows
        if r.status == "ambiguous" and len(r.candidates) > 1 and constrained.intersection(r.cell_ids)
    ]
    if len(group) < 2:
        return False
    joint = joint_reading(group, result.values, unknown, equations)
    if joint is not None and not joint.consistent and any(_blank_cells_fit(r, equations) for r in group):
        # A row whose numbers fit its columns as printed, with blank cells, need not be glued at all.
        return False
    if joint is None:
        return False
    if not joint.consistent:
        for reading in group:
            reading.status, reading.candidates, reading.reason = "unbalanced", [], JOINTLY
            unknown.difference_update(reading.cell_ids)
        names = "、".join(f"“{r.line.name}”（原文“{r.printed}”）" for r in group)
        result.findings.append(
            Finding(
                "PARSE_DIGITS_UNBALANCED",
                f"{names}各行数字粘连，无论如何拆分、组合都与勾稽关系（行、列合计）不符，表格本身有误或原文缺字，"
                "已留空，请对照原件核实",
                tuple(c for r in group for c in r.cell_ids),
            )
        )
        return True
    changed = False
    for reading, candidate in zip(group, joint.agreed, strict=True):
        if candidate is not None:
            reading.candidates, reading.status = [candidate], "split"
            reading.reason = reading.reason or "原文数字粘连，与同列其他粘连的行一并按行、列合计唯一拆分"
            _assign(result, reading, candidate)
            unknown.difference_update(reading.cell_ids)
            open_rows.remove(reading)
            changed = True
    return changed


def _blank_cells_fit(reading: RowReading, equations: tuple[Equation, ...]) -> bool:
    own = set(reading.cell_ids)
    return placeable_with_blanks(reading.line, reading.observed, [eq for eq in equations if own.issuperset(eq.cells)])


def _solve_equations(
    result: Cells, equations: tuple[Equation, ...], unknown: set[str], open_rows: list[RowReading]
) -> bool:
    """Apply each equation with solvable unknowns once; report whether anything was set."""
    blocked = {c for r in open_rows if len(r.candidates) > 1 for c in r.cell_ids}
    changed = False
    for eq in equations:
        missing = [c for c in eq.cells if c in unknown and result.values.get(c) is None]
        if not missing or any(c in blocked for c in missing):
            continue
        known = {c: result.values.get(c) for c in eq.cells if c not in missing}
        if any(v is None for v in known.values()):
            continue
        left = sum(v for c, v in known.items() if c in eq.left and v is not None)
        right = sum(v for c, v in known.items() if c in eq.right and v is not None)
        on_left = [c for c in missing if c in eq.left]
        on_right = [c for c in missing if c in eq.right]
        if on_left and on_right:
            continue
        residual = (right - left) if on_left else (left - right)
        if residual < -TOLERANCE:
            continue
        if abs(residual) < TOLERANCE:
            solution = dict.fromkeys(missing, 0)
        elif len(missing) == 1:
            solution = {missing[0]: round(residual)}
        else:
            continue
        for cell, value in solution.items():
            result.values[cell] = value
            result.inferred[cell] = f"原文本行缺少单元格，由勾稽关系（{eq.rule}）推出"
            unknown.discard(cell)
        changed = True
    return changed


def _settle(result: Cells, reading: RowReading, unknown: set[str]) -> None:
    """Report what stayed open; undo inferences that contradict what was printed."""
    cells = reading.cell_ids
    values = [result.values.get(c) for c in cells]
    complete = all(v is not None for v in values)
    printed: list[Value] = [v for v in values if v]
    shows_all = reading.reason == BLANK_CELLS or reading.dropped_blanks  # every non-blank cell, in order
    contradicted = shows_all and not _is_subsequence(printed, reading.observed)
    # A row printing more numbers than cells prints each of its values among them.
    unprinted = complete and len(reading.observed) > len(cells) and not _is_subsequence(values, reading.observed)
    short = reading.status == "short" and (contradicted or (complete and not _is_subsequence(reading.observed, values)))
    if short or unprinted:
        # A row that prints every non-blank cell shows each value it has: an inferred one it does not
        # print (a sum the document breaks elsewhere) is not its.
        complete = False
        for cell in cells:
            if cell in result.inferred:
                result.values[cell] = None
                result.inferred.pop(cell, None)
        values = [result.values.get(c) for c in cells]
    if complete:
        result.findings.append(
            Finding(
                "PARSE_RECONSTRUCTED",
                f"{reading.line.name}：原文只印出“{reading.printed}”（{len(reading.observed)} 个数，应有 {len(cells)} 个），"
                f"缺少的单元格已由表内勾稽关系唯一推出：{' / '.join(_show(v) for v in values)}",
                cells,
            )
        )
        return
    result.unread.update(c for c in cells if result.values.get(c) is None)
    if reading.status == "unbalanced":
        if reading.reason != JOINTLY:
            result.findings.append(_unbalanced_digits(reading))
    elif reading.status == "ambiguous":
        message = (
            f"{reading.line.name}：原文“{reading.printed}”可拆分为 {len(reading.candidates)} 种以上不同数值，"
            "表内勾稽关系无法唯一确定，已留空，请对照原件核实"
        )
        if reading.reason:
            message = f"{reading.line.name}：{reading.reason}（原文“{reading.printed}”），无法唯一确定，已留空，请对照原件核实"
        result.findings.append(Finding("PARSE_AMBIGUOUS", message, cells))
    else:
        open_cells = tuple(c for c in cells if result.values.get(c) is None)
        result.findings.append(
            Finding(
                "PARSE_MISSING_CELLS",
                f"{reading.line.name}：原文只印出 {len(reading.observed)} 个数（“{reading.printed}”），应有 {len(cells)} 个，"
                f"无法确定各数所属栏目，{len(open_cells)} 个单元格留空，请对照原件核实",
                open_cells,
            )
        )


def _unbalanced_digits(reading: RowReading) -> Finding:
    if _spaced_with_blanks(reading):
        return Finding(
            "PARSE_BLANK_CELLS_UNPLACED",
            f"{reading.line.name}：原文只印出 {len(reading.observed)} 个各自完整的数（“{reading.printed}”），"
            f"应有 {len(reading.cell_ids)} 个，其余是空白单元格；无法确定空白单元格在哪些栏目"
            "（空白按 0 计也与本行合计不符），已留空，请对照原件核实",
            reading.cell_ids,
        )
    return Finding(
        "PARSE_DIGITS_UNBALANCED",
        f"{reading.line.name}：原文数字“{reading.printed}”粘连，无论如何拆分都与勾稽关系（行、列合计）不符，"
        "表格本身有误或原文缺字，已留空，请对照原件核实",
        reading.cell_ids,
    )


def _spaced_with_blanks(reading: RowReading) -> bool:
    """The row prints fewer numbers than cells, set apart by spaces, each a whole number ("258 12 1 1"):
    blank cells whose columns are unknown, not digits run together. A number with a leading zero
    ("110 000011") or two digits longer than every other ("217100002 18") is glued digits."""
    printed = reading.printed.split()
    if not 2 <= len(printed) < len(reading.cell_ids) or not all(_WHOLE_NUMBER.fullmatch(p) for p in printed):
        return False
    lengths = sorted(len(p.replace(",", "").split(".")[0]) for p in printed)
    return lengths[-1] - lengths[-2] < 2


def _take_as_printed(result: Cells, reading: RowReading) -> None:
    """A row no equation covers printing a value for every cell, one out of its range (a count
    of -1 in a draft): each stays in its column as printed, for the range checks to report."""
    for cell, value in zip(reading.cell_ids, reading.observed, strict=True):
        result.values[cell] = value


def _count_before_amount(reading: RowReading) -> bool:
    """One number printed for a count and the amount after it (table 二's 采购项目数量 / 采购总金额)."""
    fields = reading.line.fields
    return len(reading.observed) == 1 and len(fields) == 2 and (fields[0].kind, fields[1].kind) == ("count", "amount")


def _fill_in_order(result: Cells, reading: RowReading) -> None:
    """A count and an amount no equation covers, printing one number (table 二: 采购项目数量 / 采购总金额):
    it is the count's, and we say so — where a row prints a count and leaves out the sum of money,
    the count comes first. Two counts stay open ("行政事业性收费 2" is 本年增/减 as often as
    上一年项目数量), and so do a longer row's numbers: a blank 本年废止件数 sits between the
    counts, so "104 774" under 制发 / 废止 / 现行有效 is not 104 and 774 in the first two.

    Not in text that keeps its cells apart by spacing (`BLANK_CELLS`): there the row has
    blank cells, and which columns they are is left to the positions or left open.
    """
    cells = reading.cell_ids
    for cell, value in zip(cells, reading.observed, strict=False):
        result.values[cell] = value
    result.findings.append(
        Finding(
            "PARSE_MISSING_CELLS",
            f"{reading.line.name}：原文只印出 {len(reading.observed)} 个数（“{reading.printed}”），应有 {len(cells)} 个；"
            f"已按顺序填入前 {len(reading.observed)} 栏，其余留空，请对照原件核实",
            cells,
        )
    )


def _cell_name(readings: list[RowReading], cell: str) -> str:
    """「row name“column”栏」 for a finding; looked up only when one is raised (rarely)."""
    for reading in readings:
        if cell in reading.cell_ids:
            return f"{reading.line.name}“{reading.line.fields[reading.cell_ids.index(cell)].label}”栏"
    return cell


def _point_out_stray_digits(result: Cells, equations: tuple[Equation, ...], readings: list[RowReading]) -> None:
    """A cell whose every equation is broken, at least two of them, and holds once one end digit
    is dropped: a page number glued on (淮安 2024: 7696 for 769) or a total printed wrong (10 for 1).

    The two look the same, so the value stays as printed — the checks report the broken sums —
    and a finding names the value that would make every sum hold.
    """
    broken = [eq for eq in equations if _evaluate(result.values, eq) is False]
    if not broken:
        return
    suspects = {cell for eq in broken for cell in eq.cells}
    by_cell: dict[str, list[Equation]] = {}
    for eq in equations:
        for cell in eq.cells:
            by_cell.setdefault(cell, []).append(eq)
    for cell, involved in by_cell.items():
        value = result.values.get(cell)
        if cell not in suspects or len(involved) < 2 or not isinstance(value, int) or value < 10:
            continue
        if cell in result.inferred or any(_evaluate(result.values, eq) in (None, True) for eq in involved):
            continue
        text = str(value)
        fixes = {int(t) for t in (text[:-1], text[1:]) if t and (t == "0" or t[0] != "0")}
        good = [v for v in fixes if all(_evaluate({**result.values, cell: v}, eq) for eq in involved)]
        if len(good) == 1:
            result.findings.append(
                Finding(
                    "PARSE_STRAY_DIGIT",
                    f"{_cell_name(readings, cell)}原文为 {value}，与行、列合计均不符；去掉一位数字后为 {good[0]}，"
                    "各项合计全部相符：可能是原表填错，也可能粘连了页码等多余数字，请对照原件核实",
                    (cell,),
                )
            )


def _evaluate(values: dict[str, Value], eq: Equation) -> bool | None:
    """True or False when every cell of `eq` is known, else None."""
    total: int | float = 0
    for cell in eq.left:
        value = values.get(cell)
        if value is None:
            return None
        total += value
    for cell in eq.right:
        value = values.get(cell)
        if value is None:
            return None
        total -= value
    return abs(total) < TOLERANCE


def _balanced(eq: Equation, values: dict[str, Value]) -> bool:
    left = sum(values[c] or 0 for c in eq.left)
    right = sum(values[c] or 0 for c in eq.right)
    return abs(left - right) < TOLERANCE


def _is_subsequence(observed: list[Value], values: list[Value]) -> bool:
    position = 0
    for value in values:
        if position < len(observed) and observed[position] == value:
            position += 1
    return position == len(observed)
