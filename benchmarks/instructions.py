"""Instructions per document, counted by valgrind (callgrind), and where the time goes (cProfile).

    .venv/bin/python benchmarks/instructions.py [--layout html] [--docs 40]
    .venv/bin/python benchmarks/instructions.py --layout html --profile   # cProfile, no valgrind
    .venv/bin/python benchmarks/instructions.py --file tests/data/realworld/hongze-2024.pdf --docs 10

On a machine shared with other work, timings move by tens of per cent with the
load; the instructions a document costs do not. `xxgk.synth` writes `--docs`
documents of the layout (the seed and the first indices of `run.py`'s corpus),
then this script runs itself under `valgrind --tool=callgrind` twice: once
doing only the fixed work (imports, reading the first document twice, so that
every cache and lazy import is warm) and once doing that and then reading every
document. The difference over the number of documents is what one document
costs, for `parse_file` and for `check_file` separately. Under valgrind Python
runs about 50 times slower: 40 HTML documents take a minute or two.

With `--file PATH` one given document is read `--docs` times instead of a
generated corpus (a real report: its cost per reading is the same every time).

With `--profile` the documents are read under cProfile instead (natively), and
the functions taking the most time are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FORMAT_LAYOUTS, generate

WORKS = ("parse", "check")
_SUMMARY = re.compile(r"^(?:summary|totals):\s*(\d+)", re.MULTILINE)


def work_function(name: str) -> Callable[[Path], object]:
    from xxgk.service import check_file, parse_file

    return parse_file if name == "parse" else check_file


def inner(work: str, paths: list[Path]) -> None:
    """The measured process: warm up on the first document, then read `paths`."""
    function = work_function(work)
    warm = paths[0] if paths else None
    if warm is not None:
        function(warm)
        function(warm)
    for path in paths[1:]:
        function(path)


def instructions(work: str, paths: list[Path], folder: Path, tag: str) -> int:
    """Instructions callgrind counts for a process warming up on paths[0] and reading paths[1:]."""
    out = folder / f"callgrind.{work}.{tag}.out"
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        sys.executable,
        __file__,
        "--inner",
        work,
        *map(str, paths),
    ]
    # A fixed hash seed: set and dict order, and so the count, the same at every run.
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    match = _SUMMARY.search(out.read_text(errors="replace"))
    if match is None:
        raise SystemExit(f"no instruction total in {out}")
    return int(match.group(1))


def profile(work: str, paths: list[Path], top: int) -> None:
    function = work_function(work)
    function(paths[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        function(path)
    profiler.disable()
    print(f"\n{work}_file over {len(paths)} documents (cProfile, sorted by own time)")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--layout", default="html", help="an xxgk.synth layout (default html)")
    parser.add_argument("--docs", type=int, default=40, help="documents read (default 40)")
    parser.add_argument("--file", type=Path, help="read this one document --docs times instead")
    parser.add_argument("--profile", action="store_true", help="cProfile instead of valgrind")
    parser.add_argument("--top", type=int, default=25, help="functions printed with --profile")
    parser.add_argument("--inner", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner[0], [Path(p) for p in args.inner[1:]])
        return
    if not args.profile and shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed; use --profile")
    layouts = FORMAT_LAYOUTS.get(args.layout, (args.layout,))
    with tempfile.TemporaryDirectory(prefix="xxgk-instructions-") as tmp:
        folder = Path(tmp)
        paths = [args.file.resolve()] * args.docs if args.file else generate(folder / "corpus", layouts, args.docs)
        if args.profile:
            for work in WORKS:
                profile(work, paths, args.top)
            return
        what = f"{args.file.name} read {args.docs} times" if args.file else f"{args.docs} {args.layout} documents"
        print(f"instructions per document ({what}, valgrind --tool=callgrind)")
        for work in WORKS:
            fixed = instructions(work, paths[:1], folder, "fixed")
            total = instructions(work, [paths[0], *paths], folder, "all")
            per_document = (total - fixed) / len(paths)
            print(f"  {work}_file: {per_document / 1e6:,.2f} M instructions per document")


if __name__ == "__main__":
    main()
