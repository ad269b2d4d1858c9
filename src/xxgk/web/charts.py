"""Chart data for the console's comparison pages: one shape (title, categories, series, unit) that
app.js draws with a title on top, the legend below in the series' order, and labels kept whole.

Every chart has a table beside it on the page, which carries the same numbers exactly.
"""

from __future__ import annotations

from typing import Any

from xxgk.corpus.compare import Ranking
from xxgk.corpus.peers import PeerComparison
from xxgk.corpus.series import Series


def chart(
    title: str, categories: list[str], series: list[dict[str, Any]], unit: str, horizontal: bool = False
) -> dict[str, Any]:
    height = 60 + 30 * len(categories) if horizontal else 300
    return {
        "title": title,
        "categories": categories,
        "series": series,
        "unit": unit,
        "horizontal": horizontal,
        "height": max(height, 200),
    }


def percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def series_charts(series: Series) -> list[dict[str, Any]]:
    """Applications per year, the outcome mix, and 复议纠错率."""
    years = [str(y) for y in series.years]
    outcomes = [{"name": n, "type": "bar", "stack": "outcomes", "data": v} for n, v in series.outcomes.items()]
    return [
        chart("新收申请数（件）", years, [{"name": "新收申请", "type": "bar", "data": series.applications}], "件"),
        chart("办理结果构成（件）", years, outcomes, "件"),
        chart(
            "复议纠错率（%）",
            years,
            [{"name": "复议纠错率", "type": "line", "data": [percent(r) for r in series.correction_rate]}],
            "%",
        ),
    ]


def ranking_chart(ranking: Ranking) -> dict[str, Any]:
    metric = ranking.metric
    rows = list(reversed(ranking.ranked))  # a horizontal bar chart draws its first category at the bottom
    values = [percent(r.measure.value) if metric.is_rate else r.measure.value for r in rows]
    unit = "%" if metric.is_rate else "件"
    title = f"{ranking.year or ''} 年度{metric.name}（{unit}）"
    return chart(title, [r.agency for r in rows], [{"name": metric.name, "type": "bar", "data": values}], unit, True)


def peers_chart(comparison: PeerComparison) -> dict[str, Any]:
    """The rates of the agency, its peers pooled and the peers' median, metric by metric."""
    lines = [line for line in comparison.lines if line.metric.is_rate]
    own = [percent(line.own.value) if line.own else None for line in lines]
    return chart(
        f"{comparison.agency.name}与同类机关（{comparison.year or ''} 年度，%）",
        [line.metric.name for line in lines],
        [
            {"name": "本机关", "type": "bar", "data": own},
            {"name": "同类机关合计", "type": "bar", "data": [percent(line.pooled) for line in lines]},
            {"name": "同类机关中位数", "type": "bar", "data": [percent(line.middle) for line in lines]},
        ],
        "%",
    )
