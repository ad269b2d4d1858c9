"""The catalogue as a whole: `xxgk disclosure import` and `export` (the old site's catalogue, the
published one), `search` (what the public finds), `find` (staff: every state, the agency's tree),
`reindex` (the full-text index) and `run-due` (scheduled publishing and expiry, for cron).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from xxgk.cli.app import fail, first_line, open_store, refuse_problems
from xxgk.cli.disclosure import CLI, AgencyOpt, DbOpt, _read, _refusals, _write, disclosure_app
from xxgk.disclosure import finder, fulltext, service, workflow
from xxgk.disclosure.exporter import write_catalogue
from xxgk.disclosure.importer import read_catalogue
from xxgk.disclosure.imports import ImportRefused, ImportSummary, import_catalogue
from xxgk.disclosure.vocabulary import STATE_LABELS
from xxgk.errors import XxgkError
from xxgk.ledger.applications import agency_named
from xxgk.store.agencies import Agency
from xxgk.store.transaction import in_transaction
from xxgk.store.web import User


@disclosure_app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="原网站的目录：Excel（.xlsx）或 CSV")],
    agency: AgencyOpt,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="跳过有问题的行，导入其余各行")] = False,
    db: DbOpt = None,
) -> None:
    """导入已有网站的目录：先逐行检查，有任何问题则一行也不导入（除非 --skip-invalid）；索引号按原样保留。"""
    with _refusals():
        parsed = read_catalogue(file)
    refuse_problems(file, parsed.problems, skip_invalid=skip_invalid)

    def work(session: Session) -> ImportSummary:
        return import_catalogue(session, agency_named(session, agency), CLI, parsed.rows, skip_invalid=skip_invalid)

    try:
        summary = in_transaction(open_store(db), work)
    except ImportRefused as exc:
        for problem in exc.problems:
            print(f"{file}: {problem}", file=sys.stderr)
        fail(f"{file}: {exc}")
    except (XxgkError, SQLAlchemyError) as exc:
        fail(f"{file}: {first_line(exc)}")
    skipped = len({p.row for p in parsed.problems} | summary.skipped_rows)
    print(f"已导入 {summary.created} 条（其中 {summary.numbered} 条新编索引号，跳过 {skipped} 行）")


@disclosure_app.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="输出文件：.xlsx 或 .csv")], agency: AgencyOpt, db: DbOpt = None
) -> None:
    """导出已发布信息的目录（与导入的列相同）。"""
    count = _read(db, lambda s: write_catalogue(s, agency_named(s, agency, create=False), file))
    print(f"已导出 {count} 条到 {file}")


@disclosure_app.command("search")
def search(
    words: Annotated[list[str], typer.Argument(help="检索词（多个词须同时出现）")],
    agency: Annotated[str | None, typer.Option("--agency", "-a", help="只查该机关")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多列出几条")] = 50,
    db: DbOpt = None,
) -> None:
    """检索已发布的信息（名称、文号、正文、附件文字）。"""

    def work(session: Session) -> list[str]:
        owner = agency_named(session, agency, create=False) if agency else None
        found = service.search(session, " ".join(words), owner, limit)
        return [f"{i.index_number}\t{i.published_on}\t{i.validity}\t{i.title}" for i in found]

    lines = _read(db, work)
    print("\n".join(lines) if lines else "没有找到")


@disclosure_app.command("find")
def find(
    words: Annotated[list[str] | None, typer.Argument(help="索引号、文号或文字（多个词须同时出现）")] = None,
    agency: Annotated[str | None, typer.Option("--agency", "-a", help="机关名称（含其下级机关）")] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", help="以该账号所在机关（含下级机关）为范围")] = None,
    state: Annotated[
        list[str] | None, typer.Option("--state", help="只查该状态：草稿、审核中、已撤回等，可多次")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多列出几条")] = finder.LIMIT,
    db: DbOpt = None,
) -> None:
    """工作人员检索：本机关及下级机关各种状态的信息（草稿、审核中、已发布、已撤回……），按索引号、文号或文字。"""
    states = [finder.state_named(s) for s in state or []]
    if unknown := finder.unknown_states(states):
        fail(f"没有这种状态：{'、'.join(unknown)}（可用：{'、'.join(STATE_LABELS[s] for s in finder.ITEM_STATES)}）")

    def work(session: Session) -> list[str]:
        root = _scope(session, agency, user)
        found = finder.find_items(session, root, " ".join(words or []), states, limit)
        return [
            f"{f.item.index_number or '（未编号）'}\t{STATE_LABELS[f.item.state]}\t{f.agency.name}\t{f.item.title}"
            for f in found
        ]

    lines = _read(db, work)
    print("\n".join(lines) if lines else "没有找到")


def _scope(session: Session, agency: str | None, username: str | None) -> Agency:
    """The agency whose tree a staff search covers: the account's own, or the one named."""
    if username is not None:
        account = session.scalars(select(User).where(User.username == username)).one_or_none()
        if account is None or not account.active or account.agency is None:
            raise service.DisclosureError(f"没有属于某个机关的可用账号“{username}”")
        if agency is not None and account.agency.name != agency:
            raise service.DisclosureError(f"账号“{username}”不属于{agency}")
        return account.agency
    if agency is None:
        raise service.DisclosureError("须用 --agency 指明机关，或用 --user 指明账号")
    return agency_named(session, agency, create=False)


@disclosure_app.command("reindex")
def reindex(db: DbOpt = None) -> None:
    """重建全文检索索引（升级或恢复备份后执行一次）：索引全部已发布的信息。"""
    count = _write(db, fulltext.reindex_all)
    print(f"已为 {count} 条已发布信息建立检索索引")


@disclosure_app.command("run-due")
def run_due(db: DbOpt = None) -> None:
    """到期处理（供 cron 调用）：发布定时到点的信息，把有效期已届满的标为已失效。"""
    summary = _write(db, workflow.run_due)
    for problem in summary.problems:
        print(problem, file=sys.stderr)
    print(f"发布 {len(summary.published)} 条，标为已失效 {len(summary.expired)} 条")
