"""An application's course at the desk: `xxgk ledger add` (registered, numbered, its deadline),
`event` (corrections, consultations, extensions, fees), `decide` (closed) and `letter` (its
notices, numbered when first issued, as DOCX or PDF).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from xxgk.cli.app import fail
from xxgk.cli.deadline import _show_deadline
from xxgk.cli.ledger import (
    ActorOpt,
    AgencyOpt,
    AmendOpt,
    ChannelOpt,
    ConfirmedOpt,
    DbOpt,
    SignedForOpt,
    _day,
    _receipt,
    _write,
    ledger_app,
)
from xxgk.ledger import decisions
from xxgk.ledger.amendments import amendment_of
from xxgk.ledger.applications import agency_named, application_deadline, find_application, record_application
from xxgk.ledger.clock import EVENT_LABELS, Deadline, Event, EventKind
from xxgk.ledger.decisions import record_event
from xxgk.ledger.events import party_of
from xxgk.ledger.vocabulary import outcome_label
from xxgk.store.audit import cli_actor


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
