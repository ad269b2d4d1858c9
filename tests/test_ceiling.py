"""The ceiling's solver (tests/independent/ceiling.py) on tables small enough to work out by hand."""

from __future__ import annotations

import pytest

from independent.ceiling import (
    Row,
    check_copy,
    copy_numbers,
    determine,
    document_ceiling,
    fewest_broken,
    printed_rows,
)
from independent.formats import ALL_COLUMNS, Equation
from independent.values import draw_truth

# Rows a and b under a sum row t, each row ending with its total:
#   x1 + x2 = x (each row), t1 = a1 + b1, t2 = a2 + b2 (columns).
CELLS = {name: tuple(f"{name}.{c}" for c in ("1", "2", "total")) for name in "abt"}
EQUATIONS = [Equation("R3", (f"{n}.total",), (f"{n}.1", f"{n}.2")) for n in "abt"] + [
    Equation("R2", (f"t.{c}",), (f"a.{c}", f"b.{c}")) for c in ("1", "2")
]


def rows(a: tuple[int, ...], b: tuple[int, ...], t: tuple[int, ...]) -> list[Row]:
    return [Row(CELLS["a"], a), Row(CELLS["b"], b), Row(CELLS["t"], t)]


def scaled(values: dict[str, int]) -> dict[str, int]:
    return {cell: 100 * v for cell, v in values.items()}


def test_column_sums_place_every_number() -> None:
    """a prints "1 1", b "2 2", t "1 2 3": a's 1 cannot sit under t's 2 (b's 2 would need column 1, where
    t has 1), so a is (1, blank, 1) and b (blank, 2, 2): every cell is determined."""
    truth = {"a.1": 1, "a.2": 0, "a.total": 1, "b.1": 0, "b.2": 2, "b.total": 2, "t.1": 1, "t.2": 2, "t.total": 3}
    result = determine(rows((1, 1), (2, 2), (1, 2, 3)), EQUATIONS, scaled(truth))
    assert result.determined == set(truth)
    assert not result.unsettled


def test_two_rows_that_can_swap_columns_stay_open() -> None:
    """a and b both print "1 1" under t "1 1 2": either may take column 1, so only the totals and t are known."""
    truth = {"a.1": 1, "a.2": 0, "a.total": 1, "b.1": 0, "b.2": 1, "b.total": 1, "t.1": 1, "t.2": 1, "t.total": 2}
    result = determine(rows((1, 1), (1, 1), (1, 1, 2)), EQUATIONS, scaled(truth))
    assert result.determined == {"a.total", "b.total", "t.1", "t.2", "t.total"}


def test_a_blank_and_a_printed_zero_are_the_same_value() -> None:
    """a prints "0 0" (two printed zeros, one cell blank): every cell of a is 0 wherever the zeros go."""
    truth = {"a.1": 0, "a.2": 0, "a.total": 0, "b.1": 1, "b.2": 1, "b.total": 2, "t.1": 1, "t.2": 1, "t.total": 2}
    result = determine(rows((0, 0), (1, 1, 2), (1, 1, 2)), EQUATIONS, scaled(truth))
    assert result.determined == set(truth)


def test_without_the_equations_nothing_short_is_placed() -> None:
    truth = {"a.1": 1, "a.2": 0, "a.total": 1, "b.1": 0, "b.2": 2, "b.total": 2, "t.1": 1, "t.2": 2, "t.total": 3}
    result = determine(rows((1, 1), (2, 2), (1, 2, 3)), [], scaled(truth))
    assert result.determined == {"t.1", "t.2", "t.total"}


def test_a_row_printing_more_numbers_than_cells_is_refused() -> None:
    with pytest.raises(ValueError):
        determine([Row(("x", "y"), (1, 2, 3))], [], {"x": 0, "y": 0})


@pytest.mark.parametrize("blank_zeros", ["none", "all"])
def test_a_drawn_report_keeps_its_rows_and_is_one_placement(blank_zeros: str) -> None:
    """Every cell of a drawn report is in exactly one printed row; printing every cell determines all of them."""
    truth = draw_truth("t-000", "lo-pdf", 7, "2021", inject=False)
    truth.style.blank_zeros = blank_zeros
    truth.printed = {c: (None if v == 0 and blank_zeros == "all" else v) for c, v in truth.values.items()}
    cells = [c for row in printed_rows(truth) for c in row.cells]
    absent = {f"applications.{row}.{col}" for row in truth.format.absent for col in ALL_COLUMNS}
    assert sorted(cells) == sorted(set(truth.format.cell_ids()) - absent)
    result = document_ceiling(truth)
    assert not result.unsettled
    if blank_zeros == "none":
        assert result.determined == set(truth.format.cell_ids())
    else:
        assert result.determined < set(truth.format.cell_ids())


def test_an_error_is_read_through_the_fewest_broken_equations() -> None:
    """t prints "1 2 4" (its total off by one): every placement breaks t's own sum and no other need
    break, so with one equation allowed to fail the rows place as in the first test."""
    placed = {"a.1": 1, "a.2": 0, "a.total": 1, "b.1": 0, "b.2": 2, "b.total": 2, "t.1": 1, "t.2": 2, "t.total": 4}
    table = rows((1, 1), (2, 2), (1, 2, 4))
    fewest = fewest_broken(table, EQUATIONS, (1, scaled(placed)))
    assert fewest == (1, scaled(placed))  # no placement satisfies every equation
    consistent = {**placed, "t.total": 3}
    assert fewest_broken(rows((1, 1), (2, 2), (1, 2, 3)), EQUATIONS, (1, {})) == (0, scaled(consistent))
    assert fewest is not None
    assert determine(table, EQUATIONS, fewest[1], may_break=1).determined == set(placed)


def test_a_drawn_report_with_an_error_breaks_at_least_one_equation() -> None:
    truth = draw_truth("t-001", "lo-pdf", 11, "2019", inject=True)
    assert truth.injected is not None
    result = document_ceiling(truth)
    assert result.broken >= 1 and not result.unsettled


def test_copy_numbers_skip_label_ordinals_and_read_signs_and_separators() -> None:
    text = "前言 2021年\n二、主动公开政府信息情况\n1. 属于国家秘密 1 1\n3.危及 1,234 -9 19.6\n五、存在的主要问题 7"
    assert copy_numbers(text) == [1, 1, 1234, -9, 19.6]


def test_check_copy_finds_rows_in_order() -> None:
    text = "主动公开政府信息情况\n行 1 2 3\n页 9\n行 4 5\n存在的主要问题"
    check = check_copy([Row(("a", "b", "c"), (1, 2, 3)), Row(("d",), ()), Row(("e", "f"), (4, 5))], text)
    assert (check.rows, check.in_order, check.in_place, check.stray) == (2, 2, 1, 1)
    assert check_copy([Row(("a", "b"), (5, 4))], text).not_found == [Row(("a", "b"), (5, 4))]


def test_a_document_out_of_time_leaves_its_open_cells_unsettled() -> None:
    truth = {"a.1": 1, "a.2": 0, "a.total": 1, "b.1": 0, "b.2": 2, "b.total": 2, "t.1": 1, "t.2": 2, "t.total": 3}
    result = determine(rows((1, 1), (2, 2), (1, 2, 3)), EQUATIONS, scaled(truth), seconds_in_all=0)
    assert result.determined == {"t.1", "t.2", "t.total"}
    assert result.unsettled == {"a.1", "a.2", "a.total", "b.1", "b.2", "b.total"}
