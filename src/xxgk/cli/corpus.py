"""Commands over a stored corpus of reports: ingest, agencies, compare, rank, metrics, export."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from xxgk.batch import default_jobs
from xxgk.cli.app import app, fail, first_line, open_store
from xxgk.corpus.agencies import AgencyNotFound, agency_years, find_agency
from xxgk.corpus.compare import compare_agency, rank
from xxgk.corpus.crossyear import recheck_all as recheck_everything
from xxgk.corpus.executors import executor_for
from xxgk.corpus.fetch import import_urls, is_url
from xxgk.corpus.formats import ExportFormat, Layout
from xxgk.corpus.ingest import IngestSummary, Settings, Silent, ingest
from xxgk.corpus.ingest import Progress as IngestProgress
from xxgk.corpus.metrics import METRICS, metric_named
from xxgk.corpus.peers import compare_with_peers, peer_attributes, side_by_side
from xxgk.corpus.selection import Filters
from xxgk.corpus.series import yearly_series
from xxgk.corpus.terminal import (
    comparison_json,
    comparison_table,
    ranked_json,
    ranking_table,
    year_ranges,
)
from xxgk.corpus.terminal_groups import pair_json, pair_table, peers_json, peers_table, series_json, series_table
from xxgk.errors import XxgkError
from xxgk.report import dumps


class ListFormat(StrEnum):
    text = "text"
    json = "json"


DbOpt = Annotated[str | None, typer.Option("--db", help="数据库 URL（默认 XXGK_DATABASE_URL 或当前目录的 xxgk.db）")]


@app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="报告文件或文件夹（按内容识别格式），或机关发布页面的网址（http/https，按需下载）"),
    ],
    db: DbOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="本机并行进程数，默认用满所有 CPU 核")] = 0,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask 调度器地址（如 tcp://10.0.0.5:8786），在集群上解析")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="每个数据库事务写入的文档数", min=1)] = 200,
    recheck_all: Annotated[
        bool, typer.Option("--recheck-all", help="入库后对全库所有机关重新做跨年度核对（检查规则更新后使用）")
    ] = False,
) -> None:
    """解析并检查文件夹下的全部报告，存入数据库（按内容去重，可中断续传，跨年度核对）；网址则下载后入库。"""
    urls = [p for p in paths if is_url(p)]
    if urls:
        if len(urls) != len(paths):
            fail("网址与文件请分两次导入")
        try:
            _say(import_urls(open_store(db), urls))
        except SQLAlchemyError as exc:
            fail(f"数据库写入失败：{first_line(exc)}")
    files = [Path(p) for p in paths]
    for path in files:
        if not path.exists():
            fail(f"{path}: 文件或文件夹不存在")
    database = open_store(db)
    settings = Settings(batch_size=batch_size)
    try:
        with executor_for(jobs or default_jobs(), scheduler) as workers, _progress() as progress:
            summary = ingest(
                database,
                files,
                executor=workers.executor,
                workers=workers.count,
                settings=settings,
                progress=progress,
            )
            if recheck_all:
                everything = recheck_everything(database)
                summary.agencies_rechecked, summary.crossyear_findings = everything.agencies, everything.findings
    except XxgkError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"数据库写入失败：{first_line(exc)}")
    except KeyboardInterrupt:
        fail("已中断：已写入的文档完整保留，再次运行同一命令即从中断处继续。", 130)
    _say(summary)


def _say(summary: IngestSummary) -> None:
    for path, reason in summary.unreadable:
        print(f"{path}: {reason}", file=sys.stderr)
    print(summary.message())
    raise typer.Exit(2 if summary.unreadable else 0)


class _Bar:
    """The rich progress bar on stderr, shown only on a terminal."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("", total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def advance(self, count: int) -> None:
        self.progress.advance(self.task, count)


