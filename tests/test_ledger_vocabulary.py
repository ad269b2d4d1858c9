"""A ledger's words map onto the template's rows and columns, in both formats."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.importer import read_ledger
from xxgk.ledger.layout import Problem, parse_row
from xxgk.ledger.vocabulary import applicant_key, outcome_key, outcome_row, template_for_year
from xxgk.template import TEMPLATES


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("予以公开", "granted"),
        ("部分公开", "partially_granted"),
        ("属于国家秘密", "withheld_state_secret"),
        ("本机关不掌握相关政府信息", "unavailable_not_held"),
        ("重复申请", "not_processed_duplicate"),
        ("逾期不补正", "other_no_correction"),
        ("逾期未缴费", "other_unpaid_fee"),
        ("其他", "other_misc"),
        ("（三）不予公开 1.属于国家秘密", "withheld_state_secret"),
        ("不予处理-重复申请", "not_processed_duplicate"),
        ('危及"三安全一稳定"', "withheld_security_stability"),
        ("信访投诉举报类申请", "not_processed_complaint"),
    ],
)
def test_short_forms_and_labels_name_their_row(text: str, key: str) -> None:
    assert outcome_key(text) == key


def test_every_official_label_and_variant_of_both_templates_maps_to_its_own_row() -> None:
    for template in TEMPLATES.values():
        for row in template.table("applications").rows:
            if row.outcome:
                for label in (row.label, *row.variants):
                    assert outcome_key(label) == row.key, label


def test_the_2019_format_counts_the_three_other_rows_in_its_single_other_row() -> None:
    old, new = TEMPLATES["2019"], TEMPLATES["2021"]
    for short in ("逾期不补正", "逾期未缴费", "其他"):
        key = outcome_key(short)
        assert key is not None
        assert outcome_row(key, old) == "other_handling"
        assert outcome_row(key, new) == key
    assert outcome_row("other_handling", new) is None  # 2021 wants one of the three
    assert template_for_year(2020).key == "2019" and template_for_year(2021).key == "2021"


def test_applicant_types_are_the_tables_columns() -> None:
    assert [applicant_key(t) for t in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")] == [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_service",
        "other_org",
    ]
    assert applicant_key("法人或其他组织") is None


def _cells(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "number": "A1",
        "received": "2025-09-26",
        "applicant_type": "自然人",
        "decided": "2025-10-20",
        "outcome": "予以公开",
    }
    return base | kw


def test_a_valid_row_becomes_a_ledger_row_with_its_events() -> None:
    row = parse_row(
        2,
        _cells(
            correction_notice="2025/9/30",
            correction_received="2025年10月9日",
            consultation_start="2025-10-10",
            consultation_end="2025-10-14",
            extension_days="10",
        ),
    )
    assert not isinstance(row, list)
    assert row.received == date(2025, 9, 26) and row.outcome == "granted"
    assert len(row.events) == 4


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        (_cells(received="2025-13-01"), "收到日期", "不是有效日期"),
        (_cells(applicant_type="个人"), "申请人类型", "不是申请人类型"),
        (_cells(outcome="同意"), "办理结果", "不是表三的办理结果"),
        (_cells(decided=""), "办结日期", "办结日期为空"),
        (_cells(outcome=""), "办理结果", "办理结果为空"),
        (_cells(decided="2022-03-01", outcome="其他处理"), "办理结果", "分为"),
        (_cells(number=""), "申请编号", "不能为空"),
        (_cells(extension_days="1.5"), "延期天数", "不是整数"),
    ],
)
def test_each_bad_cell_is_named_with_its_row_and_reason(cells: dict[str, object], column: str, reason: str) -> None:
    problems = parse_row(7, cells)
    assert isinstance(problems, list) and problems
    assert any(p.column == column and reason in p.message for p in problems), problems
    assert str(problems[0]).startswith("第 7 行")


def test_rules_of_the_clock_are_checked_on_import() -> None:
    problems = parse_row(3, _cells(extension_days="30"))
    assert isinstance(problems, list) and isinstance(problems[0], Problem)
    assert "20" in problems[0].message
    before = parse_row(4, _cells(decided="2025-09-01"))
    assert isinstance(before, list) and "早于" in before[0].message


def test_text_that_excel_would_run_as_a_formula_is_exported_inert_and_read_back_unchanged(tmp_path: Path) -> None:
    row = parse_row(2, _cells(request='=HYPERLINK("http://x","点击")', reply="-1 件"))
    assert not isinstance(row, list)
    path = tmp_path / "out.csv"
    write_ledger(path, [row], mask=False)
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8-sig")
    again = read_ledger(path)
    assert again.rows == [row]
