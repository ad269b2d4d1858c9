"""Where the work runs: in this process, on a local process pool, or on a Dask cluster.

Everything is written against `concurrent.futures.Executor`, so Dask's
`Client.get_executor()` drops in for the local `ProcessPoolExecutor`. Results
come back in submission order through a bounded window, so memory stays flat
and the database rows are written in the same order whatever the executor.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Any, TypeVar

from xxgk.batch import TASKS_PER_CHILD
from xxgk.errors import XxgkError

T = TypeVar("T")
R = TypeVar("R")


class SchedulerError(XxgkError):
    """The Dask scheduler cannot be used (not installed, unreachable)."""


@contextmanager
def executor_for(jobs: int, scheduler: str | None = None) -> Iterator[Executor | None]:
    """A Dask executor for `scheduler`, a process pool for `jobs` > 1, else None (work in this process)."""
    if scheduler:
        with _dask_executor(scheduler) as executor:
            yield executor
        return
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), max_tasks_per_child=TASKS_PER_CHILD) as pool:
        yield pool


@contextmanager
def _dask_executor(address: str) -> Iterator[Executor]:
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
        yield client.get_executor()
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
