"""The Typer application every command module registers on, and helpers they share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from xxgk.store.database import Database

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


def refuse_problems(file: object, problems: Sequence[object], *, skip_invalid: bool) -> None:
    """Print each problem of a file to import, a line each; then stop, unless `--skip-invalid` was given."""
    for problem in problems:
        typer.echo(f"{file}: {problem}", err=True)
    if problems and not skip_invalid:
        fail(f"{file}: {len(problems)} 处问题，未导入任何记录（改正后重新导入，或用 --skip-invalid 只导入无误的行）")


def first_line(exc: BaseException) -> str:
    """An error in one line: a database driver's own message when it has one, at most 300 characters."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0][:300]


def open_store(url: str | None) -> Database:
    """The database at `url` (default: `database_url()`), migrated; or one line saying why it cannot be opened."""
    # Imported here: the batch workers started from the `xxgk` script never load SQLAlchemy.
    from xxgk.store.database import database_url, open_database

    resolved = database_url(url)
    try:
        return open_database(resolved)
    except Exception as exc:  # SQLAlchemy's errors, a malformed URL (ArgumentError/ValueError), OSError
        fail(f"无法打开数据库 {resolved}：{first_line(exc)}")
