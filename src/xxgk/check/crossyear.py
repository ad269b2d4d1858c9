"""Cross-year rules X1–X4: a report against the same agency's previous year."""

from __future__ import annotations

from xxgk.findings import Finding
from xxgk.report import Report, show_value
from xxgk.template.applications import APPLICANT_COLUMNS

_LABELS = {f.key: f.label for f in APPLICANT_COLUMNS}


def check_against_previous(report: Report, previous: Report) -> list[Finding]:
    """Findings for `report` given the agency's report for the year before."""
    if report.year is not None and previous.year is not None and report.year - previous.year != 1:
        return []
    findings = _carry_over(report, previous)
    if report.template == previous.template == "2021":
        findings += _stock_flow(report, previous)
    if report.template == previous.template == "2019":
        findings += _items_continuity(report, previous) + _cumulative_published(report, previous)
    return findings


def _carry_over(report: Report, previous: Report) -> list[Finding]:
    wrong = []
    for column in _LABELS:
        now = report.get(f"applications.carried_over.{column}")
        before = previous.get(f"applications.carried_forward.{column}")
        if now is not None and before is not None and now != before:
            wrong.append((column, now, before))
    if not wrong:
        return []
    detail = "；".join(f"{_LABELS[c]}：本年上年结转 {n}，上年结转下年度 {b}" for c, n, b in wrong)
    return [
        Finding(
            "X1",
            f"与 {previous.year or '上一'} 年度报告不衔接：{detail}",
            tuple(f"applications.carried_over.{c}" for c, _, _ in wrong),
        )
    ]


def _stock_flow(report: Report, previous: Report) -> list[Finding]:
    findings = []
    for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        stock = previous.get(f"active.{row}.in_force")
        issued, repealed, now = (report.get(f"active.{row}.{k}") for k in ("issued", "repealed", "in_force"))
        if None in (stock, issued, repealed, now):
            continue
        assert stock is not None and issued is not None and repealed is not None
        expected = stock + issued - repealed
        if now != expected:
            findings.append(
                Finding(
                    "X2",
                    f"表二{label}：上年现行有效 {show_value(stock)} + 本年制发 {show_value(issued)} − 本年废止 {show_value(repealed)} = {show_value(expected)}，"
                    f"而本年现行有效件数为 {show_value(now)}",
                    (f"active.{row}.in_force",),
                )
            )
    return findings


def _items_continuity(report: Report, previous: Report) -> list[Finding]:
    findings = []
    for row in ("licensing", "other_services", "punishment", "coercion", "fees"):
        before, change, now = (
            previous.get(f"active.{row}.previous_items"),
            previous.get(f"active.{row}.change"),
            report.get(f"active.{row}.previous_items"),
        )
        if None in (before, change, now):
            continue
        assert before is not None and change is not None
        if now != before + change:
            label = report.spec.table("active").row(row).label
            findings.append(
                Finding(
                    "X3",
                    f"表二{label}：上一年项目数量 {show_value(now)}，按上年报告应为 {show_value(before + change)}",
                    (f"active.{row}.previous_items",),
                )
            )
    return findings


def _cumulative_published(report: Report, previous: Report) -> list[Finding]:
    findings = []
    for row in ("regulations", "normative_documents"):
        before, now = previous.get(f"active.{row}.total_published"), report.get(f"active.{row}.total_published")
        if before is not None and now is not None and now < before:
            label = report.spec.table("active").row(row).label
            findings.append(
                Finding(
                    "X4",
                    f"表二{label}：对外公开总数量从 {show_value(before)} 减少到 {show_value(now)}",
                    (f"active.{row}.total_published",),
                )
            )
    return findings
