"""The `xxgk` command line.

`app` is the one Typer application; each module in this package registers the
commands of one area on it (reports: parse, check, rules, schema). Importing the
modules here is what makes their commands exist.
"""

from __future__ import annotations

from xxgk.cli import (
    reports,  # noqa: F401  (registers parse, check, rules, schema, version)
    web,  # noqa: F401  (registers serve, user add, user list)
)
from xxgk.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
