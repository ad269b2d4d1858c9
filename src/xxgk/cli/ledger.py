"""Commands over the agency's ledger: deadline, calendar, ledger …, db backup/restore.

Every command is a thin shell over the ledger's service modules (`xxgk.ledger.applications`,
`decisions`, `cases`, `workdays`, `annual`, `due`: the same functions the web app calls); each write is one transaction; every refusal is one Chinese line
on stderr with exit status 2.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from xxgk.check import check_report, sort_findings
from xxgk.cli.app import app, fail, open_store
from xxgk.errors import XxgkError
from xxgk.ledger import decisions
from xxgk.ledger.amendments import amendment_of
from xxgk.ledger.annual import cell_members, year_report
from xxgk.ledger.applications import (
    ImportSummary,
    agency_named,
    application_deadline,
    describe_agency,
    find_application,
    import_rows,
    ledger_rows,
    record_application,
)
from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.cases import active_cells_of, add_review_case, set_active_figures
from xxgk.ledger.clock import EVENT_LABELS, Deadline, Event, EventKind, Party, Step, deadline
from xxgk.ledger.decisions import record_event
from xxgk.ledger.due import due_list
from xxgk.ledger.estimate import LIST_NOTE
from xxgk.ledger.events import party_of
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.importer import read_ledger
from xxgk.ledger.layout import parse_date
from xxgk.ledger.receipt import CHANNEL_LABELS, Receipt, ReceiptFacts, channel_of, receipt_of
from xxgk.ledger.stored import STATE_LABELS, ClockState
from xxgk.ledger.vocabulary import applicant_label, case_kinds, case_results, outcome_label
from xxgk.ledger.workdays import load_calendar, refresh_stale_clocks
from xxgk.now import today as current_day
from xxgk.records.checks import records_origin
from xxgk.records.service import TableTwo, cell_sources, table_two
from xxgk.report import Report, dumps, show_value
from xxgk.schema import validate_report_dict
from xxgk.service import parse_file
from xxgk.store.agencies import Agency
from xxgk.store.audit import cli_actor
from xxgk.store.backup import backup_database, restore_database
from xxgk.store.database import DEFAULT_URL, database_url
from xxgk.store.transaction import in_transaction
from xxgk.terminal import report_tables

T = TypeVar("T")

ledger_app = typer.Typer(help="依申请公开台账：导入导出、年度报告、期限提醒、办理登记。", no_args_is_help=True)
db_app = typer.Typer(help="数据库备份与恢复。", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")
app.add_typer(db_app, name="db")


class Format(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL（默认 XXGK_DATABASE_URL，或当前目录的 sqlite:///xxgk.db）")
]
AgencyOpt = Annotated[str, typer.Option("--agency", "-a", help="机关名称")]
YearOpt = Annotated[int, typer.Option("--year", "-y", help="报告年度")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="输出格式：text 或 json")]
ChannelOpt = Annotated[
    str | None,
    typer.Option(
        "--channel", help="申请方式：当面提交、邮寄、平常信函、网上申请 或 传真（第三十一条按方式确定收到日期）"
    ),
]
SignedForOpt = Annotated[str | None, typer.Option("--signed-for", help="邮寄的申请：机关签收日期（即收到申请之日）")]
ConfirmedOpt = Annotated[
    str | None,
    typer.Option("--confirmed", help="平常信函、网上申请、传真：与申请人确认的日期（即收到申请之日）"),
]
AmendOpt = Annotated[
    str | None,
    typer.Option("--amend", help="更正已报送（或已公开）年度的记录：写明理由；该年度报告重新打开为新版本，须重新报送"),
]
ActorOpt = Annotated[
    str | None, typer.Option("--actor", help="操作人（记入审计日志，标明“命令行”；不填则记为系统用户“命令行”）")
]


# ---------------------------------------------------------------- helpers


def _day(text: str, what: str) -> date:
    parsed = parse_date(text)
    if parsed is None:
        fail(f"{what}“{text}”不是有效日期（应写作 2025-09-26）")
    return parsed


def _receipt(
    channel: str | None, submitted: date | None, signed_for: str | None, confirmed: str | None
) -> Receipt | None:
    """The receipt date 第三十一条 gives the channel's facts (None: no channel given, the date is the receipt)."""
    if channel is None:
        if signed_for or confirmed:
            fail("--signed-for、--confirmed 须与 --channel（申请方式）一起使用")
        return None
    found = channel_of(channel)
    if found is None:
        fail(f"“{channel}”不是申请方式（应为 {'、'.join(CHANNEL_LABELS.values())} 之一）")
    facts = ReceiptFacts(
        found,
        submitted,
        _day(signed_for, "签收日期") if signed_for else None,
        _day(confirmed, "确认日期") if confirmed else None,
    )
    with _refusals():
        return receipt_of(facts)
    raise AssertionError("unreachable")


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn a refusal or a database failure into one line and exit status 2."""
    try:
        yield
    except XxgkError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"数据库操作失败：{str(getattr(exc, 'orig', exc) or exc).splitlines()[0][:300]}")
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}：{exc.strerror or exc}")


def _write(url: str | None, work: Callable[[Session], T]) -> T:
    with _refusals():
        return in_transaction(open_store(url), work)
    raise AssertionError("unreachable")


def _read(url: str | None, work: Callable[[Session], T]) -> T:
    with _refusals():
        db = open_store(url)
        with db.sessions() as session:
            return work(session)
    raise AssertionError("unreachable")


def _calendar(url: str | None) -> WorkCalendar:
    """The calendar with the database's overrides; no database file is created just to compute a date."""
    resolved = database_url(url)
    if resolved == DEFAULT_URL and not Path("xxgk.db").exists():
        return WorkCalendar()
    return _read(url, load_calendar)


