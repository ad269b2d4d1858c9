"""Where the work runs: in this process, on a local process pool, or on a Dask cluster.

Everything is written against `concurrent.futures.Executor`, so Dask's
`Client.get_executor()` drops in for the local `ProcessPoolExecutor`. Results
come back in submission order through a bounded window, so memory stays flat
and the database rows are written in the same order whatever the executor.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, TypeVar

from xxgk.batch import TASKS_PER_CHILD
from xxgk.errors import XxgkError

T = TypeVar("T")
R = TypeVar("R")


class SchedulerError(XxgkError):
    """The Dask scheduler cannot be used (not installed, unreachable)."""


@dataclass(frozen=True, slots=True)
class Workers:
    """Where tasks go (None: this process) and how many run at once."""

    executor: Executor | None
    count: int


@contextmanager
def executor_for(jobs: int, scheduler: str | None = None) -> Iterator[Workers]:
    """The Dask cluster at `scheduler`, a process pool for `jobs` > 1, else this process."""
    if scheduler:
        with _dask_workers(scheduler) as workers:
            yield workers
        return
    if jobs <= 1:
        yield Workers(None, 1)
        return
    with ProcessPoolExecutor(
        jobs,
        mp_context=get_context("spawn"),
        max_tasks_per_child=TASKS_PER_CHILD,
        initializer=exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        yield Workers(pool, jobs)


def exit_with_parent(parent: int) -> None:
    """In a worker: end when `parent` is gone (killed with -9, it cannot tell its workers),
    instead of waiting forever for tasks that will never come."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@contextmanager
def _dask_workers(address: str) -> Iterator[Workers]:
    try:
        import distributed
    except ImportError:
        raise SchedulerError("未安装 Dask：请安装 xxgk[distributed] 后再使用 --scheduler") from None
    try:
        connect: Any = distributed.Client  # untyped
        client = connect(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(f"无法连接 Dask 调度器 {address}：{exc}") from None
    try:
        yield Workers(client.get_executor(), max(1, sum(client.nthreads().values())))
    finally:
        client.close()


def ordered_map(fn: Callable[[T], R], items: Iterable[T], executor: Executor | None, window: int) -> Iterator[R]:
    """`fn` over `items`, results in input order, at most `window` tasks in flight."""
    if executor is None:
        yield from map(fn, items)
        return
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(executor.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
