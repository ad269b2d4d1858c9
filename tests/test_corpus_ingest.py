"""Ingesting a corpus: idempotent by content, resumable after kill -9, re-read by a newer parser."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from select import POLLIN, poll

import sqlalchemy
from sqlalchemy import delete, func, select, update

from conftest import ROOT, run_xxgk
from corpus_helpers import snapshot, write_generated, write_report, yearly
from reports import row_per_line_text
from xxgk.corpus.ingest import Incoming, ingest, ingest_documents
from xxgk.corpus.store import Tally, write_batch
from xxgk.corpus.work import PARSER_VERSION, Job, read_job
from xxgk.store import open_database, session_scope
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusCell, CorpusDocument, CorpusFinding, CorpusReport, CorpusSource


def count(url: str, model: type) -> int:
    db = open_database(url)
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def gone_within(pids: list[int], seconds: float) -> bool:
    """Whether each of `pids` ends within `seconds` of waiting for it: a pidfd turns readable when its
    process ends, so the wait is for that event and `seconds` only bounds a hang (nothing is timed)."""
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # already gone
        try:
            ended = poll()
            ended.register(handle, POLLIN)
            if not ended.poll(seconds * 1000):
                return False
        finally:
            os.close(handle)
    return True


def test_a_second_run_adds_nothing_and_says_so(tmp_path: Path, database_url: str) -> None:
    files = write_generated(tmp_path / "docs", 18)
    first = run_xxgk("ingest", str(tmp_path / "docs"), "--db", database_url, "--jobs", "2")
    assert first.returncode == 0, first.stderr
    assert "新入库 18 份" in first.stdout
    before = snapshot(database_url)
    assert len(before) == 18 and all(doc["cells"] for doc in before.values())

    second = run_xxgk("ingest", str(tmp_path / "docs"), "--db", database_url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("没有新内容：18 个文件均已入库")
    assert snapshot(database_url) == before

    # The same bytes under another name: one more path, no new document.
    shutil.copy(files[0], tmp_path / "docs" / "copy-of-first.txt")
    third = run_xxgk("ingest", str(tmp_path / "docs"), "--db", database_url)
    assert third.returncode == 0, third.stderr
    after = snapshot(database_url)
    assert len(after) == 18
    assert sum(len(doc["sources"]) for doc in after.values()) == 19


def test_cells_keep_values_blanks_and_inference_reasons(tmp_path: Path, database_url: str) -> None:
    report = yearly("测试县科学技术局", 2023)
    report.cells["active.fees.amount"] = 12.5
    # 予以公开 printed with its digits glued (5 1 0 0 2 0 8): split by the row's arithmetic, and said so.
    write_report(tmp_path / "a.txt", report, {"applications.granted": "5100208"})
    db = open_database(database_url)
    ingest(db, [tmp_path / "a.txt"])
    with db.sessions() as session:
        cells = {c.cell: c for c in session.scalars(select(CorpusCell))}
    assert cells["active.fees.amount"].value == 12.5
    assert cells["applications.granted.natural_person"].value == 5
    assert cells["applications.granted.total"].value == 8
    assert cells["applications.granted.total"].inferred
    assert cells["applications.new_received.natural_person"].inferred is None
    # 2021 reports print the three （六） sub-rows, not the old single row.
    assert "applications.other_misc.total" in cells and "applications.other_handling.total" not in cells


def test_reports_of_one_agency_link_across_years_and_naming_variants(tmp_path: Path, database_url: str) -> None:
    docs = tmp_path / "docs"
    write_report(docs / "2022.txt", yearly("测试县科学技术局", 2022, carried_forward__natural_person=2))
    write_report(docs / "2023.txt", yearly("江西省测试县科技局", 2023, carried_over__natural_person=1))
    write_report(docs / "2024.txt", yearly("测试县 科学技术局", 2024))
    db = open_database(database_url)
    summary = ingest(db, [docs])
    assert summary.added == 3 and summary.agencies_rechecked == 1
    with db.sessions() as session:
        assert session.scalars(select(Agency.key)).all() == ["测试县科技局"]
        crossyear = session.execute(
            select(CorpusReport.year, CorpusFinding.code, CorpusFinding.message)
            .join(CorpusReport, CorpusReport.id == CorpusFinding.report_id)
            .where(CorpusFinding.scope == "crossyear")
            .order_by(CorpusReport.year)
        ).all()
    # 2023 carried over 1 where 2022 carried forward 2; 2024 carried over 0 where 2023 carried forward 1.
    assert [(year, code) for year, code, _ in crossyear] == [(2023, "X1"), (2024, "X1")]
    assert "本年上年结转 1，上年结转下年度 2" in crossyear[0][2]

    # Rules changed, say: --recheck-all recomputes every agency's cross-year findings.
    with session_scope(db) as session:
        session.execute(delete(CorpusFinding).where(CorpusFinding.scope == "crossyear"))
    again = run_xxgk("ingest", str(docs), "--db", database_url, "--recheck-all")
    assert again.returncode == 0 and "跨年度核对 1 个机关，发现 2 处不衔接" in again.stdout, again.stdout
    assert count(database_url, CorpusFinding) == len(crossyear) + _report_findings(database_url)


def _report_findings(url: str) -> int:
    db = open_database(url)
    with db.sessions() as session:
        return session.scalar(select(func.count()).where(CorpusFinding.scope == "report")) or 0


def test_a_newer_parser_rereads_old_documents_and_rewrites_only_changed_results(
    tmp_path: Path, database_url: str
) -> None:
    write_generated(tmp_path / "docs", 8)
    db = open_database(database_url)
    ingest(db, [tmp_path / "docs"])
    expected = snapshot(database_url)
    with session_scope(db) as session:
        report_ids = {k: v for k, v in session.execute(select(CorpusReport.document_id, CorpusReport.id))}
        session.execute(update(CorpusDocument).values(parser_version="0.0.1"))
        # What an older parser got wrong in one document: a cell, hence its fingerprint.
        victim = min(report_ids)
        session.execute(update(CorpusDocument).where(CorpusDocument.id == victim).values(result_hash="old"))
        session.execute(
            update(CorpusCell)
            .where(CorpusCell.report_id == report_ids[victim], CorpusCell.cell == "applications.new_received.total")
            .values(value=-1)
        )
    summary = ingest(db, [tmp_path / "docs"])
    assert (summary.added, summary.reparsed, summary.changed) == (0, 8, 1)
    assert "重新解析 8 份（结果有变化 1 份）" in summary.message()
    assert snapshot(database_url) == expected
    with db.sessions() as session:
        after = {k: v for k, v in session.execute(select(CorpusReport.document_id, CorpusReport.id))}
        versions = set(session.scalars(select(CorpusDocument.parser_version)))
    assert versions == {PARSER_VERSION}
    assert {d: i for d, i in after.items() if d != victim} == {d: i for d, i in report_ids.items() if d != victim}
    assert after[victim] != report_ids[victim]


def test_unreadable_files_are_named_recorded_and_not_retried(tmp_path: Path, database_url: str) -> None:
    docs = tmp_path / "docs"
    write_generated(docs, 2)
    (docs / "empty.txt").write_bytes(b"")
    (docs / "noise.bin").write_bytes(bytes(range(256)) * 40)
    first = run_xxgk("ingest", str(docs), "--db", database_url, "--jobs", "1")
    assert first.returncode == 2
    lines = first.stderr.strip().splitlines()
    assert len(lines) == 2 and all(": " in line and "Traceback" not in line for line in lines)
    assert lines[0].startswith(str(docs / "empty.txt")) and "文件为空" in lines[0]
    assert lines[1].startswith(str(docs / "noise.bin"))
    assert count(database_url, CorpusDocument) == 4 and count(database_url, CorpusReport) == 2
    second = run_xxgk("ingest", str(docs), "--db", database_url)
    assert second.returncode == 0 and second.stderr == ""


def test_the_database_beside_the_documents_is_not_ingested(tmp_path: Path) -> None:
    write_generated(tmp_path, 3)
    first = run_xxgk("ingest", ".", cwd=tmp_path)  # the default database is ./xxgk.db
    assert first.returncode == 0 and "共 3 个文件" in first.stdout, first.stderr
    again = run_xxgk("ingest", ".", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.startswith("没有新内容：3 个文件"), again.stderr


def test_uploaded_bytes_are_ingested_like_files(tmp_path: Path, database_url: str) -> None:
    files = write_generated(tmp_path / "docs", 3)
    db = open_database(database_url)
    ingest(db, [tmp_path / "docs"])
    uploads = [
        Incoming("上传：同一份报告.html", files[1].read_bytes()),
        Incoming("上传：新报告.txt", row_per_line_text(yearly("测试县教育局", 2023)).encode()),
        Incoming("上传：空文件.txt", b""),
    ]
    summary = ingest_documents(db, uploads, len(uploads))
    assert (summary.added, summary.current) == (2, 1)
    assert summary.unreadable == [("上传：空文件.txt", "文件为空")]
    stored = snapshot(database_url)
    assert sorted(s for doc in stored.values() for s in doc["sources"] if s.startswith("上传")) == [
        "上传：同一份报告.html",
        "上传：新报告.txt",
        "上传：空文件.txt",
    ]


def test_an_absurdly_long_agency_name_is_kept_short_and_not_linked(tmp_path: Path, database_url: str) -> None:
    report = yearly("测试县科学技术局", 2023)
    report.agency = "某" * 300 + "局"
    parsed = read_job(Job("long.txt", "0" * 64, row_per_line_text(report).encode()))
    parsed.outcome.report.agency = report.agency  # whatever the title parser made of it
    db = open_database(database_url)
    with session_scope(db) as session:
        write_batch(session, [parsed], Tally())
    with db.sessions() as session:
        stored = session.scalars(select(CorpusReport)).one()
    assert stored.agency_id is None and stored.agency_name == "某" * 200
    assert count(database_url, CorpusCell) > 0


def test_bad_arguments_give_one_line_and_status_2(tmp_path: Path) -> None:
    missing = run_xxgk("ingest", str(tmp_path / "nowhere"), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert missing.returncode == 2 and missing.stderr.strip() == f"{tmp_path / 'nowhere'}: 文件或文件夹不存在"
    write_generated(tmp_path / "docs", 1)
    bad_db = run_xxgk("ingest", str(tmp_path / "docs"), "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert bad_db.returncode == 2 and len(bad_db.stderr.strip().splitlines()) == 1
    assert bad_db.stderr.startswith("无法打开数据库")
    scheduler = run_xxgk(
        "ingest", str(tmp_path / "docs"), "--db", f"sqlite:///{tmp_path / 'y.db'}", "--scheduler", "tcp://127.0.0.1:1"
    )
    assert scheduler.returncode == 2 and scheduler.stderr.startswith("无法连接 Dask 调度器 tcp://127.0.0.1:1")


def test_a_run_killed_mid_way_resumes_without_loss_or_duplicates(tmp_path: Path, database_url: str) -> None:
    docs = tmp_path / "docs"
    files = write_generated(docs, 160, layouts=("cell_per_line_tabs", "pipes", "row_per_line"))
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    ingest(open_database(clean_url), [docs])

    command = [sys.executable, "-m", "xxgk", "ingest", str(docs), "--db", database_url, "-j", "2", "--batch-size", "4"]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    engine = sqlalchemy.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    stored = 0
    while stored < 20 and child.poll() is None:  # the run ends by itself: 160 files
        time.sleep(0.02)
        try:
            with engine.connect() as connection:
                stored = connection.execute(sqlalchemy.text("SELECT count(*) FROM corpus_documents")).scalar_one()
        except sqlalchemy.exc.DatabaseError:
            stored = 0  # the schema is not there yet
    workers = children_of(child.pid)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    engine.dispose()
    assert workers, "the run had no worker processes"
    assert gone_within(workers, 15), "workers outlived the killed run"
    interrupted = count(database_url, CorpusDocument)
    assert 20 <= interrupted < len(files), "the run was not interrupted mid-way"
    assert count(database_url, CorpusReport) == interrupted

    resumed = run_xxgk("ingest", str(docs), "--db", database_url)
    assert resumed.returncode == 0, resumed.stderr
    assert f"新入库 {len(files) - interrupted} 份" in resumed.stdout
    assert f"已在库中跳过 {interrupted} 份" in resumed.stdout
    assert count(database_url, CorpusSource) == len(files)
    assert snapshot(database_url) == snapshot(clean_url)
