"""Small helpers that build report documents for tests, driven by the template."""

from __future__ import annotations

from xxgk.report import Report, show_value
from xxgk.template import SECTIONS, get_template


def row_per_line_text(report: Report, overrides: dict[str, str] | None = None) -> str:
    """The report as text with one table row per line, values space-separated.

    `overrides` maps a row key ("applications.granted") to the exact value text
    printed after its label, to simulate glued or missing cells.
    """
    overrides = overrides or {}
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    lines = [title]
    for section in SECTIONS:
        lines.append(f"{section.number}、{section.title}")
        if section.table is None:
            lines.append(report.text.get(section.key, ""))
            continue
        table = report.spec.table(section.table)
        if table.flat:
            lines.append(" ".join(f.label for f in table.rows[0].fields))
            lines.append(" ".join(show_value(report.get(c)) for r in table.rows for c in r.cell_ids(table.key)))
            continue
        for key in report.printed_rows(table.key):
            row = table.row(key)
            printed = overrides.get(f"{table.key}.{key}")
            if printed is None:
                printed = " ".join(show_value(report.get(c)) for c in row.cell_ids(table.key))
            lines.append(f"{row.label} {printed}")
    return "\n".join(lines) + "\n"


def consistent_report(template: str = "2021") -> Report:
    """A small report that satisfies every equation of its template."""
    spec = get_template(template)
    report = Report(template=template, agency="测试县科学技术局", year=2023 if template == "2021" else 2020)
    report.text = {"overview": "本年度工作平稳。", "problems": "仍有不足。", "other_matters": "无。"}
    for cell in spec.cell_ids(include_optional=False):
        report.cells[cell] = 0
    columns = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
    plan = {
        "granted": (5, 1, 0, 0, 2, 0),
        "partially_granted": (2, 0, 0, 0, 0, 0),
        "unavailable_not_held": (3, 1, 0, 0, 0, 0),
    }
    totals = [0] * 6
    for row, values in plan.items():
        for i, value in enumerate(values):
            report.cells[f"applications.{row}.{columns[i]}"] = value
            totals[i] += value
        report.cells[f"applications.{row}.total"] = sum(values)
    carried = (1, 0, 0, 0, 0, 0)
    for i, column in enumerate(columns):
        report.cells[f"applications.total_processed.{column}"] = totals[i]
        report.cells[f"applications.carried_forward.{column}"] = carried[i]
        report.cells[f"applications.new_received.{column}"] = totals[i] + carried[i]
    for row in ("total_processed", "carried_forward", "new_received"):
        report.cells[f"applications.{row}.total"] = sum(report.cells[f"applications.{row}.{c}"] or 0 for c in columns)
    review = {"upheld": 1, "corrected": 1, "other": 0, "pending": 1}
    for key, value in review.items():
        report.cells[f"review_litigation.review.{key}"] = value
    report.cells["review_litigation.review.total"] = sum(review.values())
    return report
