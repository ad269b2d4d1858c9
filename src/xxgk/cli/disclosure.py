"""`xxgk disclosure …`: the catalogue of proactively published information (主动公开目录).

Thin shells over `xxgk.disclosure` (the functions the desk pages call): each write is
one transaction, audited; every refusal is one Chinese line on stderr, exit status 2.
Review steps name the account that takes them (`--user`), because who may approve
what depends on the role and on who drafted the item.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from xxgk.cli.app import app, fail, first_line, open_store
from xxgk.disclosure import finder, fulltext, service, workflow
from xxgk.disclosure.attachments import read_attachment
from xxgk.disclosure.content import LABELS, ContentProblems, parse_day, read_content
from xxgk.disclosure.exporter import write_catalogue
from xxgk.disclosure.importer import read_catalogue
from xxgk.disclosure.imports import ImportRefused, ImportSummary, import_catalogue
from xxgk.disclosure.vocabulary import DOC_KINDS, PROACTIVE, STATE_LABELS, VALIDITIES
from xxgk.disclosure.worklist import flagged_items
from xxgk.errors import XxgkError
from xxgk.ledger.applications import agency_named
from xxgk.now import CHINA, today
from xxgk.store.agencies import Agency
from xxgk.store.transaction import in_transaction
from xxgk.store.web import User

T = TypeVar("T")
CLI = "命令行"

disclosure_app = typer.Typer(
    help="主动公开目录：起草、审核、发布、撤回、导入导出、检索、到期处理。", no_args_is_help=True
)
app.add_typer(disclosure_app, name="disclosure")

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL（默认 XXGK_DATABASE_URL，或当前目录的 sqlite:///xxgk.db）")
]
AgencyOpt = Annotated[str, typer.Option("--agency", "-a", help="机关名称")]
UserOpt = Annotated[str | None, typer.Option("--user", "-u", help="以哪个账号的身份操作（用户名）；审核必填")]
ItemArg = Annotated[str, typer.Argument(help="信息的索引号，或目录编号")]


@contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except ContentProblems as exc:
        for key, message in exc.problems.items():
            typer.echo(f"{LABELS.get(key, key)}：{message}", err=True)
        fail(f"{len(exc.problems)} 个字段有误，未保存")
    except XxgkError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"数据库操作失败：{first_line(exc)}")
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}：{exc.strerror or exc}")


def _write(url: str | None, work: Callable[[Session], T]) -> T:
    with _refusals():
        return in_transaction(open_store(url), work)
    raise AssertionError("unreachable")


def _read(url: str | None, work: Callable[[Session], T]) -> T:
    with _refusals(), open_store(url).sessions() as session:
        return work(session)
    raise AssertionError("unreachable")


def _actor(session: Session, agency: Agency, username: str | None) -> User | str:
    if username is None:
        return CLI
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None or not user.active:
        raise service.DisclosureError(f"没有可用的账号“{username}”")
    if user.agency_id != agency.id:
        raise service.DisclosureError(f"账号“{username}”不属于{agency.name}")
    return user


def _reviewer(session: Session, agency: Agency, username: str | None) -> User:
    actor = _actor(session, agency, username)
    if not isinstance(actor, User):
        raise service.DisclosureError("审核须用 --user 指明审核人的账号")
    return actor


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
    for problem in parsed.problems:
        print(f"{file}: {problem}", file=sys.stderr)
    if parsed.problems and not skip_invalid:
        fail(
            f"{file}: {len(parsed.problems)} 处问题，未导入任何记录（改正后重新导入，或用 --skip-invalid 只导入无误的行）"
        )

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


import xxgk.cli.disclosure_screening  # noqa: E402,F401  (registers `xxgk disclosure screening`)
