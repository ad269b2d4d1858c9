"""Per-year totals over the reports a comparison counts: applications, the outcome mix and pooled rates.

Sums are over the one report per agency and year that counts (`selection.chosen_reports`),
reports with errors left out unless the filters include them; each year says how many
reports it sums and how many were left out, so a total over three reports is seen as such.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy.orm import Session

from xxgk.corpus.compare import stored_cells
from xxgk.corpus.metrics import Metric, metric_named
from xxgk.corpus.selection import Filters, chosen_reports, matching_agencies
from xxgk.ledger.vocabulary import roles
from xxgk.report import Value
from xxgk.template import get_template

Cells = tuple[str, dict[str, Value]]
SMALL_YEAR = 3  # a year summing fewer reports than this is marked as small numbers


@dataclass(slots=True)
class Series:
    """Per-year sums, ready for a chart and the table beside it."""

    years: list[int] = field(default_factory=list)
    reports: list[int] = field(default_factory=list)
    excluded: list[int] = field(default_factory=list)
    applications: list[float | None] = field(default_factory=list)
    outcomes: dict[str, list[float]] = field(default_factory=dict)
    correction_rate: list[float | None] = field(default_factory=list)

    def small(self, index: int) -> bool:
        return self.reports[index] < SMALL_YEAR


@cache
def outcome_groups(template_key: str) -> dict[str, list[str]]:
    """Table 三's outcome rows by printed group ((一)予以公开 … (六)其他处理), from the template."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row in get_template(template_key).table("applications").rows:
        if row.outcome:
            groups[_short(row.group if row.enumerator and row.group else row.label)].append(row.key)
    return dict(groups)


def _short(label: str) -> str:
    """A group's name without the form's explanation: （二）部分公开（区分处理的，只计这一情形…） is （二）部分公开,
    short enough for a chart's legend and a table's header."""
    return re.sub(r"(?<=.)（[^）]*）$", "", label)


def yearly_series(session: Session, filters: Filters) -> Series:
    """Applications per year, the outcome mix and 复议纠错率 over the reports the filters count."""
    agencies = matching_agencies(session, filters)
    chosen = chosen_reports(session, filters, agencies, [filters.year] if filters.year else None)
    counted = {key: c for key, c in chosen.items() if c.counted}
    cells = stored_cells(
        session, [c.report_id for c in counted.values()], _wanted({c.template for c in counted.values()})
    )
    by_year: dict[int, list[Cells]] = defaultdict(list)
    for (_, year), c in counted.items():
        by_year[year].append((c.template, cells.get(c.report_id, {})))
    left_out: dict[int, int] = defaultdict(int)
    for (_, year), c in chosen.items():
        left_out[year] += not c.counted
    series = Series()
    labels = list(outcome_groups("2021"))
    series.outcomes = {label: [] for label in labels}
    for year in sorted(set(by_year) | set(left_out)):
        reports = by_year.get(year, [])
        series.years.append(year)
        series.reports.append(len(reports))
        series.excluded.append(left_out.get(year, 0))
        series.applications.append(total(metric_named("applications"), reports))
        series.correction_rate.append(pooled(metric_named("review_correction_rate"), reports))
        mix = outcome_mix(reports)
        for label in labels:
            series.outcomes[label].append(mix.get(label, 0))
    return series


def _wanted(templates: set[str]) -> set[str]:
    """Only the cells the series reads (a report has some two hundred)."""
    out: set[str] = set()
    for key in templates:
        template = get_template(key)
        for name in ("applications", "review_correction_rate"):
            out.update(metric_named(name).cell_ids(template))
        out.update(f"applications.{row}.{_total_column(key)}" for rows in outcome_groups(key).values() for row in rows)
    return out


def total(metric: Metric, reports: list[Cells]) -> float | None:
    values = [m.value for t, c in reports if (m := metric.measure(get_template(t), c)).value is not None]
    return sum(values) if values else None


def pooled(metric: Metric, reports: list[Cells]) -> float | None:
    """A rate over all reports together: summed numerators over summed denominators (guarded reports included)."""
    top = bottom = 0.0
    for template, cells in reports:
        measure = metric.measure(get_template(template), cells)
        if measure.numerator is not None and measure.denominator is not None:
            top, bottom = top + measure.numerator, bottom + measure.denominator
    return top / bottom if bottom else None


@cache
def _total_column(template: str) -> str:
    return roles(template).total


def outcome_mix(reports: list[Cells]) -> dict[str, float]:
    mix: dict[str, float] = defaultdict(float)
    for template, cells in reports:
        column = _total_column(template)
        for label, rows in outcome_groups(template).items():
            for row in rows:
                value = cells.get(f"applications.{row}.{column}")
                if isinstance(value, int | float):
                    mix[label] += value
    return mix
