"""A CPU-time limit per input, so one pathological file cannot hold a batch forever.

The readers bound what they know to be dangerous (tag counts, merged-cell grids,
zip sizes, pages); this is the backstop for what nobody foresaw. It uses the
profiling timer (SIGPROF counts CPU time, so a busy machine does not trip it)
and works only in a process's main thread, where the CLI and the batch workers
read files; elsewhere (the web app's thread pool) it does nothing. A signal is
handled between Python bytecodes, so time spent inside one C call (libxml2,
pdfium) is only stopped when that call returns; those are bounded by the readers.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from xxgk.errors import XxgkError

# CPU seconds one input may take: the slowest real report (a 100-page PDF) needs a few.
FILE_CPU_SECONDS = 120.0
LIMIT_VARIABLE = "XXGK_FILE_CPU_SECONDS"


class TimeLimitExceeded(XxgkError):
    """The input used up its CPU time."""


def file_cpu_seconds() -> float:
    """The limit per input: `XXGK_FILE_CPU_SECONDS` when set to a number (0 turns it off), else the default."""
    try:
        return float(os.environ.get(LIMIT_VARIABLE, FILE_CPU_SECONDS))
    except ValueError:
        return FILE_CPU_SECONDS


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Raise `TimeLimitExceeded` inside the block once it has used `seconds` of CPU time."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGPROF"):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"处理超时：用时超过 {seconds:g} 秒（CPU），已跳过此文件")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
