"""Checks: every rule of the catalogue applied to a report."""

from __future__ import annotations

from xxgk.check.arithmetic import check_equations, check_kinds
from xxgk.check.catalogue import RULES, Rule
from xxgk.check.crossyear import check_against_previous
from xxgk.check.outcomes_prose import check_outcome_prose
from xxgk.check.plausibility import (
    check_blank_cells,
    check_decisions_equal_items,
    check_fee_unit,
    check_implausible_lengths,
    check_items_near_decisions,
    check_template_year,
)
from xxgk.check.prose import check_prose
from xxgk.findings import SEVERITY_ORDER, Finding
from xxgk.report import Report

__all__ = ["RULES", "Rule", "check_against_previous", "check_report", "sort_findings"]


def check_report(
    report: Report, previous: Report | None = None, *, unread: frozenset[str] = frozenset()
) -> list[Finding]:
    """All findings on `report`, the previous year's report compared when given.

    `unread` are cells the document prints but the reader could not place: they are
    unknown, neither blank nor zero, so no equation over them is judged.
    """
    broken = check_equations(report, unread)
    findings = (
        check_kinds(report)
        + broken
        + check_implausible_lengths(report, broken)
        + check_blank_cells(report, unread)
        + check_fee_unit(report)
        + check_decisions_equal_items(report)
        + check_items_near_decisions(report)
        + check_template_year(report)
        + check_prose(report)
        + check_outcome_prose(report)
    )
    if previous is not None:
        findings += check_against_previous(report, previous)
    return findings


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notes; stable otherwise."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
