"""The `xxgk` command line.

`app` is the one Typer application; each module in this package registers the
commands of one area on it (reports: parse, check, rules, schema; ledger; corpus;
web). `main` imports those modules, and only then: the worker processes of a
batch start by importing the `xxgk` script that launched them, and must not pay
for the web framework, the ORM and polars they never use.

Starting `xxgk check one.txt` should take a fraction of a second, so `main`
imports only the module that registers the command named on the command line
(`COMMAND_MODULES`); for help, or a command not listed there, it imports them all.
"""

from __future__ import annotations

import importlib
import sys

from xxgk.cli.app import app
from xxgk.errors import XxgkError
from xxgk.now import pin_from_environment

__all__ = ["COMMAND_MODULES", "app", "main"]

# Each command module and the top-level commands (or command groups) it registers.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "reports": ("parse", "check", "rules", "schema", "version"),
    "render": ("render", "new"),
    "corpus": ("ingest", "agencies", "metrics", "compare", "rank", "export"),
    "deadline": ("deadline",),
    # `xxgk ledger`'s sub-commands by area, in the order its help lists them (see `xxgk.cli.ledger`)
    "ledger_files": ("ledger",),
    "ledger_reports": ("ledger",),
    "ledger_applications": ("ledger",),
    "ledger_registers": ("ledger",),
    "backup": ("db",),
    "calendar": ("calendar",),
    "web": ("serve", "user"),
    # `xxgk disclosure`'s sub-commands by area, in the order its help lists them (see `xxgk.cli.disclosure`)
    "disclosure_workflow": ("disclosure",),
    "disclosure_catalogue": ("disclosure",),
    "disclosure_oversight": ("disclosure",),
    "disclosure_screening": ("disclosure",),
    "screen": ("screen", "screen-kinds"),
    "records": ("ledger",),  # table 二's records: sub-commands of `xxgk ledger`
}


def main() -> None:
    try:
        pin_from_environment()
    except XxgkError as exc:
        raise SystemExit(str(exc)) from exc
    register_commands(sys.argv[1:2])
    app()


def register_commands(command: list[str] | None = None) -> None:
    """Import the module registering `command` (one name), or every command module when it is not known."""
    wanted = [m for m, names in COMMAND_MODULES.items() if command and command[0] in names]
    for module in wanted or COMMAND_MODULES:
        importlib.import_module(f"xxgk.cli.{module}")
