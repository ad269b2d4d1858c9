"""Uploads into the corpus store (报告库): staged files ingested in the background with progress.

`xxgk.corpus.ingest.ingest` parses, checks and stores them (with cross-year checks),
in a process pool when the app has more than one job. Agencies first seen in an
upload are placed under the uploader's agency in the tree, so the supervisor who
uploaded them sees them. Jobs live in memory: after a restart their progress is
gone, the stored reports are not.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.corpus.executors import executor_for
from xxgk.corpus.ingest import ingest
from xxgk.store.agencies import Agency
from xxgk.store.database import Database, session_scope
from xxgk.store.web import audit


@dataclass(slots=True)
class IngestJob:
    """One upload's progress; `message` is the ingest summary once done."""

    id: int
    user_id: int
    username: str
    agency_id: int | None
    total: int = 0
    done: int = 0
    status: str = "running"
    message: str = ""
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, count: int) -> None:
        self.done += count


class Library:
    """Runs ingest jobs one after another on a background thread."""

    def __init__(self, db: Database, jobs: int) -> None:
        self._db = db
        self._jobs = max(1, jobs)
        self._lock = threading.Lock()
        self._all: dict[int, IngestJob] = {}
        self._threads: list[threading.Thread] = []

    def start(self, user_id: int, username: str, agency_id: int | None, folder: Path, files: int) -> IngestJob:
        with self._lock:
            job = IngestJob(len(self._all) + 1, user_id, username, agency_id, total=files)
            self._all[job.id] = job
            thread = threading.Thread(target=self._run, args=(job, folder), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return job

    def get(self, job_id: int) -> IngestJob | None:
        return self._all.get(job_id)

    def recent(self) -> list[IngestJob]:
        return sorted(self._all.values(), key=lambda j: -j.id)

    def wait(self, timeout: float) -> None:
        for thread in list(self._threads):
            thread.join(timeout)

    def _run(self, job: IngestJob, folder: Path) -> None:
        try:
            with session_scope(self._db) as session:
                known = set(session.scalars(select(Agency.id)))
            with executor_for(self._jobs) as workers:
                summary = ingest(self._db, [folder], executor=workers.executor, workers=workers.count, progress=job)
            with session_scope(self._db) as session:
                _adopt(session, known, job.agency_id)
                audit(
                    session, job.username, "corpus.upload", "ingest", job.id, agency_id=job.agency_id, files=job.total
                )
            job.message, job.unreadable = summary.message(), [(Path(p).name, r) for p, r in summary.unreadable]
            job.status = "done"
        except Exception as exc:  # the page must say the job failed, not spin forever
            job.status, job.message = "failed", f"入库失败：{exc}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _adopt(session: Session, known: set[int], parent_id: int | None) -> None:
    """New top-level agencies go under the uploader's agency."""
    if parent_id is None:
        return
    for agency in session.scalars(select(Agency).where(Agency.parent_id.is_(None), Agency.id.not_in(known or {0}))):
        if agency.id != parent_id:
            agency.parent_id = parent_id
