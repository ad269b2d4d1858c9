"""Reading an existing site's catalogue (CSV or .xlsx, recognised by content) into rows.

The whole file is read and every row checked before anything is stored (as the ledger's
importer does, whose file readers this reuses): a file with bad rows is refused with
every problem listed, unless the caller chooses to import only the good rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from xxgk.disclosure.content import LABELS, RELATIONS, ContentProblems, parse_day
from xxgk.disclosure.vocabulary import VALIDITIES
from xxgk.extract.fold import squash
from xxgk.ledger.importer import LedgerFileError, table_records
from xxgk.ledger.layout import Problem

INDEX = "索引号"
PUBLISHED = "发布日期"
VALIDITY = "有效性"
VALIDITY_ON = "有效性变更日期"  # the day it was 废止/修改/失效 (table 二 counts by it); the import day when absent
# Column header → field; the content's labels, the catalogue's own columns, and common variants.
HEADERS: dict[str, str] = {label: key for key, label in LABELS.items()}
HEADERS |= {INDEX: "index_number", PUBLISHED: "published_on", VALIDITY: "validity", VALIDITY_ON: "validity_on"}
HEADERS |= {
    "标题": "title",
    "信息名称": "title",
    "发布机构": "issuer",
    "发文单位": "issuer",
    "生成日期": "written_on",
    "成文时间": "written_on",
    "发布时间": "published_on",
    "公开日期": "published_on",
    "摘要": "summary",
    "主题": "topic",
    "体裁": "genre",
    "不公开理由": "openness_reason",
    "文件登记号": "registration_number",
    "规范性文件登记号": "registration_number",
    "公开方式": "openness",
    "是否有效": "validity",
    "废止日期": "validity_on",
    "失效日期": "validity_on",
    "废止或失效日期": "validity_on",
}
_BY_SQUASHED = {squash(header): key for header, key in HEADERS.items()}
REQUIRED = ("title", "written_on", "published_on")


class CatalogueFileError(LedgerFileError):
    """The file as a whole cannot be read as a catalogue."""


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One row: its line, the 索引号 as printed (may be empty), dates, and the content's fields as text."""

    line: int
    index_number: str
    published_on: date
    validity: str
    fields: dict[str, str]
    relations: dict[str, str]
    validity_on: date | None = None


@dataclass(frozen=True, slots=True)
class ReadCatalogue:
    rows: list[CatalogueRow]
    problems: list[Problem]


def read_catalogue(path: Path) -> ReadCatalogue:
    """Every row of the file, checked on its own (the content is checked again by the service, with the
    agency's choices); duplicated 索引号 within the file are problems too."""
    rows: list[CatalogueRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, cells in _records(path):
        parsed = _row(line, cells)
        if isinstance(parsed, list):
            problems += parsed
        elif parsed.index_number and parsed.index_number in seen:
            problems.append(Problem(line, INDEX, f"“{parsed.index_number}”与第 {seen[parsed.index_number]} 行重复"))
        else:
            if parsed.index_number:
                seen[parsed.index_number] = line
            rows.append(parsed)
    return ReadCatalogue(rows, problems)


def content_problems(line: int, exc: ContentProblems) -> list[Problem]:
    return [Problem(line, LABELS.get(key, key), message) for key, message in exc.problems.items()]


def _row(line: int, cells: dict[str, Any]) -> CatalogueRow | list[Problem]:
    text = {key: _text(value) for key, value in cells.items()}
    problems = [Problem(line, _label(key), "不能为空") for key in REQUIRED if not text.get(key)]
    published = parse_day(text.get("published_on", "")) if text.get("published_on") else None
    if text.get("published_on") and published is None:
        problems.append(Problem(line, PUBLISHED, f"“{text['published_on']}”不是有效日期"))
    validity = text.get("validity") or VALIDITIES[0]
    if validity not in VALIDITIES:
        problems.append(Problem(line, VALIDITY, f"“{validity}”不是 {'、'.join(VALIDITIES)} 之一"))
    changed = parse_day(text["validity_on"]) if text.get("validity_on") else None
    if text.get("validity_on") and changed is None:
        problems.append(Problem(line, VALIDITY_ON, f"“{text['validity_on']}”不是有效日期"))
    elif changed is not None and published is not None and changed < published:
        problems.append(Problem(line, VALIDITY_ON, f"{changed} 早于发布日期 {published}"))
    if problems or published is None:
        return problems
    fields = {key: value for key, value in text.items() if key in LABELS and key not in RELATIONS}
    relations = {key: text.get(key, "") for key in RELATIONS}
    return CatalogueRow(line, text.get("index_number", ""), published, validity, fields, relations, changed)


def _label(key: str) -> str:
    known = {"index_number": INDEX, "published_on": PUBLISHED, "validity": VALIDITY, "validity_on": VALIDITY_ON}
    return known.get(key) or LABELS[key]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # openpyxl gives datetimes for date cells
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    return table_records(path, _header, CatalogueFileError)


def _header(path: Path, values: Sequence[Any]) -> dict[int, str]:
    found = {
        i: _BY_SQUASHED[squash(str(v))]
        for i, v in enumerate(values)
        if v is not None and squash(str(v)) in _BY_SQUASHED
    }
    missing = [_label(key) for key in REQUIRED if key not in found.values()]
    if missing:
        raise CatalogueFileError(
            f"{path}: 表头缺少必需的列：{'、'.join(missing)}（第一行应为列名，如 索引号、名称、成文日期、发布日期…）"
        )
    return found
