"""Login rate limiting: too many failures for one user name or one address lock it out for a while.

Kept in memory: `xxgk serve` runs one web process (the parsing happens in a
process pool), so one counter sees every attempt. A restart clears it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from threading import Lock

from xxgk.web.settings import LoginLimits

MAX_KEYS = 10_000


class LoginThrottle:
    """Counts failed logins per key (a user name, an address) in a sliding window."""

    def __init__(self, limits: LoginLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds until any of `keys` may try again; 0 when all may try now."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                recent = self._recent(key, now)
                if len(recent) >= self._limits.max_failures:
                    wait = max(wait, recent[0] + self._limits.window_seconds - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > MAX_KEYS:
                self._forget_stale(now)
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, key: str) -> None:
        """A correct password clears the user name's failures (not the address's)."""
        with self._lock:
            self._failures.pop(key, None)

    def _forget_stale(self, now: float) -> None:
        """Drop keys with no failure in the window, so guessed user names cannot fill memory."""
        for key in [k for k in self._failures if not self._recent(k, now)]:
            del self._failures[key]

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self._limits.window_seconds:
            times.popleft()
        return times
