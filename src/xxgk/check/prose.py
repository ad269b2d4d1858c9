"""Text against tables, T1–T5: what the prose says against what the tables count.

Prose often counts a different scope than the tables (one office's applications
against the whole government's), so these are warnings, and a sentence that
names a narrower scope (代表, 其中, 本级, 办公室 ...) is not compared at all.
"""

from __future__ import annotations

import re

from xxgk.extract.fold import fold
from xxgk.findings import Finding
from xxgk.report import Report, show_value

_CLAUSE = re.compile(r"[^。；;！!？?\n]+")
NARROWER_SCOPE = re.compile(r"代表|其中|本级|办公室|政府办|办公厅|转办|网上|当面|信函|邮寄|线上|线下|各部门|乡镇|街道")
_RECEIVED = re.compile(
    r"(?:共|全年|本年度?|年内)[^，,]{0,6}?(?:收到|受理|接收|接到)[^，,\d]{0,8}?(?:政府)?信息公开申请[^\d，,]{0,3}?(\d+)\s*件"
)
_NONE_RECEIVED = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|接收)[^，,]{0,8}?(?:政府)?信息公开申请")
_NOT_ISSUED = re.compile(
    r"(?:未|没有)(?:制定|制发|出台|印发)[^，,]{0,4}?((?:规章|(?:行政)?规范性文件)(?:[、和及与]?(?:规章|(?:行政)?规范性文件))?)"
)
_NO_REVIEW = re.compile(
    r"(?:无|未发生|没有|未有|未出现|未收到)[^，,]{0,16}?(行政复议(?:[、和及与或]?(?:提起)?行政诉讼)?|行政诉讼)"
)


def check_prose(report: Report) -> list[Finding]:
    clauses = [m.group() for key in ("overview", "other_matters") for m in _CLAUSE.finditer(fold(report.text[key]))]
    findings: list[Finding] = []
    for clause in clauses:
        # Each pattern needs a word most clauses lack; a substring test rules it out in C.
        if "信息公开申请" in clause:
            findings += _received(report, clause) + _none_received(report, clause)
        if "规" in clause:  # 规章, 规范性文件
            findings += _not_issued(report, clause)
        if "行政" in clause:  # 行政复议, 行政诉讼
            findings += _no_review(report, clause)
    return _unique(findings) + _fee_statement(report)


def _received(report: Report, clause: str) -> list[Finding]:
    match = _RECEIVED.search(clause)
    new, carried = report.get("applications.new_received.total"), report.get("applications.carried_over.total")
    if not match or new is None or NARROWER_SCOPE.search(clause):
        return []
    stated = int(match.group(1))
    if stated in (new, new + (carried or 0)):
        return []
    return [
        Finding(
            "T1",
            f"正文称“{match.group().strip()}”，而表三本年新收申请总计为 {new} 件",
            ("applications.new_received.total",),
        )
    ]


def _none_received(report: Report, clause: str) -> list[Finding]:
    new = report.get("applications.new_received.total")
    if not _NONE_RECEIVED.search(clause) or not new or NARROWER_SCOPE.search(clause):
        return []
    return [
        Finding(
            "T2",
            f"正文称未收到政府信息公开申请，而表三本年新收申请总计为 {new} 件",
            ("applications.new_received.total",),
        )
    ]


def _not_issued(report: Report, clause: str) -> list[Finding]:
    match = _NOT_ISSUED.search(clause)
    if not match:
        return []
    column = "issued" if report.template == "2021" else "made"
    findings = []
    for word, row in (("规章", "regulations"), ("规范性文件", "normative_documents")):
        cell = f"active.{row}.{column}"
        value = report.get(cell)
        if word in match.group(1) and value:
            findings.append(
                Finding("T3", f"正文称“{match.group().strip()}”，而表二{word}本年制发数为 {value}", (cell,))
            )
    return findings


def _no_review(report: Report, clause: str) -> list[Finding]:
    match = _NO_REVIEW.search(clause)
    if not match:
        return []
    groups = []
    if "复议" in match.group(1):
        groups.append("review")
    if "诉讼" in match.group(1):
        groups += ["litigation_direct", "litigation_after_review"]
    cells = [f"review_litigation.{g}.total" for g in groups]
    counted = [(c, v) for c in cells if (v := report.get(c))]
    if not counted:
        return []
    total = sum(v for _, v in counted if v is not None)
    return [
        Finding(
            "T4",
            f"正文称“{match.group().strip()}”，而表四相应案件合计为 {show_value(total)} 件",
            tuple(c for c, _ in counted),
        )
    ]


def _fee_statement(report: Report) -> list[Finding]:
    cell = "applications.other_unpaid_fee.total"
    unpaid = report.get(cell)
    if report.template != "2021" or not unpaid or "处理费" in report.text["other_matters"]:
        return []
    return [Finding("T5", f"表三有 {unpaid} 件申请因逾期未缴费终止处理，第六部分宜说明信息处理费收取情况", (cell,))]


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for finding in findings:
        key = (finding.code, finding.cells)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
