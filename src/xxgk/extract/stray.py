"""Point out a settled cell that dropping one end digit would make agree with every sum it is in.

Run once `reconstruct` has settled the cells: it changes no value, it adds a finding.
"""

from __future__ import annotations

from xxgk.extract.cells import TOLERANCE, Cells
from xxgk.extract.readings import RowReading, Value
from xxgk.findings import Finding
from xxgk.template import Equation


def point_out_stray_digits(result: Cells, equations: tuple[Equation, ...], readings: list[RowReading]) -> None:
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


def _cell_name(readings: list[RowReading], cell: str) -> str:
    """「row name“column”栏」 for a finding; looked up only when one is raised (rarely)."""
    for reading in readings:
        if cell in reading.cell_ids:
            return f"{reading.line.name}“{reading.line.fields[reading.cell_ids.index(cell)].label}”栏"
    return cell
