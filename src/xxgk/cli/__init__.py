"""The `xxgk` command line.

`app` is the one Typer application; each module in this package registers the
commands of one area on it (reports: parse, check, rules, schema; ledger; corpus;
web). `main` imports those modules, and only then: the worker processes of a
batch start by importing the `xxgk` script that launched them, and must not pay
for the web framework, the ORM and polars they never use.
"""

from __future__ import annotations

from xxgk.cli.app import app
from xxgk.errors import XxgkError
from xxgk.now import pin_from_environment

__all__ = ["app", "main"]


def main() -> None:
    try:
        pin_from_environment()
    except XxgkError as exc:
        raise SystemExit(str(exc)) from exc
    register_commands()
    app()


def register_commands() -> None:
    """Import every command module, which registers its commands on `app`."""
    from xxgk.cli import corpus, disclosure, ledger, render, reports, web  # noqa: F401
