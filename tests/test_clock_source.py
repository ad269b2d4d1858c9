"""One clock: nothing but `xxgk.now` reads the system date, so freezing it freezes xxgk.

A call of `date.today()`, `datetime.now()`, `datetime.utcnow()` or `datetime.today()`
anywhere else in the package, the tests or the benchmarks would read the machine's
real date: a due date, a 发布日期 or a test's expectation would then depend on the day
the suite runs, which is how CI turned red on its own in December.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import time_machine

from conftest import ROOT, frozen_today
from xxgk.now import NOW_VARIABLE, now, today

CLOCK_READS = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}
ALLOWED = {ROOT / "src" / "xxgk" / "now.py"}


def _clock_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in CLOCK_READS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_only_xxgk_now_reads_the_system_date() -> None:
    sources = [p for folder in ("src", "tests", "benchmarks") for p in sorted((ROOT / folder).rglob("*.py"))]
    reads = [line for path in sources if path not in ALLOWED for line in _clock_reads(path)]
    assert reads == []


# The time module's clocks. Tests count bytes, wait for events and leave speed to benchmarks/.
TIMERS = {"time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "process_time"}
# The corpus generator times its own build for benchmarks/accuracy.py; its files are its cache key, kept as they are.
TIMED = {ROOT / "tests" / "independent" / "corpus.py"}


def _timer_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            names = [a.name for a in node.names if a.name in TIMERS]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: from time import {name}" for name in names]
        elif isinstance(node, ast.Attribute) and node.attr in TIMERS and getattr(node.value, "id", None) == "time":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: time.{node.attr}")
    return found


def test_no_test_reads_a_timer() -> None:
    """No test reads the clock: a test timing itself would pass or fail with the machine's load."""
    sources = [p for p in sorted((ROOT / "tests").rglob("*.py")) if p not in TIMED]
    assert [line for path in sources for line in _timer_reads(path)] == []


def test_the_run_is_frozen_at_the_chosen_day_in_china() -> None:
    assert today() == frozen_today()


def test_today_is_the_date_in_china_not_on_the_server() -> None:
    # 2026-12-31 17:30 UTC is already 1 January 2027 in China.
    with time_machine.travel(datetime.fromisoformat("2026-12-31T17:30:00+00:00"), tick=False):
        assert today() == date(2027, 1, 1)
        assert now().isoformat() == "2026-12-31T17:30:00+00:00"


def _child_today(pinned: str) -> subprocess.CompletedProcess[str]:
    """`xxgk deadline` in a child process whose clock is pinned by `XXGK_NOW`."""
    return subprocess.run(
        [sys.executable, "-m", "xxgk", "deadline", "2026-11-02", "--today", "2026-11-03", "--format", "json"],
        env={**os.environ, NOW_VARIABLE: pinned},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_child_process_starts_its_clock_at_xxgk_now() -> None:
    script = "from xxgk.cli import main; import xxgk.now as n; n.pin_from_environment(); print(n.today(), n.now().year)"
    child = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, NOW_VARIABLE: "2027-01-25T23:30:00+08:00"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.split() == ["2027-01-25", "2027"]


def test_a_malformed_xxgk_now_is_one_line_naming_the_variable() -> None:
    child = _child_today("next tuesday")
    assert child.returncode != 0
    assert child.stderr.strip().splitlines() == [
        f"环境变量 {NOW_VARIABLE}='next tuesday' 不是 ISO 格式的时刻（例如 2026-12-20T09:00:00+08:00）"
    ]
