"""Throughput and memory of xxgk on generated and real reports.

    .venv/bin/python benchmarks/run.py [--quick] [--keep DIR]

1. Throughput on one core: a corpus per format (text, HTML, DOCX, PDF) is
   generated with `xxgk.synth`, then every document is parsed (`parse_file`) and
   parsed and checked (`check_file`) sequentially in this process, pinned to one
   CPU (the fastest of three slices of the corpus counts). Time is this process's
   CPU time, so other work on a shared machine does not count against xxgk. The
   CPU clock advances in scheduler ticks (4 ms here), so a slice is timed over at
   least MIN_SLICE_SECONDS of CPU time, its documents repeated when they take less.
   The check rate is the parse rate with the time `check_report` takes on the
   parsed reports added (what `check_file` does), so it is never above the parse rate.
   The real documents the tests use (tests/data/realworld and tests/data/seeds)
   are timed the same way, each file on its own (three slices of the one file).
   Then `xxgk check ONE.txt` is run as a new process several times: its CPU time
   and wall-clock time from process start to exit (imports included).
2. Peak memory of a batch: 10,000 generated text and HTML documents (1,000 with
   --quick) go through `xxgk check --format json DIR` in a child process, with
   --jobs 1 and --jobs 2. The child is started by a small wrapper process whose
   resource.getrusage(RUSAGE_CHILDREN).ru_maxrss is the peak RSS of the largest
   process of the run (the CLI or one of its workers); the whole process tree is
   also sampled from /proc every 0.1 s to give the peak of the tree together.

Numbers are printed next to the targets they are meant to meet.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import xxgk
from xxgk.check import check_report
from xxgk.service import check_file, parse_file
from xxgk.synth import sample

# The public reports the tests use, in the repository.
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
STARTUP_DOCUMENT = DATA / "seeds" / "002_d877435a35f1f3b3.txt"
SEED = 424242
TEXT_LAYOUTS = ("cell_per_line_tabs", "cell_per_line_blank", "pipes", "row_per_line")
# Glued text (every cell of a row run together, as copied from some PDFs) is timed
# on its own: cutting the digits is a search, so it has no target of its own.
FORMAT_LAYOUTS = {"text": TEXT_LAYOUTS, "glued text": ("glued",), "html": ("html",), "docx": ("docx",), "pdf": ("pdf",)}
TARGETS: dict[str, float | None] = {"text": 700.0, "glued text": None, "html": 400.0, "docx": 150.0, "pdf": 10.0}
REAL_PDF_TARGET = 15.0
STARTUP_TARGET_SECONDS = 0.3
MEMORY_TARGET_MB = 300.0
SLICES = 3
# Shortest CPU time a slice is timed over: 75 ticks of 4 ms, so the clock's steps move a rate by under 3 %.
MIN_SLICE_SECONDS = 0.3
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Plan:
    """How much work each part does."""

    per_format: dict[str, int]
    startup_runs: int
    batch: int


FULL = Plan({"text": 2000, "glued text": 300, "html": 2000, "docx": 200, "pdf": 300}, startup_runs=15, batch=10_000)
QUICK = Plan({"text": 200, "glued text": 30, "html": 200, "docx": 20, "pdf": 30}, startup_runs=5, batch=1_000)


@dataclass(frozen=True, slots=True)
class Speed:
    """Documents per second of one kind of input."""

    name: str
    docs: int
    parse_rate: float
    check_rate: float
    failures: int
    target: float | None = None


@dataclass(frozen=True, slots=True)
class Startup:
    """`xxgk check ONE.txt` run as a new process `runs` times: CPU and wall-clock seconds per run."""

    runs: int
    cpu: list[float]
    wall: list[float]


@dataclass(frozen=True, slots=True)
class Memory:
    """One `xxgk check` run over the batch."""

    jobs: int
    docs: int
    lines: int
    seconds: float
    largest_mb: float
    tree_mb: float
    status: int


# --- corpus --------------------------------------------------------------------------------


def generate(folder: Path, layouts: tuple[str, ...], count: int, offset: int = 0) -> list[Path]:
    """`count` documents cycling through `layouts`, written to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(offset, offset + count):
        layout = layouts[index % len(layouts)]
        paths.append(sample(layout, SEED, index).write(folder))
    return paths


# --- throughput ------------------------------------------------------------------------------


def one_core() -> Callable[[], None]:
    """Pin this process to one CPU; the returned function undoes it."""
    if not hasattr(os, "sched_setaffinity"):
        return lambda: None
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    return lambda: os.sched_setaffinity(0, cpus)


