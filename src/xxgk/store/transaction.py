"""One unit of work as one transaction, retried when concurrent writers conflict.

SQLite reports a lock, PostgreSQL a serialization failure or a deadlock; either way
the whole unit is run again from scratch, so concurrent writers never lose a record.
Every service (the ledger, disclosure, letters) runs its writes through this.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from xxgk.store.database import Database, session_scope

T = TypeVar("T")
RETRIES = 20
_TRANSIENT_SQLSTATES = {"40001", "40P01"}


def in_transaction(db: Database, work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction, retried from scratch on a transient conflict between writers."""
    for attempt in range(RETRIES):
        try:
            with session_scope(db) as session:
                return work(session)
        except (OperationalError, DBAPIError) as exc:
            if attempt == RETRIES - 1 or not _transient(exc):
                raise
            time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
    raise AssertionError("unreachable")


def _transient(exc: DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database table is locked" in message or "busy" in message
