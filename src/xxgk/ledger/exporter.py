"""Writing the ledger in the layout it is imported from (CSV for Excel, or .xlsx), personal data masked."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from xxgk.ledger.layout import COLUMNS, FORMULA_STARTS, LedgerRow, row_cells
from xxgk.ledger.privacy import mask_contact, mask_name
from xxgk.ledger.vocabulary import roles

NATURAL_PERSON = roles("2021").parts[0]
TEXT_COLUMNS = ("request", "reply", "applicant_name", "applicant_contact", "channel", "number")


def inert(cells: dict[str, str]) -> dict[str, str]:
    """Text cells that Excel would run as formulas, quoted with a leading apostrophe (removed again on import)."""
    return {k: "'" + v if k in TEXT_COLUMNS and v.startswith(FORMULA_STARTS) else v for k, v in cells.items()}


def masked(row: LedgerRow) -> LedgerRow:
    return replace(
        row,
        applicant_name=mask_name(row.applicant_name, natural_person=row.applicant_type == NATURAL_PERSON) or None,
        applicant_contact=mask_contact(row.applicant_contact) or None,
    )


def write_ledger(path: Path, rows: Iterable[LedgerRow], *, mask: bool = True) -> int:
    """Write `rows` to `path` (personal data masked unless `mask` is False, as for generated
    ledgers): .xlsx by its suffix, otherwise CSV with a BOM so that Excel reads the Chinese."""
    if mask:
        rows = (masked(row) for row in rows)
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(path, rows)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in COLUMNS])
        for row in rows:
            cells = inert(row_cells(row))
            writer.writerow([cells[c.key] for c in COLUMNS])
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterable[LedgerRow]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append([c.header for c in COLUMNS])
    count = 0
    for row in rows:
        cells = inert(row_cells(row))
        sheet.append([cells[c.key] for c in COLUMNS])
        count += 1
    book.save(path)
    return count