# ---------------------------------------------------------------- deadline


@app.command("deadline")
def deadline_command(
    received: Annotated[
        str, typer.Argument(help="收到申请日期，如 2025-09-26；写了 --channel 时为申请人提交（寄出）日期")
    ],
    correction_notice: Annotated[str | None, typer.Option("--correction-notice", help="补正告知日期")] = None,
    correction_until: Annotated[
        str | None, typer.Option("--correction-until", help="补正告知给申请人的补正期限（最后一日）")
    ] = None,
    correction_period: Annotated[
        int | None,
        typer.Option("--correction-period", help="补正期限：告知次日起的工作日数（代替 --correction-until）"),
    ] = None,
    correction_received: Annotated[str | None, typer.Option("--correction-received", help="收到补正日期")] = None,
    third_party: Annotated[
        bool, typer.Option("--third-party", help="征求的是第三方意见（15 个工作日后恢复计时，第三十二条）")
    ] = False,
    consultation: Annotated[
        tuple[str, str] | None,
        typer.Option("--consultation", help="征求意见的开始和结束日期，如 --consultation 2025-10-09 2025-10-15"),
    ] = None,
    consulting: Annotated[
        str | None, typer.Option("--consultation-open", help="尚未结束的征求意见的开始日期（计时暂停）")
    ] = None,
    extension: Annotated[int | None, typer.Option("--extension", help="延期工作日数（最多 20）")] = None,
    extension_on: Annotated[
        str | None, typer.Option("--extension-on", help="延期决定日期（须在答复期限届满前；默认收到日期）")
    ] = None,
    approver: Annotated[str | None, typer.Option("--approver", help="延期审批人")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="延期理由")] = None,
    fee_notice: Annotated[str | None, typer.Option("--fee-notice", help="收费通知日期")] = None,
    fee_received: Annotated[
        str | None, typer.Option("--fee-notice-received", help="申请人收到收费通知的日期（默认通知日期）")
    ] = None,
    fee_paid: Annotated[str | None, typer.Option("--fee-paid", help="缴费日期")] = None,
    decided: Annotated[str | None, typer.Option("--decided", help="办结日期（说明是否超期）")] = None,
    channel: ChannelOpt = None,
    signed_for: SignedForOpt = None,
    confirmed: ConfirmedOpt = None,
    fmt: FormatOpt = Format.text,
    db: DbOpt = None,
) -> None:
    """计算答复期限，并逐步说明（工作日按国务院节假日安排，含调休）。"""
    receipt = _receipt(channel, _day(received, "收到日期"), signed_for, confirmed)
    start = receipt.received if receipt else _day(received, "收到日期")
    calendar = _calendar(db)
    events: list[Event] = []
    if correction_notice:
        notice = _day(correction_notice, "补正告知日期")
        until = _day(correction_until, "补正期限") if correction_until else None
        if correction_period is not None:
            with _refusals():
                until = calendar.nth_workday_after(notice, correction_period)
        events.append(Event(EventKind.correction_notice, notice, until=until))
    if correction_received:
        events.append(Event(EventKind.correction_received, _day(correction_received, "收到补正日期")))
    party = Party.third_party if third_party else None
    if consultation:
        first, last = consultation
        first_day, last_day = _day(first, "征求意见开始日期"), _day(last, "征求意见结束日期")
        events.append(Event(EventKind.consultation, first_day, until=last_day, party=party))
    if consulting:
        events.append(Event(EventKind.consultation, _day(consulting, "征求意见开始日期"), party=party))
    if extension is not None:
        decided_on = _day(extension_on, "延期决定日期") if extension_on else start
        events.append(Event(EventKind.extension, decided_on, days=extension, approver=approver, reason=reason))
    if fee_notice:
        delivered = _day(fee_received, "收到收费通知日期") if fee_received else None
        events.append(Event(EventKind.fee_notice, _day(fee_notice, "收费通知日期"), delivered=delivered))
    if fee_paid:
        events.append(Event(EventKind.fee_paid, _day(fee_paid, "缴费日期")))
    with _refusals():
        result = deadline(start, events, calendar, decided=_day(decided, "办结日期") if decided else None)
    if receipt is not None:
        result = replace(result, steps=(Step(start, receipt.text, receipt.basis), *result.steps))
    if fmt is Format.json:
        print(dumps({"received": start.isoformat(), **result.to_dict()}))
        return
    _show_deadline(result)


