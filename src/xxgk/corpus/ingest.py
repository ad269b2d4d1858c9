"""Ingest: every document under some paths, parsed and checked, into the corpus tables.

The main process walks the paths, hashes each file and asks the database which
hashes it already holds (read by this parser version: skipped). The rest go to
workers (`read_jobs`, on a local process pool or a Dask cluster) a few
documents per task; results come back in input order and are written in
batches, one transaction each. Then the agencies whose reports changed get
their cross-year findings recomputed.

Idempotent by content hash; resumable after a kill at any moment (a batch is
committed whole or not at all); a newer parser version re-reads old documents
and rewrites only those whose result changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from xxgk.batch import expand_paths
from xxgk.corpus.crossyear import recheck_stale
from xxgk.corpus.executors import ordered_map
from xxgk.corpus.store import Tally, add_sources, write_batch
from xxgk.corpus.work import PARSER_VERSION, Job, Parsed, read_jobs
from xxgk.read import MAX_FILE_BYTES
from xxgk.store import session_scope
from xxgk.store.corpus import ORIGIN_DESK, CorpusDocument, CorpusReport
from xxgk.store.database import Database


class Progress(Protocol):
    """Told the number of files once, then how many more are done."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


class Silent:
    """No progress display."""

    def start(self, total: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


# Files hashed and looked up together; their bytes wait in memory until sent to a worker.
LOOKUP = 64


@dataclass(frozen=True, slots=True)
class Settings:
    """How the work is cut up: documents per worker task, tasks in flight per worker, documents per transaction."""

    task_size: int = 8
    window_per_worker: int = 4
    batch_size: int = 200
    # False for uploads through the web: a name that matches no agency leaves the report without one,
    # for the uploader to place, instead of creating an agency (which the portal would list at once).
    new_agencies: bool = True


@dataclass(slots=True)
class IngestSummary:
    """What one run did. `unreadable` lists (path, reason) for files first found unreadable in this run."""

    files: int = 0
    added: int = 0
    current: int = 0
    reparsed: int = 0
    changed: int = 0
    duplicates: int = 0
    known_unreadable: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    agencies_rechecked: int = 0
    crossyear_findings: int = 0

    @property
    def nothing_new(self) -> bool:
        return self.added == 0 and self.changed == 0 and not self.unreadable

    def message(self) -> str:
        """One Chinese sentence for the user."""
        recheck = f"跨年度核对 {self.agencies_rechecked} 个机关，发现 {self.crossyear_findings} 处不衔接"
        if self.nothing_new and self.reparsed == 0:
            done = f"；{recheck}。" if self.agencies_rechecked else "，未作任何修改。"
            return f"没有新内容：{self.files} 个文件均已入库（解析器版本 {PARSER_VERSION}）{done}"
        parts = [f"共 {self.files} 个文件", f"新入库 {self.added} 份"]
        if self.current:
            parts.append(f"已在库中跳过 {self.current} 份")
        if self.reparsed:
            parts.append(f"按新版解析器重新解析 {self.reparsed} 份（结果有变化 {self.changed} 份）")
        if self.duplicates:
            parts.append(f"内容重复 {self.duplicates} 份（只记录路径）")
        if self.unreadable:
            parts.append(f"无法读取 {len(self.unreadable)} 份")
        if self.known_unreadable:
            parts.append(f"此前已确认无法读取 {self.known_unreadable} 份")
        parts.append(recheck)
        return "；".join(parts) + "。"


@dataclass(frozen=True, slots=True)
class Incoming:
    """A document to ingest: its bytes and where it came from (a path, or an upload's name)."""

    source: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that could not even be opened, and why."""

    source: str
    reason: str


def ingest(
    db: Database,
    paths: Iterable[Path],
    *,
    executor: Executor | None = None,
    workers: int = 1,
    settings: Settings = Settings(),
    progress: Progress | None = None,
) -> IngestSummary:
    """Parse, check and store every document under `paths`; `executor` None works in this process."""
    own = _database_files(db)
    files = [path for path in expand_paths(paths) if path.resolve() not in own]
    incoming = (_load(path) for path in files)
    return ingest_documents(
        db, incoming, len(files), executor=executor, workers=workers, settings=settings, progress=progress
    )


def ingest_documents(
    db: Database,
    documents: Iterable[Incoming | Unreadable],
    count: int,
    *,
    executor: Executor | None = None,
    workers: int = 1,
    settings: Settings = Settings(),
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest documents given as bytes (`count` of them, for progress): what `ingest` does after reading files,
    and what a web upload calls directly."""
    summary = IngestSummary(files=count)
    progress = progress or Silent()
    progress.start(count)
    jobs = _jobs_to_read(db, iter(documents), summary, progress)
    tasks = _chunked(jobs, settings.task_size)
    window = max(2, workers * settings.window_per_worker)
    tally = Tally()
    batch: list[Parsed] = []
    for parsed_task in ordered_map(read_jobs, tasks, executor, window):
        batch += parsed_task
        progress.advance(len(parsed_task))
        if len(batch) >= settings.batch_size:
            _commit(db, batch, tally, settings.new_agencies)
            batch = []
    if batch:
        _commit(db, batch, tally, settings.new_agencies)
    summary.added, summary.reparsed, summary.changed = tally.added, tally.reparsed, tally.changed
    summary.duplicates = tally.duplicates
    summary.unreadable += tally.unreadable
    recheck = recheck_stale(db)
    summary.agencies_rechecked, summary.crossyear_findings = recheck.agencies, recheck.findings
    return summary


def _database_files(db: Database) -> set[Path]:
    """The SQLite database's own files, which `xxgk ingest .` beside the default xxgk.db must not read."""
    name = db.engine.url.database if db.engine.url.get_backend_name() == "sqlite" else None
    if not name or name == ":memory:":
        return set()
    base = Path(name).resolve()
    return {base, *(base.with_name(base.name + suffix) for suffix in ("-wal", "-shm", "-journal"))}


def _commit(db: Database, batch: list[Parsed], tally: Tally, new_agencies: bool) -> None:
    with session_scope(db) as session:
        write_batch(session, batch, tally, new_agencies=new_agencies)


def _jobs_to_read(
    db: Database, documents: Iterator[Incoming | Unreadable], summary: IngestSummary, progress: Progress
) -> Iterator[Job]:
    """A job for each document the store lacks or holds from another parser version; the rest are counted."""
    while chunk := list(islice(documents, LOOKUP)):
        hashed: list[tuple[Incoming, str]] = []
        for document in chunk:
            if isinstance(document, Unreadable):
                summary.unreadable.append((document.source, document.reason))
            elif len(document.data) > MAX_FILE_BYTES:
                summary.unreadable.append((document.source, _TOO_LARGE))
            else:
                hashed.append((document, hashlib.sha256(document.data).hexdigest()))
        skipped = len(chunk) - len(hashed)
        known = _stored_versions(db, {digest for _, digest in hashed})
        known_paths: list[tuple[int, str]] = []
        for document, digest in hashed:
            stored = known.get(digest)
            if stored is not None and stored[1] == PARSER_VERSION:
                summary.current += 1
                summary.known_unreadable += stored[2]
                known_paths.append((stored[0], document.source))
                skipped += 1
            else:
                yield Job(document.source, digest, document.data)
        if known_paths:
            with session_scope(db) as session:
                add_sources(session, known_paths)
        progress.advance(skipped)


_TOO_LARGE = f"文件过大（上限 {MAX_FILE_BYTES // 1048576} MB），不是年度报告"


def _load(path: Path) -> Incoming | Unreadable:
    """The file's bytes, or why they cannot be had; a file too large is not read at all."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return Unreadable(str(path), _TOO_LARGE)
        return Incoming(str(path), path.read_bytes())
    except OSError as exc:
        return Unreadable(str(path), f"无法读取文件：{exc.strerror or exc}")


def _stored_versions(db: Database, hashes: set[str]) -> dict[str, tuple[int, str, bool]]:
    """For stored hashes: document id, parser version, and whether it held no readable report.

    A report published from the desk was not read by a parser: its document (the
    report's JSON) counts as current whatever the version, so no reader replaces it.
    """
    if not hashes:
        return {}
    with db.sessions() as session:
        rows = session.execute(
            select(
                CorpusDocument.sha256,
                CorpusDocument.id,
                CorpusDocument.parser_version,
                CorpusDocument.error,
                CorpusReport.origin,
            )
            .join(CorpusReport, CorpusReport.document_id == CorpusDocument.id, isouter=True)
            .where(CorpusDocument.sha256.in_(sorted(hashes)))
        )
        return {
            sha: (doc_id, PARSER_VERSION if origin == ORIGIN_DESK else version, error is not None)
            for sha, doc_id, version, error, origin in rows
        }


def _chunked(jobs: Iterator[Job], size: int) -> Iterator[list[Job]]:
    while chunk := list(islice(jobs, size)):
        yield chunk
