"""Login rate limiting: too many failures for one user name or one address lock it out for a while.

Kept in memory, by decision: `xxgk serve` is one web process (uvicorn is given the
app object, which it cannot fork into workers; checking and ingesting run in
process pools the web process owns, and the upload jobs' interrupted state relies
on one web process per database), so one counter sees every attempt. Counting in
the database would add a write transaction per failed attempt — on SQLite, a
password-guessing flood would then queue behind and in front of every clerk's
writes — to guard against a restart, which clears the counters but is not in an
attacker's hands.

An attempt is counted when it starts, not when its password has been found wrong:
requests run concurrently on the server's threads, and counting afterwards would let
a burst of simultaneous guesses all pass the check before the first was counted.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from xxgk.web.settings import LoginLimits

MAX_KEYS = 10_000


@dataclass(frozen=True, slots=True)
class Attempt:
    """One attempt under `keys` (a user name's, an address's), begun at `at`.

    `wait` is the seconds until the keys may try again when it was refused, 0 when admitted.
    """

    keys: tuple[str, ...]
    at: float
    wait: int

    @property
    def refused(self) -> bool:
        return self.wait > 0


class LoginThrottle:
    """Counts attempts per key (a user name, an address) in a sliding window; a success takes its attempt back."""

    def __init__(self, limits: LoginLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = Lock()

    def begin(self, *keys: str) -> Attempt:
        """Admit an attempt under `keys`, counted as failed until `succeeded` says otherwise, or refuse it."""
        now = self._clock()
        with self._lock:
            wait = self._wait(keys, now)
            if not wait:
                if len(self._failures) > MAX_KEYS:
                    self._forget_stale(now)
                for key in keys:
                    self._recent(key, now).append(now)
        return Attempt(keys, now, wait)

    def succeeded(self, attempt: Attempt, *, forget: tuple[str, ...] = ()) -> None:
        """A correct answer: the attempt is taken back, and the failures of the keys in `forget` are cleared.

        A login forgets its user name's failures, not its address's (another name may be guessed from there).
        """
        if attempt.refused:
            return
        with self._lock:
            for key in attempt.keys:
                times = self._failures.get(key)
                if key in forget:
                    self._failures.pop(key, None)
                elif times is not None and attempt.at in times:
                    times.remove(attempt.at)

    def _wait(self, keys: tuple[str, ...], now: float) -> int:
        wait = 0.0
        for key in keys:
            recent = self._recent(key, now)
            if len(recent) >= self._limits.max_failures:
                wait = max(wait, recent[0] + self._limits.window_seconds - now)
        return int(wait) + 1 if wait > 0 else 0

    def _forget_stale(self, now: float) -> None:
        """Drop keys with no failure in the window, so guessed user names cannot fill memory."""
        for key in [k for k in self._failures if not self._recent(k, now)]:
            del self._failures[key]

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self._limits.window_seconds:
            times.popleft()
        return times
