"""Figures for section 一 (总体情况) of the report, each with its source: what the catalogue published
in the year (in all, per 栏目, 解读), and table 二's counted cells, for the editor to offer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.check.arithmetic import describe
from xxgk.ledger.vocabulary import template_for_year
from xxgk.records.service import shown, table_two
from xxgk.records.vocabulary import SOURCES
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem, DisclosureVersion

CATALOGUE_SOURCE = "政府信息目录"
INTERPRETATION = "解读"
NO_COLUMN = "未设栏目"


@dataclass(frozen=True, slots=True)
class Figure:
    """One number section 一 may quote: what it counts, the number, where it comes from."""

    what: str
    value: str
    source: str


def overview_figures(session: Session, agency: Agency, year: int) -> list[Figure]:
    """Published items of the year (all, per 栏目, 解读), then table 二's counted cells with their source."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    published = select(DisclosureVersion.content).join(
        DisclosureItem, DisclosureItem.published_version_id == DisclosureVersion.id
    )
    contents = list(
        session.scalars(
            published.where(DisclosureItem.agency_id == agency.id, DisclosureItem.published_on.between(start, end))
        )
    )
    figures = [Figure(f"{year} 年主动公开政府信息（条）", str(len(contents)), CATALOGUE_SOURCE)]
    columns = Counter(str(c.get("column") or NO_COLUMN) for c in contents)
    figures += [Figure(f"栏目“{name}”（条）", str(n), CATALOGUE_SOURCE) for name, n in sorted(columns.items())]
    interpretations = sum(c.get("genre") == INTERPRETATION for c in contents)
    figures.append(Figure("其中政策解读（条）", str(interpretations), CATALOGUE_SOURCE))
    table = table_two(session, agency, year)
    template = template_for_year(year)
    for cell, source in table.counted.items():
        figures.append(Figure(describe(template, cell), shown(table.values[cell]), SOURCES[source]))
    return figures
