"""The terminal view: a report's tables with the cells of its findings highlighted."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from xxgk.findings import SEVERITY_ORDER, Finding
from xxgk.report import Report, show_value
from xxgk.service import Outcome

_STYLE = {"error": "bold white on red", "warning": "black on yellow", "info": "cyan"}
_MARK = {"error": "✗ 错误", "warning": "! 警告", "info": "i 提示"}


def show_outcome(console: Console, outcome: Outcome, *, tables: bool) -> None:
    """One input: a heading, optionally its tables, then its findings."""
    if outcome.report is None:
        console.print(Text(f"{outcome.source}: {outcome.error}", style="red"))
        return
    report = outcome.report
    counts = {s: sum(f.severity == s for f in outcome.findings) for s in ("error", "warning", "info")}
    heading = Text.assemble(
        (outcome.source, "bold"),
        f"  {report.agency or '（未识别机关）'} · {report.year or '年度未知'} · {report.template} 年版格式  ",
        (f"{counts['error']} 个错误", "red" if counts["error"] else "green"),
        f" · {counts['warning']} 个警告 · {counts['info']} 个提示",
    )
    console.print(heading)
    if tables:
        console.print(report_tables(report, outcome.findings))
    for finding in outcome.findings:
        console.print(
            Text.assemble((f"  {_MARK[finding.severity]} [{finding.code}] ", _STYLE[finding.severity]), finding.message)
        )


def report_tables(report: Report, findings: list[Finding]) -> Group:
    """Tables 二, 三 and 四 as rich tables, each finding's cells in its severity's colour."""
    worst: dict[str, str] = {}
    for finding in sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity], reverse=True):
        for cell in finding.cells:
            worst[cell] = finding.severity
    parts = []
    for table in report.spec.tables:
        grid = Table(title=f"{table.number}、{table.title}", title_justify="left")
        grid.add_column("项目")
        shared_columns = len({tuple(f.key for f in row.fields) for row in table.rows}) == 1
        width = max(len(row.fields) for row in table.rows)
        for header in [f.label for f in table.rows[0].fields] if shared_columns else [""] * width:
            grid.add_column(header, justify="right")
        for key in report.printed_rows(table.key):
            row = table.row(key)
            label = row.label if shared_columns else f"{row.label}（{'/'.join(f.label for f in row.fields)}）"
            values = [_cell(report, c, worst) for c in row.cell_ids(table.key)]
            grid.add_row(label, *values, *[""] * (width - len(values)))
        parts.append(grid)
    return Group(*parts)


def _cell(report: Report, cell: str, worst: dict[str, str]) -> Text:
    value = report.get(cell)
    shown = "—" if value is None else (f"{show_value(value)}" if isinstance(value, float) else str(value))
    if cell in report.inferred:
        shown += "*"
    return Text(shown, style=_STYLE.get(worst.get(cell, ""), ""))
