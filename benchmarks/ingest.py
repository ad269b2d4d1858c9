"""Throughput and memory of `xxgk ingest` over a generated corpus of mixed formats.

    .venv/bin/python benchmarks/ingest.py [--count 10000] [--quick] [--keep DIR] [--postgres URL]

The corpus is generated with `xxgk.synth` (seed fixed): per 20 documents, one
DOCX, one PDF, and 18 HTML and text documents (four text layouts) in turn.
Each run is the real command line in a child process, into a fresh database
(SQLite in the corpus folder, or the PostgreSQL at --postgres, wiped first):

1. `--jobs 1` over the whole corpus;
2. `--jobs 2` over the whole corpus;
3. `--jobs 2` again over the same database (everything is skipped by hash);
4. `--jobs 2` over the first quarter of the corpus, for comparing peak memory
   with run 2: flat memory means the same peak for a quarter and the whole.

Peak memory as in benchmarks/run.py: the largest single process (ru_maxrss of
the wrapper's children) and the whole process tree (sampled from /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy
from run import WRAPPER, tree_rss_kb, xxgk_command

from xxgk.synth import sample

SEED = 515151
TEXT_AND_HTML = ("html", "cell_per_line_tabs", "html", "cell_per_line_blank", "html", "pipes", "html", "row_per_line")
TARGET = 100.0


@dataclass(frozen=True, slots=True)
class Run:
    """One `xxgk ingest` run."""

    name: str
    jobs: int
    docs: int
    seconds: float
    largest_mb: float
    tree_mb: float
    status: int
    summary: str
    cpu_seconds: float
    main_cpu_seconds: float


def layout_of(index: int) -> str:
    if index % 20 == 0:
        return "docx"
    if index % 20 == 10:
        return "pdf"
    return TEXT_AND_HTML[index % len(TEXT_AND_HTML)]


def generate(folder: Path, count: int) -> list[Path]:
    """`count` documents; the first quarter in `folder/a`, the rest in `folder/b`."""
    quarter = count // 4
    paths = []
    for index in range(count):
        target = folder / ("a" if index < quarter else "b")
        target.mkdir(parents=True, exist_ok=True)
        paths.append(sample(layout_of(index), SEED, index).write(target))
    return paths


def ingest_run(name: str, paths: list[Path], docs: int, jobs: int, url: str) -> Run:
    command = [*xxgk_command(), "ingest", "--db", url, "--jobs", str(jobs), *map(str, paths)]
    wrapper = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER_KEEPING_OUTPUT, *command], stdout=subprocess.PIPE, text=True
    )
    assert wrapper.stdout is not None
    cli_pid = int(wrapper.stdout.readline())
    tree_kb = 0
    main_cpu = 0.0
    while wrapper.poll() is None:
        tree_kb = max(tree_kb, tree_rss_kb(cli_pid))
        main_cpu = max(main_cpu, cpu_seconds(cli_pid))
        time.sleep(0.1)
    result = json.loads(wrapper.stdout.read().strip().splitlines()[-1])
    return Run(
        name,
        jobs,
        docs,
        result["seconds"],
        result["maxrss_kb"] / 1024,
        tree_kb / 1024,
        result["status"],
        result["output"].strip(),
        result["cpu"],
        main_cpu,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far, from /proc (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# As benchmarks/run.py's wrapper, but keeping the command's last line (the summary).
_WRAPPER_KEEPING_OUTPUT = WRAPPER.replace(
    "lines = sum(1 for _ in child.stdout)", "output = child.stdout.read().decode()[-2000:]; lines = 0"
).replace(
    '"maxrss_kb": usage.ru_maxrss}',
    '"maxrss_kb": usage.ru_maxrss, "output": output, "cpu": usage.ru_utime + usage.ru_stime}',
)


def fresh_database(root: Path, name: str, postgres: str | None) -> str:
    if postgres is None:
        for suffix in (".db", ".db-wal", ".db-shm"):
            (root / (name + suffix)).unlink(missing_ok=True)
        return f"sqlite:///{root / (name + '.db')}"
    engine = sqlalchemy.create_engine(postgres.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return postgres


def show(runs: list[Run], database: str) -> None:
    print(f"\n`xxgk ingest` into {database}")
    print(
        f"  {'run':<28}{'jobs':>5}{'docs':>8}{'seconds':>9}{'docs/s':>9}{'CPU s':>8}{'docs/CPU s':>11}{'main CPU s':>11}"
        f"{'largest process':>17}{'whole tree':>12}{'exit':>6}"
    )
    for r in runs:
        print(
            f"  {r.name:<28}{r.jobs:>5}{r.docs:>8}{r.seconds:>9.1f}{r.docs / r.seconds:>9.0f}"
            f"{r.cpu_seconds:>8.1f}{r.docs / r.cpu_seconds:>11.0f}{r.main_cpu_seconds:>11.1f}"
            f"{r.largest_mb:>14.0f} MB{r.tree_mb:>9.0f} MB{r.status:>6}"
        )
    for r in runs:
        print(f"  {r.name}: {r.summary.splitlines()[-1] if r.summary else ''}")
    two = next(r for r in runs if r.name == "whole corpus" and r.jobs == 2)
    verdict = "ok" if two.docs / two.seconds >= TARGET else "BELOW"
    print(f"  target ≥ {TARGET:g} docs/s with 2 workers: {two.docs / two.seconds:.0f} docs/s {verdict}")
    print("  CPU s: user + system time of the command and all its workers (what an idle machine would spend);")
    print("  main CPU s: the command's own process (walk, hash, database writes, cross-year pass), sampled")
    print(
        f"  load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work slows wall-clock rates)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 documents")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (reused if present)")
    parser.add_argument("--postgres", help="PostgreSQL URL to ingest into (its public schema is wiped before each run)")
    args = parser.parse_args()
    count = 1_000 if args.quick else args.count
    root = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-ingest-bench-"))
    began = time.perf_counter()
    try:
        corpus = root / "corpus"
        start = time.perf_counter()
        if not corpus.is_dir():
            generate(corpus, count)
            print(f"generated {count} documents in {time.perf_counter() - start:.1f} s into {corpus}")
        quarter = len(list((corpus / "a").iterdir()))
        whole = [corpus / "a", corpus / "b"]
        runs = []
        one = fresh_database(root, "one", args.postgres)
        runs.append(ingest_run("whole corpus", whole, count, 1, one))
        two = fresh_database(root, "two", args.postgres)
        runs.append(ingest_run("whole corpus", whole, count, 2, two))
        runs.append(ingest_run("again (all skipped)", whole, count, 2, two))
        part = fresh_database(root, "quarter", args.postgres)
        runs.append(ingest_run("first quarter", [corpus / "a"], quarter, 2, part))
        show(runs, "PostgreSQL" if args.postgres else "SQLite")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - began:.0f} s (seed {SEED})")


if __name__ == "__main__":
    main()