@contextmanager
def _progress() -> Iterator[IngestProgress]:
    if not sys.stderr.isatty():
        yield Silent()
        return
    columns = (TextColumn("入库"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        yield _Bar(progress)


@app.command("agencies")
def agencies_command(
    db: DbOpt = None,
    region: Annotated[str | None, typer.Option("--region", help="只列名称或地区包含此文字的机关（如 宜春市）")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="输出格式：text 或 json")] = ListFormat.text,
) -> None:
    """列出库中的机关：已有哪些年度的报告，缺少哪些年度。"""
    database = open_store(db)
    with database.sessions() as session:
        rows = agency_years(session, region)
    if fmt is ListFormat.json:
        for row in rows:
            print(
                dumps(
                    {
                        "agency": row.name,
                        "names": list(row.names),
                        "years": list(row.years),
                        "missing": list(row.missing),
                    }
                )
            )
        return
    table = Table("机关", "报告所用名称", "已有年度", "缺少年度", title=f"共 {len(rows)} 个机关")
    for row in rows:
        table.add_row(row.name, "\n".join(row.names), year_ranges(row.years), year_ranges(row.missing) or "—")
    Console().print(table)


@app.command("metrics")
def metrics_command() -> None:
    """列出可用于比较和排名的指标及其定义。"""
    table = Table("指标", "代码", "定义", "较优", "最少案件数", "跳变标记", show_lines=True)
    for metric in METRICS:
        jump = f"≥ {metric.jump * 100:.0f} 个百分点" if metric.is_rate else "增减 ≥ 20 件且为上年 3 倍或三分之一"
        guard = str(metric.min_cases) if metric.is_rate else "—"
        table.add_row(
            metric.name,
            metric.key,
            metric.definition,
            "越高越好" if metric.better == "higher" else "越低越好",
            guard,
            jump,
        )
    Console().print(table)


Template = Annotated[str | None, typer.Option("--template", help="只比较此版格式的报告（2019 或 2021）")]
IncludeErrors = Annotated[
    bool, typer.Option("--include-errors", help="含错误的报告也计入（默认不计入，单独列出；计入时标出）")
]


def _filters(
    year: int | None, level: str | None, kind: str | None, region: str | None, template: str | None, errors: bool
) -> Filters:
    if template not in (None, "2019", "2021"):
        fail("--template 只能是 2019 或 2021")
    return Filters(year=year, level=level, kind=kind, region=region, template=template, include_errors=errors)


@app.command("compare")
def compare_command(
    agency: Annotated[
        str | None, typer.Option("--agency", help="机关名称（简称、全称或带地区前缀均可）；不给则列逐年合计")
    ] = None,
    other: Annotated[str | None, typer.Option("--with", help="与此机关对比（同一年度的各项指标并排）")] = None,
    peers: Annotated[
        str | None, typer.Option("--peers", help="与同类机关比较，按 层级、类型、地区 中的几项（如 层级,类型；全部）")
    ] = None,
    db: DbOpt = None,
    year: Annotated[int | None, typer.Option("--year", help="年度（单个机关：此年度及上一年度）")] = None,
    level: Annotated[str | None, typer.Option("--level", help="只计此层级的机关（如 县级）")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="只计此类型的机关（如 部门）")] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="只计区划代码以此开头、或名称或地区包含此文字的机关")
    ] = None,
    template: Template = None,
    include_errors: IncludeErrors = False,
    all_cells: Annotated[bool, typer.Option("--all-cells", help="表三列出全部申请人列，而不只是总计列")] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="输出格式：text 或 json")] = ListFormat.text,
) -> None:
    """比较：逐年合计；一个机关各年度并排；与同类机关（--peers）或另一机关（--with）比较。与工作台“统计比较”页同一算法。"""
    filters = _filters(year, level, kind, region, template, include_errors)
    try:
        by = peer_attributes(peers) if peers is not None else None
    except ValueError as exc:
        fail(str(exc))
    if agency is None and (other or by):
        fail("--with 和 --peers 需要同时给出 --agency")
    database = open_store(db)
    shown: list[tuple[Table, dict[str, Any] | list[dict[str, Any]]]] = []
    with database.sessions() as session:
        try:
            if agency is None:
                series = yearly_series(session, filters)
                shown.append((series_table(series), series_json(series)))
            elif by is None and other is None:
                comparison = compare_agency(session, agency, all_cells=all_cells, filters=filters)
                shown.append((comparison_table(comparison), comparison_json(comparison)))
            else:
                own = find_agency(session, agency).id
                if by is not None:
                    group = compare_with_peers(session, own, by, filters)
                    shown.append((peers_table(group), peers_json(group)))
                if other is not None:
                    pair = side_by_side(session, [own, find_agency(session, other).id], filters)
                    shown.append((pair_table(pair), pair_json(pair)))
        except AgencyNotFound as exc:
            fail(str(exc))
    for table, data in shown:
        if fmt is ListFormat.json:
            for item in data if isinstance(data, list) else [data]:
                print(dumps(item))
        else:
            Console().print(table)


