"""Commands that write reports: render (a report in the official layout) and new (a blank form)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from xxgk.cli.app import app, fail
from xxgk.errors import XxgkError
from xxgk.findings import Finding
from xxgk.render import format_for
from xxgk.render.publish import blank_report, form_bytes, load_report, publish, write_atomically

FORMAT_NAMES = {"docx": "DOCX", "pdf": "PDF", "html": "HTML", "markdown": "Markdown", "xlsx": "XLSX", "json": "JSON"}
_MARK = {"error": "✗ 错误", "warning": "! 警告", "info": "i 提示"}


class TemplateKey(StrEnum):
    v2019 = "2019"
    v2021 = "2021"


OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="输出文件，扩展名决定格式：.docx .pdf .html .md .xlsx")]


@app.command()
def render(
    report: Annotated[Path, typer.Argument(help="报告：规范 JSON，或 xxgk 能读取的任何文档")],
    output: OutputOpt,
    force: Annotated[bool, typer.Option("--force", help="报告有错误时仍然生成（并在标准错误中说明）")] = False,
) -> None:
    """按国家规定格式生成年度报告（DOCX、PDF、HTML、Markdown、XLSX）；有错误的报告默认拒绝生成。"""
    try:
        fmt = format_for(output)
        loaded, findings, unread = load_report(report)
        publication = publish(loaded, fmt, force=force, findings=findings, unread=unread)
    except XxgkError as exc:
        fail(str(exc))
    if publication.refused:
        _say_findings(publication.errors)
        fail(
            f"{report}：报告有 {len(publication.errors)} 项错误，未生成 {output}；改正后重试，或用 --force 强制生成", 1
        )
    assert publication.data is not None
    try:
        write_atomically(output, publication.data)
    except XxgkError as exc:
        fail(str(exc))
    if publication.forced:
        _say_findings(publication.errors)
        typer.echo(f"注意：报告有 {len(publication.errors)} 项错误，已按 --force 强制生成 {output}", err=True)
    typer.echo(f"已生成 {output}（{FORMAT_NAMES[fmt]}，{loaded.template} 年版格式）")


@app.command()
def new(
    agency: Annotated[str, typer.Option("--agency", help="报告机关名称，如 阳城县科学技术局")],
    year: Annotated[int, typer.Option("--year", help="报告年度（统计的年份）", min=1990, max=2200)],
    output: OutputOpt,
    template: Annotated[TemplateKey, typer.Option("--template", help="格式：2019 或 2021 年版")] = TemplateKey.v2021,
) -> None:
    """生成一份空白年度报告（JSON、DOCX 或 XLSX 等），填写后可用 xxgk parse 读取。"""
    if not agency.strip():
        fail("--agency：机关名称不能为空")
    try:
        fmt = format_for(output, extra=("json",))
        write_atomically(output, form_bytes(blank_report(template.value, agency.strip(), year), fmt))
    except XxgkError as exc:
        fail(str(exc))
    typer.echo(f"已生成空白报告 {output}（{FORMAT_NAMES[fmt]}，{template.value} 年版格式）")


def _say_findings(findings: list[Finding]) -> None:
    for finding in findings:
        typer.echo(f"  {_MARK[finding.severity]} [{finding.code}] {finding.message}", err=True)
