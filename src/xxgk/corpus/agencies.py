"""Agencies in the corpus: finding one by any name, the years each has and lacks, regions.

An agency's report for a year is the one published from the desk, if any, else
the first one stored for it (the same report published as HTML and as PDF is two
documents, one report row each; a desk report and an upload of it are both kept).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import Session

from xxgk.agency import agency_key
from xxgk.errors import XxgkError
from xxgk.extract.fold import squash
from xxgk.store.agencies import Agency
from xxgk.store.corpus import ORIGIN_DESK, CorpusAgencyName, CorpusReport

# The order that picks an agency's report of a year: published from the desk first, then the first stored.
PREFERRED_FIRST = (
    case((CorpusReport.origin == ORIGIN_DESK, 0), else_=1),
    CorpusReport.id,
)


class AgencyNotFound(XxgkError):
    """No agency, or more than one, answers to a name."""


@dataclass(frozen=True, slots=True)
class AgencyYears:
    """One agency: its name, the names it was printed under, and the years it has and lacks."""

    id: int
    name: str
    names: tuple[str, ...]
    years: tuple[int, ...]
    missing: tuple[int, ...]


def find_agency(session: Session, name: str) -> Agency:
    """The agency a user means by `name`: same key, a printed name, or the only key containing it."""
    key = agency_key(name)
    if key is None:
        raise AgencyNotFound("机关名称为空")
    found = session.scalars(select(Agency).where(Agency.key == key)).one_or_none()
    if found is not None:
        return found
    by_name = session.scalars(
        select(Agency)
        .join(CorpusAgencyName, CorpusAgencyName.agency_id == Agency.id)
        .where(CorpusAgencyName.name == name.strip())
    ).first()
    if by_name is not None:
        return by_name
    candidates = session.scalars(select(Agency).where(Agency.key.contains(squash(name))).order_by(Agency.key)).all()
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise AgencyNotFound(f"库中没有名为“{name}”的机关")
    shown = "、".join(a.name for a in candidates[:10]) + ("等" if len(candidates) > 10 else "")
    raise AgencyNotFound(f"“{name}”对应多个机关（{shown}），请写出全称")


def in_region(query: Select[Any], region: str | None) -> Select[Any]:
    """Restrict a query over `Agency.id` to agencies whose name, any printed name or region contains `region`."""
    if not region:
        return query
    printed = select(CorpusAgencyName.agency_id).where(
        or_(CorpusAgencyName.name.contains(region), CorpusAgencyName.region.contains(region))
    )
    return query.where(or_(Agency.region == region, Agency.name.contains(region), Agency.id.in_(printed)))


def agency_years(session: Session, region: str | None = None) -> list[AgencyYears]:
    """Every agency with reports, in name order, with its years and the corpus years it lacks."""
    every_year = sorted(y for y in session.scalars(select(CorpusReport.year).distinct()) if y is not None)
    span = range(every_year[0], every_year[-1] + 1) if every_year else range(0)
    ids: set[int] = set(session.scalars(in_region(select(Agency.id), region)))
    years: dict[int, set[int]] = {}
    for agency_id, year in session.execute(select(CorpusReport.agency_id, CorpusReport.year).distinct()):
        if agency_id is not None and agency_id in ids:
            years.setdefault(agency_id, set()).update([year] if year is not None else [])
    names = _printed_names(session, years)
    out = []
    for agency in session.scalars(select(Agency).where(Agency.id.in_(list(years))).order_by(Agency.key)):
        have = years[agency.id]
        out.append(
            AgencyYears(
                agency.id,
                agency.name,
                tuple(sorted(names.get(agency.id, ()))),
                tuple(sorted(have)),
                tuple(y for y in span if y not in have),
            )
        )
    return out


def _printed_names(session: Session, agency_ids: Iterable[int]) -> dict[int, list[str]]:
    wanted = list(agency_ids)
    out: dict[int, list[str]] = {}
    for start in range(0, len(wanted), 500):
        query = select(CorpusAgencyName.agency_id, CorpusAgencyName.name).where(
            CorpusAgencyName.agency_id.in_(wanted[start : start + 500])
        )
        for agency_id, name in session.execute(query):
            out.setdefault(agency_id, []).append(name)
    return out


def yearly_reports(
    session: Session, agency_ids: Iterable[int] | None, years: Iterable[int] | None
) -> dict[tuple[int, int], tuple[int, str]]:
    """(agency id, year) → (report id, template) of the report that counts for that year (`PREFERRED_FIRST`)."""
    query = select(CorpusReport.agency_id, CorpusReport.year, CorpusReport.id, CorpusReport.template).where(
        CorpusReport.agency_id.is_not(None), CorpusReport.year.is_not(None)
    )
    if agency_ids is not None:
        query = query.where(CorpusReport.agency_id.in_(list(agency_ids)))
    if years is not None:
        query = query.where(CorpusReport.year.in_(list(years)))
    out: dict[tuple[int, int], tuple[int, str]] = {}
    for agency_id, year, report_id, template in session.execute(query.order_by(*PREFERRED_FIRST)):
        if agency_id is not None and year is not None:
            out.setdefault((agency_id, year), (report_id, template))
    return out
