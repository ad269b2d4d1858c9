"""The `xxgk ledger` group, and the options and plumbing its commands share.

Its commands are thin shells over the ledger's service modules (`xxgk.ledger.applications`,
`decisions`, `cases`, `workdays`, `annual`, `due`: the same functions the web app calls);
each write is one transaction; every refusal is one Chinese line on stderr with exit status 2.

The sub-commands live by area, each module adding its own to `ledger_app`: `ledger_files`
(import, export), `ledger_reports` (report, cell, due), `ledger_applications` (add, event,
decide, letter), `ledger_registers` (case, active, agency) and `records` (table 二's records).
`xxgk.cli.COMMAND_MODULES` lists them in that order, which is the order `xxgk ledger --help`
shows. `xxgk deadline` (module `deadline`), `xxgk calendar` and `xxgk db` (`backup`) use the
same plumbing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from xxgk.cli.app import app, fail, open_store
from xxgk.errors import XxgkError
from xxgk.ledger.layout import parse_date
from xxgk.ledger.receipt import CHANNEL_LABELS, Receipt, ReceiptFacts, channel_of, receipt_of
from xxgk.store.transaction import in_transaction

T = TypeVar("T")

ledger_app = typer.Typer(help="依申请公开台账：导入导出、年度报告、期限提醒、办理登记。", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")


class Format(StrEnum):
    text = "text"
    json = "json"


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
