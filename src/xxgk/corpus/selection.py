"""Which reports a comparison counts: filters by year, agency attributes and template, and reports
with error findings left out unless asked for.

An agency's attributes are the ones the administrator keeps (`Agency.level`, `kind`,
`region_code`, `region`). A report with an error finding is left out of sums, rankings
and peer groups by default — its numbers are wrong somewhere, so adding them in would
carry the error into every total — and listed as left out; `include_errors` puts it
back, marked. The command line (`xxgk rank`, `xxgk compare`) and the console both
choose their reports here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.corpus.agencies import PREFERRED_FIRST, in_region
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusReport


@dataclass(frozen=True, slots=True)
class Filters:
    """What a comparison covers; None means any. `region` is a 行政区划代码 prefix (digits) or a name."""

    year: int | None = None
    level: str | None = None
    kind: str | None = None
    region: str | None = None
    template: str | None = None
    agencies: Collection[int] | None = None  # the user's visible agencies, or None for every one
    include_errors: bool = False


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    """An agency with the attributes peers are matched by."""

    id: int
    name: str
    level: str | None
    kind: str | None
    region: str | None
    region_code: str | None


@dataclass(frozen=True, slots=True)
class Chosen:
    """The report that counts for an agency and year, and whether the filters count it (`counted`)."""

    agency_id: int
    year: int
    report_id: int
    template: str
    errors: int
    counted: bool


def matching_agencies(session: Session, filters: Filters) -> dict[int, AgencyInfo]:
    """The agencies the filters allow, by id."""
    query = select(Agency)
    if filters.level:
        query = query.where(Agency.level == filters.level)
    if filters.kind:
        query = query.where(Agency.kind == filters.kind)
    if filters.region and filters.region.isdigit():
        query = query.where(Agency.region_code.startswith(filters.region))
    elif filters.region:
        query = in_region(query, filters.region)
    if filters.agencies is not None:
        query = query.where(Agency.id.in_(list(filters.agencies)))
    return {a.id: AgencyInfo(a.id, a.name, a.level, a.kind, a.region, a.region_code) for a in session.scalars(query)}


def chosen_reports(
    session: Session, filters: Filters, agency_ids: Iterable[int], years: Iterable[int] | None
) -> dict[tuple[int, int], Chosen]:
    """(agency, year) → the report that counts (`PREFERRED_FIRST`), filtered by template; `counted` False for
    one with errors unless `filters.include_errors`."""
    query = select(
        CorpusReport.agency_id, CorpusReport.year, CorpusReport.id, CorpusReport.template, CorpusReport.errors
    ).where(CorpusReport.agency_id.in_(list(agency_ids)), CorpusReport.year.is_not(None))
    if years is not None:
        query = query.where(CorpusReport.year.in_(list(years)))
    if filters.template:
        query = query.where(CorpusReport.template == filters.template)
    out: dict[tuple[int, int], Chosen] = {}
    for agency_id, year, report_id, template, errors in session.execute(query.order_by(*PREFERRED_FIRST)):
        if agency_id is not None and year is not None and (agency_id, year) not in out:
            counted = filters.include_errors or not errors
            out[(agency_id, year)] = Chosen(agency_id, year, report_id, template, errors, counted)
    return out


def latest_year(session: Session, agency_ids: Collection[int]) -> int | None:
    """The most recent year any of the agencies has a report for."""
    years = session.scalars(
        select(CorpusReport.year).where(CorpusReport.agency_id.in_(list(agency_ids)), CorpusReport.year.is_not(None))
    )
    return max((y for y in years if y is not None), default=None)


def report_years(session: Session, agency_ids: Collection[int]) -> dict[int, tuple[int, ...]]:
    """The years each agency has a report for, oldest first: what to offer when the chosen year has none."""
    found: dict[int, set[int]] = {a: set() for a in agency_ids}
    rows = session.execute(
        select(CorpusReport.agency_id, CorpusReport.year)
        .where(CorpusReport.agency_id.in_(list(agency_ids)), CorpusReport.year.is_not(None))
        .distinct()
    )
    for agency_id, year in rows:
        if agency_id is not None and year is not None:
            found[agency_id].add(year)
    return {a: tuple(sorted(y)) for a, y in found.items()}
