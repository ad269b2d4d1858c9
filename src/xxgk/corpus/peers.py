"""An agency against its peers, and agencies side by side, on every metric of one year.

Peers share the agency's attributes the administrator keeps, as chosen: the same level
(`Agency.level`), the same kind of body (`kind`), the same region (the first four digits
of the 行政区划代码, i.e. the same prefecture-level city; the `region` name when an
agency has no code). The peer figure is pooled — the peers' numerators summed over
their denominators — so a large city bureau weighs as much as its cases, and the median
of the peers' own rates is given beside it. Reports with errors are left out unless the
filters include them; an agency's own report below a metric's minimum-case guard, and a
peer group of fewer than `SMALL_GROUP` agencies, are marked as small numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import median

from sqlalchemy.orm import Session

from xxgk.corpus.compare import stored_cells
from xxgk.corpus.metrics import METRICS, Measure, Metric
from xxgk.corpus.selection import (
    AgencyInfo,
    Chosen,
    Filters,
    chosen_reports,
    latest_year,
    matching_agencies,
    report_years,
)
from xxgk.template import get_template

PEER_ATTRIBUTES = {"level": "层级相同", "kind": "类型相同", "region": "同一地区（地市）"}
SMALL_GROUP = 3
_ATTRIBUTE_WORDS = {
    "level": "level",
    "层级": "level",
    "kind": "kind",
    "类型": "kind",
    "region": "region",
    "地区": "region",
}


def peer_attributes(text: str) -> tuple[str, ...]:
    """The attributes a user named ("level,kind", "层级、地区"; "all"/"全部" for all three), or ValueError."""
    words = [w.strip() for w in text.replace("、", ",").replace("，", ",").split(",") if w.strip()]
    if not words or words in (["all"], ["全部"]):
        return tuple(PEER_ATTRIBUTES)
    unknown = [w for w in words if w not in _ATTRIBUTE_WORDS]
    if unknown:
        raise ValueError(f"同类机关只能按 层级、类型、地区（level、kind、region）划分，不认识：{'、'.join(unknown)}")
    return tuple(dict.fromkeys(_ATTRIBUTE_WORDS[w] for w in words))


def same_region(a: AgencyInfo, b: AgencyInfo) -> bool:
    if a.region_code and b.region_code:
        return a.region_code[:4] == b.region_code[:4]
    return a.region is not None and a.region == b.region


def is_peer(agency: AgencyInfo, other: AgencyInfo, by: Iterable[str]) -> bool:
    """Whether `other` shares each attribute in `by` with `agency` (an attribute the agency lacks matches none)."""
    for attribute in by:
        if attribute == "region":
            if not same_region(agency, other):
                return False
        elif getattr(agency, attribute) is None or getattr(agency, attribute) != getattr(other, attribute):
            return False
    return other.id != agency.id


def measures_of(
    session: Session, metrics: Iterable[Metric], chosen: Mapping[int, Chosen]
) -> dict[int, dict[str, Measure]]:
    """Agency id → metric key → its measure on the agency's chosen report."""
    listed = list(metrics)
    cells = stored_cells(session, [c.report_id for c in chosen.values()])
    return {
        agency_id: {m.key: m.measure(get_template(c.template), cells.get(c.report_id, {})) for m in listed}
        for agency_id, c in chosen.items()
    }


@dataclass(frozen=True, slots=True)
class PeerLine:
    """One metric: the agency's measure, the peers' pooled and median values, and the agency's place."""

    metric: Metric
    own: Measure | None
    pooled: float | None
    middle: float | None
    counted: int  # peers whose measure could be computed (at or above the guard)
    place: int | None
    out_of: int

    @property
    def small_group(self) -> bool:
        return self.counted < SMALL_GROUP


@dataclass(frozen=True, slots=True)
class PeerComparison:
    agency: AgencyInfo
    year: int | None
    by: tuple[str, ...]
    peers: list[AgencyInfo]
    excluded: list[str]  # peers (and the agency itself) whose report has errors, left out
    own_report: Chosen | None
    lines: list[PeerLine]


