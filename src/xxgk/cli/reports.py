"""Commands over published reports: parse, check, rules, schema, version."""

from __future__ import annotations

import csv
import json
import pickle
import sys
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from xxgk import __version__
from xxgk.agency import agency_key
from xxgk.batch import default_jobs, expand_paths, run_all
from xxgk.check import RULES, check_against_previous
from xxgk.cli.app import app, fail
from xxgk.report import Report, dumps
from xxgk.service import Outcome, check_file, parse_file
from xxgk.terminal import show_outcome


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


PathsArg = Annotated[list[Path], typer.Argument(help="报告文件或文件夹（文本、HTML、DOCX、PDF，按内容识别格式）")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式：text、json 或 csv")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="并行进程数，默认用满所有 CPU 核")]


@app.command()
def parse(paths: PathsArg, fmt: FormatOpt = OutputFormat.text, jobs: JobsOpt = 0) -> None:
    """读取报告，输出规范 JSON（--format json）、逐单元格 CSV 或表格视图。"""
    unreadable = False
    writer = _csv_writer() if fmt is OutputFormat.csv else None
    console = Console()
    for outcome in _run(parse_file, list(expand_paths(paths)), jobs):
        unreadable |= outcome.report is None
        if outcome.report is None:
            _say_unreadable(outcome)
        elif fmt is OutputFormat.json:
            print(dumps(outcome.report_json()), flush=False)
        elif writer is not None:
            _write_cells(writer, outcome)
        else:
            show_outcome(console, outcome, tables=True)
    raise typer.Exit(2 if unreadable else 0)


@app.command()
def check(
    paths: PathsArg,
    fmt: FormatOpt = OutputFormat.text,
    jobs: JobsOpt = 0,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="同一机关上一年度的报告（文件或规范 JSON），用于跨年度核对")
    ] = None,
    tables: Annotated[
        bool | None, typer.Option("--tables/--no-tables", help="是否显示表格（单个文件时默认显示）")
    ] = None,
) -> None:
    """读取并检查报告：勾稽关系、跨年度衔接、正文与表格一致性、可疑数值。"""
    previous_report = _load_previous(previous) if previous else None
    files = list(expand_paths(paths))
    outcomes = _run(partial(check_file, previous=previous_report), files, jobs)
    if previous_report is None and len(files) > 1:
        outcomes = _with_cross_year(outcomes)
    console = Console()
    writer = _csv_writer() if fmt is OutputFormat.csv else None
    show_tables = tables if tables is not None else len(files) == 1
    status = 0
    for outcome in outcomes:
        if outcome.report is None:
            status = 2
            _say_unreadable(outcome)
            continue
        if outcome.has_error and status == 0:
            status = 1
        if fmt is OutputFormat.json:
            print(dumps(outcome.check_json()))
        elif writer is not None:
            _write_cells(writer, outcome)
        else:
            show_outcome(console, outcome, tables=show_tables)
    raise typer.Exit(status)


@app.command()
def rules(fmt: FormatOpt = OutputFormat.text) -> None:
    """列出全部检查规则：代码、级别、名称、依据与改正方法。"""
    if fmt is OutputFormat.json:
        print(
            json.dumps(
                [_rule_dict(rule) for rule in RULES],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    console = Console()
    from rich.table import Table

    table = Table("代码", "级别", "名称", "依据", "如何改正", show_lines=True)
    for rule in RULES:
        table.add_row(
            rule.code,
            {"error": "错误", "warning": "警告", "info": "提示"}[rule.severity],
            rule.title,
            rule.basis,
            rule.fix,
        )
    console.print(table)


@app.command()
def schema() -> None:
    """输出规范报告 JSON 的 JSON Schema。"""
    from xxgk.schema import json_schema  # pydantic: only these two commands pay for it

    print(json.dumps(json_schema(), ensure_ascii=False, indent=1))


@app.command()
def version() -> None:
    """显示版本号。"""
    print(__version__)


def _rule_dict(rule: Any) -> dict[str, str]:
    return {k: getattr(rule, k) for k in ("code", "severity", "title", "basis", "fix")}


def _run(work: Any, files: list[Path], jobs: int) -> Iterator[Outcome]:
    """`work` over already expanded `files`, with a progress bar on a terminal."""
    jobs = jobs or min(default_jobs(), max(1, len(files) // 8))
    results = run_all(work, files, jobs)
    if not sys.stderr.isatty() or len(files) < 2:
        yield from results
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("读取报告"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=len(files))
        for outcome in results:
            progress.advance(task)
            yield outcome


def _with_cross_year(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    """Compare each report with the same agency's previous year found in the batch.

    Outcomes are spooled (pickled, as they already cross process boundaries) to a
    temporary file, so memory holds only the small summaries.
    """
    summaries: dict[tuple[str, int], Report] = {}
    with tempfile.TemporaryFile() as spool:
        count = 0
        for outcome in outcomes:
            pickle.dump(outcome, spool, protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
            key = _agency_year(outcome.report)
            if key and outcome.report:
                summaries[key] = _carry_summary(outcome.report)
        spool.seek(0)
        for _ in range(count):
            outcome = pickle.load(spool)
            key = _agency_year(outcome.report)
            previous = summaries.get((key[0], key[1] - 1)) if key else None
            if outcome.report and previous:
                outcome.findings += check_against_previous(outcome.report, previous)
            yield outcome


def _agency_year(report: Report | None) -> tuple[str, int] | None:
    key = agency_key(report.agency) if report else None
    return (key, report.year) if report and key and report.year else None


def _carry_summary(report: Report) -> Report:
    """Only what a following year's cross-year checks read: table 二 and 结转下年度 (keeps memory flat)."""
    kept = {
        cell: report.cells.get(cell)
        for cell in report.spec.cell_ids()
        if cell.startswith(("active.", "applications.carried_forward."))
    }
    return Report(template=report.template, agency=report.agency, year=report.year, cells=kept)


def _load_previous(path: Path) -> Report:
    if path.suffix.lower() == ".json":
        from xxgk.schema import validate_report_dict

        try:
            return validate_report_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError, ValueError) as exc:
            fail(f"{path}: 上一年度报告无法读取：{exc}")
    outcome = parse_file(path)
    if outcome.report is None:
        fail(f"{path}: 上一年度报告无法读取：{outcome.error}")
    assert outcome.report is not None
    return outcome.report


def _say_unreadable(outcome: Outcome) -> None:
    print(f"{outcome.source}: {outcome.error}", file=sys.stderr)


def _csv_writer() -> Any:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["source", "cell", "value", "inferred"])
    return writer


def _write_cells(writer: Any, outcome: Outcome) -> None:
    report = outcome.report
    assert report is not None
    for table in report.spec.tables:
        for key in report.printed_rows(table.key):
            for cell in table.row(key).cell_ids(table.key):
                value = report.get(cell)
                writer.writerow([outcome.source, cell, "" if value is None else value, cell in report.inferred])
