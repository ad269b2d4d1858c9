"""The console's comparisons against numbers computed here from what the test wrote: rankings with the
guard and errors left out, peers by level/kind/region, per-year totals, agency against agency."""

from __future__ import annotations

import json
import re
from pathlib import Path
from statistics import median

import pytest
from sqlalchemy import select

from conftest import run_xxgk
from corpus_helpers import outcomes, write_report
from webapp import WebApp, add_agency, signed_in
from xxgk.corpus.compare import rank
from xxgk.corpus.ingest import ingest
from xxgk.corpus.metrics import metric_named
from xxgk.corpus.peers import compare_with_peers, side_by_side
from xxgk.corpus.selection import Filters
from xxgk.corpus.series import yearly_series
from xxgk.now import now
from xxgk.store import session_scope
from xxgk.store.agencies import Agency

# name → (level, kind, region code); the seeded tree plus a second city bureau and a county bureau.
ATTRIBUTES = {
    "甲市科学技术局": ("市", "部门", "360100"),
    "甲市教育局": ("市", "部门", "360100"),
    "甲市民政局": ("市", "部门", "360100"),
    "甲市乙县教育局": ("县", "部门", "360121"),
    "甲市乙县人民政府": ("县", "人民政府", "360121"),
    "丙市科学技术局": ("市", "部门", "360900"),
}
# (agency, year) → (granted, partially, not held): the figures every expectation below is computed from.
FIGURES = {
    ("甲市科学技术局", 2024): (30, 5, 15),
    ("甲市科学技术局", 2025): (40, 10, 10),
    ("甲市教育局", 2025): (12, 3, 5),
    ("甲市民政局", 2025): (4, 0, 2),  # 6 cases: under the guard of 10
    ("甲市乙县教育局", 2025): (9, 1, 10),
    ("甲市乙县人民政府", 2025): (70, 0, 30),
    ("丙市科学技术局", 2025): (18, 2, 5),
}
FAULTY = ("甲市教育局", 2024)  # a report whose row total is off by one: errors R3 and R2
FAULTY_FIGURES = (20, 0, 20)


def _rate(figures: tuple[int, int, int]) -> tuple[int, int]:
    granted, partially, not_held = figures
    return granted + partially, granted + partially + not_held


@pytest.fixture
def compared(web_any: WebApp, tmp_path: Path) -> WebApp:
    web = web_any
    add_agency(web, "甲市教育局", "甲市人民政府")
    add_agency(web, "甲市民政局", "甲市人民政府")
    with session_scope(web.context.db) as session:
        for name, (level, kind, code) in ATTRIBUTES.items():
            agency = session.scalars(select(Agency).where(Agency.name == name)).one()
            agency.level, agency.kind, agency.region_code = level, kind, code
    docs = tmp_path / "docs"
    for (name, year), figures in FIGURES.items():
        write_report(docs / f"{name}-{year}.txt", outcomes(name, year, *figures))
    faulty = outcomes(FAULTY[0], FAULTY[1], *FAULTY_FIGURES)
    faulty.cells["applications.granted.total"] = 21
    write_report(docs / "faulty.txt", faulty)
    ingest(web.context.db, [docs])
    return web


def test_the_ranking_follows_the_figures_with_the_guard_and_errors_left_out(compared: WebApp) -> None:
    metric = metric_named("实质公开率")
    with session_scope(compared.context.db) as session:
        ranking = rank(session, metric, filters=Filters(year=2025, level="市"))
    city = {k: v for k, v in FIGURES.items() if k[1] == 2025 and ATTRIBUTES[k[0]][0] == "市"}
    rates = {name: top / bottom for (name, _), f in city.items() for top, bottom in [_rate(f)] if bottom >= 10}
    expected = sorted(rates, key=lambda name: -rates[name])
    assert [r.agency for r in ranking.ranked] == expected
    assert [r.measure.value for r in ranking.ranked] == pytest.approx([rates[n] for n in expected])
    assert [r.place for r in ranking.ranked] == list(range(1, len(expected) + 1))
    assert [(r.agency, r.measure.status) for r in ranking.unranked] == [("甲市民政局", "too_few")]
    bureau = next(r for r in ranking.ranked if r.agency == "甲市科学技术局")
    assert bureau.previous == pytest.approx(35 / 50)  # 2024's rate, 0.7 → 0.833: no jump
    assert not bureau.jump
    with session_scope(compared.context.db) as session:
        earlier = rank(session, metric, filters=Filters(year=2024))
        with_errors = rank(session, metric, filters=Filters(year=2024, include_errors=True))
    assert [r.agency for r in earlier.ranked] == ["甲市科学技术局"]
    assert [r.agency for r in earlier.excluded] == ["甲市教育局"] and earlier.excluded[0].errors > 0
    assert {r.agency for r in with_errors.ranked} == {"甲市科学技术局", "甲市教育局"} and not with_errors.excluded