@app.command("rank")
def rank_command(
    metric: Annotated[str, typer.Option("--metric", help="指标名称或代码，见 xxgk metrics（如 实质公开率）")],
    db: DbOpt = None,
    region: Annotated[str | None, typer.Option("--region", help="只比较名称或地区包含此文字的机关")] = None,
    year: Annotated[int | None, typer.Option("--year", help="年度，默认为库中最近的年度")] = None,
    level: Annotated[str | None, typer.Option("--level", help="只比较此层级的机关（如 县级）")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="只比较此类型的机关（如 部门）")] = None,
    template: Template = None,
    include_errors: IncludeErrors = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="输出格式：text 或 json")] = ListFormat.text,
) -> None:
    """按指标给机关排名；案件太少的不参与排名，含错误的报告不计入，与上年相比跳变的加标记。"""
    try:
        chosen = metric_named(metric)
    except KeyError as exc:
        fail(str(exc.args[0]))
    database = open_store(db)
    with database.sessions() as session:
        filters = _filters(None, level, kind, None, template, include_errors)
        ranking = rank(session, chosen, year, region, filters)
    if fmt is ListFormat.json:
        for row in ranking.ranked + ranking.unranked + ranking.excluded:
            print(dumps(ranked_json(ranking, row)))
        return
    Console().print(ranking_table(ranking))


@app.command("export")
def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="csv（UTF-8 带 BOM）、xlsx 或 parquet")
    ] = ExportFormat.csv,
    layout: Annotated[
        Layout,
        typer.Option(
            "--layout",
            help="long：每个单元格一行；wide：每份报告一行；reports：与工作台导出相同（中文表头，另附检查结果、指标定义）",
        ),
    ] = Layout.long,
    db: DbOpt = None,
    year: Annotated[int | None, typer.Option("--year", help="只导出此年度")] = None,
    region: Annotated[str | None, typer.Option("--region", help="只导出名称或地区包含此文字的机关")] = None,
) -> None:
    """把库中的报告导出为 CSV、Excel 或 Parquet，供其他工具分析。"""
    if not output.parent.is_dir():
        fail(f"{output}: 所在文件夹不存在")
    if layout is Layout.reports:
        _export_reports(output, fmt, db, year, region)
        return
    from xxgk.corpus.export import export_corpus  # polars loads only for exports

    database = open_store(db)
    with database.sessions() as session:
        try:
            done = export_corpus(session, output, fmt, layout, year=year, region=region)
        except OSError as exc:
            fail(f"{output}: 无法写入（{exc.strerror or exc}）")
    print(f"已导出 {done.reports} 份报告，共 {done.rows} 行：{done.path}")


def _export_reports(output: Path, fmt: ExportFormat, db: str | None, year: int | None, region: str | None) -> None:
    """The console's export (`xxgk.web.handover`, the same function as its 导出 links), of every agency."""
    if fmt is ExportFormat.parquet:
        fail("--layout reports 只能导出 csv 或 xlsx")
    from xxgk.corpus.selection import matching_agencies
    from xxgk.web.handover import handover_sheets, write_csv, write_xlsx

    database = open_store(db)
    with database.sessions() as session:
        agencies = list(matching_agencies(session, Filters(region=region))) if region else None
        sheets = handover_sheets(session, agencies, year)
    try:
        if fmt is ExportFormat.xlsx:
            write_xlsx(output, sheets)
        else:
            write_csv(output, sheets[0])
    except OSError as exc:
        fail(f"{output}: 无法写入（{exc.strerror or exc}）")
    print(f"已导出 {len(sheets[0].rows)} 份报告：{output}")
