"""Writing the published catalogue as CSV or .xlsx, in the columns the importer reads back."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.disclosure.content import LABELS, RELATIONS
from xxgk.disclosure.importer import INDEX, PUBLISHED, VALIDITY, VALIDITY_ON
from xxgk.disclosure.service import content_of, version
from xxgk.disclosure.vocabulary import IN_FORCE
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem

COLUMNS = [INDEX, *(label for key, label in LABELS.items() if key != "body"), PUBLISHED, VALIDITY, VALIDITY_ON]


def catalogue_rows(session: Session, agency: Agency) -> Iterator[list[str]]:
    """One row per published item of `agency`, by 发布日期 then 索引号; relations by the targets' 索引号."""
    items = session.scalars(
        select(DisclosureItem)
        .where(DisclosureItem.agency_id == agency.id, DisclosureItem.state == "published")
        .order_by(DisclosureItem.published_on, DisclosureItem.index_number)
    ).all()
    numbers = {
        item_id: number
        for item_id, number in session.execute(
            select(DisclosureItem.id, DisclosureItem.index_number).where(DisclosureItem.agency_id == agency.id)
        )
    }
    for item in items:
        data = content_of(version(session, item.published_version_id)).to_json()
        cells = [item.index_number or ""]
        for key in LABELS:
            if key == "body":
                continue
            value = data.get(key)
            if key in RELATIONS:
                value = numbers.get(value) if value is not None else None
            cells.append("" if value is None else str(value))
        cells += [item.published_on.isoformat() if item.published_on else "", item.validity, _changed_on(item)]
        yield cells


def _changed_on(item: DisclosureItem) -> str:
    """The day the item became what it now is (废止, 修改, 失效): table 二 counts by it, so it travels along."""
    if item.validity == IN_FORCE:
        return ""
    days = [c.on for c in item.validity_changes if c.validity == item.validity and c.applied]
    return min(days).isoformat() if days else ""


def write_catalogue(session: Session, agency: Agency, path: Path) -> int:
    """Write the catalogue to `path` (.xlsx by its suffix, else CSV in UTF-8 with BOM for Excel); rows written."""
    rows = list(catalogue_rows(session, agency))
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("目录")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
    return len(rows)