def test_peers_share_level_kind_and_region_and_are_pooled(compared: WebApp) -> None:
    with session_scope(compared.context.db) as session:
        bureau = session.scalars(select(Agency.id).where(Agency.name == "甲市科学技术局")).one()
        same_city = compare_with_peers(session, bureau, ("level", "kind", "region"), Filters(year=2025))
        any_city = compare_with_peers(session, bureau, ("level", "kind"), Filters(year=2025))
    assert [p.name for p in same_city.peers] == ["甲市教育局", "甲市民政局"]  # 丙市 is another city
    assert sorted(p.name for p in any_city.peers) == ["丙市科学技术局", "甲市教育局", "甲市民政局"]
    line = next(line for line in any_city.lines if line.metric.key == "disclosure_rate")
    guarded = [_rate(FIGURES[(n, 2025)]) for n in ("甲市教育局", "丙市科学技术局")]  # 民政局 is under the guard
    assert line.pooled == pytest.approx(sum(t for t, _ in guarded) / sum(b for _, b in guarded))
    assert line.middle == pytest.approx(median(t / b for t, b in guarded))
    assert line.counted == 2 and line.small_group
    own_top, own_bottom = _rate(FIGURES[("甲市科学技术局", 2025)])
    assert line.own is not None and line.own.value == pytest.approx(own_top / own_bottom)
    higher = sum(t / b > own_top / own_bottom for t, b in guarded)
    assert (line.place, line.out_of) == (1 + higher, 1 + len(guarded))
    applications = next(line for line in any_city.lines if line.metric.key == "applications")
    assert applications.pooled == sum(sum(FIGURES[(n, 2025)]) for n in ("甲市教育局", "甲市民政局", "丙市科学技术局"))


def test_yearly_totals_leave_out_reports_with_errors_unless_asked(compared: WebApp) -> None:
    with session_scope(compared.context.db) as session:
        counted = yearly_series(session, Filters())
        everything = yearly_series(session, Filters(include_errors=True))
        county = yearly_series(session, Filters(level="县"))
    assert counted.years == [2024, 2025]
    by_year = {y: sum(sum(f) for (_, year), f in FIGURES.items() if year == y) for y in (2024, 2025)}
    assert counted.applications == [by_year[2024], by_year[2025]]
    assert counted.reports == [1, 6] and counted.excluded == [1, 0]
    assert everything.applications[0] == by_year[2024] + sum(FAULTY_FIGURES)
    assert county.applications == [sum(FIGURES[("甲市乙县教育局", 2025)]) + sum(FIGURES[("甲市乙县人民政府", 2025)])]
    assert counted.small(0) and not counted.small(1)


def test_agency_against_agency(compared: WebApp) -> None:
    with session_scope(compared.context.db) as session:
        ids = {a.name: a.id for a in session.scalars(select(Agency))}
        pair = side_by_side(session, [ids["甲市科学技术局"], ids["丙市科学技术局"]], Filters(year=2025))
    rates = dict(pair.lines)[metric_named("disclosure_rate")]
    expected = [_rate(FIGURES[(n, 2025)]) for n in ("甲市科学技术局", "丙市科学技术局")]
    assert [m.value if m else None for m in rates] == pytest.approx([t / b for t, b in expected])


