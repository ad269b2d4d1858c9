"""The rows the table's arithmetic left open: filled as printed where no equation checks them, else reported.

What `reconstruct` cannot force stays null and is listed as unread, with the
finding that says why (digits that no cut makes agree, several cuts, numbers
too few for the cells); an inferred value a row that prints every non-blank
cell does not show is undone.
"""

from __future__ import annotations

import re

from xxgk.extract.apart import ORDER_IN_DOUBT
from xxgk.extract.cells import Cells
from xxgk.extract.placement import DOUBTED
from xxgk.extract.readings import RowReading, Value
from xxgk.extract.untaken import PRINTED_ELSEWHERE
from xxgk.extract.values import BLANK_CELLS
from xxgk.findings import Finding
from xxgk.report import show_value as _show

# One cell's number as printed whole: no leading zero, thousands separated or not.
_WHOLE_NUMBER = re.compile(r"(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?")
# The reason of rows found unbalanced together: one finding names them all.
JOINTLY = "与其他粘连的行合在一起也无法满足勾稽关系"


def settle_open_rows(result: Cells, open_rows: list[RowReading], constrained: set[str], unknown: set[str]) -> None:
    """Each row still open once the arithmetic changes nothing: `constrained`, the cells some equation
    covers; `unknown`, the cells no reading has given."""
    for reading in open_rows:
        unchecked = reading.status == "short" and not constrained.intersection(reading.cell_ids)
        if unchecked and len(reading.observed) == len(reading.cell_ids):
            _take_as_printed(result, reading)
        elif unchecked and reading.reason != BLANK_CELLS and _count_before_amount(reading):
            _fill_in_order(result, reading)
        else:
            _settle(result, reading, unknown)


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
        open_cells = tuple(c for c in cells if result.values.get(c) is None)
        left = (
            "已留空"
            if len(open_cells) == len(cells)
            else f"其余 {len(cells) - len(open_cells)} 栏各种读法一致，已填入；这 {len(open_cells)} 栏已留空"
        )
        message = (
            f"{reading.line.name}：原文“{reading.printed}”可拆分为 {len(reading.candidates)} 种以上不同数值，"
            f"表内勾稽关系无法唯一确定，{left}，请对照原件核实"
        )
        if reading.reason:
            message = f"{reading.line.name}：{reading.reason}（原文“{reading.printed}”），无法唯一确定，{left}，请对照原件核实"
        result.findings.append(Finding("PARSE_AMBIGUOUS", message, open_cells))
    else:
        open_cells = tuple(c for c in cells if result.values.get(c) is None)
        why = f"原文只印出 {len(reading.observed)} 个数（“{reading.printed}”），应有 {len(cells)} 个，无法确定各数所属栏目"
        if reading.reason in (DOUBTED, PRINTED_ELSEWHERE, ORDER_IN_DOUBT):
            why = f"{reading.reason}（本行读到“{reading.printed}”）"
        result.findings.append(
            Finding(
                "PARSE_MISSING_CELLS",
                f"{reading.line.name}：{why}，{len(open_cells)} 个单元格留空，请对照原件核实",
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


def _is_subsequence(observed: list[Value], values: list[Value]) -> bool:
    position = 0
    for value in values:
        if position < len(observed) and observed[position] == value:
            position += 1
    return position == len(observed)
