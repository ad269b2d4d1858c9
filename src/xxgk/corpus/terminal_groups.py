"""Comparisons over groups for people: per-year totals, an agency against its peers, agencies side by side —
the views the console's comparison page shows, as terminal tables (rich) and JSON."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from xxgk.corpus.metrics import Measure, Metric
from xxgk.corpus.peers import PEER_ATTRIBUTES, SMALL_GROUP, PeerComparison, SideBySide
from xxgk.corpus.series import SMALL_YEAR, Series
from xxgk.corpus.terminal import show_measure

SMALL_MARK = "样本少"


def series_table(series: Series) -> Table:
    """A column per year, a row per item: reports summed and left out for errors, applications, the pooled
    复议纠错率 and table 三's outcome groups (years are few; outcome names are long)."""
    title = "逐年合计" if series.years else "逐年合计：没有符合条件的报告"
    table = Table("项目", *(f"{year} 年度" for year in series.years), title=title)
    table.columns[0].no_wrap = True
    counted = [str(n) + (f" {SMALL_MARK}" if series.small(i) else "") for i, n in enumerate(series.reports)]
    table.add_row("计入报告数", *counted)
    table.add_row("含错误未计入", *(str(n) for n in series.excluded))
    table.add_row("新收申请", *(show_measure(v, False) for v in series.applications))
    table.add_row("复议纠错率", *(show_measure(v, True) for v in series.correction_rate))
    for label, values in series.outcomes.items():
        table.add_row(label, *(show_measure(v, False) for v in values))
    table.caption = f"{SMALL_MARK}：当年计入的报告少于 {SMALL_YEAR} 份；比率为分子、分母分别相加后相除。"
    return table


def series_json(series: Series) -> list[dict[str, Any]]:
    return [
        {
            "year": year,
            "reports": series.reports[i],
            "excluded": series.excluded[i],
            "small": series.small(i),
            "applications": series.applications[i],
            "review_correction_rate": series.correction_rate[i],
            "outcomes": {label: values[i] for label, values in series.outcomes.items()},
        }
        for i, year in enumerate(series.years)
    ]


def _shown(metric: Metric, measure: Measure | None) -> str:
    if measure is None:
        return "无报告"
    if measure.status == "blank":
        return "有空白，无法计算"
    if measure.status == "too_few":
        return f"案件过少（{show_measure(measure.denominator, False)} 件，少于 {metric.min_cases} 件）"
    return show_measure(measure.value, metric.is_rate)


def peers_table(peers: PeerComparison) -> Table:
    by = "、".join(PEER_ATTRIBUTES[b] for b in peers.by) or "全部机关"
    title = f"{peers.agency.name}与同类机关（{peers.year or ''} 年度；{by}；{len(peers.peers)} 个计入）"
    table = Table("指标", "本机关", "同类合计", "同类中位数", "同类计入", "名次", title=title)
    table.columns[0].no_wrap = True
    for line in peers.lines:
        counted = str(line.counted) + (f" {SMALL_MARK}" if line.small_group else "")
        place = f"{line.place}/{line.out_of}" if line.place else "—"
        pooled, middle = show_measure(line.pooled, line.metric.is_rate), show_measure(line.middle, line.metric.is_rate)
        table.add_row(line.metric.name, _shown(line.metric, line.own), pooled, middle, counted, place)
    notes = [f"同类合计为同类机关分子、分母分别相加后相除；同类不足 {SMALL_GROUP} 个为{SMALL_MARK}"]
    if peers.excluded:
        notes.append("含错误未计入：" + "、".join(peers.excluded))
    table.caption = "；".join(notes) + "。"
    return table


def peers_json(peers: PeerComparison) -> dict[str, Any]:
    return {
        "agency": peers.agency.name,
        "year": peers.year,
        "by": list(peers.by),
        "peers": [p.name for p in peers.peers],
        "excluded": peers.excluded,
        "metrics": [
            {
                "metric": line.metric.key,
                "own": line.own.value if line.own else None,
                "own_status": line.own.status if line.own else None,
                "pooled": line.pooled,
                "median": line.middle,
                "counted": line.counted,
                "small_group": line.small_group,
                "place": line.place,
                "out_of": line.out_of,
            }
            for line in peers.lines
        ],
    }


def pair_table(pair: SideBySide) -> Table:
    table = Table("指标", *(a.name for a in pair.agencies), title=f"机关对比（{pair.year or ''} 年度）")
    for metric, measures in pair.lines:
        table.add_row(metric.name, *(_shown(metric, m) for m in measures))
    left_out = [
        f"{a.name}（{r.errors} 个错误）"
        for a, r in zip(pair.agencies, pair.reports, strict=True)
        if r and not r.counted
    ]
    notes = [f"含错误未计入：{'、'.join(left_out)}（--include-errors 计入）"] if left_out else []
    notes += [f"{a.name}无 {pair.year} 年度报告（{_years_offered(y)}）" for a, y in pair.missing()]
    if notes:
        table.caption = "；".join(notes)
    return table


def _years_offered(years: tuple[int, ...]) -> str:
    return "已有年度：" + "、".join(str(y) for y in years) + "，可用 --year 选择" if years else "库中没有它的报告"


def pair_json(pair: SideBySide) -> dict[str, Any]:
    return {
        "year": pair.year,
        "agencies": [a.name for a in pair.agencies],
        "errors": [r.errors if r else None for r in pair.reports],
        "counted": [bool(r and r.counted) for r in pair.reports],
        "years": [list(y) for y in pair.years],
        "metrics": [{"metric": m.key, "values": [x.value if x else None for x in ms]} for m, ms in pair.lines],
    }
