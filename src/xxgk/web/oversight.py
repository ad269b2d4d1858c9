"""What the supervisor console shows: the agencies × years grid of report states, and comparisons
across the visible agencies' published reports (written here or uploaded into the corpus), by
the corpus's documented metrics.

Every number is a sum over the reports of the agencies the user may see; the outcome
groups come from table 三's rows in the template, the rates from `xxgk.corpus.metrics`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from xxgk.corpus.metrics import METRICS, Metric, metric_named
from xxgk.ledger.vocabulary import roles
from xxgk.report import Value
from xxgk.template import get_template
from xxgk.web.annual import STATUS_LABELS, Listed, published_cells, report_states
from xxgk.web.scope import AgencyNode
from xxgk.web.settings import ReportCalendar
from xxgk.web.submissions import Submission, Tally, submissions, tally

CHARTED = ("applications", "review_correction_rate")


@dataclass(frozen=True, slots=True)
class GridRow:
    """An agency's row: each year's report (None: nothing received) with its place in the calendar."""

    agency: AgencyNode
    cells: list[tuple[int, Listed | None, Submission]]
    tally: Tally


def status_grid(
    session: Session, agencies: list[AgencyNode], years: list[int], calendar: ReportCalendar
) -> list[GridRow]:
    """Each visible agency with its report's state and its submission state in each year."""
    ids = [a.id for a in agencies]
    states = report_states(session, ids, years)
    due = submissions(session, calendar, ids, years)
    return [
        GridRow(
            agency,
            [(year, states.get((agency.id, year)), due[(agency.id, year)]) for year in years],
            tally(due, agency.id),
        )
        for agency in agencies
    ]


def status_label(listed: Listed | None) -> str:
    return STATUS_LABELS["missing" if listed is None else listed.status]


@dataclass(slots=True)
class Series:
    """Per-year sums over the visible agencies' reports, ready for the charts."""

    years: list[int] = field(default_factory=list)
    applications: list[float | None] = field(default_factory=list)
    outcomes: dict[str, list[float]] = field(default_factory=dict)
    correction_rate: list[float | None] = field(default_factory=list)
    reports: list[int] = field(default_factory=list)

    def chart(self) -> dict[str, Any]:
        return {
            "years": [str(y) for y in self.years],
            "applications": self.applications,
            "outcomes": self.outcomes,
            "correction_rate": [None if r is None else round(100 * r, 1) for r in self.correction_rate],
        }


def outcome_groups(template_key: str) -> dict[str, list[str]]:
    """Table 三's outcome rows by printed group ((一)予以公开 … (六)其他处理), from the template."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row in get_template(template_key).table("applications").rows:
        if row.outcome:
            groups[row.group if row.enumerator and row.group else row.label].append(row.key)
    return dict(groups)


def yearly_series(session: Session, agency_ids: list[int]) -> Series:
    """Applications per year, the outcome mix and 复议纠错率 over the reports of `agency_ids`."""
    by_year: dict[int, list[tuple[str, dict[str, Value]]]] = defaultdict(list)
    for (_, year), report in published_cells(session, agency_ids).items():
        by_year[year].append(report)
    rate = metric_named("review_correction_rate")
    count = metric_named("applications")
    series = Series()
    labels = list(outcome_groups("2021"))
    series.outcomes = {label: [] for label in labels}
    for year in sorted(by_year):
        reports = by_year[year]
        series.years.append(year)
        series.reports.append(len(reports))
        series.applications.append(_total(count, reports))
        series.correction_rate.append(_pooled(rate, reports))
        mix = _outcome_mix(reports)
        for label in labels:
            series.outcomes[label].append(mix.get(label, 0))
    return series


def _total(metric: Metric, reports: list[tuple[str, dict[str, Value]]]) -> float | None:
    values = [m.value for t, c in reports if (m := metric.measure(get_template(t), c)).value is not None]
    return sum(values) if values else None


def _pooled(metric: Metric, reports: list[tuple[str, dict[str, Value]]]) -> float | None:
    """A rate over all reports together: summed numerators over summed denominators."""
    top = bottom = 0.0
    for template, cells in reports:
        measure = metric.measure(get_template(template), cells)
        if measure.numerator is not None and measure.denominator is not None:
            top, bottom = top + measure.numerator, bottom + measure.denominator
    return top / bottom if bottom else None


def _outcome_mix(reports: list[tuple[str, dict[str, Value]]]) -> dict[str, float]:
    mix: dict[str, float] = defaultdict(float)
    for template, cells in reports:
        total = roles(template).total
        for label, rows in outcome_groups(template).items():
            for row in rows:
                value = cells.get(f"applications.{row}.{total}")
                if isinstance(value, int | float):
                    mix[label] += value
    return mix


def charted_metrics() -> list[Metric]:
    """The metrics the charts show, with their definitions; and every other, for the legend."""
    return sorted(METRICS, key=lambda m: (m.key not in CHARTED, METRICS.index(m)))
