"""Corpus results for people: terminal tables (rich) and JSON lines."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from xxgk.corpus.compare import Comparison, Line, Ranked, Ranking
from xxgk.corpus.metrics import Measure, Metric
from xxgk.report import show_value

_STATUS = {"blank": "有空白单元格，无法计算", "too_few": "案件数不足，不参与排名"}
JUMP_MARK = "⚠ 跳变"
ERRORS_MARK = "含 {} 个错误"
EXCLUDED_MARK = "含 {} 个错误，未计入（--include-errors 计入）"


def year_ranges(years: tuple[int, ...] | list[int]) -> str:
    """2019–2021, 2023 for (2019, 2020, 2021, 2023)."""
    parts: list[str] = []
    ordered = sorted(years)
    start = 0
    for index in range(1, len(ordered) + 1):
        if index == len(ordered) or ordered[index] != ordered[index - 1] + 1:
            first, last = ordered[start], ordered[index - 1]
            parts.append(str(first) if first == last else f"{first}–{last}")
            start = index
    return "、".join(parts)


def show_measure(value: float | None, rate: bool) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if rate else show_value(value)


def show_change(change: float, rate: bool) -> str:
    if rate:
        return f"{change * 100:+.1f} 个百分点"
    return ("+" if change > 0 else "") + show_value(change)


def comparison_table(comparison: Comparison) -> Table:
    """Years as columns; each cell the value and, below it, the change from the previous column."""
    title = f"{comparison.agency}：{len(comparison.years)} 个年度"
    if comparison.excluded:
        left_out = "、".join(f"{year} 年度（{errors} 个错误）" for year, errors in comparison.excluded)
        title += f"；含错误未计入：{left_out}（--include-errors 计入）"
    heads = [
        f"{y}（{t}版）" + (f"\n{ERRORS_MARK.format(e)}" if e else "")
        for y, t, e in zip(
            comparison.years, comparison.templates, comparison.errors or [0] * len(comparison.years), strict=True
        )
    ]
    table = Table("项目", *heads, title=title)
    for line in comparison.metrics:
        table.add_row(line.label, *_cells(line))
    table.add_section()
    for line in comparison.cells:
        table.add_row(line.label, *_cells(line))
    return table


def _cells(line: Line) -> list[Text]:
    out = []
    for value, change, jump in zip(line.values, line.changes, line.jumps, strict=True):
        text = Text(show_measure(value, line.rate))
        if change:
            text.append("\n" + show_change(change, line.rate), style="bold red" if jump else "dim")
        if jump:
            text.append(" " + JUMP_MARK, style="bold red")
        out.append(text)
    return out


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    def line(item: Line) -> dict[str, Any]:
        return {
            "key": item.key,
            "label": item.label,
            "values": item.values,
            "changes": item.changes,
            "jumps": item.jumps,
        }

    return {
        "agency": comparison.agency,
        "years": comparison.years,
        "templates": comparison.templates,
        "errors": comparison.errors,
        "excluded": [{"year": year, "errors": errors} for year, errors in comparison.excluded],
        "metrics": [line(m) for m in comparison.metrics],
        "cells": [line(c) for c in comparison.cells],
    }


def ranking_table(ranking: Ranking) -> Table:
    metric = ranking.metric
    order = "越高越好" if metric.better == "higher" else "越低越好"
    title = f"{ranking.year or ''} 年度 {metric.name} 排名（{metric.definition}；{order}）"
    table = Table("名次", "机关", metric.name, "分子/分母" if metric.is_rate else "", "上年", "标记", title=title)
    for row in ranking.ranked:
        marks = [JUMP_MARK] if row.jump else []
        marks += [ERRORS_MARK.format(row.errors)] if row.errors else []
        table.add_row(str(row.place), row.agency, *_measure_cells(metric, row), " ".join(marks))
    if ranking.unranked:
        table.add_section()
        for row in ranking.unranked:
            table.add_row("—", row.agency, *_measure_cells(metric, row), _STATUS[row.measure.status])
    if ranking.excluded:
        table.add_section()
        for row in ranking.excluded:
            table.add_row("—", row.agency, *_measure_cells(metric, row), EXCLUDED_MARK.format(row.errors))
    return table


def _measure_cells(metric: Metric, row: Ranked) -> list[str]:
    return [
        show_measure(row.measure.value, metric.is_rate),
        _fraction(row.measure),
        show_measure(row.previous, metric.is_rate),
    ]


def _fraction(measure: Measure) -> str:
    if measure.denominator is None:
        return ""
    top = show_value(measure.numerator) if measure.numerator is not None else "空"
    return f"{top}/{show_value(measure.denominator)}"


def ranked_json(ranking: Ranking, row: Ranked) -> dict[str, Any]:
    return {
        "metric": ranking.metric.key,
        "year": ranking.year,
        "place": row.place,
        "agency": row.agency,
        "value": row.measure.value,
        "numerator": row.measure.numerator,
        "denominator": row.measure.denominator,
        "status": row.measure.status,
        "previous": row.previous,
        "jump": row.jump,
        "errors": row.errors,
        "counted": row not in ranking.excluded,
    }
