"""Many inputs: walk folders, spread the work over all cores, keep memory flat.

Results come back in input order through a bounded window of work in flight, so
memory does not grow with the number of files.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

    from xxgk.service import Outcome

# Files a worker handles before it is replaced, which bounds any slow leak.
TASKS_PER_CHILD = 500


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and every non-hidden file below folders named, in sorted order."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_all(work: Callable[[Path], Outcome], paths: Iterable[Path], jobs: int) -> Iterator[Outcome]:
    """`work` applied to every path, in order, on `jobs` processes."""
    if jobs <= 1:
        for path in paths:
            yield work(path)
        return
    # Imported here: a one-file `xxgk check` never starts a pool and should not pay for it.
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    window = jobs * 4
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), max_tasks_per_child=TASKS_PER_CHILD) as pool:
        pending: deque[Future[Outcome]] = deque()
        for path in paths:
            pending.append(pool.submit(work, path))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
