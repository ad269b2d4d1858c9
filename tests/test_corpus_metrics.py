"""Every metric on hand-computed examples; the guard, blanks, ties and jump flags of rankings."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_helpers import outcomes, write_report
from reports import consistent_report
from xxgk.corpus.compare import compare_agency, rank
from xxgk.corpus.ingest import ingest
from xxgk.corpus.metrics import METRICS, Terms, metric_named
from xxgk.store import open_database
from xxgk.template import get_template

T2021 = get_template("2021")


def example() -> dict[str, float | int | None]:
    """consistent_report plus review and litigation cases; every figure below is written out by hand.

    Table 三 总计 column: 予以公开 8, 部分公开 2, 无法提供·不掌握 4, （七）总计 14, 结转下年度 1, 本年新收 15, 上年结转 0.
    Table 四: 复议 维持 3 纠正 2 其他 1 未审结 4 (总计 10); 直接起诉 维持 4 纠正 1 (总计 5);
    复议后起诉 纠正 1 未审结 2 (总计 3).
    """
    cells = dict(consistent_report("2021").cells)
    cells.update(
        {
            "review_litigation.review.upheld": 3,
            "review_litigation.review.corrected": 2,
            "review_litigation.review.other": 1,
            "review_litigation.review.pending": 4,
            "review_litigation.review.total": 10,
            "review_litigation.litigation_direct.upheld": 4,
            "review_litigation.litigation_direct.corrected": 1,
            "review_litigation.litigation_direct.total": 5,
            "review_litigation.litigation_after_review.corrected": 1,
            "review_litigation.litigation_after_review.pending": 2,
            "review_litigation.litigation_after_review.total": 3,
        }
    )
    return cells


@pytest.mark.parametrize(
    ("name", "numerator", "denominator", "value"),
    [
        ("实质公开率", 10, 14, 10 / 14),  # (8 + 2) / 14
        ("不予公开率", 0, 14, 0.0),
        ("无法提供率", 4, 14, 4 / 14),
        ("不予处理率", 0, 14, 0.0),
        ("结转率", 1, 15, 1 / 15),  # 1 / (15 + 0)
        ("复议纠错率", 2, 6, 2 / 6),  # 2 / (3 + 2 + 1); 4 pending not counted
        ("诉讼纠错率", 2, 6, 2 / 6),  # (1 + 1) / (4 + 1 + 0 + 0 + 1 + 0)
        ("复议诉讼率", 18, 14, 18 / 14),  # (10 + 5 + 3) / 14
        ("新收申请数", 15, None, 15.0),
    ],
)
def test_every_metric_on_a_hand_computed_report(
    name: str, numerator: float, denominator: float | None, value: float
) -> None:
    measure = metric_named(name).measure(T2021, example())
    assert measure.status == "ok"
    assert (measure.numerator, measure.denominator) == (numerator, denominator)
    assert measure.value == pytest.approx(value)


def test_the_metrics_table_is_complete_and_each_is_found_by_key_or_name() -> None:
    assert {m.key for m in METRICS} == {
        "disclosure_rate", "withheld_rate", "unavailable_rate", "not_processed_rate", "carry_forward_rate",
        "review_correction_rate", "litigation_correction_rate", "dispute_rate", "applications",
    }  # fmt: skip
    for metric in METRICS:
        assert metric_named(metric.key) is metric_named(metric.name) is metric
        for template in ("2019", "2021"):
            assert metric.cell_ids(get_template(template))  # every named cell exists in both templates
    with pytest.raises(KeyError):
        metric_named("透明度")


def test_group_terms_follow_the_template_and_unknown_cells_fail() -> None:
    withheld = metric_named("不予公开率").numerator.cell_ids(T2021)
    assert len(withheld) == 8 and withheld[0] == "applications.withheld_state_secret.total"
    with pytest.raises(ValueError, match="不存在"):
        Terms("applications", ("total",), rows=("no_such_row",)).cell_ids(T2021)


def test_small_denominators_and_blank_cells_give_no_value() -> None:
    cells = example()
    cells["review_litigation.review.upheld"] = 0
    cells["review_litigation.review.other"] = 0  # 2 / 2: under the minimum of 5 concluded cases
    assert metric_named("复议纠错率").measure(T2021, cells).status == "too_few"
    cells["applications.partially_granted.total"] = None
    blank = metric_named("实质公开率").measure(T2021, cells)
    assert (blank.status, blank.value) == ("blank", None)
    zero = {c: 0 for c in T2021.cell_ids()}
    assert metric_named("实质公开率").measure(T2021, zero).status == "too_few"


def test_the_2019_template_gives_the_same_rates() -> None:
    report = outcomes("某县", 2020, granted=6, partially=1, not_held=3, template="2019")
    measure = metric_named("实质公开率").measure(get_template("2019"), report.cells)
    assert (measure.numerator, measure.denominator, measure.value) == (7, 10, 0.7)


def test_jumps_are_percentage_points_for_rates_and_factors_for_counts() -> None:
    rate, count = metric_named("实质公开率"), metric_named("新收申请数")
    assert rate.is_jump(0.5, 0.8) and rate.is_jump(0.9, 0.3)
    assert not rate.is_jump(0.5, 0.79)
    assert count.is_jump(10, 40) and count.is_jump(0, 25) and count.is_jump(90, 30)
    assert not count.is_jump(1, 5) and not count.is_jump(100, 200)


@pytest.fixture
def ranked_db(tmp_path: Path, database_url: str) -> str:
    docs = tmp_path / "docs"
    write_report(docs / "a.txt", outcomes("甲县科学技术局", 2023, granted=18, partially=2))  # 20/20
    write_report(docs / "b22.txt", outcomes("乙县科学技术局", 2022, granted=3, not_held=7))  # 3/10
    write_report(docs / "b23.txt", outcomes("江西省乙县科技局", 2023, granted=9, not_held=1))  # 9/10
    write_report(docs / "c.txt", outcomes("丙县科学技术局", 2023, granted=3))  # 3/3: too few
    write_report(docs / "d.txt", outcomes("丁县科学技术局", 2023, granted=18, not_held=2))  # 18/20
    write_report(docs / "e.txt", outcomes("戊市科学技术局", 2023, granted=5, not_held=15))  # 5/20
    ingest(open_database(database_url), [docs])
    return database_url


def test_rank_orders_ties_guards_and_flags_jumps(ranked_db: str) -> None:
    db = open_database(ranked_db)
    with db.sessions() as session:
        ranking = rank(session, metric_named("实质公开率"))
    assert ranking.year == 2023
    assert [(r.place, r.agency, r.measure.value) for r in ranking.ranked] == [
        (1, "甲县科学技术局", 1.0),
        (2, "丁县科学技术局", 0.9),
        (2, "乙县科学技术局", 0.9),
        (4, "戊市科学技术局", 0.25),
    ]
    assert [(r.agency, r.measure.status) for r in ranking.unranked] == [("丙县科学技术局", "too_few")]
    jumped = {r.agency: (r.previous, r.jump) for r in ranking.ranked}
    assert jumped["乙县科学技术局"] == (0.3, True) and jumped["甲县科学技术局"] == (None, False)
    with db.sessions() as session:
        lower_first = rank(session, metric_named("无法提供率"), year=2023, region="戊市")
        earlier = rank(session, metric_named("实质公开率"), year=2022)
    assert [(r.place, r.agency) for r in lower_first.ranked] == [(1, "戊市科学技术局")]
    assert [(r.agency, r.measure.value) for r in earlier.ranked] == [("乙县科学技术局", 0.3)]


def test_compare_puts_years_side_by_side_with_changes(ranked_db: str) -> None:
    db = open_database(ranked_db)
    with db.sessions() as session:
        comparison = compare_agency(session, "乙县科技局")
    assert comparison.agency == "乙县科学技术局" and comparison.years == [2022, 2023]
    disclosure = next(line for line in comparison.metrics if line.key == "disclosure_rate")
    assert disclosure.values == [0.3, 0.9] and disclosure.changes[1] == pytest.approx(0.6)
    assert disclosure.jumps == [False, True]
    granted = next(line for line in comparison.cells if line.key == "applications.granted.total")
    assert (granted.label, granted.values, granted.changes) == ("表三 （一）予以公开 · 总计", [3.0, 9.0], [None, 6.0])
    assert not any(line.key == "applications.granted.natural_person" for line in comparison.cells)
