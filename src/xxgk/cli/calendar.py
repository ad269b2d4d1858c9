"""`xxgk calendar …`: the working-day calendar — single-day corrections, a year's notice imported whole.

A year is published once its State Council notice is imported (or chinese-calendar
knows it); until then it is estimated from 《全国年节及纪念日放假办法》.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from xxgk.cli.app import app, fail
from xxgk.cli.ledger import DbOpt, _day, _read, _write
from xxgk.ledger.calendar import package_knows
from xxgk.ledger.estimate import ESTIMATE_NOTE
from xxgk.ledger.schedule import FORMAT_HELP, ScheduleError, parse_schedule
from xxgk.ledger.workdays import calendar_overrides, load_calendar, set_calendar_day, unset_calendar_day
from xxgk.ledger.yearly import ImportResult, import_schedule, published_years
from xxgk.now import today

IMPORT_HELP = f"""导入国务院办公厅某年部分节假日安排的通知（全年），该年即按公布的安排计算，所有未办结申请的期限重新计算。

文件为 UTF-8 文本（CSV）。{FORMAT_HELP}。例如：

\b
年份,2027
文号,国办发明电〔2026〕12号
发布日期,2026-11-12
放假,2027-01-01,2027-01-03,元旦
放假,2027-02-05,2027-02-12,春节
上班,2027-02-14,,春节调休

未列出的日期按周一至周五上班计算。"""

calendar_app = typer.Typer(
    help="工作日日历：国务院放假安排（导入全年或更正单日），未公布的年份按放假办法推定。", no_args_is_help=True
)
app.add_typer(calendar_app, name="calendar")


class DayKind(StrEnum):
    workday = "workday"
    holiday = "holiday"


@calendar_app.command("set")
def calendar_set(
    day: Annotated[str, typer.Argument(help="日期，如 2027-10-08")],
    kind: Annotated[DayKind, typer.Argument(help="workday（上班，含调休上班日）或 holiday（放假）")],
    note: Annotated[str | None, typer.Option("--note", help="说明，如 国庆节调休")] = None,
    db: DbOpt = None,
) -> None:
    """更正某一天为工作日或休息日；未公布的年份更正一天后其余日期仍为推定。"""
    when = _day(day, "日期")

    def work(session: Session) -> bool:
        set_calendar_day(session, when, kind is DayKind.workday, note)
        return load_calendar(session).knows(when.year)

    published = _write(db, work)
    print(f"{when}：{'工作日' if kind is DayKind.workday else '休息日'}")
    if not published:
        print(
            f"注意：{when.year} 年的国务院放假安排尚未导入（chinese-calendar 也未收录），该年其余日期仍按"
            "《全国年节及纪念日放假办法》推定；通知公布后请用 xxgk calendar import 导入全年安排",
            file=sys.stderr,
        )


@calendar_app.command("unset")
def calendar_unset(day: Annotated[str, typer.Argument(help="日期")], db: DbOpt = None) -> None:
    """删除某一天的覆盖设置。"""
    when = _day(day, "日期")
    if not _write(db, lambda s: unset_calendar_day(s, when)):
        fail(f"{when} 没有覆盖设置")
    print(f"{when}：已删除覆盖设置")


@calendar_app.command("list")
def calendar_list(
    year: Annotated[int | None, typer.Option("--year", "-y", help="只列出该年")] = None, db: DbOpt = None
) -> None:
    """列出覆盖表中的日期（含导入的放假安排）。"""
    rows = _read(db, lambda s: [(o.day, o.workday, o.note) for o in calendar_overrides(s, year)])
    for day, workday, note in rows:
        print(f"{day}\t{'workday' if workday else 'holiday'}\t{note or ''}")


@calendar_app.command("import", help=IMPORT_HELP)
def calendar_import(
    file: Annotated[Path, typer.Argument(help="放假安排文件（UTF-8 文本，格式见上）")], db: DbOpt = None
) -> None:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}：无法读取（{getattr(exc, 'strerror', None) or '不是 UTF-8 文本'}）")
    try:
        schedule = parse_schedule(text, str(file))
    except ScheduleError as exc:
        fail(str(exc))
    result = _write(db, lambda s: import_schedule(s, schedule, "命令行"))
    _show_import(result)


def _show_import(result: ImportResult) -> None:
    again = "（替换此前导入的安排）" if result.replaced else ""
    print(f"已导入 {result.year} 年放假安排：{result.document}{again}")
    print(f"重新计算未办结申请 {result.recomputed} 件，答复期限变动 {len(result.moves)} 件")
    for move in result.moves:
        print(f"  {move.agency} {move.number}（{move.received_on} 收到）：{_due(move.old_due)} → {_due(move.new_due)}")


def _due(day: date | None) -> str:
    return str(day) if day is not None else "无"


@calendar_app.command("years")
def calendar_years(db: DbOpt = None) -> None:
    """列出去年至明年各年的放假安排来源：导入的国务院通知、chinese-calendar，或推定。"""
    imported = {y.year: y for y in _read(db, published_years)}
    for year in range(today().year - 1, today().year + 2):
        if year in imported:
            source = f"已导入：{imported[year].document}（{imported[year].issued_on}）"
        elif package_knows(year):
            source = "chinese-calendar 已收录"
        else:
            source = f"推定：{ESTIMATE_NOTE}"
        print(f"{year}\t{source}")
