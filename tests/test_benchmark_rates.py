"""The benchmark never prints a rate it did not measure: a slice too quick for the CPU clock is repeated."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from conftest import DATA, ROOT
from xxgk.service import Outcome, check_file


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_one_seed_checked_gets_a_measured_rate_not_a_billion() -> None:
    bench = _benchmark()
    seed = DATA / "seeds" / "002_d877435a35f1f3b3.txt"
    rate = bench.fastest(check_file, [seed])
    # A seed takes about a millisecond to check: a rate far beyond 10,000 per second was never measured.
    assert 50 < rate < 10_000


def test_every_timed_slice_spans_at_least_the_minimum_cpu_time() -> None:
    bench = _benchmark()
    calls: list[Path] = []

    def instant(path: Path) -> Outcome:
        calls.append(path)
        return check_file(path)

    seed = DATA / "seeds" / "004_cc1a9fc3c4d433c8.txt"
    rate = bench.timed_slice(instant, [seed])
    assert len(calls) > 1
    assert rate <= len(calls) / bench.MIN_SLICE_SECONDS


def test_a_real_document_is_one_document_checked_no_faster_than_parsed() -> None:
    # Checking is parsing and then the checks: a check rate above the parse rate was noise.
    bench = _benchmark()
    seed = DATA / "seeds" / "002_d877435a35f1f3b3.txt"
    speed = bench.speed(seed.name, [seed])
    assert (speed.docs, speed.failures) == (1, 0)
    assert speed.check_rate < speed.parse_rate


def test_one_file_is_timed_in_three_slices_of_itself() -> None:
    bench = _benchmark()
    assert bench.slices(["one.pdf"]) == [["one.pdf"]] * 3
    assert bench.slices(list("abcdefg")) == [["a", "d", "g"], ["b", "e"], ["c", "f"]]
