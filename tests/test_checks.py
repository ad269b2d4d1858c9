"""Each rule of the catalogue fires on a broken report and stays silent on a clean one."""

from __future__ import annotations

import copy

import pytest

from reports import consistent_report
from xxgk.check import RULES, check_against_previous, check_report
from xxgk.report import Report


def codes(report: Report, previous: Report | None = None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in check_report(report, previous):
        found.setdefault(finding.code, set()).update(finding.cells)
    return found


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_clean_report_has_no_findings(template: str) -> None:
    assert codes(consistent_report(template)) == {}


def test_every_rule_has_a_chinese_title_basis_and_fix() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.severity in ("error", "warning", "info")
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in (rule.title, rule.basis, rule.fix))


def test_r0_negative_count() -> None:
    report = consistent_report()
    report.cells["active.licensing.decisions"] = -3
    assert "active.licensing.decisions" in codes(report)["R0"]


def test_r0_fractional_count_but_not_fractional_amount() -> None:
    report = consistent_report()
    fee = next(cell for cell in report.spec.cell_ids() if report.spec.field_of(cell).kind == "amount")
    report.cells["active.licensing.decisions"] = 2.5
    report.cells[fee] = 1.5
    flagged = codes(report)["R0"]
    assert "active.licensing.decisions" in flagged
    assert fee not in flagged


def test_r0_allows_negative_change_in_2019() -> None:
    report = consistent_report("2019")
    report.cells["active.licensing.previous_items"] = 5
    report.cells["active.licensing.change"] = -2
    assert "R0" not in codes(report)


def test_r1_balance_per_column() -> None:
    report = consistent_report()
    report.cells["applications.carried_forward.natural_person"] = 2
    report.cells["applications.carried_forward.total"] = 2
    found = codes(report)
    assert found["R1"] == {
        f"applications.{row}.{column}"
        for row in ("new_received", "carried_over", "total_processed", "carried_forward")
        for column in ("natural_person", "total")
    }
    assert "R2" not in found and "R3" not in found


def test_r2_outcome_sum() -> None:
    report = consistent_report()
    report.cells["applications.total_processed.natural_person"] += 1  # type: ignore[operator]
    report.cells["applications.total_processed.total"] += 1  # type: ignore[operator]
    report.cells["applications.carried_forward.natural_person"] -= 1  # type: ignore[operator]
    report.cells["applications.carried_forward.total"] -= 1  # type: ignore[operator]
    found = codes(report)
    assert "applications.total_processed.natural_person" in found["R2"]
    assert "R1" not in found and "R3" not in found


def test_r3_row_total() -> None:
    report = consistent_report()
    report.cells["applications.granted.total"] = 99
    assert {"applications.granted.total", "applications.granted.natural_person"} <= codes(report)["R3"]


def test_r4_review_total() -> None:
    report = consistent_report()
    report.cells["review_litigation.review.total"] = 7
    assert "review_litigation.review.total" in codes(report)["R4"]


def test_hybrid_report_sums_the_rows_it_prints() -> None:
    """A 2021 report printing the single （六）其他处理 row: R2 uses that row, no blanks reported."""
    report = consistent_report("2021")
    for key in ("other_no_correction", "other_unpaid_fee", "other_misc"):
        for cell in report.spec.table("applications").row(key).cell_ids("applications"):
            report.cells[cell] = None
    for cell in report.spec.table("applications").row("other_handling").cell_ids("applications"):
        report.cells[cell] = 0
    assert codes(report) == {}
    report.cells["applications.other_handling.natural_person"] = 1
    report.cells["applications.other_handling.total"] = 1
    assert "applications.other_handling.natural_person" in codes(report)["R2"]


def test_p1_blank_cell() -> None:
    report = consistent_report()
    report.cells["active.coercion.decisions"] = None
    assert codes(report)["P1"] == {"active.coercion.decisions"}


def test_p2_fee_in_yuan() -> None:
    report = consistent_report()
    report.cells["active.fees.amount"] = 35_000_000.0
    assert "P2" in codes(report)
    report.cells["active.fees.amount"] = 96171.6
    assert "P2" not in codes(report)


def test_p3_decisions_equal_items() -> None:
    report = consistent_report("2019")
    report.cells.update(
        {"active.licensing.previous_items": 4138, "active.licensing.change": -675, "active.licensing.decisions": 3463}
    )
    assert "P3" in codes(report)
    report.cells["active.licensing.decisions"] = 120
    assert "P3" not in codes(report)


def test_p4_old_template_for_recent_year() -> None:
    report = consistent_report("2019")
    report.year = 2022
    assert "P4" in codes(report)


def test_t1_prose_count_differs() -> None:
    report = consistent_report()
    report.text["overview"] = "2023年，全年共收到政府信息公开申请 12 件，均已按时答复。"
    assert "T1" in codes(report)
    report.text["overview"] = f"2023年，全年共收到政府信息公开申请 {report.get('applications.new_received.total')} 件。"
    assert "T1" not in codes(report)


def test_t1_respects_a_narrower_scope() -> None:
    report = consistent_report()
    report.text["overview"] = "区政府办代表区政府受理政府信息公开申请 17 件。"
    assert "T1" not in codes(report)


