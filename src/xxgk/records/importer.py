"""Reading one of the table 二 ledgers from CSV or .xlsx (by content, through the ledger importer's
`table_records`): every row checked, repeated keys included, before anything is stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xxgk.extract.fold import squash
from xxgk.ledger.importer import LedgerFileError, table_records
from xxgk.ledger.layout import Problem
from xxgk.records.layout import LAYOUTS, Layout, RecordRow


class RecordsFileError(LedgerFileError):
    """The file as a whole cannot be read as the ledger asked for."""


@dataclass(frozen=True, slots=True)
class ReadRecords:
    layout: Layout
    rows: list[RecordRow]
    problems: list[Problem]


def read_records(path: Path, source: str) -> ReadRecords:
    """Every row of the `source` ledger at `path`, validated; a key repeated in the file is a problem."""
    layout = LAYOUTS[source]
    rows: list[RecordRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    key_header = next(c.header for c in layout.columns if c.key == layout.key)
    for line, cells in table_records(path, _header_reader(layout), RecordsFileError):
        parsed = layout.parse(line, cells)
        if isinstance(parsed, list):
            problems += parsed
            continue
        key = str(getattr(parsed, layout.key))
        if key in seen:
            problems.append(Problem(line, key_header, f"“{key}”与第 {seen[key]} 行重复"))
        else:
            seen[key] = line
            rows.append(parsed)
    return ReadRecords(layout, rows, problems)


def _header_reader(layout: Layout) -> Any:
    names = {squash(name): column.key for column in layout.columns for name in (column.header, *column.variants)}

    def header(path: Path, values: Sequence[Any]) -> dict[int, str]:
        found: dict[int, str] = {}
        for i, value in enumerate(values):
            key = names.get(squash(str(value))) if value is not None else None
            if key is not None and key not in found.values():
                found[i] = key
        missing = [c.header for c in layout.columns if c.required and c.key not in found.values()]
        if missing:
            example = "、".join(c.header for c in layout.columns)
            raise RecordsFileError(
                f"{path}: 不是{layout.name}：表头缺少必需的列 {'、'.join(missing)}（第一行应为列名：{example}）"
            )
        return found

    return header
