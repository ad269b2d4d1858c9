"""The Typer application every command module registers on, and helpers they share."""

from __future__ import annotations

from typing import NoReturn

import typer

app = typer.Typer(
    help="xxgk：政府信息公开工作年度报告的读取、检查与生成。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line message (naming the file or value at fault) on stderr and exit with `code`."""
    typer.echo(message, err=True)
    raise typer.Exit(code)
