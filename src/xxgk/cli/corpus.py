"""Commands over a stored corpus of reports: ingest, agencies, compare, rank, metrics, export."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from sqlalchemy.exc import SQLAlchemyError

from xxgk.batch import default_jobs
from xxgk.cli.app import app, fail
from xxgk.corpus.executors import executor_for
from xxgk.corpus.ingest import IngestSummary, Settings, Silent, ingest
from xxgk.corpus.ingest import Progress as IngestProgress
from xxgk.errors import XxgkError
from xxgk.store import database_url, open_database
from xxgk.store.database import Database

DbOpt = Annotated[str | None, typer.Option("--db", help="数据库 URL（默认 XXGK_DATABASE_URL 或当前目录的 xxgk.db）")]


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或文件夹（按内容识别格式）")],
    db: DbOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="本机并行进程数，默认用满所有 CPU 核")] = 0,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask 调度器地址（如 tcp://10.0.0.5:8786），在集群上解析")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="每个数据库事务写入的文档数", min=1)] = 200,
) -> None:
    """解析并检查文件夹下的全部报告，存入数据库（按内容去重，可中断续传，跨年度核对）。"""
    for path in paths:
        if not path.exists():
            fail(f"{path}: 文件或文件夹不存在")
    database = _open(db)
    workers = jobs or default_jobs()
    settings = Settings(batch_size=batch_size)
    try:
        with executor_for(workers, scheduler) as executor, _progress() as progress:
            summary = ingest(
                database,
                paths,
                executor=executor,
                workers=_cluster_size(executor) if scheduler else workers,
                settings=settings,
                progress=progress,
            )
    except XxgkError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"数据库写入失败：{_reason(exc)}")
    _say(summary)


def _say(summary: IngestSummary) -> None:
    for path, reason in summary.unreadable:
        print(f"{path}: {reason}", file=sys.stderr)
    print(summary.message())
    raise typer.Exit(2 if summary.unreadable else 0)


def _cluster_size(executor: object) -> int:
    client = getattr(executor, "_client", None)
    try:
        return max(1, sum(client.nthreads().values())) if client is not None else 1
    except (AttributeError, OSError):
        return 1


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


def _open(url: str | None) -> Database:
    resolved = database_url(url)
    try:
        return open_database(resolved)
    except SQLAlchemyError as exc:
        fail(f"无法打开数据库 {resolved}：{_reason(exc)}")
    except Exception as exc:  # a malformed URL raises ArgumentError/ValueError from SQLAlchemy
        fail(f"无法打开数据库 {resolved}：{exc}")


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    return str(original or exc).strip().splitlines()[0][:300]
