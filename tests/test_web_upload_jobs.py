"""Uploads into the corpus store keep their job in the database: progress, each file's result, start and end.

After a restart a finished job's page is still there; a job the server was running when it stopped
shows as interrupted with what it had stored, rather than vanishing or polling forever.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx2
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, inspect, select

from test_web_browser import _free_port, _wait_until_up
from webapp import EXAMPLES, PASSWORD, WebApp, add_agency, csrf, faulty_report, report_text, signed_in
from xxgk.corpus.ingest import ingest
from xxgk.now import now
from xxgk.store import open_database, session_scope
from xxgk.store.database import _engine, alembic_config
from xxgk.store.web import CheckRun, UploadJob, UploadJobFile, User
from xxgk.web.app import create_app

FAULTY = report_text(faulty_report())  # 测试县科学技术局 2023, with errors


def upload(client: httpx2.Client, files: list[tuple[str, bytes]]) -> str:
    """Upload `files` into the corpus as the signed-in supervisor (in process or over HTTP); the job page's path."""
    token = csrf(client, "/console/corpus")  # type: ignore[arg-type]
    response = client.post(
        "/console/checks",
        data={"csrf_token": token, "mode": "store"},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_the_upload_jobs_tables_migrate_up_and_down_on_the_web_branch(database_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("w0003").down_revision == "w0002"
    engine = _engine(database_url)
    migrate(engine, "upgrade", "w0002")
    assert "upload_jobs" not in inspect(engine).get_table_names()
    with engine.begin() as connection:  # a check run made before the upgrade survives it
        connection.execute(insert(CheckRun).values(status="done", total=1, done=1, created_at=_now()))
    db = open_database(database_url)  # what `xxgk serve` does: every branch to its head
    assert {"upload_jobs", "upload_job_files"} <= set(inspect(db.engine).get_table_names())
    with session_scope(db) as session:
        assert session.scalars(select(CheckRun.status)).all() == ["done"]
        job = UploadJob(username="sup", total=1, files=[UploadJobFile(position=0, name="a.txt", source="/x/00001")])
        session.add(job)
    migrate(engine, "downgrade", "w0002")
    assert "upload_jobs" not in inspect(engine).get_table_names()
    migrate(engine, "upgrade", "heads")
    assert "upload_job_files" in inspect(engine).get_table_names()


def test_a_finished_job_and_each_files_result_are_there_after_a_restart(web_any: WebApp) -> None:
    web = web_any
    add_agency(web, "测试县科学技术局", "甲市人民政府")  # both in the uploader's tree
    add_agency(web, "阳城县科学技术局", "甲市人民政府")
    client = signed_in(web, "sup-a")
    job_page = upload(client, [("有错误.txt", FAULTY), ("空的.txt", b""), ("阳城.txt", _example("yangcheng-2023.txt"))])
    web.context.library.wait(120)
    page = client.get(job_page).text
    assert "新入库 3 份" in page and "无法读取 1 份" in page and 'data-status="done"' in page
    files = _file_results(page)
    assert re.fullmatch(r"测试县科学技术局 2023 年度：[1-9]\d* 个错误，\d+ 个警告", files["有错误.txt"])
    assert files["空的.txt"] == "无法读取：文件为空"
    assert files["阳城.txt"].startswith("阳城县科学技术局 2023 年度：0 个错误")
    with web.context.db.sessions() as session:
        job = session.scalars(select(UploadJob)).one()
        assert (job.status, job.done, job.total, job.folder) == ("done", 3, 3, None)
        assert job.finished_at is not None and job.finished_at >= job.started_at
    with restart(web) as restarted:  # a new server process
        again = signed_in(restarted, "sup-a")
        assert again.get(job_page).text.count("个警告") == 2
        assert "第 1 次" in again.get("/console/corpus").text
        assert again.get(f"{job_page}/progress").status_code == 286  # nothing to poll
        signed_in(restarted, "sup-c")  # another city's supervisor: not found, not revealed
        assert restarted.client.get(job_page).status_code == 404
        assert "第 1 次" not in restarted.client.get("/console/corpus").text


def test_a_job_cut_short_by_a_restart_shows_as_interrupted_with_what_it_stored(web_any: WebApp) -> None:
    """The rows a server killed mid-way leaves: a running job whose first file is stored, the rest never reached."""
    web = web_any
    staging = web.context.settings.upload_dir / "corpus-dead"
    staging.mkdir(parents=True)
    names = ["有错误.txt", "阳城.txt", "沈阳.txt"]
    for number, data in enumerate([FAULTY, _example("yangcheng-2023.txt"), _example("shenyang-2019.txt")], 1):
        (staging / f"{number:05d}").write_bytes(data)
    sources = sorted(staging.iterdir())
    with session_scope(web.context.db) as session:
        supervisor = session.scalars(select(User).where(User.username == "sup-a")).one()
        files = [
            UploadJobFile(position=i, name=n, source=str(p))
            for i, (n, p) in enumerate(zip(names, sources, strict=True))
        ]
        session.add(
            UploadJob(
                user_id=supervisor.id,
                username="sup-a",
                agency_id=supervisor.agency_id,
                total=3,
                done=2,  # parsed, but only the first was committed when the process died
                folder=str(staging),
                files=files,
            )
        )
    ingest(web.context.db, sources[:1])
    with restart(web) as restarted:
        client = signed_in(restarted, "sup-a")
        page = client.get("/console/corpus/1").text
        assert 'data-status="interrupted"' in page and "hx-get" not in page
        assert "已处理 1 / 3 个文件" in page
        results = _file_results(page)
        assert results["有错误.txt"].startswith("测试县科学技术局 2023 年度：")
        assert results["阳城.txt"] == results["沈阳.txt"] == "未处理：服务在处理到该文件前已停止，请重新上传"
        assert client.get("/console/corpus/1/progress").status_code == 286
        assert "已中断" in client.get("/console/corpus").text
    assert not staging.exists()  # the staged files of a dead job are not left behind


def test_killing_xxgk_serve_mid_upload_leaves_an_interrupted_job_after_its_restart(tmp_path: Path) -> None:
    """The real thing: `xxgk serve` killed with -9 while ingesting, started again over the same database."""
    url = f"sqlite:///{tmp_path / 'xxgk.db'}"
    add_user = [sys.executable, "-m", "xxgk", "user", "add", "sup", "--role", "supervisor", "--agency", "某市人民政府"]
    added = subprocess.run(
        [*add_user, "--password-stdin", "--db", url], input=PASSWORD + "\n", capture_output=True, text=True, check=False
    )
    assert added.returncode == 0, added.stderr
    pdf = _example("hongze-2024.pdf")
    # Distinct documents (a comment after %%EOF changes the hash, not the report), slow enough to parse
    # that the first 200 are committed well before the last is read.
    files = [(f"{i:03d}.pdf", pdf + f"\n% copy {i}\n".encode()) for i in range(300)]
    with serving(url, tmp_path) as site:
        client = _signed_in(site)
        job_page = upload(client, files)
        stored = _wait_for_stored_sources(tmp_path / "xxgk.db", 1, site.process)
        assert _job_status(tmp_path / "xxgk.db") == "running", "the job ended before the server could be killed"
        site.process.send_signal(signal.SIGKILL)
        site.process.wait(30)
    with serving(url, tmp_path) as site:
        page = _signed_in(site).get(job_page).text
    assert 'data-status="interrupted"' in page and "hx-get" not in page
    done = int(re.search(r"已处理 (\d+) / 300 个文件", page).group(1))  # type: ignore[union-attr]
    results = _file_results(page)
    reached = [name for name, result in results.items() if not result.startswith("未处理")]
    assert stored <= done == len(reached) < 300
    assert all("洪泽" in results[name] and "年度：" in results[name] for name in reached)
    assert list((tmp_path / "data" / "uploads").iterdir()) == []


# --- helpers ----------------------------------------------------------------------------------


def migrate(engine: Engine, direction: str, target: str) -> None:
    """Alembic's upgrade or downgrade to `target`, as `xxgk.store.upgrade` runs it."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, target)


def _now() -> datetime:
    return now()


def _example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def _file_results(page: str) -> dict[str, str]:
    """File name → its result line, from a job page's table of files."""
    return dict(re.findall(r'<tr class="file-\w+"><td>([^<]+)</td><td[^>]*>([^<]+)</td></tr>', page))


@contextmanager
def restart(web: WebApp) -> Iterator[WebApp]:
    """A new app over the same database and data folder, as `xxgk serve` started again (nothing seeded)."""
    app = create_app(web.context.settings)
    with TestClient(app, follow_redirects=False) as client:
        yield WebApp(app, client, web.tmp)


class _Site:
    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url, self.process, self.log = url, process, log


@contextmanager
def serving(database: str, folder: Path, *options: str) -> Iterator[_Site]:
    """`xxgk serve` over `database` on a free port, with one checking process and `options` (default: no demo);
    stopped when the block ends. Its output is in `site.log`."""
    port = _free_port()
    command_line = [sys.executable, "-m", "xxgk", "serve", "--db", database, "--port", str(port)]
    command_line += [*(options or ["--no-demo"]), "--data-dir", str(folder / "data"), "--jobs", "1", "--no-access-log"]
    log_path = folder / f"serve-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command_line, stdout=log, stderr=subprocess.STDOUT, cwd=folder, env=os.environ.copy()
        )
        site = _Site(f"http://127.0.0.1:{port}", process, log_path)
        try:
            _wait_until_up(site.url, process, log_path)
            yield site
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(30)


def _signed_in(site: _Site) -> httpx2.Client:
    client = httpx2.Client(base_url=site.url, follow_redirects=False, timeout=120)
    token = csrf(client)  # type: ignore[arg-type]
    answer = client.post("/login", data={"username": "sup", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 303, answer.text
    return client


def _wait_for_stored_sources(path: Path, minimum: int, server: subprocess.Popen[bytes]) -> int:
    """The number of uploaded files the store has committed, once at least `minimum` (read as another process).
    Waited for while `server` runs the job: the job ending or the server exiting first fails the test."""
    status = "running"
    while status == "running" and server.poll() is None:
        with sqlite3.connect(path, timeout=30) as connection:
            (count,) = connection.execute("SELECT count(*) FROM corpus_sources WHERE path LIKE '%corpus-%'").fetchone()
            (status,) = connection.execute("SELECT status FROM upload_jobs").fetchone()
        if count >= minimum:
            return int(count)
        time.sleep(0.05)
    raise AssertionError(f"nothing was stored: the job is {status}, the server's exit status {server.poll()}")


def _job_status(path: Path) -> str:
    with sqlite3.connect(path, timeout=30) as connection:
        (status,) = connection.execute("SELECT status FROM upload_jobs").fetchone()
    return str(status)
