"""The `Report` value and its canonical JSON form (spec/report-model.md).

A report keeps its numbers flat, keyed by cell id (`applications.granted.total`);
the nested JSON is produced from the template, so the template alone decides the
order and the set of rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from operator import is_not
from typing import Any

from xxgk.template import TEXT_SECTIONS, TableSpec, Template, get_template

Number = int | float
Value = Number | None


@dataclass(slots=True)
class Report:
    """One annual report: metadata, prose and every table cell (None = left blank)."""

    template: str
    agency: str | None = None
    year: int | None = None
    published: str | None = None
    text: dict[str, str] = field(default_factory=lambda: dict.fromkeys(TEXT_SECTIONS, ""))
    cells: dict[str, Value] = field(default_factory=dict)
    inferred: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> Template:
        return get_template(self.template)

    def get(self, cell_id: str) -> Value:
        return self.cells.get(cell_id)

    def json_rows(self, table: str) -> list[str]:
        """Keys of the rows the canonical JSON carries: every required row, optional ones when filled."""
        spec = self.spec.table(table)
        filled = self._filled_rows(spec)
        return [row.key for row in spec.rows if not row.optional or row.key in filled]

    def printed_rows(self, table: str) -> list[str]:
        """Keys of the rows the document prints: as `json_rows`, less rows an optional row replaced."""
        spec = self.spec.table(table)
        filled = self._filled_rows(spec)
        replaced = spec.replaced_rows(filled)
        return [row.key for row in spec.rows if (not row.optional or row.key in filled) and row.key not in replaced]

    def _filled_rows(self, spec: TableSpec) -> set[str]:
        """Keys of the rows of `spec` with a value in some cell (one pass: checks ask for every table)."""
        get = self.cells.get
        # `map` in C, not a generator frame per row.
        return {row.key for row in spec.rows if any(map(is_not, map(get, row.cell_ids(spec.key)), repeat(None)))}

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON object (without `source`)."""
        out: dict[str, Any] = {
            "template": self.template,
            "agency": self.agency,
            "year": self.year,
            "published": self.published,
            "text": {key: self.text.get(key, "") for key in TEXT_SECTIONS},
        }
        for table in self.spec.tables:
            rows: dict[str, dict[str, Value]] = {}
            for row_key in self.json_rows(table.key):
                row = table.row(row_key)
                rows[row.key] = {f.key: self.cells.get(f"{table.key}.{row.key}.{f.key}") for f in row.fields}
            out[table.key] = rows
        position = {cell: i for i, cell in enumerate(self.spec.cell_ids())}
        out["inferred"] = sorted(self.inferred, key=lambda cell: position.get(cell, len(position)))
        return out


def number_from_json(value: Any) -> Value:
    """Keep integers as int and other numbers as float, exactly as written."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(value)


def show_value(value: Value | float) -> str:
    """A cell value as a clerk would write it: 769, 96171.6, 75394432.52, or 空."""
    if value is None:
        return "空"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def dumps(obj: dict[str, Any]) -> str:
    """One JSON line, Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
