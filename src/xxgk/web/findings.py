"""Findings as a reader takes them in: grouped by the table they are about, each under its rule's
plain-Chinese title (the catalogue's, never the code), with the cells several findings share singled out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from xxgk.check.catalogue import RULES
from xxgk.report import Report

RULE_TITLES = {rule.code: rule.title for rule in RULES}
WHOLE_REPORT = "全文及其他"


def rule_title(code: str) -> str:
    """The catalogue's title of a rule; a code the catalogue does not know reads as a generic line."""
    return RULE_TITLES.get(code, "其他检查结果")


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """The findings about one table (or about the report as a whole), in their order."""

    key: str
    title: str
    findings: list[dict[str, Any]]


def shared_cells(findings: list[dict[str, Any]]) -> dict[str, int]:
    """Cell id → how many findings name it, for cells named by more than one."""
    counts = Counter(cell for finding in findings for cell in dict.fromkeys(finding.get("cells", [])))
    return {cell: count for cell, count in counts.items() if count > 1}


def grouped_findings(report: Report, findings: list[dict[str, Any]]) -> list[FindingGroup]:
    """Findings by the table of their first cell, tables in the report's order, the rest last."""
    titles: dict[str, str] = {str(table.key): f"表{table.number}　{table.title}" for table in report.spec.tables}
    groups: dict[str, list[dict[str, Any]]] = {key: [] for key in titles}
    rest: list[dict[str, Any]] = []
    for finding in findings:
        cells = finding.get("cells") or []
        table = str(cells[0]).split(".", 1)[0] if cells else ""
        groups.get(table, rest).append(finding)
    out = [FindingGroup(key, titles[key], items) for key, items in groups.items() if items]
    if rest:
        out.append(FindingGroup("other", WHOLE_REPORT, rest))
    return out
