"""What an office checks and sets: `xxgk disclosure show` (an item's versions and reviews),
`flags` (deadlines its items are near or past) and `settings` (review levels, self-approval,
columns).
"""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.orm import Session

from xxgk.cli.disclosure import CLI, AgencyOpt, DbOpt, ItemArg, _read, _write, disclosure_app
from xxgk.disclosure import service
from xxgk.disclosure.vocabulary import STATE_LABELS
from xxgk.disclosure.worklist import flagged_items
from xxgk.ledger.applications import agency_named
from xxgk.now import today


@disclosure_app.command("show")
def show(item: ItemArg, agency: AgencyOpt, db: DbOpt = None) -> None:
    """显示一条信息的状态、版本与审核记录。"""

    def work(session: Session) -> list[str]:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        lines = [
            f"{found.id}\t{found.index_number or '（发布时生成索引号）'}\t{STATE_LABELS[found.state]}\t{found.title}"
        ]
        for v in found.versions:
            lines.append(f"  第 {v.number} 版\t{STATE_LABELS.get(v.status, v.status)}\t{v.content_hash[:12]}")
            lines += [
                f"    {a.level_name}\t{a.reviewer}\t{'通过' if a.decision == 'approve' else '退回'}\t{a.opinion or ''}"
                for a in v.approvals
            ]
        return lines

    print("\n".join(_read(db, work)))


@disclosure_app.command("flags")
def flags(agency: AgencyOpt, db: DbOpt = None) -> None:
    """期限提示：超过 20 个工作日公开、规范性文件缺解读或有效期、有效期将届满。"""

    def work(session: Session) -> list[str]:
        owner = agency_named(session, agency, create=False)
        return [
            f"{f.item.index_number or f.item.id}\t{f.item.title}\t{flag.message}"
            for f in flagged_items(session, owner, today())
            for flag in f.flags
        ]

    lines = _read(db, work)
    print("\n".join(lines) if lines else "没有需要提示的期限")


@disclosure_app.command("settings")
def settings(
    agency: AgencyOpt,
    levels: Annotated[
        str | None, typer.Option("--levels", help="审核层级，按顺序用逗号分隔，如 初审,保密审查,签发")
    ] = None,
    self_approval: Annotated[
        bool | None, typer.Option("--self-approval/--no-self-approval", help="是否允许审核自己起草的内容")
    ] = None,
    columns: Annotated[str | None, typer.Option("--columns", help="本机关的栏目，逗号分隔")] = None,
    db: DbOpt = None,
) -> None:
    """设置本机关的审核层级、是否允许自审、栏目。"""

    def work(session: Session) -> str:
        owner = agency_named(session, agency, create=False)
        changed = service.configure(
            session,
            owner,
            CLI,
            levels=[name.strip() for name in levels.split(",") if name.strip()] if levels is not None else None,
            self_approval=self_approval,
            columns=columns.split(",") if columns is not None else None,
        )
        return f"审核层级：{' → '.join(changed.levels) or '无'}；{'允许' if changed.self_approval else '不允许'}审核自己起草的内容"

    print(_write(db, work))