def compare_with_peers(
    session: Session, agency_id: int, by: tuple[str, ...] = tuple(PEER_ATTRIBUTES), filters: Filters | None = None
) -> PeerComparison:
    """The agency's measures of the filters' year (default: its latest) against its peers' on every metric;
    peers share the `by` attributes with the agency and also pass the filters (level, kind, region, template)."""
    chosen_filters = filters or Filters()
    everyone = matching_agencies(session, Filters(agencies=chosen_filters.agencies))
    agency = everyone[agency_id]
    pool = matching_agencies(session, chosen_filters)  # the filters' level, kind and region narrow the peers
    group = {a.id: a for a in pool.values() if is_peer(agency, a, by)}
    year = chosen_filters.year or latest_year(session, [agency_id]) or latest_year(session, group)
    if year is None:
        return PeerComparison(agency, None, by, [], [], None, [])
    chosen = chosen_reports(session, chosen_filters, [agency_id, *group], [year])
    by_agency = {a: c for (a, _), c in chosen.items()}
    excluded = sorted(everyone[a].name for a, c in by_agency.items() if not c.counted)
    counted = {a: c for a, c in by_agency.items() if c.counted}
    measures = measures_of(session, METRICS, counted)
    peers = [group[a] for a in sorted(counted, key=lambda a: everyone[a].name) if a != agency_id]
    lines = [_line(metric, measures, agency_id, [p.id for p in peers]) for metric in METRICS]
    return PeerComparison(agency, year, by, peers, excluded, by_agency.get(agency_id), lines)


def _line(metric: Metric, measures: dict[int, dict[str, Measure]], own_id: int, peer_ids: list[int]) -> PeerLine:
    own = measures.get(own_id, {}).get(metric.key)
    theirs = [measures[p][metric.key] for p in peer_ids]
    ok = [m for m in theirs if m.status == "ok" and m.value is not None]
    values = [m.value for m in ok if m.value is not None]
    if metric.is_rate:
        bottom = sum(m.denominator or 0 for m in ok)
        pooled = sum(m.numerator or 0 for m in ok) / bottom if bottom else None
    else:
        pooled = sum(values) if values else None
    place = out_of = None
    if own is not None and own.status == "ok" and own.value is not None:
        everyone = [*values, own.value]
        better = [v for v in everyone if (v > own.value if metric.better == "higher" else v < own.value)]
        place, out_of = len(better) + 1, len(everyone)
    return PeerLine(metric, own, pooled, median(values) if values else None, len(values), place, out_of or 0)


@dataclass(frozen=True, slots=True)
class SideBySide:
    """Agencies' measures of one year, a column per agency (None: no counted report).

    `years` holds, per agency, every year it has a report for, so an agency without one in
    the chosen year can be offered the years it does have.
    """

    year: int | None
    agencies: list[AgencyInfo]
    reports: list[Chosen | None]
    lines: list[tuple[Metric, list[Measure | None]]]
    years: list[tuple[int, ...]]

    def missing(self) -> list[tuple[AgencyInfo, tuple[int, ...]]]:
        """Agencies with no report in the chosen year, with the years they have."""
        return [(a, y) for a, r, y in zip(self.agencies, self.reports, self.years, strict=True) if r is None]


def side_by_side(session: Session, agency_ids: list[int], filters: Filters | None = None) -> SideBySide:
    """Agency against agency: every metric for each, of the filters' year (default: the latest any has)."""
    chosen_filters = filters or Filters()
    known = matching_agencies(session, Filters(agencies=chosen_filters.agencies))
    agencies = [known[a] for a in agency_ids if a in known]
    ids = [a.id for a in agencies]
    year = chosen_filters.year or latest_year(session, ids)
    chosen = {a: c for (a, _), c in chosen_reports(session, chosen_filters, ids, [year] if year else []).items()}
    measures = measures_of(session, METRICS, {a: c for a, c in chosen.items() if c.counted})
    lines = [(m, [measures.get(a, {}).get(m.key) for a in ids]) for m in METRICS]
    years = report_years(session, ids)
    return SideBySide(year, agencies, [chosen.get(a) for a in ids], lines, [years[a] for a in ids])
