"""Checking uploaded reports in the background: a process pool does the work, the server stays free.

A run is created with one pending item per staged file; a collector thread waits
for the pool's results and stores each as it arrives, so a page polling the run
sees the progress, and a restart loses only what was still in flight (marked so).
"""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xxgk.batch import TASKS_PER_CHILD
from xxgk.check import sort_findings
from xxgk.now import now
from xxgk.service import Outcome, check_file
from xxgk.store.database import Database, session_scope
from xxgk.store.web import CheckItem, CheckRun, User, audit
from xxgk.web.uploads import StagedFile

INTERRUPTED = "服务在检查完成前已停止，请重新上传该文件"


class CheckRunner:
    """Owns the process pool (started on first use) and the collector threads of running checks."""

    def __init__(self, db: Database, jobs: int) -> None:
        self._db = db
        self._jobs = max(1, jobs)
        self._pool: Executor | None = None
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self, session: Session, user: User, staged: list[StagedFile], folder: Path) -> CheckRun:
        """Record a run of `staged` files for `user`'s agency, then check them in the background.

        The run and its items are committed before the work starts, so the page
        that follows can show them at once.
        """
        run = CheckRun(user_id=user.id, agency_id=user.agency_id, status="running", total=len(staged))
        session.add(run)
        session.flush()
        items = [
            CheckItem(run_id=run.id, position=i, filename=f.name, size=f.size, findings=[])
            for i, f in enumerate(staged)
        ]
        session.add_all(items)
        session.flush()
        audit(session, user, "check.upload", "check_run", run.id, agency_id=user.agency_id, files=len(staged))
        session.commit()
        work = [(item.id, f.path) for item, f in zip(items, staged, strict=True)]
        thread = threading.Thread(target=self._collect, args=(run.id, work, folder), daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return run

    def wait(self, timeout: float | None = None) -> None:
        """Until every running check has finished (tests and shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _executor(self) -> Executor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self._jobs, mp_context=get_context("spawn"), max_tasks_per_child=TASKS_PER_CHILD
                )
            return self._pool

    def _discard(self, pool: Executor) -> None:
        """Forget a pool whose worker died (every later submission would fail); the next run starts a new one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def _collect(self, run_id: int, work: list[tuple[int, Path]], folder: Path) -> None:
        pool: Executor | None = None
        try:
            pool = self._executor()
            futures: dict[Future[Outcome], tuple[int, Path]] = {
                pool.submit(check_file, path): (i, path) for i, path in work
            }
            for future in as_completed(futures):
                item_id, path = futures[future]
                self._store(run_id, item_id, _outcome_of(future))
                path.unlink(missing_ok=True)
                if isinstance(future.exception(), BrokenExecutor):
                    self._discard(pool)
        except BrokenExecutor:  # a worker died before this run could submit: the next run gets a new pool
            if pool is not None:
                self._discard(pool)
        except RuntimeError:  # the pool was shut down under us: the server is stopping
            pass
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            self._finish(run_id)

    def _store(self, run_id: int, item_id: int, outcome: Outcome) -> None:
        with session_scope(self._db) as session:
            item = session.get_one(CheckItem, item_id)
            fill_item(item, outcome)
            session.execute(update(CheckRun).where(CheckRun.id == run_id).values(done=CheckRun.done + 1))

    def _finish(self, run_id: int) -> None:
        with session_scope(self._db) as session:
            run = session.get_one(CheckRun, run_id)
            for item in session.scalars(
                select(CheckItem).where(CheckItem.run_id == run_id, CheckItem.status == "pending")
            ):
                item.status, item.error = "failed", INTERRUPTED
            run.status = "done" if run.done >= run.total else "interrupted"
            run.finished_at = now()


def fill_item(item: CheckItem, outcome: Outcome) -> None:
    """Copy one outcome into its item: the report and findings, or the reason it could not be read."""
    if outcome.report is None:
        item.status, item.error = "failed", outcome.error or "无法读取"
        return
    report = outcome.report
    findings = sort_findings(outcome.findings)
    item.status = "done"
    item.report = report.to_dict()
    item.findings = [f.to_dict() for f in findings]
    item.agency_name = (report.agency or "")[:200] or None
    item.year = report.year
    item.template = report.template
    item.errors = sum(f.severity == "error" for f in findings)
    item.warnings = sum(f.severity == "warning" for f in findings)


def mark_interrupted(db: Database) -> None:
    """Runs left running by a previous server process will never finish: say so."""
    with session_scope(db) as session:
        running = session.scalars(select(CheckRun).where(CheckRun.status == "running")).all()
        for run in running:
            for item in run.items:
                if item.status == "pending":
                    item.status, item.error = "failed", INTERRUPTED
            run.status = "interrupted"
            run.finished_at = now()


def _outcome_of(future: Future[Outcome]) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # a worker died (e.g. out of memory): this file fails, the run goes on
        return Outcome("", error=f"检查进程异常退出（{type(exc).__name__}），该文件未能检查")
