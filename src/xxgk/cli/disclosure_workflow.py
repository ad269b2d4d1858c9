"""An item's course through `xxgk disclosure`: `add` (a draft), `submit`, `approve` (each review
level in turn, bound to the content's hash), `publish` (now or at a set time), `withdraw` and
`validity` (已修改, 已废止, 已失效, or back to 现行有效).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from xxgk.cli.app import fail
from xxgk.cli.disclosure import AgencyOpt, DbOpt, ItemArg, UserOpt, _actor, _refusals, _reviewer, _write, disclosure_app
from xxgk.disclosure import service, workflow
from xxgk.disclosure.attachments import read_attachment
from xxgk.disclosure.content import parse_day, read_content
from xxgk.disclosure.vocabulary import DOC_KINDS, PROACTIVE, VALIDITIES
from xxgk.ledger.applications import agency_named
from xxgk.now import CHINA, today


@disclosure_app.command("add")
def add(
    agency: AgencyOpt,
    title: Annotated[str, typer.Option("--title", help="名称")],
    written: Annotated[str, typer.Option("--written", help="成文日期，如 2026-11-02")],
    topic: Annotated[str, typer.Option("--topic", help="主题分类（一级类目，如 科技、教育）")],
    genre: Annotated[str, typer.Option("--genre", help="体裁分类（如 通知）")],
    kind: Annotated[str, typer.Option("--kind", help=f"文件类型：{'、'.join(DOC_KINDS)}")] = DOC_KINDS[-1],
    summary: Annotated[str, typer.Option("--summary", help="内容概述（不超过 100 字）")] = "",
    doc_number: Annotated[str, typer.Option("--doc-number", help="文号，如 某科发〔2026〕3号")] = "",
    issuer: Annotated[str | None, typer.Option("--issuer", help="发文机关（联合发文的主办机关），默认本机关")] = None,
    effective: Annotated[str, typer.Option("--effective", help="实施日期")] = "",
    valid_until: Annotated[str, typer.Option("--valid-until", help="有效期至")] = "",
    openness: Annotated[str, typer.Option("--openness", help="公开属性")] = PROACTIVE,
    openness_reason: Annotated[str, typer.Option("--openness-reason", help="不主动公开的理由")] = "",
    registration: Annotated[str, typer.Option("--registration", help="行政规范性文件登记号")] = "",
    column: Annotated[str, typer.Option("--column", help="栏目")] = "",
    interprets: Annotated[str, typer.Option("--interprets", help="所解读文件的索引号")] = "",
    amends: Annotated[str, typer.Option("--amends", help="所修改文件的索引号")] = "",
    repeals: Annotated[str, typer.Option("--repeals", help="所废止文件的索引号")] = "",
    body_file: Annotated[Path | None, typer.Option("--body-file", help="正文（UTF-8 文本文件）")] = None,
    attach: Annotated[list[Path] | None, typer.Option("--attach", help="附件（DOCX、PDF、XLSX），可多次")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """起草一条信息（草稿），打印其目录编号。"""
    with _refusals():
        body = body_file.read_text(encoding="utf-8") if body_file else ""
        files = [read_attachment(path.name, path.read_bytes()) for path in attach or []]
    fields = {
        "title": title,
        "written_on": written,
        "topic": topic,
        "genre": genre,
        "doc_kind": kind,
        "summary": summary,
        "doc_number": doc_number,
        "issuer": issuer or agency,
        "effective_on": effective,
        "valid_until": valid_until,
        "openness": openness,
        "openness_reason": openness_reason,
        "registration_number": registration,
        "column": column,
        "body": body,
    }

    def work(session: Session) -> int:
        owner = agency_named(session, agency)
        actor = _actor(session, owner, user)
        choices = service.settings_of(session, owner).choices
        relations = service.resolve_relations(
            session, owner, {"interprets": interprets, "amends": amends, "repeals": repeals}
        )
        item = service.create_item(session, owner, actor, read_content(fields, relations, (), choices))
        service.attach(session, item, actor, files)
        return item.id

    print(_write(db, work))


@disclosure_app.command("submit")
def submit(item: ItemArg, agency: AgencyOpt, user: UserOpt = None, db: DbOpt = None) -> None:
    """提交审核。"""

    def work(session: Session) -> str:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        workflow.submit(session, found, _actor(session, owner, user))
        level = workflow.pending_level(session, found)
        return f"已提交，待{level}" if level else "已提交（本机关未设审核层级），可以发布"

    print(_write(db, work))


@disclosure_app.command("approve")
def approve(
    item: ItemArg,
    agency: AgencyOpt,
    user: UserOpt = None,
    opinion: Annotated[str, typer.Option("--opinion", help="审核意见（保密审查必填）")] = "",
    basis: Annotated[str, typer.Option("--basis", help="审查依据（保密审查必填）")] = "",
    reject: Annotated[bool, typer.Option("--reject", help="退回（须写 --opinion 理由）")] = False,
    db: DbOpt = None,
) -> None:
    """在当前审核层级通过（或 --reject 退回），审核记录绑定当前内容的散列值。"""

    def work(session: Session) -> str:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        reviewer = _reviewer(session, owner, user)
        seen = service.version(session, found.current_version_id).content_hash
        decision = workflow.review(
            session, found, reviewer, approve=not reject, seen_hash=seen, opinion=opinion, basis=basis
        )
        following = workflow.pending_level(session, found)
        verdict = "退回" if reject else "通过"
        return f"{decision.level_name}：{verdict}" + (f"，待{following}" if following else "")

    print(_write(db, work))


@disclosure_app.command("publish")
def publish(
    item: ItemArg,
    agency: AgencyOpt,
    at: Annotated[str | None, typer.Option("--at", help="定时发布的时刻（北京时间），如 2026-12-01T09:00")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """发布已审核通过的信息（立即，或 --at 定时），发布时生成索引号。"""
    when = _instant(at) if at else None

    def work(session: Session) -> str:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        workflow.publish(session, found, _actor(session, owner, user), when)
        if found.state == "scheduled" or (when and found.scheduled_at):
            return f"已定时，将于 {when.astimezone(CHINA):%Y-%m-%d %H:%M} 发布" if when else "已定时"
        return f"已发布，索引号 {found.index_number}"

    print(_write(db, work))


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"发布时刻“{text}”格式不对（应写作 2026-12-01T09:00）")
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


@disclosure_app.command("withdraw")
def withdraw(
    item: ItemArg,
    agency: AgencyOpt,
    reason: Annotated[str, typer.Option("--reason", help="撤回理由（公开页面上显示）")],
    screening: Annotated[
        bool, typer.Option("--screening", help="因涉密或个人信息等审查原因撤回：该版本不再出现在公开的版本记录中")
    ] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """撤回已发布或定时发布的信息；原网址保留撤回说明。"""

    def work(session: Session) -> str:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        workflow.withdraw(session, found, _actor(session, owner, user), reason, screening=screening)
        return f"已撤回：{found.title}"

    print(_write(db, work))


@disclosure_app.command("validity")
def validity(
    item: ItemArg,
    agency: AgencyOpt,
    to: Annotated[str, typer.Option("--to", help=f"新的有效性：{'、'.join(VALIDITIES)}")],
    reason: Annotated[str, typer.Option("--reason", help="变更理由，如 被某政发〔2026〕5号废止")],
    on: Annotated[str | None, typer.Option("--on", help="变更日期，默认今天")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """记录有效性变更（已修改、已废止、已失效，或恢复现行有效），注明日期和理由。"""
    day = parse_day(on) if on else today()
    if day is None:
        fail(f"变更日期“{on}”不是有效日期（应写作 2026-11-20）")

    def work(session: Session) -> str:
        owner = agency_named(session, agency, create=False)
        found = service.find_by_reference(session, owner, item)
        workflow.change_validity(session, found, _actor(session, owner, user), to, day, reason)
        return f"{found.title}：{to}（{day.isoformat()}）"

    print(_write(db, work))
