"""Comparisons: one agency's years side by side, and agencies ranked by a metric.

Rankings use competition ranking (ties share a place, the next place is
skipped), put the better end first (`Metric.better`), and list separately the
agencies whose denominator is under the metric's minimum or whose cells are
blank. A year-on-year change of at least the metric's `jump` is flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.corpus.agencies import AgencyNotFound, find_agency
from xxgk.corpus.labels import cell_label
from xxgk.corpus.metrics import METRICS, Measure, Metric
from xxgk.corpus.selection import Filters, chosen_reports, latest_year, matching_agencies
from xxgk.corpus.values import stored_value
from xxgk.report import Value
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusCell
from xxgk.template import get_template


@dataclass(frozen=True, slots=True)
class Ranked:
    """One agency's place (None when not ranked), its measure, last year's value, and its report's errors."""

    agency_id: int
    agency: str
    place: int | None
    measure: Measure
    previous: float | None
    jump: bool
    errors: int = 0


@dataclass(frozen=True, slots=True)
class Ranking:
    """Agencies of one year ranked by one metric; `unranked` are below the guard or blank; `excluded` had
    reports with error findings, left out (unless the filters include them, then ranked and marked)."""

    metric: Metric
    year: int | None
    ranked: list[Ranked]
    unranked: list[Ranked]
    excluded: list[Ranked] = field(default_factory=list)


def rank(
    session: Session, metric: Metric, year: int | None = None, region: str | None = None, filters: Filters | None = None
) -> Ranking:
    """Every agency the filters allow (of `region`) with a report for `year` (default: the filters' year, else the
    latest year), ranked by `metric`; reports with errors left out unless `filters.include_errors`."""
    chosen_filters = filters or Filters()
    if region:
        chosen_filters = replace(chosen_filters, region=region)
    agencies = matching_agencies(session, chosen_filters)
    year = year or chosen_filters.year or latest_year(session, agencies)
    if year is None:
        return Ranking(metric, None, [], [])
    chosen = chosen_reports(session, chosen_filters, agencies, (year, year - 1))
    measures = _measures(session, metric, {key: (c.report_id, c.template) for key, c in chosen.items()})
    rows: list[Ranked] = []
    for (agency_id, report_year), measure in measures.items():
        if report_year != year:
            continue
        before = chosen.get((agency_id, year - 1))
        previous = measures[(agency_id, year - 1)].value if before is not None and before.counted else None
        jump = measure.value is not None and previous is not None and metric.is_jump(previous, measure.value)
        errors = chosen[(agency_id, year)].errors
        rows.append(Ranked(agency_id, agencies[agency_id].name, None, measure, previous, jump, errors))
    counted = [r for r in rows if chosen[(r.agency_id, year)].counted]
    ranked = _places(sorted((r for r in counted if r.measure.status == "ok"), key=lambda r: _order(metric, r)))
    unranked = sorted((r for r in counted if r.measure.status != "ok"), key=lambda r: (r.measure.status, r.agency))
    excluded = sorted((r for r in rows if not chosen[(r.agency_id, year)].counted), key=lambda r: r.agency)
    return Ranking(metric, year, ranked, unranked, excluded)


def _order(metric: Metric, row: Ranked) -> tuple[float, str]:
    value = row.measure.value or 0.0
    return (-value if metric.better == "higher" else value, row.agency)


def _places(rows: list[Ranked]) -> list[Ranked]:
    out: list[Ranked] = []
    for index, row in enumerate(rows):
        tied = out and out[-1].measure.value == row.measure.value
        place = out[-1].place if tied else index + 1
        out.append(replace(row, place=place))
    return out


def _measures(
    session: Session, metric: Metric, chosen: dict[tuple[int, int], tuple[int, str]]
) -> dict[tuple[int, int], Measure]:
    by_report = {report_id: key for key, (report_id, _) in chosen.items()}
    cells = stored_cells(
        session, list(by_report), {c for t in {t for _, t in chosen.values()} for c in metric.cell_ids(get_template(t))}
    )
    return {
        key: metric.measure(get_template(template), cells.get(report_id, {}))
        for key, (report_id, template) in chosen.items()
    }


