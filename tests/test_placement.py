"""Blank cells a copy left out, placed by the table's sums only where every placing agrees."""

from __future__ import annotations

from xxgk.extract.placement import forced_cells, place_blank_cells
from xxgk.extract.readings import Line, RowReading
from xxgk.template import Equation
from xxgk.template.model import Field

FIELDS = (Field("a", "甲"), Field("b", "乙"), Field("t", "合计"))


def _line(name: str) -> Line:
    return Line(name, tuple(f"x.{name}.{f.key}" for f in FIELDS), FIELDS)


def _equations(rows: tuple[str, ...], total: str) -> tuple[Equation, ...]:
    own = tuple(Equation("R3", (f"x.{r}.t",), (f"x.{r}.a", f"x.{r}.b")) for r in (*rows, total))
    columns = tuple(Equation("R2", (f"x.{total}.{c}",), tuple(f"x.{r}.{c}" for r in rows)) for c in "abt")
    return own + columns


def _short(name: str, *observed: int) -> RowReading:
    return RowReading(_line(name), "short", [], list(observed), " ".join(map(str, observed)), dropped_blanks=True)


def _known_total(a: int, b: int) -> dict[str, int | float | None]:
    return {"x.total.a": a, "x.total.b": b, "x.total.t": a + b}


def test_a_row_whose_number_fits_one_column_only_is_placed() -> None:
    """ "2 2" and "3 3" under totals 2 / 3: the 2 can only be 甲's, the 3 only 乙's."""
    rows = [_short("one", 2, 2), _short("two", 3, 3)]
    forced = forced_cells(rows, _known_total(2, 3), set(), _equations(("one", "two"), "total"))
    assert forced == {"x.one.a": 2, "x.one.b": 0, "x.one.t": 2, "x.two.a": 0, "x.two.b": 3, "x.two.t": 3}


def test_two_rows_that_may_swap_columns_keep_only_their_totals() -> None:
    """ "1 1" twice under totals 1 / 1: either row may be 甲's; only each row's total is known."""
    rows = [_short("one", 1, 1), _short("two", 1, 1)]
    forced = forced_cells(rows, _known_total(1, 1), set(), _equations(("one", "two"), "total"))
    assert forced == {"x.one.t": 1, "x.two.t": 1}


def test_a_blank_row_counts_as_zero_in_the_sums() -> None:
    rows = [_short("one", 4, 4)]
    zero = {"x.two.a", "x.two.b", "x.two.t"}
    forced = forced_cells(rows, _known_total(0, 4), zero, _equations(("one", "two"), "total"))
    assert forced == {"x.one.a": 0, "x.one.b": 4, "x.one.t": 4}


def test_numbers_no_placing_makes_add_up_are_not_placed_but_each_rows_total_is_kept() -> None:
    """ "2 2" twice under 甲 5, 乙 0: no placing holds the column sums (the document's error), so 甲 and
    乙 stay open; each row's total is 2 wherever its numbers stand."""
    rows = [_short("one", 2, 2), _short("two", 2, 2)]
    forced = forced_cells(rows, _known_total(5, 0), set(), _equations(("one", "two"), "total"))
    assert forced == {"x.one.t": 2, "x.two.t": 2}


def test_a_row_of_several_sums_is_not_placed_by_its_own_when_the_sums_across_rows_break() -> None:
    """A row with two totals of its own ("1 1 1 1") fits several placings that each hold, so where the
    sums across rows break, nothing of it is read."""
    fields = (Field("a", "甲"), Field("t", "合计"), Field("c", "丙"), Field("u", "合计二"))
    line = Line("r", tuple(f"x.r.{f.key}" for f in fields), fields)
    row = RowReading(line, "short", [], [1, 1], "1 1", dropped_blanks=True)
    own = (Equation("R4", ("x.r.t",), ("x.r.a",)), Equation("R4", ("x.r.u",), ("x.r.c",)))
    across = (Equation("R2", ("x.s.a",), ("x.r.a",)), Equation("R2", ("x.s.c",), ("x.r.c",)))
    assert forced_cells([row], {"x.s.a": 5, "x.s.c": 5}, set(), own + across) is None


def test_a_sum_over_a_cell_nobody_read_decides_nothing() -> None:
    """The other row was not found: its cells are unknown, not zero, so 甲 and 乙 stay open."""
    rows = [_short("one", 2, 2)]
    forced = forced_cells(rows, _known_total(2, 3), set(), _equations(("one", "two"), "total"))
    assert forced == {"x.one.t": 2}


