"""Short rows of pdftotext -layout text placed by what the page shows when the arithmetic cannot help.

A row printing fewer numbers than cells is read only when its numbers' columns are certain. Where
the row's own sums break wherever its numbers stand (the report's own error), the sums tell
nothing, and the page's columns must: the user then gets the row as printed and the check's error
on its total, not a report "not fully read" that hides the error.
"""

from __future__ import annotations

from xxgk.extract.headed import flat_cells
from xxgk.template import TEMPLATES

TEMPLATE = TEMPLATES["2019"]
REVIEW = TEMPLATE.table("review_litigation")


def _stacked(columns: dict[int, str]) -> list[str]:
    """Header labels printed one character a line, each at its column (as narrow cells wrap them)."""
    height = max(len(label) for label in columns.values())
    lines = []
    for i in range(height):
        line = ""
        for column, label in sorted(columns.items()):
            if i < len(label):
                line = line.ljust(column) + label[i]
        lines.append(line)
    return lines


# Table 四's fifteen columns: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 three times, narrow and close.
LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
COLUMNS = (0, 5, 10, 16, 20, 29, 34, 36, 39, 44, 49, 57, 60, 63, 72)
HEADER = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "         行政复议                               行政诉讼",
    "                                 未经复议直接起诉                 复议后起诉",
    *_stacked(dict(zip(COLUMNS, LABELS * 3, strict=True))),
]


def _values(cells: dict[int, str]) -> str:
    line = ""
    for column, text in sorted(cells.items()):
        line = line.ljust(column) + text
    return line


def _read(values: str) -> list[str] | None:
    cells = flat_cells(REVIEW, "\n".join([*HEADER, values, ""]), TEMPLATE)
    return None if cells is None else [t.text for t in cells]


def test_table_four_whose_total_breaks_wherever_its_numbers_stand_is_read_by_its_header() -> None:
    """未经复议直接起诉 printed 4, 1, 5 with 总计 19 (the report's error): every placing breaks a total, and
    the header allows one placing only (1 a character right of 其他结果, 5 of 尚未审结: each next column
    is taken by the number after it), so the table is read as printed."""
    printed = _values({16: "2", 20: "2", 29: "4", 37: "1", 40: "5", 44: "19", 60: "5", 71: "5"})
    assert _read(printed) == ["", "", "", "2", "2", "4", "", "1", "5", "19", "", "", "5", "", "5"]


def test_a_broken_table_four_the_header_places_two_ways_stays_unread() -> None:
    # 1 half-way between 其他结果 and 尚未审结 with nothing after it in 尚未审结: either column may be its.
    printed = _values({16: "2", 20: "2", 29: "4", 37: "1", 44: "19", 60: "5", 71: "5"})
    assert _read(printed) is None