def slices(files: list[T]) -> list[list[T]]:
    """Three slices of `files`; one file (a real document) is its own slice three times."""
    if len(files) < SLICES:
        return [files] * SLICES
    return [files[i::SLICES] for i in range(SLICES)]


def fastest(work: Callable[[T], object], items: list[T]) -> float:
    """Items per CPU-second of `work`: the fastest of three slices, as timeit does (on a
    shared machine other work only ever slows a slice down)."""
    return max(timed_slice(work, part) for part in slices(items))


def timed_slice(work: Callable[[T], object], part: list[T]) -> float:
    """Items per CPU-second over `part`, repeated until MIN_SLICE_SECONDS have passed."""
    done = 0
    start = time.process_time()
    while True:
        for item in part:
            work(item)
            done += 1
        elapsed = time.process_time() - start
        if elapsed >= MIN_SLICE_SECONDS:
            return done / elapsed


def speed(name: str, paths: list[Path], target: float | None = None) -> Speed:
    """Parse and check rates of `paths`.

    `check_file` is `parse_file` and then `check_report`, so the check rate is
    computed from the parse rate and the time `check_report` takes on the parsed
    reports, each measured the same way: timing `check_file` on its own, noise
    now and then printed a check rate above the parse rate, which cannot be.
    """
    check_file(paths[0])
    outcomes = [parse_file(path) for path in paths]
    reports = [(o.report, o.unread) for o in outcomes if o.report is not None]
    parse_rate = fastest(parse_file, paths)
    check_seconds = 1 / fastest(lambda item: check_report(item[0], None, unread=item[1]), reports) if reports else 0.0
    check_rate = 1 / (1 / parse_rate + check_seconds * len(reports) / len(paths))
    return Speed(name, len(paths), parse_rate, check_rate, len(paths) - len(reports), target)


def real_target(path: Path) -> float | None:
    return REAL_PDF_TARGET if path.suffix.lower() == ".pdf" else None


def real_documents() -> list[Path]:
    found = []
    for folder in (DATA / "realworld", DATA / "seeds"):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".json"))
    return found


def startup(path: Path, runs: int) -> Startup:
    """Run `xxgk check path` `runs` times, each a new process, as a user does.

    The package's bytecode is compiled first, as `pip install` does: an editable
    install under PYTHONDONTWRITEBYTECODE=1 (set on the project machine) would
    otherwise compile every module from source at each start.
    """
    compileall.compile_dir(Path(xxgk.__file__).parent, quiet=1)
    command = [*xxgk_command(), "check", str(path)]
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Startup(runs, cpu, wall)


# --- memory ----------------------------------------------------------------------------------

# Runs the CLI, counts its output lines and reports the peak RSS of its processes.
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
print(child.pid, flush=True)
lines = sum(1 for _ in child.stdout)
status = child.wait()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"lines": lines, "status": status, "seconds": time.perf_counter() - start,
                  "maxrss_kb": usage.ru_maxrss}))
"""


def xxgk_command() -> list[str]:
    script = Path(sys.executable).with_name("xxgk")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from xxgk.cli import main; main()"]


def batch_memory(folder: Path, docs: int, jobs: int) -> Memory:
    command = [*xxgk_command(), "check", "--format", "json", "--jobs", str(jobs), str(folder)]
    wrapper = subprocess.Popen([sys.executable, "-c", WRAPPER, *command], stdout=subprocess.PIPE, text=True)
    assert wrapper.stdout is not None
    cli_pid = int(wrapper.stdout.readline())
    tree_kb = 0
    while wrapper.poll() is None:
        tree_kb = max(tree_kb, tree_rss_kb(cli_pid))
        time.sleep(0.1)
    result = json.loads(wrapper.stdout.read().strip().splitlines()[-1])
    return Memory(
        jobs=jobs,
        docs=docs,
        lines=result["lines"],
        seconds=result["seconds"],
        largest_mb=result["maxrss_kb"] / 1024,
        tree_mb=tree_kb / 1024,
        status=result["status"],
    )


def tree_rss_kb(root: int) -> int:
    """Resident memory of `root` and all its descendants, from /proc (0 where unavailable)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[pid] = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    members = {root}
    changed = True
    while changed:
        grown = {pid for pid, parent in parents.items() if parent in members} - members
        changed = bool(grown)
        members |= grown
    return sum(rss.get(pid, 0) for pid in members)


# --- report ----------------------------------------------------------------------------------


