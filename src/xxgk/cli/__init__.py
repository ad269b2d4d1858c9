"""The `xxgk` command line.

`app` is the one Typer application; each module in this package registers the
commands of one area on it (reports: parse, check, rules, schema). Importing the
modules here is what makes their commands exist.
"""

from __future__ import annotations

from xxgk.cli import (  # noqa: F401  (each module registers its commands on the app)
    corpus,
    ledger,
    reports,
    web,
)
from xxgk.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
