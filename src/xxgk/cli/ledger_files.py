"""`xxgk ledger import` and `xxgk ledger export`: the ledger as an Excel or CSV file.

An import checks every row first and writes nothing while any row is wrong (unless
`--skip-invalid`); an export writes the import's columns, applicants masked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from xxgk.cli.app import refuse_problems
from xxgk.cli.ledger import ActorOpt, AgencyOpt, AmendOpt, DbOpt, _read, _refusals, _write, ledger_app
from xxgk.ledger.amendments import amendment_of
from xxgk.ledger.applications import ImportSummary, agency_named, import_rows, ledger_rows
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.importer import read_ledger
from xxgk.store.audit import cli_actor


@ledger_app.command("import")
def ledger_import(
    file: Annotated[Path, typer.Argument(help="台账文件：Excel（.xlsx）或 CSV")],
    agency: AgencyOpt,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="跳过有问题的行，导入其余各行")] = False,
    amend: AmendOpt = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """导入台账：先逐行检查，有任何问题则一行也不导入（除非 --skip-invalid）。"""
    with _refusals():
        parsed = read_ledger(file)
    refuse_problems(file, parsed.problems, skip_invalid=skip_invalid)

    def work(session: Session) -> ImportSummary:
        found = agency_named(session, agency)
        return import_rows(session, found, parsed.rows, actor=cli_actor(by), amendment=amendment_of(amend))

    summary = _write(db, work)
    skipped = len({p.row for p in parsed.problems})
    print(
        f"已导入 {summary.created + summary.updated} 条（新增 {summary.created}，更新 {summary.updated}，跳过 {skipped}）"
    )


@ledger_app.command("export")
def ledger_export(
    file: Annotated[Path, typer.Argument(help="输出文件：.xlsx 或 .csv")],
    agency: AgencyOpt,
    year: Annotated[int | None, typer.Option("--year", "-y", help="只导出该年收到的申请")] = None,
    db: DbOpt = None,
) -> None:
    """按导入格式导出台账（申请人姓名、联系方式脱敏）。"""

    def work(session: Session) -> int:
        return write_ledger(file, ledger_rows(session, agency_named(session, agency, create=False), year))

    print(f"已导出 {_read(db, work)} 条到 {file}")
