"""The one clock of xxgk: the current instant, and today's date in China.

Statutory deadlines run in China's working days, so "today" is the calendar date
in China (UTC+8), whatever the server's zone. Every computation, the CLI and the
web app ask `today()` or `now()`; nothing else reads the system clock for a date.

Tests freeze it two ways. In process, a kept library (time-machine) moves the
system clock these functions read. A process started from the command line
(`xxgk serve` under a browser test, any `xxgk` command a test runs) reads
`XXGK_NOW`, an ISO instant such as ``2026-12-20T09:00:00+08:00``, once at start
(`pin_from_environment`): its clock then starts at that instant and runs on at
the normal pace, so timestamps still move forward.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from xxgk.errors import XxgkError

CHINA = ZoneInfo("Asia/Shanghai")
NOW_VARIABLE = "XXGK_NOW"

_pinned: tuple[datetime, float] | None = None  # (instant, monotonic time it was pinned at)


def now() -> datetime:
    """The current instant, timezone-aware in UTC."""
    if _pinned is None:
        return datetime.now(UTC)
    instant, started = _pinned
    return instant + timedelta(seconds=time.monotonic() - started)


def today() -> date:
    """Today's date in China, the date every statutory clock counts from."""
    return now().astimezone(CHINA).date()


def pin_from_environment() -> None:
    """Start this process's clock at `XXGK_NOW` when it is set (the command line calls this once)."""
    global _pinned
    text = os.environ.get(NOW_VARIABLE, "").strip()
    if not text:
        _pinned = None
        return
    try:
        instant = datetime.fromisoformat(text)
    except ValueError as exc:
        raise XxgkError(
            f"环境变量 {NOW_VARIABLE}={text!r} 不是 ISO 格式的时刻（例如 2026-12-20T09:00:00+08:00）"
        ) from exc
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=CHINA)
    _pinned = (instant.astimezone(UTC), time.monotonic())
