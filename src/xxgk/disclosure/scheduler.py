"""The scheduler inside `xxgk serve`: `workflow.run_due` once at start and then every minute.

One thread; each run is one transaction (retried on a conflict like every write), and
publishing is idempotent (a published item is no longer due), so a cron job running
`xxgk disclosure run-due` beside a server does no harm.
"""

from __future__ import annotations

import logging
import threading

from xxgk.disclosure.workflow import run_due
from xxgk.store.database import Database
from xxgk.store.transaction import in_transaction

INTERVAL_SECONDS = 60.0
log = logging.getLogger(__name__)


class DueRunner:
    """Runs the due work of the catalogue on its own thread until stopped."""

    def __init__(self, db: Database, interval: float = INTERVAL_SECONDS) -> None:
        self.db = db
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="disclosure-due", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Wait for a run under way to end (one short transaction), so none outlives the app."""
        self._stop.set()
        self._thread.join()

    def run_once(self) -> None:
        try:
            summary = in_transaction(self.db, run_due)
        except Exception:  # a failed run is logged; the next minute tries again
            log.exception("主动公开到期处理失败")
            return
        for problem in summary.problems:
            log.warning("定时发布未完成：%s", problem)
        if summary.published or summary.expired:
            log.info("定时发布 %d 条，标为已失效 %d 条", len(summary.published), len(summary.expired))

    def _loop(self) -> None:
        self.run_once()
        while not self._stop.wait(self.interval):
            self.run_once()
