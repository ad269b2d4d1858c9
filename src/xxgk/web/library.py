"""Uploads into the corpus store (报告库): staged files ingested in the background with progress.

`xxgk.corpus.ingest.ingest` parses, checks and stores them (with cross-year checks),
in a process pool when the app has more than one job. No agency is created from a
printed name: each report is then placed in the uploader's tree, queued for the
uploader to place, or refused (`xxgk.web.placement`); none is public before a
supervisor releases it.

A job lives in the database (`UploadJob`, one `UploadJobFile` per file): its
counts as the ingest advances, each file's result once it is stored, its start and
end. The documents are committed 200 at a time by the ingest itself, so when the
server stops mid-way, what was stored stays stored; at the next start the job is
marked interrupted, each file saying whether it made it in.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xxgk.corpus.executors import executor_for
from xxgk.corpus.ingest import IngestSummary, Settings, ingest
from xxgk.now import now
from xxgk.store.corpus import CorpusDocument, CorpusReport, CorpusSource
from xxgk.store.database import Database, session_scope
from xxgk.store.web import UploadJob, UploadJobFile, User, audit
from xxgk.web.placement import place_job
from xxgk.web.scope import Visibility, visible_agencies
from xxgk.web.uploads import StagedFile

JOB_STATUS = {"running": "入库中", "done": "已完成", "failed": "入库失败", "interrupted": "已中断"}
INTERRUPTED = "服务在入库完成前已停止：已处理 {done} / {total} 个文件，已入库的报告保留，未处理的文件请重新上传。"
NOT_REACHED = "未处理：服务在处理到该文件前已停止，请重新上传"
# Sources looked up per query (bound parameters stay well under every database's limit).
CHUNK = 500


class Library:
    """Runs ingest jobs on background threads; every job's state is in the database."""

    def __init__(self, db: Database, jobs: int) -> None:
        self._db = db
        self._jobs = max(1, jobs)
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self, session: Session, user: User, staged: list[StagedFile], folder: Path) -> UploadJob:
        """Record a job for `staged` (committed, so its page can show it at once), then ingest in the background."""
        job = UploadJob(
            user_id=user.id, username=user.username, agency_id=user.agency_id, total=len(staged), folder=str(folder)
        )
        session.add(job)
        session.flush()
        session.add_all(
            UploadJobFile(job_id=job.id, position=i, name=f.name, source=str(f.path)) for i, f in enumerate(staged)
        )
        session.commit()
        thread = threading.Thread(
            target=self._run, args=(job.id, [f.path for f in staged], folder, user.id), daemon=True
        )
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return job

    def wait(self, timeout: float) -> None:
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def _run(self, job_id: int, paths: list[Path], folder: Path, user_id: int) -> None:
        try:
            with executor_for(self._jobs) as workers:
                summary = ingest(
                    self._db,
                    paths,
                    executor=workers.executor,
                    workers=workers.count,
                    settings=Settings(new_agencies=False),
                    progress=_Counted(self._db, job_id),
                )
            with session_scope(self._db) as session:
                job = session.get_one(UploadJob, job_id)
                uploader = session.get(User, user_id)
                _record_results(session, job, summary)
                place_job(
                    session, job, visible_agencies(session, uploader) if uploader else Visibility(False, frozenset())
                )
                _finish(job, "done", summary.message())
                job.done = job.total
                audit(
                    session,
                    session.get(User, user_id) or job.username,
                    "corpus.upload",
                    "ingest",
                    job.id,
                    agency_id=job.agency_id,
                    files=job.total,
                )
        except Exception as exc:  # the page must say the job failed, not spin forever
            with session_scope(self._db) as session:
                job = session.get_one(UploadJob, job_id)
                _record_results(session, job, None)
                _finish(job, "failed", f"入库失败：{exc}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class _Counted:
    """The ingest's progress, written to the job's row as it advances (one UPDATE per batch of files)."""

    db: Database
    job_id: int

    def start(self, total: int) -> None:
        pass  # the job was created with its number of files

    def advance(self, count: int) -> None:
        if count:
            with session_scope(self.db) as session:
                session.execute(
                    update(UploadJob).where(UploadJob.id == self.job_id).values(done=UploadJob.done + count)
                )


def mark_uploads_interrupted(db: Database) -> None:
    """Jobs left running by a previous server process will never finish: say so, with what they had done.

    `xxgk serve` is one web process per database, so at its start no job can still be running.
    """
    with session_scope(db) as session:
        for job in session.scalars(select(UploadJob).where(UploadJob.status == "running")).all():
            if job.folder:
                shutil.rmtree(job.folder, ignore_errors=True)
            _record_results(session, job, None)
            job.done = sum(file.status != "pending" for file in job.files)  # what is known to be stored or refused
            _finish(job, "interrupted", INTERRUPTED.format(done=job.done, total=job.total))
            for file in job.files:
                if file.status == "pending":
                    file.status, file.result = "failed", NOT_REACHED


def _finish(job: UploadJob, status: str, message: str) -> None:
    job.status, job.message = status, message
    job.finished_at = now()
    job.folder = None


def _record_results(session: Session, job: UploadJob, summary: IngestSummary | None) -> None:
    """Each file's result: the report it was stored as, or why it could not be read; pending if neither is known.

    What the store holds is looked up by the file's staged path (every document records the paths it was
    found at); a file refused before reaching the store (too large, unopenable) is named in `summary`.
    """
    refused = dict(summary.unreadable) if summary is not None else {}
    stored = _stored_results(session, [file.source for file in job.files if file.status == "pending"])
    for file in job.files:
        if file.status != "pending":
            continue
        if file.source in stored:
            file.status, file.result = stored[file.source]
        elif file.source in refused:
            file.status, file.result = "failed", refused[file.source]


def _stored_results(session: Session, sources: list[str]) -> dict[str, tuple[str, str]]:
    """Source path → (status, one line) for the documents stored from those paths."""
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(sources), CHUNK):
        rows = session.execute(
            select(
                CorpusSource.path,
                CorpusDocument.error,
                CorpusReport.agency_name,
                CorpusReport.year,
                CorpusReport.errors,
                CorpusReport.warnings,
            )
            .join(CorpusDocument, CorpusDocument.id == CorpusSource.document_id)
            .outerjoin(CorpusReport, CorpusReport.document_id == CorpusDocument.id)
            .where(CorpusSource.path.in_(sources[start : start + CHUNK]))
        )
        for path, error, agency, year, errors, warnings in rows:
            out[path] = _result_line(error, agency, year, errors, warnings)
    return out


def _result_line(
    error: str | None, agency: str | None, year: int | None, errors: int | None, warnings: int | None
) -> tuple[str, str]:
    if error is not None or errors is None:
        return "failed", f"无法读取：{error or '没有可识别的年度报告'}"
    title = f"{agency or '（未识别机关）'}{f' {year} 年度' if year else ''}"
    return "stored", f"{title}：{errors} 个错误，{warnings or 0} 个警告"


def visible_jobs(session: Session, user: User, agencies: Iterable[int] | None, limit: int = 50) -> list[UploadJob]:
    """The latest jobs of `agencies` (None: every agency) or uploaded by `user`, newest first."""
    query = select(UploadJob).order_by(UploadJob.id.desc()).limit(limit)
    if agencies is not None:
        query = query.where(UploadJob.agency_id.in_(list(agencies)) | (UploadJob.user_id == user.id))
    return list(session.scalars(query))
