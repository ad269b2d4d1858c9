"""Full tables copied by a PDF viewer without -layout (plain pdftotext): every cell printed, a cell a line.

Such a table prints one number per cell, so the count and the arithmetic pair them with the rows the
label column names. What a user needs: a table whose every cell is printed is read whole when only
one reading holds its sums, and a piece of label text is never taken for a blank cell.
"""

from __future__ import annotations

from xxgk.extract.stream import read_column_dump
from xxgk.extract.tokens import tokenize
from xxgk.template import TEMPLATES

TEMPLATE = TEMPLATES["2019"]
TABLE = TEMPLATE.table("applications")
ROWS = [row for row in TABLE.rows if not row.optional]


def _table() -> dict[str, list[str]]:
    """Table 三 (2019) with a few applications, every sum holding."""
    outcomes = {
        "granted": [3, 1, 0, 1, 0, 5],
        "withheld_state_secret": [0, 2, 0, 0, 1, 3],
        "unavailable_not_held": [1, 0, 1, 0, 0, 2],
        "not_processed_duplicate": [2, 0, 0, 0, 1, 3],
    }
    rows = {key: [*cells, sum(cells)] for key, cells in outcomes.items()}
    for row in ROWS:
        rows.setdefault(row.key, [0] * 7)
    rows["carried_forward"] = [1, 0, 0, 1, 0, 2]
    rows["carried_forward"].append(sum(rows["carried_forward"]))
    processed = [sum(rows[key][c] for key in outcomes) for c in range(7)]
    rows["total_processed"] = processed
    rows["new_received"] = [p + f for p, f in zip(processed, rows["carried_forward"], strict=True)]
    return {key: [str(v) for v in cells] for key, cells in rows.items()}


def _copy(table: dict[str, list[str]], numbers: list[str] | None = None) -> str:
    """The viewer's copy: the label column's cells, the caption （四）无法提供 printed down its narrow
    cell a character a line, the column headers, then the numbers row by row."""
    labels: list[str] = []
    for row in ROWS:
        if row.key == "unavailable_not_held":
            labels += ["（四", "无", "法", "提", "供"]
        labels.append(row.label)
    headers = [f.label for f in ROWS[0].fields]
    numbers = numbers if numbers is not None else [v for row in ROWS for v in table[row.key]]
    return "\n".join(labels + headers + numbers) + "\n"


def _read(text: str) -> dict[str, list[str]]:
    rows = read_column_dump(TABLE, TEMPLATE, text, tokenize(text))
    return {key: [t.text for t in rt.values] for key, rt in rows.items()}


def test_a_caption_spelled_a_character_a_line_is_no_blank_cell() -> None:
    # "无" on a line of its own between "（四" and "法" is the caption's first character, not a cell
    # printed "无": the table prints one number per cell and is read whole.
    table = _table()
    assert _read(_copy(table)) == table


def test_a_placeholder_among_the_numbers_still_leaves_the_table_unread() -> None:
    # 新收's 商业企业 printed "无" (blank) among the numbers: the copy no longer prints a number per
    # cell, and nothing tells which cell the placeholder stands for.
    table = _table()
    numbers = [v for row in ROWS for v in table[row.key]]
    numbers[1] = "无"
    assert _read(_copy(table, numbers)) == {}