def test_an_agency_without_a_report_that_year_is_offered_the_years_it_has(compared: WebApp) -> None:
    with session_scope(compared.context.db) as session:
        ids = {a.name: a.id for a in session.scalars(select(Agency))}
    bureau, other = ids["甲市科学技术局"], ids["丙市科学技术局"]  # 丙市 reported 2025 only
    page = signed_in(compared, "admin").get(f"/console/compare?year=2024&agency={bureau}&other={other}").text
    pair = page.split('id="pair"')[1].split("</section>")[0]
    assert "丙市科学技术局没有 2024 年度的报告。已有报告的年度：" in pair
    [link] = re.findall(r'<a href="([^"]+)#pair">2025</a>', pair)
    assert "year=2025" in link and f"agency={bureau}" in link and f"other={other}" in link
    assert "甲市科学技术局没有" not in pair
    offered = signed_in(compared, "admin").get(link.replace("&amp;", "&")).text.split('id="pair"')[1]
    assert "没有 2025 年度的报告" not in offered.split("</section>")[0]


def test_the_comparison_page_shows_the_numbers_the_definitions_and_the_scope(compared: WebApp) -> None:
    with session_scope(compared.context.db) as session:
        ids = {a.name: a.id for a in session.scalars(select(Agency))}
    client = signed_in(compared, "admin")
    page = client.get(
        f"/console/compare?year=2025&level=市&agency={ids['甲市科学技术局']}&other={ids['丙市科学技术局']}&by=level&by=kind"
    ).text
    ranking = page.split('id="ranking-table"')[1].split("</table>")[0]
    assert re.findall(r"<td>([^<]+)</td><td class=\"num\">([\d.]+)%", ranking) == [
        ("甲市科学技术局", "83.3"),
        ("丙市科学技术局", "80.0"),
        ("甲市教育局", "75.0"),
    ]
    assert "案件过少（6 件，少于 10 件）" in ranking
    assert "实质公开率</strong>：（予以公开 + 部分公开）÷ 办理结果总计" in page
    peers = page.split('id="peers-table"')[1].split("</table>")[0]
    assert "样本少" in peers and 'id="peers-chart"' in page and 'id="pair-table"' in page
    assert page.count("data-comparison=") >= 5  # three yearly charts, the ranking, the peers
    mine = signed_in(compared, "sup-a").get("/console/compare?year=2025").text
    assert "甲市科学技术局" in mine and "丙市科学技术局" not in mine
    earlier = client.get("/console/compare?year=2024").text
    assert re.search(r"<td>甲市教育局</td>.*?含错误 \d+ 个，未计入", earlier)
    marked = client.get("/console/compare?year=2024&include_errors=true").text
    assert "已计入含错误的报告" in marked and re.search(r'<span class="sev-error">含错误 \d+</span>', marked)


def test_the_command_line_ranks_with_the_same_function_and_switch(compared: WebApp) -> None:
    url = compared.context.db.url
    plain = run_xxgk("rank", "--metric", "实质公开率", "--year", "2024", "--db", url, "--format", "json")
    assert plain.returncode == 0, plain.stderr
    rows = {r["agency"]: r for r in map(json.loads, plain.stdout.splitlines())}
    assert rows["甲市科学技术局"]["place"] == 1 and rows["甲市教育局"]["counted"] is False
    marked = run_xxgk(
        "rank", "--metric", "实质公开率", "--year", "2024", "--include-errors", "--db", url, "--format", "json"
    )
    places = {r["agency"]: (r["place"], r["errors"] > 0) for r in map(json.loads, marked.stdout.splitlines())}
    top, bottom = _rate(FAULTY_FIGURES)
    faulty_first = top / bottom > 35 / 50
    assert places["甲市教育局"] == (1 if faulty_first else 2, True)
    county = run_xxgk(
        "rank", "--metric", "新收申请数", "--year", "2025", "--level", "县", "--db", url, "--format", "json"
    )
    assert [json.loads(r)["agency"] for r in county.stdout.splitlines()] == ["甲市乙县人民政府", "甲市乙县教育局"]


