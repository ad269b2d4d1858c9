"""`xxgk screen FILE...`: the checks run before publication, on any file.

Exit status 2 when some file cannot be screened (unreadable, or a scan without a text layer:
one Chinese line on stderr naming it), else 1 when something blocks publication, else 0; the
files that could be read are reported either way. Hits are shown masked, never in full.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from xxgk.cli.app import app, fail

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="输出格式：text 或 json")]
AllowOpt = Annotated[
    list[str] | None, typer.Option("--allow", help="允许出现的电话号码或邮箱（本机关公开的联系方式），可多次给出")
]
WordsOpt = Annotated[
    Path | None, typer.Option("--words", help="词表文件：每行“词 => 建议”，敏感词前加“!”（默认用内置词表）")
]


@app.command("screen")
def screen_command(
    files: Annotated[list[Path], typer.Argument(help="要审查的文件（DOCX、PDF、XLSX、文本、HTML）")],
    output: FormatOpt = "text",
    allow: AllowOpt = None,
    words: WordsOpt = None,
) -> None:
    """发布前审查：密级标志、身份证号、银行卡号、电话、邮箱、住址和词表。"""
    from xxgk.screen import Rules, ScreenError, screen_file
    from xxgk.screen.words import DEFAULT_WORDS, parse_words

    if output not in ("text", "json"):
        fail(f"--format 只能是 text 或 json（收到：{output}）")
    word_list = tuple(parse_words(_read_words(words))) if words else DEFAULT_WORDS
    rules = Rules(word_list, tuple(allow or ()))
    report: list[dict[str, object]] = []
    unreadable = blocking = False
    for path in files:
        try:
            hits = screen_file(_read(path), str(path), rules)
        except ScreenError as exc:
            typer.echo(str(exc), err=True)
            unreadable = True
            report.append({"file": str(path), "error": str(exc), "hits": []})
            continue
        blocking = blocking or any(hit.blocks for hit in hits)
        report.append({"file": str(path), "hits": [hit.as_dict() for hit in hits]})
    if output == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_text(report)
    raise typer.Exit(2 if unreadable else 1 if blocking else 0)


@app.command("screen-kinds")
def kinds_command() -> None:
    """列出发布前审查的各项检查：阻止发布或提醒，以及理由。"""
    from xxgk.screen.kinds import KINDS, SEVERITY_LABELS

    for found in KINDS.values():
        typer.echo(f"{found.label}（{SEVERITY_LABELS[found.severity]}）：{found.reason}")


def _read(path: Path) -> bytes:
    from xxgk.screen import ScreenError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise ScreenError(f"{path}：无法读取文件（{exc.strerror or exc}）") from None


def _read_words(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}：无法读取词表（{getattr(exc, 'strerror', None) or exc}）")


def _print_text(report: list[dict[str, object]]) -> None:
    for entry in report:
        if "error" in entry:
            continue
        hits = entry["hits"]
        assert isinstance(hits, list)
        if not hits:
            typer.echo(f"{entry['file']}：未发现问题")
            continue
        typer.echo(f"{entry['file']}：发现 {len(hits)} 处")
        for hit in hits:
            where = hit["position"]["where"]
            typer.echo(f"  [{hit['severity_label']}] {hit['label']} {hit['text']}（{where}）：{hit['reason']}")
