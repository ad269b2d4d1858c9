"""Which records feed which table 二 cell, derived from the national templates (never a label
repeated): the sources an agency can keep in xxgk, the row kinds of each ledger, and the
catalogue's document type behind each document row."""

from __future__ import annotations

from functools import cache

from xxgk.disclosure.vocabulary import NORMATIVE, REGULATION
from xxgk.extract.fold import squash
from xxgk.template import TEMPLATES, Template

ACTIVE = "active"
CATALOGUE = "catalogue"
DECISIONS = "decisions"
FEES = "fees"
MATTERS = "matters"
PROCUREMENT = "procurement"

# Source key → what the desk and the CLI call it.
SOURCES: dict[str, str] = {
    CATALOGUE: "政府信息目录（规章、规范性文件）",
    DECISIONS: "行政决定台账",
    FEES: "行政事业性收费台账",
    MATTERS: "权责清单（事项）",
    PROCUREMENT: "政府集中采购台账",
}

# Table 二 document rows (template row keys) → the catalogue's 文件类型.
DOCUMENT_KINDS: dict[str, str] = {"regulations": REGULATION, "normative_documents": NORMATIVE}
_CATALOGUE_FIELDS = frozenset({"issued", "repealed", "in_force", "made", "published", "total_published"})
_MATTER_FIELDS = frozenset({"previous_items", "change"})
_DECISION_FIELD = "decisions"


def source_of(cell: str) -> str | None:
    """The source that counts table 二 cell `active.row.field`, or None for a cell no record feeds."""
    _, row, field = cell.split(".")
    if field in _CATALOGUE_FIELDS and row in DOCUMENT_KINDS:
        return CATALOGUE
    if field == _DECISION_FIELD:
        return DECISIONS
    if field in _MATTER_FIELDS:
        return MATTERS
    if row == FEES and field == "amount":
        return FEES
    if row == PROCUREMENT:
        return PROCUREMENT
    return None


def active_cells(template: Template) -> tuple[str, ...]:
    return tuple(c for c in template.cell_ids(include_optional=False) if c.startswith(f"{ACTIVE}."))


@cache
def decision_kinds() -> dict[str, str]:
    """Row key → label of every table 二 row with a 处理决定数量, in either format."""
    return _row_labels(_DECISION_FIELD)


@cache
def matter_kinds() -> dict[str, str]:
    """Row key → label of every table 二 row counting 事项 (上一年项目数量), in either format."""
    return _row_labels("previous_items")


def _row_labels(field: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for template in TEMPLATES.values():
        for row in template.table(ACTIVE).rows:
            if any(f.key == field for f in row.fields):
                found.setdefault(row.key, row.label)
    return found


def kind_key(text: str, kinds: dict[str, str]) -> str | None:
    """The row key `text` names (its key, label or a label variant, spaces and punctuation ignored)."""
    wanted = squash(text)
    for key, label in kinds.items():
        if wanted in (squash(key), squash(label)):
            return key
    for template in TEMPLATES.values():
        for row in template.table(ACTIVE).rows:
            if row.key in kinds and wanted in {squash(v) for v in (row.label, *row.variants, *row.match)}:
                return row.key
    return None
