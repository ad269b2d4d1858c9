"""The ledger's other registers: `xxgk ledger case` (review cases and lawsuits, table 四),
`active` (table 二's figures, typed or taken from a report) and `agency` (an agency's level and
parent).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from xxgk.cli.app import fail
from xxgk.cli.ledger import ActorOpt, AgencyOpt, AmendOpt, DbOpt, YearOpt, _day, _refusals, _write, ledger_app
from xxgk.ledger.amendments import amendment_of
from xxgk.ledger.applications import agency_named, describe_agency
from xxgk.ledger.cases import active_cells_of, add_review_case, set_active_figures
from xxgk.report import Report
from xxgk.schema import validate_report_dict
from xxgk.service import parse_file
from xxgk.store.audit import cli_actor


@ledger_app.command("case")
def ledger_case(
    agency: AgencyOpt,
    kind: Annotated[str, typer.Option("--kind", help="行政复议、未经复议直接起诉 或 复议后起诉")],
    filed: Annotated[str, typer.Option("--filed", help="立案（申请）日期")],
    concluded: Annotated[str | None, typer.Option("--concluded", help="审结日期")] = None,
    result: Annotated[str | None, typer.Option("--result", help="结果维持、结果纠正 或 其他结果")] = None,
    application: Annotated[str | None, typer.Option("--application", help="关联的申请编号")] = None,
    number: Annotated[str | None, typer.Option("--number", help="案号")] = None,
    amend: AmendOpt = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """登记一件行政复议或行政诉讼案件（表四）。"""
    filed_on = _day(filed, "立案日期")
    concluded_on = _day(concluded, "审结日期") if concluded else None

    def work(session: Session) -> int:
        found = agency_named(session, agency, create=False)
        case = add_review_case(
            session,
            found,
            kind=kind,
            filed_on=filed_on,
            concluded_on=concluded_on,
            result=result,
            application_number=application,
            number=number,
            actor=cli_actor(by),
            amendment=amendment_of(amend),
        )
        return case.id

    print(f"已登记案件 #{_write(db, work)}")


@ledger_app.command("active")
def ledger_active(
    agency: AgencyOpt,
    year: YearOpt,
    values: Annotated[
        list[str] | None, typer.Argument(help="表二单元格=数值，如 regulations.issued=2 fees.amount=1.5")
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option("--from", help="从一份报告导入表二：规范 JSON，或已发布的报告文件（文本、HTML、DOCX、PDF）"),
    ] = None,
    amend: AmendOpt = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """录入或导入表二（主动公开情况）的数字。"""
    pairs: dict[str, str] = {}
    if source is not None:
        with _refusals():
            pairs |= active_cells_of(_report_from(source), year)
    for item in values or []:
        cell, sep, value = item.partition("=")
        if not sep:
            fail(f"“{item}”应写作 单元格=数值，如 regulations.issued=2")
        pairs[cell.strip()] = value
    if not pairs:
        fail("没有要录入的表二数字：请写 单元格=数值，或用 --from 指定报告")

    def work(session: Session) -> None:
        found = agency_named(session, agency)
        set_active_figures(session, found, year, pairs, actor=cli_actor(by), amendment=amendment_of(amend))

    _write(db, work)
    print(f"已录入 {len(pairs)} 个单元格")


def _report_from(path: Path) -> Report:
    """A report from canonical JSON or from a published document (read by content)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, dict):
        try:
            return validate_report_dict(data)
        except ValueError as exc:
            fail(f"{path}: {exc}")
    outcome = parse_file(path)
    if outcome.report is None:
        fail(f"{path}: {outcome.error}")
    return outcome.report


@ledger_app.command("agency")
def ledger_agency(
    name: Annotated[str, typer.Argument(help="机关名称")],
    level: Annotated[str | None, typer.Option("--level", help="层级，如 省、市、县、乡")] = None,
    parent: Annotated[str | None, typer.Option("--parent", help="上级机关名称")] = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """登记机关及其层级、上级机关。"""

    def work(session: Session) -> str:
        agency = describe_agency(session, name, level=level, parent=parent, actor=cli_actor(by))
        return f"{agency.name}（{agency.level or '层级未填'}；上级：{agency.parent.name if agency.parent else '无'}）"

    print(_write(db, work))