def _json_lines(*args: str) -> list[dict[str, object]]:
    done = run_xxgk("compare", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_command_line_compares_with_the_same_filters_and_switch(compared: WebApp) -> None:
    url = compared.context.db.url
    [plain] = _json_lines("--agency", "甲市教育局", "--db", url)
    assert plain["years"] == [2025] and [e["year"] for e in plain["excluded"]] == [2024]  # type: ignore[union-attr]
    [marked] = _json_lines("--agency", "甲市教育局", "--include-errors", "--db", url)
    assert marked["years"] == [2024, 2025] and marked["excluded"] == []
    errors = marked["errors"]
    assert isinstance(errors, list) and errors[0] > 0 and errors[1] == 0
    [peers] = _json_lines("--agency", "甲市科学技术局", "--peers", "层级,类型", "--year", "2025", "--db", url)
    assert sorted(peers["peers"]) == ["丙市科学技术局", "甲市教育局", "甲市民政局"]  # type: ignore[arg-type]
    guarded = [_rate(FIGURES[(n, 2025)]) for n in ("甲市教育局", "丙市科学技术局")]
    line = next(m for m in peers["metrics"] if m["metric"] == "disclosure_rate")  # type: ignore[attr-defined]
    assert line["pooled"] == pytest.approx(sum(t for t, _ in guarded) / sum(b for _, b in guarded))
    [same_city] = _json_lines("--agency", "甲市科学技术局", "--peers", "全部", "--region", "3601", "--db", url)
    assert same_city["peers"] == ["甲市教育局", "甲市民政局"]
    county = _json_lines("--year", "2025", "--level", "县", "--db", url)
    counties = ("甲市乙县教育局", "甲市乙县人民政府")
    assert [(r["year"], r["applications"]) for r in county] == [(2025, sum(sum(FIGURES[(n, 2025)]) for n in counties))]
    assert _json_lines("--template", "2019", "--db", url) == []
    [pair] = _json_lines("--agency", "甲市科学技术局", "--with", "丙市科学技术局", "--year", "2025", "--db", url)
    rates = next(m["values"] for m in pair["metrics"] if m["metric"] == "disclosure_rate")  # type: ignore[attr-defined]
    assert rates == pytest.approx(
        [t / b for t, b in (_rate(FIGURES[(n, 2025)]) for n in ("甲市科学技术局", "丙市科学技术局"))]
    )
    [lacking] = _json_lines("--agency", "甲市科学技术局", "--with", "丙市科学技术局", "--year", "2024", "--db", url)
    assert lacking["years"] == [[2024, 2025], [2025]] and lacking["counted"] == [True, False]
    shown = run_xxgk("compare", "--agency", "甲市科学技术局", "--with", "丙市科学技术局", "--year", "2024", "--db", url)
    assert "丙市科学技术局无2024年度报告（已有年度：2025，可用--year选择）" in "".join(shown.stdout.split())
    wrong = run_xxgk("compare", "--agency", "甲市科学技术局", "--peers", "级别", "--db", url)
    assert wrong.returncode == 2 and "不认识：级别" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_page_shows_an_agency_year_by_year_with_errors_left_out(compared: WebApp) -> None:
    with session_scope(compared.context.db) as session:
        ids = {a.name: a.id for a in session.scalars(select(Agency))}
    client = signed_in(compared, "admin")
    page = client.get(f"/console/compare?agency={ids['甲市教育局']}").text
    history = page.split('id="history"')[1].split("</section>")[0]
    assert "含错误未计入：2024 年度" in history and '<th class="num">2025 年度</th>' in history
    marked = client.get(f"/console/compare?agency={ids['甲市科学技术局']}&include_errors=true").text
    row = marked.split('id="history-table"')[1].split('data-metric="disclosure_rate"')[1].split("</tr>")[0]
    assert "70.0%" in row and "83.3%" in row and "+13.3 个百分点" in row  # 35/50 → 50/60


def test_retired_agencies_cannot_be_chosen_in_any_form(compared: WebApp) -> None:
    with session_scope(compared.context.db) as session:
        retired = session.scalars(select(Agency).where(Agency.name == "甲市民政局")).one()
        retired.retired_at = now()
        retired_id = retired.id
    client = signed_in(compared, "admin")
    option = f'<option value="{retired_id}"'
    for path in ("/console/compare", "/desk/letters/settings", "/desk/disclosure/guide"):
        page = client.get(path)
        assert page.status_code == 200 and option not in page.text, path
        assert '<option value="' in page.text, path
    assert "甲市民政局" not in client.get(f"/desk/letters/settings?agency={retired_id}").text.split("<form")[1]