def show_speeds(title: str, speeds: list[Speed]) -> None:
    print(f"\n{title}")
    print(f"  {'input':<34}{'docs':>7}{'parse/s':>10}{'check/s':>10}{'target':>9}  {'':<6}{'unread':>7}")
    for s in speeds:
        target = f"≥{s.target:g}" if s.target else ""
        verdict = ("ok" if s.check_rate >= s.target else "BELOW") if s.target else ""
        print(
            f"  {s.name:<34}{s.docs:>7}{s.parse_rate:>10.1f}{s.check_rate:>10.1f}{target:>9}  {verdict:<6}{s.failures:>7}"
        )


def show_startup(path: Path, result: Startup) -> None:
    print(f"\n`xxgk check {path.name}` as a new process, {result.runs} runs (imports included, bytecode compiled)")
    cpu, wall = statistics.median(result.cpu), statistics.median(result.wall)
    verdict = "ok" if cpu < STARTUP_TARGET_SECONDS else "ABOVE"
    print(
        f"  CPU seconds (user + system): median {cpu:.3f}, fastest {min(result.cpu):.3f}"
        f"   target <{STARTUP_TARGET_SECONDS:g} s  {verdict}"
    )
    print(f"  wall-clock seconds: median {wall:.3f}, fastest {min(result.wall):.3f} (grows with the machine's load)")


def load() -> str:
    """The load averages over 1, 5 and 15 minutes, and the CPUs they share."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def show_memory(runs: list[Memory]) -> None:
    print("\npeak memory of `xxgk check --format json DIR` (generated text + HTML documents)")
    print(
        f"  {'jobs':>4}{'docs':>8}{'lines':>8}{'seconds':>9}{'docs/s':>8}"
        f"{'largest process':>17}{'whole tree':>12}{'target':>9}  {'':<6}{'exit':>5}"
    )
    for m in runs:
        verdict = "ok" if max(m.largest_mb, m.tree_mb) < MEMORY_TARGET_MB else "ABOVE"
        print(
            f"  {m.jobs:>4}{m.docs:>8}{m.lines:>8}{m.seconds:>9.1f}{m.docs / m.seconds:>8.0f}"
            f"{m.largest_mb:>14.0f} MB{m.tree_mb:>9.0f} MB{'<' + format(MEMORY_TARGET_MB, 'g') + ' MB':>9}"
            f"  {verdict:<6}{m.status:>5}"
        )
    print("  largest process: ru_maxrss of RUSAGE_CHILDREN in the wrapper; whole tree: /proc sampled every 0.1 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small corpora: finishes in under a minute")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    root = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    began = time.perf_counter()
    try:
        run(plan, root)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - began:.0f} s ({'quick' if args.quick else 'full'} run, seed {SEED})")


def run(plan: Plan, root: Path) -> None:
    print(f"xxgk benchmark: {'quick' if plan is QUICK else 'full'} run, corpus in {root}; {load()}")
    corpora = {}
    for fmt, count in plan.per_format.items():
        start = time.perf_counter()
        corpora[fmt] = generate(root / fmt.replace(" ", "-"), FORMAT_LAYOUTS[fmt], count)
        print(f"  generated {count} {fmt} documents in {time.perf_counter() - start:.1f} s")
    restore = one_core()
    try:
        show_speeds(
            "throughput on one core (sequential, in-process; parse = parse_file, check = parse_file + check_report;"
            f" each slice at least {MIN_SLICE_SECONDS:g} CPU-seconds)",
            [speed(fmt, paths, TARGETS[fmt]) for fmt, paths in corpora.items()],
        )
        print(f"  {load()}")
        show_speeds(
            f"real documents, each file timed on its own (repeated for at least {MIN_SLICE_SECONDS:g} CPU-seconds)",
            [speed(f"{p.parent.name}/{p.name}", [p], real_target(p)) for p in real_documents()],
        )
        print(f"  {load()}")
        show_startup(STARTUP_DOCUMENT, startup(STARTUP_DOCUMENT, plan.startup_runs))
        print(f"  {load()}")
    finally:
        restore()
    batch = root / "batch"
    start = time.perf_counter()
    generate(batch, ("html", *TEXT_LAYOUTS), plan.batch, offset=1_000_000)
    print(f"\n  generated the batch of {plan.batch} documents in {time.perf_counter() - start:.1f} s")
    show_memory([batch_memory(batch, plan.batch, jobs) for jobs in (1, 2)])
    print(f"  {load()}")


if __name__ == "__main__":
    main()