def test_numbers_too_large_for_counts_cost_no_more_than_small_ones() -> None:
    """A garbled 10**12 among the numbers: the sums are bits of an int, and a shift by 10**12 would
    take terabytes; numbers beyond what a sum can reach are never shifted in."""
    rows = [_short("one", 10**12, 10**12), _short("two", 3, 3)]
    forced = forced_cells(rows, _known_total(10**12, 3), set(), _equations(("one", "two"), "total"))
    assert forced is not None and forced["x.one.a"] == 10**12 and forced["x.two.b"] == 3


def test_a_sum_too_large_for_its_bitset_decides_nothing() -> None:
    rows = [_short("one", 2 * 10**6, 2 * 10**6), _short("two", 3 * 10**6, 3 * 10**6)]
    forced = forced_cells(rows, _known_total(2 * 10**6, 3 * 10**6), set(), _equations(("one", "two"), "total"))
    assert forced == {"x.one.t": 2 * 10**6, "x.two.t": 3 * 10**6}


def test_a_row_that_breaks_its_own_total_is_left_open_and_the_others_still_placed() -> None:
    """ "2 5" cannot hold its own total wherever its numbers stand (the document's error): it stays
    open, its sums decide nothing, and "3 3" in the other table of the same copy is still placed."""
    bad = _short("one", 2, 5)
    other = RowReading(_line("z"), "short", [], [3, 3], "3 3", dropped_blanks=True)
    own = tuple(Equation("R3", (f"x.{r}.t",), (f"x.{r}.a", f"x.{r}.b")) for r in ("one", "z"))
    # 乙 of the table "z" is 3 by a sum over another row read whole.
    separate = (Equation("R2", ("x.w.b",), ("x.z.b",)), Equation("R2", ("x.w.a",), ("x.z.a",)))
    values: dict[str, int | float | None] = {"x.w.a": 0, "x.w.b": 3}
    columns = tuple(Equation("R2", (f"x.total.{c}",), (f"x.one.{c}",)) for c in "abt")
    forced = forced_cells([bad, other], values, set(), own + separate + columns)
    assert forced == {"x.z.a": 0, "x.z.b": 3, "x.z.t": 3}


def test_sums_that_share_no_row_are_narrowed_apart() -> None:
    """Two tables in one copy: the first's sums cannot hold ("2 2" twice under 甲 5), the second's place
    its row; the first's rows stay open."""
    broken = [_short("one", 2, 2), _short("two", 2, 2)]
    other = RowReading(_line("z"), "short", [], [3, 3], "3 3", dropped_blanks=True)
    values = {**_known_total(5, 0), "x.w.a": 0, "x.w.b": 3}
    equations = (
        *_equations(("one", "two"), "total"),
        Equation("R3", ("x.z.t",), ("x.z.a", "x.z.b")),
        Equation("R2", ("x.w.b",), ("x.z.b",)),
        Equation("R2", ("x.w.a",), ("x.z.a",)),
    )
    forced = forced_cells([*broken, other], values, set(), equations)
    assert forced == {"x.z.a": 0, "x.z.b": 3, "x.z.t": 3, "x.one.t": 2, "x.two.t": 2}


def test_a_read_rows_blank_cell_counts_as_zero_in_the_sums() -> None:
    """ "2 2" under 甲 6 / 乙 5, beside rows read with a blank cell each ("— 5 5", "4 — 4"): each column's
    sum holds only with those blanks as 0, and then places the 2 under 甲."""
    one = _short("one", 2, 2)
    two = RowReading(_line("two"), "exact", [(None, 5, 5)], [None, 5, 5], "5 5")
    three = RowReading(_line("three"), "exact", [(4, None, 4)], [4, None, 4], "4 4")
    values: dict[str, int | float | None] = {"x.total.a": 6, "x.total.b": 5, "x.total.t": 11}
    for reading in (two, three):
        values.update(zip(reading.cell_ids, reading.candidates[0], strict=True))
    values.update(dict.fromkeys(one.cell_ids))
    inferred: dict[str, str] = {}
    equations = _equations(("one", "two", "three"), "total")
    assert place_blank_cells(values, inferred, ([one, two, three], [one]), equations, set(one.cell_ids))
    assert (values["x.one.a"], values["x.one.b"], values["x.one.t"]) == (2, 0, 2)
    assert set(inferred) == set(one.cell_ids)
