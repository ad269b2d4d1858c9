"""Shared fixtures: the shared corpus, gold reports and a real `xxgk` process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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
