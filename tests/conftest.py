"""Shared fixtures: the test data (public reports, gold parses), a real `xxgk` process, and the frozen clock.

No test reads the machine's date. The whole run is moved to one instant in China
(`XXGK_TEST_TODAY`, a date; default `DEFAULT_TODAY`) with time-machine, ticking from
there, and every child process (`xxgk` commands, `xxgk serve`) inherits the same
instant through `XXGK_NOW`, refreshed before each test. A test that needs another day
moves the clock itself (`time_machine.travel`) and hands it to children the same way
(`child_clock`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
import time_machine

from xxgk.now import CHINA, NOW_VARIABLE, now

pytest_plugins = ("webapp",)  # the web tests' fixtures

ROOT = Path(__file__).resolve().parent.parent
# The public reports and gold files the tests read: the repository's own copy (see tests/data/README.md).
DATA = ROOT / "tests" / "data"

TODAY_VARIABLE = "XXGK_TEST_TODAY"
DEFAULT_TODAY = date(2026, 11, 20)  # a Friday; CI also runs the date-sensitive tests at other days


def frozen_today() -> date:
    """The day in China the run is frozen at."""
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    return date.fromisoformat(text) if text else DEFAULT_TODAY


def pytest_configure(config: pytest.Config) -> None:
    clock = time_machine.travel(datetime.combine(frozen_today(), time(10, 0), CHINA), tick=True)
    clock.start()
    config.stash[_CLOCK] = clock
    child_clock_now()  # for servers started by session- and module-scoped fixtures, before any test


def pytest_unconfigure(config: pytest.Config) -> None:
    clock = config.stash.get(_CLOCK, None)
    if clock is not None:
        clock.stop()


# Modules whose answers depend on what day it is (due dates, the year's report, the
# desk and the portal): `scripts/test.sh` runs them again at other frozen days.
DATE_SENSITIVE = (
    "test_ledger_*",
    "test_calendar_*",
    "test_clock_*",
    "test_disclosure_*",
    "test_web_disclosure*",
    "test_web_desk",
    "test_web_portal",
    "test_web_journeys",
    "test_web_demo",
    "test_web_downloads",
    "test_web_published_corpus",
    "test_web_console",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(fnmatch(item.path.stem, pattern) for pattern in DATE_SENSITIVE):
            item.add_marker(pytest.mark.date_sensitive)


def pytest_report_header() -> str:
    return f"xxgk: today frozen at {frozen_today().isoformat()} (China)"


@pytest.fixture(autouse=True)
def child_clock() -> Iterator[None]:
    """Child processes started by this test start at the in-process clock's instant."""
    child_clock_now()
    yield


def child_clock_now() -> None:
    """Hand the in-process clock's current instant to the child processes started from now on."""
    os.environ[NOW_VARIABLE] = now().isoformat()


_CLOCK = pytest.StashKey[Any]()


def gold_pairs() -> list[tuple[Path, Path]]:
    """(document, gold file) for every seed and real-world report with a gold parse."""
    pairs = [(doc, DATA / "gold" / f"{doc.stem}.json") for doc in sorted((DATA / "seeds").glob("*.txt"))]
    for gold in sorted((DATA / "realworld").glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        docs = [p for p in gold.parent.glob(stem + ".*") if not p.name.endswith(".gold.json")]
        pairs += [(docs[0], gold)] if docs else []
    return pairs


def extra_gold_pairs(folder: str = "realworld-extra") -> list[tuple[Path, Path]]:
    """(document, gold file) for the real reports of tests/data/realworld-extra (or another such folder,
    e.g. realworld-new).

    Their gold files may list known parser gaps (cells the parser leaves null); every gold
    file there must have its document beside it, so none is dropped unnoticed.
    """
    pairs = []
    for gold in sorted((DATA / folder).glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        docs = [p for p in gold.parent.glob(stem + ".*") if not p.name.endswith(".gold.json")]
        assert docs, f"{gold.name} has no document beside it"
        pairs.append((docs[0], gold))
    return pairs


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def read_as_gold(gold: dict[str, Any], cell: str, have: object, inferred: set[str]) -> bool:
    """The cell read as the gold says. A cell the page prints blank is null in the gold; where the
    table's arithmetic forces its value (`blank_forced`: a row of zeros whose one cell is blank), it
    may also be read as that value, marked inferred — the scoring of the independent corpus."""
    want = report_cells(gold["report"]).get(cell, "MISSING")
    if have == want:
        return True
    forced = gold.get("blank_forced", {})
    return want is None and cell in forced and have == forced[cell] and cell in inferred


def report_cells(report: dict[str, Any]) -> dict[str, object]:
    """A report's cells (as `Report.to_dict` or a gold file writes them) by cell id."""
    return {
        f"{part}.{row}.{column}": value
        for part in ("active", "applications", "review_litigation")
        for row, fields in report.get(part, {}).items()
        for column, value in fields.items()
    }


def run_xxgk(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "xxgk", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False
    )


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: seeds/, gold/ and realworld/, as in ../shared where new material arrives."""
    return DATA


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server: the one `scripts/test.sh` started, or one started here for this run."""
    url = os.environ.get("XXGK_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    script = ROOT / "scripts" / "postgres.sh"
    started = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, check=True)
    yield started.stdout.strip().splitlines()[-1]
    subprocess.run(["bash", str(script), "stop"], capture_output=True, check=False)


_OTHER_BACKENDS_ENDED = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind, for every store test: SQLite in a temporary file, PostgreSQL wiped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'xxgk.db'}"
    url: str = request.getfixturevalue("postgres_url")
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        # A connection the previous test left open (a pool a server thread still holds) would hold a
        # lock the drop waits for while it waits for the drop: a deadlock. The previous test is over.
        connection.execute(sqlalchemy.text(_OTHER_BACKENDS_ENDED))
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url