def _group_total(report: Report, prefix: str) -> int:
    """An outcome group's count computed here from the row totals, not by the code under test."""
    return sum(int(v) for c, v in report.cells.items() if c.startswith(prefix) and c.endswith(".total") and v)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_t6_prose_outcome_counts_against_table_three(template: str) -> None:
    report = consistent_report(template)
    shown = report.get("applications.granted.total")
    both = int(shown or 0) + int(report.get("applications.partially_granted.total") or 0)
    withheld = _group_total(report, "applications.withheld_")
    report.text["overview"] = f"全年予以公开及部分公开{both}件，占比较高；不予公开{withheld}件。"
    assert "T6" not in codes(report)
    report.text["overview"] = f"全年予以公开及部分公开{both + 17}件；因本机关不掌握等原因无法提供{withheld + 1000}件。"
    found = [f for f in check_report(report) if f.code == "T6"]
    assert [f.cells for f in found] == [
        ("applications.granted.total", "applications.partially_granted.total"),
        tuple(
            f"applications.{key}.total"
            for key in ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")
        ),
    ]
    assert f"总计为 {both} 件" in found[0].message
    report.text["overview"] = f"其中，本级予以公开{both + 17}件。"  # a narrower scope is not compared
    assert "T6" not in codes(report)


def test_t2_says_none_received() -> None:
    report = consistent_report()
    report.text["overview"] = "我局全年未收到政府信息公开申请。"
    assert "T2" in codes(report)


def test_t3_says_no_regulations() -> None:
    report = consistent_report()
    report.text["other_matters"] = "我局本年度未制定规章、规范性文件。"
    assert "T3" not in codes(report)
    report.cells["active.normative_documents.issued"] = 2
    report.cells["active.normative_documents.in_force"] = 2
    assert codes(report)["T3"] == {"active.normative_documents.issued"}


def test_t4_says_no_review() -> None:
    report = consistent_report()
    report.text["other_matters"] = "本年度无政府信息公开行政复议、行政诉讼案件。"
    assert "review_litigation.review.total" in codes(report)["T4"]


def test_t5_unpaid_fee_without_fee_statement() -> None:
    report = consistent_report()
    report.cells.update(
        {
            "applications.other_unpaid_fee.natural_person": 1,
            "applications.other_unpaid_fee.total": 1,
            "applications.granted.natural_person": 4,
            "applications.granted.total": 7,
        }
    )
    assert "T5" in codes(report)
    report.text["other_matters"] = "本年度收取信息处理费 300 元。"
    assert "T5" not in codes(report)


def test_x1_carry_over_against_previous_year() -> None:
    previous = consistent_report()
    previous.year = 2022
    report = consistent_report()
    for cell in [c for c in previous.cells if c.startswith("applications.carried_forward.")]:
        previous.cells[cell] = report.get(cell.replace("carried_forward", "carried_over"))
    assert not check_against_previous(report, previous)
    previous.cells["applications.carried_forward.natural_person"] = 4
    assert "applications.carried_over.natural_person" in codes(report, previous)["X1"]


def test_x2_in_force_stock_flow() -> None:
    previous = consistent_report()
    previous.year = 2022
    previous.cells["active.regulations.in_force"] = 10
    report = consistent_report()
    report.cells.update(
        {"active.regulations.issued": 2, "active.regulations.repealed": 1, "active.regulations.in_force": 11}
    )
    assert "X2" not in codes(report, previous)
    report.cells["active.regulations.in_force"] = 15
    assert "X2" in codes(report, previous)


def test_x3_and_x4_for_the_2019_format() -> None:
    previous = consistent_report("2019")
    previous.year = 2019
    previous.cells.update(
        {
            "active.licensing.previous_items": 10,
            "active.licensing.change": 2,
            "active.normative_documents.total_published": 30,
        }
    )
    report = copy.deepcopy(previous)
    report.year = 2020
    report.cells.update(
        {
            "active.licensing.previous_items": 12,
            "active.licensing.change": 0,
            "active.normative_documents.total_published": 31,
        }
    )
    assert not ({"X3", "X4"} & codes(report, previous).keys())
    report.cells.update({"active.licensing.previous_items": 9, "active.normative_documents.total_published": 20})
    found = codes(report, previous)
    assert "X3" in found and "X4" in found


def test_cross_year_needs_consecutive_years() -> None:
    previous = consistent_report()
    previous.year = 2020
    previous.cells["applications.carried_forward.natural_person"] = 4
    assert not check_against_previous(consistent_report(), previous)


def test_p5_two_cells_run_together() -> None:
    """予以公开/自然人 read as 51020 (5 and 1020 of the next cells run together) where its row and column add to 2 digits."""
    report = consistent_report()
    report.cells["applications.granted.natural_person"] = 51020
    found = codes(report)
    assert found["P5"] == {"applications.granted.natural_person"}
    assert "R3" in found  # the sums it breaks are still reported


def test_p5_leaves_large_consistent_values_alone() -> None:
    report = consistent_report()
    for row in ("granted", "total_processed", "new_received"):
        report.cells[f"applications.{row}.natural_person"] += 12000  # type: ignore[operator]
        report.cells[f"applications.{row}.total"] += 12000  # type: ignore[operator]
    assert codes(report) == {}


def test_unread_cells_are_neither_blank_nor_zero() -> None:
    """Cells the reader could not place: no P1 blank-cell warning, no sum over them judged."""
    report = consistent_report()
    row = report.spec.table("applications").row("granted").cell_ids("applications")
    for cell in row:
        report.cells[cell] = None
    assert {"P1", "R2"} <= set(codes(report))  # read as a blank row, the table does not add up
    found = {f.code for f in check_report(report, unread=frozenset(row))}
    assert not found & {"P1", "R1", "R2", "R3"}
