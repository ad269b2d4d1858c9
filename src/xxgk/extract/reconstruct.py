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

from xxgk.extract.cells import TOLERANCE, Cells
from xxgk.extract.joint import joint_reading
from xxgk.extract.placement import place_blank_cells
from xxgk.extract.readings import Candidate, RowReading, Value, agreed_cells
from xxgk.extract.rowsums import placeable_with_blanks
from xxgk.extract.settle import JOINTLY, settle_open_rows
from xxgk.extract.stray import point_out_stray_digits
from xxgk.findings import Finding
from xxgk.report import show_value as _show
from xxgk.template import Equation

# Why a cell of a row read several ways holds its value (`Cells.inferred`).
AGREED = "原文数字有多种读法，本栏在每种与勾稽关系相符的读法中都相同"


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
    settle_open_rows(result, open_rows, constrained, unknown)
    point_out_stray_digits(result, equations, readings)
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
        else:
            if len(kept) < len(reading.candidates):
                reading.candidates = kept
                changed = True
            changed |= _assign_agreed(result, reading, unknown)
    return changed


def _assign_agreed(result: Cells, reading: RowReading, unknown: set[str]) -> bool:
    """The cells of an open row that every reading still possible gives one value ("88-720": 88 / -72 / 0
    or 88 / -7 / 20, 上一年项目数量 88 either way): read, marked inferred; whether any was."""
    agreed = [
        (cell, value)
        for cell, value in agreed_cells(reading.candidates, reading.cell_ids).items()
        if cell in unknown and value is not None
    ]
    for cell, value in agreed:
        result.values[cell] = value
        result.inferred[cell] = f"{AGREED}（原文：{reading.printed}）"
        unknown.discard(cell)
    return bool(agreed)


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


def _balanced(eq: Equation, values: dict[str, Value]) -> bool:
    left = sum(values[c] or 0 for c in eq.left)
    right = sum(values[c] or 0 for c in eq.right)
    return abs(left - right) < TOLERANCE
