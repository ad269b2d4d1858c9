"""Shared fixtures: the shared corpus, gold reports and a real `xxgk` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

pytest_plugins = ("webapp",)  # the web tests' fixtures

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def gold_pairs() -> list[tuple[Path, Path]]:
    """(document, gold file) for every seed and real-world report with a gold parse."""
    pairs = [(doc, SHARED / "gold" / f"{doc.stem}.json") for doc in sorted((SHARED / "seeds").glob("*.txt"))]
    for gold in sorted((SHARED / "realworld").glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        docs = [p for p in gold.parent.glob(stem + ".*") if not p.name.endswith(".gold.json")]
        pairs += [(docs[0], gold)] if docs else []
    return pairs


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def run_xxgk(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "xxgk", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False
    )


@pytest.fixture(scope="session")
def shared() -> Path:
    assert SHARED.is_dir(), f"the shared corpus is expected beside the project at {SHARED}"
    return SHARED


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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind, for every store test: SQLite in a temporary file, PostgreSQL wiped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'xxgk.db'}"
    url: str = request.getfixturevalue("postgres_url")
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url
