"""A cache of at most a fixed number of entries, emptied when full.

Readers and extraction both remember work repeated on the same text or the same
table; emptying the whole cache when it fills (rather than evicting one entry at
a time) costs nothing per hit and keeps memory flat however many documents a
process reads.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """A dict of at most `limit` entries, emptied when a new entry would exceed it."""

    __slots__ = ("entries", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self.entries.get(key)

    def put(self, key: K, value: V) -> V:
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = value
        return value
