"""What the ledger counts: `xxgk ledger report` (tables 二 to 四 of a year), `cell` (the
applications or cases behind one cell) and `due` (the open applications and their days left).
"""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from xxgk.check import check_report, sort_findings
from xxgk.cli.ledger import AgencyOpt, DbOpt, Format, FormatOpt, YearOpt, _day, _read, _write, ledger_app
from xxgk.ledger.annual import cell_members, year_report
from xxgk.ledger.applications import agency_named
from xxgk.ledger.due import due_list
from xxgk.ledger.estimate import LIST_NOTE
from xxgk.ledger.stored import ClockState
from xxgk.ledger.vocabulary import applicant_label, case_kinds, case_results, outcome_label
from xxgk.ledger.workdays import refresh_stale_clocks
from xxgk.now import today as current_day
from xxgk.records.checks import records_origin
from xxgk.records.service import TableTwo, cell_sources, table_two
from xxgk.report import Report, dumps, show_value
from xxgk.store.agencies import Agency
from xxgk.terminal import report_tables


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


@ledger_app.command("report")
def ledger_report(
    agency: AgencyOpt,
    year: YearOpt,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text、json（规范报告）或 csv")
    ] = ReportFormat.text,
    db: DbOpt = None,
) -> None:
    """由台账生成年度报告的表二、表三、表四（2021 年起用 2021 年版格式）。

    json 的 cell_sources 与 csv 的 source 列标明每格的来源：由哪一种记录计算
    （catalogue、decisions、fees、matters、procurement）、录入（typed），或由申请与案件台账计算（ledger）。"""
    report, table = _read(db, lambda s: _counted_year(s, agency_named(s, agency, create=False), year))
    if fmt in (ReportFormat.json, ReportFormat.csv):
        cells = report.spec.cell_ids(include_optional=False)
        sources = cell_sources(table, cells)
        if fmt is ReportFormat.json:
            print(dumps({**report.to_dict(), "cell_sources": sources}))
            return
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["cell", "value", "source"])
        for cell in cells:
            value = report.get(cell)
            writer.writerow([cell, "" if value is None else show_value(value), sources[cell]])
        return
    origin = _read(db, lambda s: records_origin(s, agency_named(s, agency, create=False), year, table))
    findings = sort_findings(check_report(report) + origin.findings)
    console = Console()
    console.print(f"{report.agency} {year} 年度 · {report.spec.basis} 格式 · 由台账计算")
    console.print(report_tables(report, findings))
    for line in origin.lines:
        console.print(line)
    for finding in findings:
        console.print(f"  [{finding.code}] {finding.message}")


def _counted_year(session: Session, agency: Agency, year: int) -> tuple[Report, TableTwo]:
    """The year report and the table 二 it was counted from, the records read once."""
    table = table_two(session, agency, year)
    return year_report(session, agency, year, table), table


@ledger_app.command("cell")
def ledger_cell(
    cell: Annotated[str, typer.Argument(help="单元格，如 applications.granted.natural_person")],
    agency: AgencyOpt,
    year: YearOpt,
    fmt: FormatOpt = Format.text,
    db: DbOpt = None,
) -> None:
    """列出计入某个单元格的申请（或复议、诉讼案件）。"""
    members = _read(db, lambda s: cell_members(s, agency_named(s, agency, create=False), year, cell))
    if fmt is Format.json:
        for m in members:
            print(
                dumps(
                    {
                        "number": m.number,
                        "received": m.received_on.isoformat(),
                        "decided": m.decided_on.isoformat() if m.decided_on else None,
                        "kind": m.kind,
                        "result": m.result,
                        "applicant": m.applicant,
                    }
                )
            )
        return
    table = Table("编号", "收到/立案", "办结/审结", "类别", "结果", "申请人", title=f"{cell}：{len(members)} 件")
    for m in members:
        table.add_row(
            m.number,
            str(m.received_on),
            str(m.decided_on or ""),
            applicant_label(m.kind) if m.kind not in case_kinds() else case_kinds()[m.kind],
            _result_label(m.kind, m.result),
            m.applicant,
        )
    Console().print(table)


def _result_label(kind: str, result: str | None) -> str:
    if kind in case_kinds():
        return case_results().get(result or "", "尚未审结")
    return outcome_label(result) if result else ""


@ledger_app.command("due")
def ledger_due(
    agency: AgencyOpt,
    today: Annotated[str | None, typer.Option("--today", help="按哪一天计算（默认今天）")] = None,
    fmt: FormatOpt = Format.text,
    db: DbOpt = None,
) -> None:
    """列出未办结的申请及剩余工作日，超期的在前。"""
    when = _day(today, "日期") if today else current_day()
    _write(db, refresh_stale_clocks)
    items = _read(db, lambda s: due_list(s, agency_named(s, agency, create=False), when).items)
    if fmt is Format.json:
        for item in items:
            print(
                dumps(
                    {
                        "number": item.number,
                        "received": item.received_on.isoformat(),
                        "applicant_type": item.applicant_type,
                        "applicant": item.applicant,
                        "due": item.due.isoformat() if item.due else None,
                        "estimated": item.estimated,
                        "state": None if item.state is ClockState.problem else item.state.value,
                        "status": item.status,
                        "ready_to_close": item.ready_to_close,
                        "left": item.left,
                        "problem": item.problem,
                    }
                )
            )
        return
    table = Table(
        "编号", "收到日期", "申请人", "答复期限", "剩余工作日", "状态", title=f"{agency} 未办结申请（{when}）"
    )
    for item in items:
        state = item.problem or ("已超期" if item.overdue else item.status or "办理中")
        due = f"{item.due}{'（推定）' if item.estimated else ''}" if item.due else "—"
        table.add_row(item.number, str(item.received_on), item.applicant, due, _left(item.left), state)
    Console().print(table)
    if any(item.estimated for item in items):
        print(f"推定：{LIST_NOTE}")


def _left(left: int | None) -> str:
    if left is None:
        return "—"
    return f"超期 {-left}" if left < 0 else str(left)