def _show_deadline(result: Deadline) -> None:
    for step in result.steps:
        basis = f"  〔{step.basis}〕" if step.basis else ""
        print(f"· {step.text}{basis}")
    for error in result.errors:
        print(f"✗ 违反规定：{error}")
    for warning in result.warnings:
        print(f"! {warning}")
    if result.due is None:
        print(f"期限：{STATE_LABELS[ClockState(result.state)]}")
    if result.attention is not None and result.closable is not None:
        print(
            f"{result.attention} 后申请人仍未{'补正' if result.closable == 'other_no_correction' else '缴费'}的，可按“{outcome_label(result.closable)}”办结"
        )
    if result.estimated:
        print(f"推定：{result.estimate_note}")


# ---------------------------------------------------------------- ledger: import, export


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
    for problem in parsed.problems:
        print(f"{file}: {problem}", file=sys.stderr)
    if parsed.problems and not skip_invalid:
        fail(
            f"{file}: {len(parsed.problems)} 处问题，未导入任何记录（改正后重新导入，或用 --skip-invalid 只导入无误的行）"
        )

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


# ---------------------------------------------------------------- ledger: report, cell, due


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


# ---------------------------------------------------------------- ledger: the desk


@ledger_app.command("add")
def ledger_add(
    agency: AgencyOpt,
    applicant_type: Annotated[
        str, typer.Option("--applicant-type", help="自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他")
    ],
    request: Annotated[str, typer.Option("--request", help="申请内容")] = "",
    received: Annotated[
        str | None, typer.Option("--received", help="收到日期；写了 --channel 时为申请人提交（寄出）日期")
    ] = None,
    channel: ChannelOpt = None,
    signed_for: SignedForOpt = None,
    confirmed: ConfirmedOpt = None,
    name: Annotated[str | None, typer.Option("--name", help="申请人姓名或名称")] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="联系方式")] = None,
    number: Annotated[str | None, typer.Option("--number", help="申请编号（默认自动编号）")] = None,
    amend: AmendOpt = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """登记一件新申请，输出申请编号与答复期限。"""
    from xxgk.ledger.vocabulary import applicant_key

    given = _day(received, "收到日期") if received else None
    receipt = _receipt(channel, given, signed_for, confirmed)
    when = receipt.received if receipt else given
    if when is None:
        fail("请写明收到日期（--received），或申请方式及其确认日期（--channel 邮寄 --signed-for 日期）")
    kind = applicant_key(applicant_type)
    if kind is None:
        fail(f"“{applicant_type}”不是申请人类型")

    def work(session: Session) -> str:
        found = agency_named(session, agency)
        application = record_application(
            session,
            found,
            received=when,
            applicant_type=kind,
            request=request,
            channel=channel,
            applicant_name=name,
            applicant_contact=contact,
            number=number,
            submitted=receipt.submitted if receipt else None,
            actor=cli_actor(by),
            amendment=amendment_of(amend),
        )
        return application.number

    print(_write(db, work))