def stored_cells(
    session: Session, report_ids: list[int], wanted: Iterable[str] | None = None
) -> dict[int, dict[str, Value]]:
    """Report id → its stored cells (only the `wanted` cell ids, when given), read 500 reports at a time."""
    out: dict[int, dict[str, Value]] = {}
    names = list(wanted) if wanted is not None else None
    for start in range(0, len(report_ids), 500):
        query = select(CorpusCell.report_id, CorpusCell.cell, CorpusCell.value).where(
            CorpusCell.report_id.in_(report_ids[start : start + 500])
        )
        if names is not None:
            query = query.where(CorpusCell.cell.in_(names))
        for report_id, cell, value in session.execute(query):
            out.setdefault(report_id, {})[cell] = stored_value(value)
    return out


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a comparison: a metric or a cell, its value each year, and the change from the year before."""

    key: str
    label: str
    values: list[float | None]
    changes: list[float | None]
    jumps: list[bool] = field(default_factory=list)
    rate: bool = False


@dataclass(frozen=True, slots=True)
class Comparison:
    """An agency's reports side by side, a column per year; `errors` per column (non-zero only when the filters
    include reports with errors, then marked), `excluded` the (year, errors) of reports left out for errors."""

    agency: str
    years: list[int]
    templates: list[str]
    metrics: list[Line]
    cells: list[Line]
    errors: list[int] = field(default_factory=list)
    excluded: list[tuple[int, int]] = field(default_factory=list)


def compare_agency(
    session: Session, name: str | int, *, all_cells: bool = False, filters: Filters | None = None
) -> Comparison:
    """The agency (a name, or its id) year by year: metrics, then cells (totals only unless `all_cells`).

    The filters choose the reports as everywhere else (`selection.chosen_reports`): a template, reports with
    errors left out unless included; a year shows that year and the one before it, so its change is seen."""
    chosen_filters = filters or Filters()
    agency = session.get(Agency, name) if isinstance(name, int) else find_agency(session, name)
    if agency is None:
        raise AgencyNotFound("没有这个机关")
    years_wanted = [chosen_filters.year - 1, chosen_filters.year] if chosen_filters.year else None
    found = chosen_reports(session, chosen_filters, [agency.id], years_wanted)
    excluded = sorted((year, c.errors) for (_, year), c in found.items() if not c.counted)
    kept = {year: c for (_, year), c in found.items() if c.counted}
    years = sorted(kept)
    reports = [(kept[year].report_id, kept[year].template) for year in years]
    cells = stored_cells(session, [report_id for report_id, _ in reports])
    values = [cells.get(report_id, {}) for report_id, _ in reports]
    templates = [get_template(t) for _, t in reports]
    metric_lines = []
    for metric in METRICS:
        measures = [metric.measure(t, v) for t, v in zip(templates, values, strict=True)]
        series = [m.value for m in measures]
        metric_lines.append(_line(metric.key, metric.name, series, metric.is_rate, metric.is_jump))
    tables = dict.fromkeys(table.key for t in templates for table in t.tables)
    order = list(dict.fromkeys(c for k in tables for t in templates for c in t.cell_ids() if c.startswith(k + ".")))
    shown = [c for c in order if any(c in v for v in values) and (all_cells or _is_headline(c))]
    cell_lines = [
        _line(c, cell_label(templates[_first_with(values, c)], c), [_number(v.get(c)) for v in values]) for c in shown
    ]
    errors = [kept[year].errors for year in years]
    return Comparison(agency.name, years, [t for _, t in reports], metric_lines, cell_lines, errors, excluded)


def _is_headline(cell: str) -> bool:
    """Table 二 and 四 whole, table 三 by its 总计 column."""
    return not cell.startswith("applications.") or cell.endswith(".total")


def _first_with(values: list[dict[str, Value]], cell: str) -> int:
    return next(i for i, v in enumerate(values) if cell in v)


def _number(value: Value) -> float | None:
    return None if value is None else float(value)


def _line(
    key: str,
    label: str,
    series: list[float | None],
    rate: bool = False,
    is_jump: Callable[[float, float], bool] | None = None,
) -> Line:
    changes: list[float | None] = [None]
    jumps = [False]
    for before, after in pairwise(series):
        changes.append(None if before is None or after is None else after - before)
        flagged = is_jump is not None and before is not None and after is not None and is_jump(before, after)
        jumps.append(flagged)
    return Line(key, label, series, changes, jumps, rate)
