"""Commands over the records behind table 二: importing the decisions, fees, 事项 and procurement
ledgers, marking the sources an agency keeps per year, the records behind a cell, and the
stock-flow check of 现行有效 documents. Registered under `xxgk ledger`; thin shells over
`xxgk.records.service` (which the desk calls too); every refusal is one Chinese line, exit 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from xxgk.cli.app import fail, open_store
from xxgk.cli.ledger import ledger_app
from xxgk.errors import XxgkError
from xxgk.ledger.amendments import amendment_of
from xxgk.records import service
from xxgk.records.checks import stock_flow, stock_flow_findings
from xxgk.records.importer import read_records
from xxgk.records.layout import LAYOUTS
from xxgk.records.vocabulary import SOURCES
from xxgk.store.agencies import Agency, agency_for, find_agency
from xxgk.store.audit import cli_actor

T = TypeVar("T")
DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL（默认 XXGK_DATABASE_URL，或当前目录的 sqlite:///xxgk.db）")
]
AgencyOpt = Annotated[str, typer.Option("--agency", "-a", help="机关名称")]
YearOpt = Annotated[int, typer.Option("--year", "-y", help="报告年度")]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
AmendOpt = Annotated[
    str | None,
    typer.Option("--amend", help="更正已报送（或已公开）年度的记录：写明理由；该年度报告重新打开为新版本，须重新报送"),
]
ActorOpt = Annotated[
    str | None, typer.Option("--actor", help="操作人（记入审计日志，标明“命令行”；不填则记为系统用户“命令行”）")
]


def _run(url: str | None, work: Callable[[Session], T]) -> T:
    """One transaction; a refusal or a database failure becomes one line and exit status 2."""
    from xxgk.store.transaction import in_transaction

    try:
        return in_transaction(open_store(url), work)
    except XxgkError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"数据库操作失败：{str(getattr(exc, 'orig', exc) or exc).splitlines()[0][:300]}")


def _agency(session: Session, name: str, *, create: bool = False) -> Agency:
    if create:
        return agency_for(session, name)
    found = find_agency(session, name)
    if found is None:
        raise service.RecordsError(f"没有机关“{name}”")
    return found


def _import_command(source: str) -> Callable[..., None]:
    layout = LAYOUTS[source]

    def command(
        file: Annotated[Path, typer.Argument(help="CSV 或 Excel（.xlsx）文件")],
        agency: AgencyOpt,
        amend: AmendOpt = None,
        by: ActorOpt = None,
        db: DbOpt = None,
    ) -> None:
        try:
            read = read_records(file, source)
        except XxgkError as exc:
            fail(str(exc))
        for problem in read.problems:
            print(f"{file}: {problem}", file=sys.stderr)
        if read.problems:
            fail(f"{file}: {len(read.problems)} 处问题，未导入任何记录（改正后重新导入）")

        def work(session: Session) -> service.Imported:
            found = _agency(session, agency, create=True)
            return service.import_records(session, found, read, actor=cli_actor(by), amendment=amendment_of(amend))

        done = _run(db, work)
        print(f"{layout.name}：已导入 {done.created + done.updated} 条（新增 {done.created}，更新 {done.updated}）")

    columns = "、".join(c.header + ("" if c.required else "（可空）") for c in layout.columns)
    command.__doc__ = f"导入{layout.name}（列：{columns}）：先逐行检查，有任何问题则一行也不导入。"
    return command


for _source in LAYOUTS:
    _group = typer.Typer(help=f"{LAYOUTS[_source].name}。", no_args_is_help=True)
    _group.command("import")(_import_command(_source))
    ledger_app.add_typer(_group, name=_source)


@ledger_app.command("sources")
def ledger_sources(
    agency: AgencyOpt,
    year: YearOpt,
    sources: Annotated[
        list[str] | None, typer.Argument(help=f"本年在本系统记录的数据来源：{'、'.join(SOURCES)}；不写则只显示")
    ] = None,
    none: Annotated[bool, typer.Option("--none", help="本年表二全部录入（取消所有来源）")] = False,
    expiry_is_repeal: Annotated[
        bool | None,
        typer.Option("--expiry-is-repeal/--expiry-not-repeal", help="有效期届满失效是否计入本年废止（默认不计入）"),
    ] = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """标明某年表二由哪些记录计算（其余单元格保持录入），并显示计算与录入的单元格。"""

    def work(session: Session) -> list[str]:
        found = _agency(session, agency, create=bool(sources or none))
        if sources or none:
            service.keep_sources(
                session, found, year, sources or [], actor=cli_actor(by), expiry_is_repeal=expiry_is_repeal
            )
        elif expiry_is_repeal is not None:
            service.set_expiry_is_repeal(session, found, expiry_is_repeal, actor=cli_actor(by))
        kept = service.kept_sources(session, found, year)
        head = "、".join(SOURCES[s] for s in SOURCES if s in kept) or "无（表二全部录入）"
        repeal = "计入" if service.expiry_is_repeal(session, found) else "不计入"
        lines = [f"{year} 年由本系统记录：{head}；有效期届满失效{repeal}本年废止"]
        return lines + service.provenance_lines(service.table_two(session, found, year))

    print("\n".join(_run(db, work)))


@ledger_app.command("records")
def ledger_records(
    cell: Annotated[str, typer.Argument(help="表二单元格，如 active.regulations.issued 或 regulations.issued")],
    agency: AgencyOpt,
    year: YearOpt,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """列出计入表二某个单元格的记录（目录中的文件、台账中的决定、收费、事项或采购项目）。"""
    cell_id = cell if cell.startswith("active.") else f"active.{cell}"
    members = _run(db, lambda s: service.cell_records(s, _agency(s, agency), year, cell_id))
    if as_json:
        print(json.dumps([asdict(m) | {"on": m.on.isoformat() if m.on else None} for m in members], ensure_ascii=False))
        return
    print(f"{cell_id}：{len(members)} 条")
    for m in members:
        print("\t".join((m.reference, m.on.isoformat() if m.on else "—", m.title, m.detail)))


@ledger_app.command("stock-flow")
def ledger_stock_flow(agency: AgencyOpt, year: YearOpt, db: DbOpt = None) -> None:
    """核对现行有效件数：上年现行有效 + 本年进入 − 本年退出 = 本年现行有效（逐件列出）；不衔接时退出码 1。"""
    flows = _run(db, lambda s: stock_flow(s, _agency(s, agency), year))
    if not flows:
        fail(f"{year} 年度的格式没有“现行有效件数”，无需核对")
    for flow in flows:
        mark = "衔接" if flow.balanced else "不衔接"
        print(
            f"{flow.label}：上年 {flow.before if flow.before is not None else '—'} + 进入 {len(flow.entered)} "
            f"− 退出 {len(flow.left)} = {flow.expected if flow.expected is not None else '—'}，"
            f"本年 {flow.after if flow.after is not None else '—'}（{mark}）"
        )
        for move in flow.entered:
            print(f"  + {move.reference}\t{move.title}\t{move.why}")
        for move in flow.left:
            print(f"  − {move.reference}\t{move.title}\t{move.why}")
    findings = stock_flow_findings(flows, year)
    for finding in findings:
        print(f"[{finding.code}] {finding.message}")
    if findings:
        raise typer.Exit(1)