@ledger_app.command("event")
def ledger_event(
    number: Annotated[str, typer.Argument(help="申请编号")],
    kind: Annotated[
        EventKind, typer.Argument(help="事件：" + "、".join(f"{k.value}（{v}）" for k, v in EVENT_LABELS.items()))
    ],
    agency: AgencyOpt,
    on: Annotated[str, typer.Option("--on", help="日期（征求意见为开始日期）")],
    until: Annotated[str | None, typer.Option("--until", help="征求意见结束日期；补正告知中给申请人的补正期限")] = None,
    days: Annotated[int | None, typer.Option("--days", help="延期工作日数")] = None,
    approver: Annotated[str | None, typer.Option("--approver", help="延期审批人")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="延期理由；逾期补正时承办人接受的正当理由")] = None,
    delivered: Annotated[
        str | None, typer.Option("--delivered", help="申请人收到收费通知的日期（默认通知日期）")
    ] = None,
    party: Annotated[str | None, typer.Option("--party", help="征求意见对象：第三方 或 其他机关")] = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """登记补正、征求意见、延期、收费等事件，并输出新的答复期限。"""
    who = party_of(party)
    if party and who is None:
        fail(f"--party 应为“第三方”或“其他机关”，而不是“{party}”")
    event = Event(
        kind,
        _day(on, "日期"),
        until=_day(until, "结束日期") if until else None,
        days=days,
        approver=approver,
        reason=reason,
        delivered=_day(delivered, "收到收费通知日期") if delivered else None,
        party=who,
    )
    if kind is EventKind.extension and not (approver and reason):
        fail(
            "延期答复须写明审批人（--approver）和理由（--reason）：第三十三条第二款要求经政府信息公开工作机构负责人同意"
        )

    def work(session: Session) -> Deadline:
        found = agency_named(session, agency, create=False)
        return application_deadline(session, record_event(session, found, number, event, actor=cli_actor(by)))

    _show_deadline(_write(db, work))


@ledger_app.command("decide")
def ledger_decide(
    number: Annotated[str, typer.Argument(help="申请编号")],
    agency: AgencyOpt,
    on: Annotated[str, typer.Option("--on", help="办结日期")],
    outcome: Annotated[str, typer.Option("--outcome", help="办理结果，如 予以公开、部分公开、逾期不补正")],
    reply: Annotated[str | None, typer.Option("--reply", help="答复内容")] = None,
    reasons: Annotated[str | None, typer.Option("--reasons", help="不予公开的理由（部分公开、不予公开时必填）")] = None,
    basis: Annotated[
        list[str] | None, typer.Option("--basis", help="不予公开部分的依据，如 第十五条（部分公开时必填，可重复）")
    ] = None,
    amend: AmendOpt = None,
    by: ActorOpt = None,
    db: DbOpt = None,
) -> None:
    """办结一件申请，并为答复告知书编号。"""
    when = _day(on, "办结日期")

    def work(session: Session) -> str:
        agency_row = agency_named(session, agency, create=False)
        application = decisions.decide(
            session,
            agency_row,
            number,
            when,
            outcome,
            reply,
            reasons=reasons,
            articles=basis or (),
            actor=cli_actor(by),
            amendment=amendment_of(amend),
        )
        return outcome_label(application.outcome or "")

    print(f"{number}：{when} 办结，{_write(db, work)}")


@ledger_app.command("letter")
def ledger_letter(
    number: Annotated[str, typer.Argument(help="申请编号")],
    agency: AgencyOpt,
    which: Annotated[
        str, typer.Option("--which", "-w", help="哪一份：decision（答复告知书，默认）或 --list 列出的编号")
    ] = "decision",
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx 或 pdf")] = "pdf",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件（默认按文书名称命名）")] = None,
    listing: Annotated[bool, typer.Option("--list", help="列出这件申请可出具的文书")] = False,
    db: DbOpt = None,
) -> None:
    """出具一件申请的告知书（首次出具时编文号），写成 DOCX 或 PDF。"""
    from xxgk.letters.service import LetterError, available_letters, issued_file

    def work(session: Session) -> tuple[str, bytes] | list[tuple[str, str]]:
        agency_row = agency_named(session, agency, create=False)
        application = find_application(session, agency_row, number)
        if listing:
            return available_letters(application)
        if fmt not in ("docx", "pdf"):
            raise LetterError(f"告知书只能写成 docx 或 pdf，而不是“{fmt}”")
        letter, data = issued_file(session, agency_row, application, which, fmt)
        return f"{letter.title}（{letter.number}）", data

    result = _write(db, work)
    if isinstance(result, list):
        for subject, title in result:
            print(f"{subject}\t{title}")
        return
    name, data = result
    target = output or Path(f"{name}.{fmt}")
    target.write_bytes(data)
    print(f"{name}：已写入 {target}")


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


# ---------------------------------------------------------------- db


@db_app.command("backup")
def db_backup(file: Annotated[Path, typer.Argument(help="备份文件")], db: DbOpt = None) -> None:
    """备份数据库：SQLite 用在线备份接口生成一致的数据库文件；PostgreSQL 写可移植的 JSON 备份。"""
    with _refusals():
        kind = backup_database(open_store(db), file)
    print(f"已备份到 {file}（{kind}）")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="备份文件（SQLite 数据库文件或 JSON 备份）")], db: DbOpt = None
) -> None:
    """用备份替换数据库中的全部数据（在一个事务中完成，失败则原数据不变）。"""
    with _refusals():
        count = restore_database(open_store(db), file)
    print(f"已从 {file} 恢复 {count} 行")
