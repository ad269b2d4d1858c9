"""`xxgk COMMAND` loads only the module of that command, and every command is still found."""

from __future__ import annotations

import subprocess
import sys

from conftest import DATA, run_xxgk
from xxgk.cli import COMMAND_MODULES, app, register_commands

HEAVY = ("sqlalchemy", "polars", "fastapi", "uvicorn", "weasyprint", "docx", "pypdfium2", "openpyxl")

# Runs the command line as the `xxgk` script does, then names the heavy libraries it loaded.
PROBE = """
import atexit, sys
heavy = sys.argv.pop(1).split(",")
atexit.register(lambda: print("loaded:", ",".join(m for m in heavy if m in sys.modules), file=sys.stderr))
from xxgk.cli import main
main()
"""


def test_every_command_is_listed_under_the_module_that_registers_it() -> None:
    register_commands()
    found = {(info.name or info.callback.__name__): info.callback.__module__ for info in app.registered_commands}
    for group in app.registered_groups:
        found[group.name] = group.typer_instance.registered_commands[0].callback.__module__
    listed: dict[str, str] = {}
    for module, names in COMMAND_MODULES.items():
        for name in names:  # a group other modules add sub-commands to belongs to the first module listing it
            listed.setdefault(name, f"xxgk.cli.{module}")
    assert found == listed


def test_checking_a_text_report_loads_no_store_web_or_office_library() -> None:
    seed = DATA / "seeds" / "002_d877435a35f1f3b3.txt"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), "check", str(seed)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and "阳城县科学技术局" in result.stdout
    assert result.stderr.rsplit("loaded:", 1)[1].strip() == ""


def test_help_still_lists_the_commands_of_every_area() -> None:
    result = run_xxgk("--help")
    assert all(name in result.stdout for name in ("check", "render", "ingest", "ledger", "serve", "user"))
    assert "跨年度" in run_xxgk("ingest", "--help").stdout
