"""The supervisor's report check: upload many reports (files, folders, ZIPs), follow progress, read findings."""

from __future__ import annotations

import os
import re
import signal
import tempfile
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sqlalchemy import func, select

from reports import consistent_report
from webapp import (
    EXAMPLES,
    WebApp,
    faulty_report,
    finished_run,
    report_text,
    settings_for,
    signed_in,
    upload,
    web_app,
    zipped,
)
from xxgk.store import session_scope
from xxgk.store.web import CheckItem, CheckRun, User
from xxgk.web.app import create_app
from xxgk.web.settings import UploadLimits
from xxgk.web.tables import CellView, HeadingView, report_tables
from xxgk.web.uploads import StagedFile


def _item_links(page: str) -> dict[str, str]:
    """File name → report page, from a run's results table."""
    return {name: href for href, name in re.findall(r'<a href="(/console/checks/\d+/items/\d+)">([^<]+)</a>', page)}


def test_a_supervisor_checks_many_reports_and_reads_the_findings(web_any: WebApp) -> None:
    client = signed_in(web_any, "sup-a")
    files = [
        ("faulty.txt", report_text(faulty_report())),
        ("clean.txt", report_text(consistent_report())),
        ("city-2025.html", (EXAMPLES / "city-2025.html").read_bytes()),
        ("hongze-2024.pdf", (EXAMPLES / "hongze-2024.pdf").read_bytes()),
        ("junk.bin", bytes(range(256)) * 40),
        ("empty.txt", b""),
    ]
    run = finished_run(web_any, upload(client, files))
    progress = client.get(f"{run}/progress")
    assert progress.status_code == 286  # htmx stops polling: the run is finished
    page = client.get(run).text
    assert "已完成：已检查 6 / 6 个文件，2 个无法读取" in page
    assert "文件为空" in page
    links = _item_links(page)
    assert set(links) == {"faulty.txt", "clean.txt", "city-2025.html", "hongze-2024.pdf"}
    report_page = client.get(links["faulty.txt"]).text
    assert "测试县科学技术局" in report_page and "总计栏不等于各类申请人之和" in report_page
    assert "R3" not in report_page.split("<main")[1]  # codes only in exports
    # The row total the finding is about is highlighted as an error; a cell no finding names is not.
    assert re.search(r'id="cell-applications\.granted\.total"[^>]*class="num sev-error[ a-z-]*"', report_page)
    assert re.search(r'id="cell-applications\.new_received\.research"[^>]*class="num"', report_page)
    with web_any.context.db.sessions() as session:
        items = session.scalars(select(CheckItem).order_by(CheckItem.position)).all()
        assert [i.filename for i in items] == [name for name, _ in files]
        faulty, clean = items[0], items[1]
        assert faulty.errors > 0 and clean.errors == 0 and faulty.report is not None
        assert {"applications.granted.total"} <= {c for f in faulty.findings for c in f["cells"]}
    assert list(web_any.context.settings.upload_dir.iterdir()) == []  # checked files are not kept


def test_the_report_page_prints_every_row_of_the_template_with_its_label(web: WebApp) -> None:
    client = signed_in(web, "sup-a")
    report = faulty_report()
    run = finished_run(web, upload(client, [("r.txt", report_text(report))]))
    page = client.get(_item_links(client.get(run).text)["r.txt"]).text
    for table in report.spec.tables:
        assert f"{table.number}、{table.title}" in page
        for key in report.printed_rows(table.key):
            # Table 四's rows are column groups of its one line of values: 行政诉讼 over 未经复议直接起诉 ...
            for label in table.row(key).label.split("·"):
                assert re.search(f">{re.escape(label)}</th>", page), label
            for cell in table.row(key).cell_ids(table.key):
                assert f'id="cell-{cell}"' in page
    assert "本年度工作平稳。" in page  # the prose sections too


def test_tables_keep_the_official_merged_cells_and_mark_the_cells_of_findings() -> None:
    views = report_tables(
        faulty_report(), [{"code": "R3", "severity": "error", "cells": ["applications.granted.total"]}]
    )
    applications = next(v for v in views if v.key == "applications")
    headings = [
        cell for line in applications.head + applications.body for cell in line if isinstance(cell, HeadingView)
    ]
    groups = {cell.text: cell.rowspan for cell in headings if cell.kind == "group"}
    assert groups["（三）不予公开"] == 8 and groups["（四）无法提供"] == 3
    assert [(c.text, c.colspan) for c in headings if c.text in ("申请人情况", "法人或其他组织")] == [
        ("申请人情况", 7),
        ("法人或其他组织", 5),
    ]
    values = {cell.id: cell for line in applications.body for cell in line if isinstance(cell, CellView)}
    granted = values["applications.granted.total"]
    assert (granted.severity, granted.codes, granted.text) == ("error", ("R3",), "9")
    assert values["applications.granted.natural_person"].severity is None
    names = {cell.html_id: cell.text for cell in headings}
    assert [names[h] for h in granted.headers.split()] == ["申请人情况", "总计", "三、本年度办理结果", "（一）予以公开"]
    review = next(v for v in views if v.key == "review_litigation")
    assert len(review.body) == 1 and len(review.body[0]) == 15  # one line of fifteen values, as printed
    active = next(v for v in views if v.key == "active")
    captions = [
        cell.text for line in active.body for cell in line if isinstance(cell, HeadingView) and cell.kind == "caption"
    ]
    assert captions[:2] == ["第二十条第（一）项", "第二十条第（五）项"]


def test_a_zip_is_expanded_and_its_chinese_names_read(web: WebApp) -> None:
    client = signed_in(web, "sup-a")
    archive = zipped(
        {
            "报告/甲县科技局.txt": report_text(consistent_report()),
            "报告/乙县科技局.txt": report_text(faulty_report()),
            "__MACOSX/._x": b"junk",
            "报告/.hidden": b"junk",
        },
        utf8_names=False,
    )
    run = finished_run(web, upload(client, [("全部报告.zip", archive)]))
    links = _item_links(client.get(run).text)
    assert set(links) == {"全部报告.zip/报告/甲县科技局.txt", "全部报告.zip/报告/乙县科技局.txt"}


def test_a_zip_bomb_is_refused_and_nothing_is_started(web: WebApp) -> None:
    client = signed_in(web, "sup-a")
    bomb = zipped({"bomb.txt": b"0" * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000
    response = upload(client, [("reports.zip", bomb)])
    assert response.status_code == 400 and "reports.zip/bomb.txt：压缩比异常（疑似压缩炸弹）" in response.text
    with web.context.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CheckRun)) == 0
    assert list(web.context.settings.upload_dir.iterdir()) == []


def test_upload_limits_name_the_limit(tmp_path: Path) -> None:
    limits = UploadLimits(max_files=3, max_file_bytes=300_000, max_total_bytes=500_000)
    with web_app(f"sqlite:///{tmp_path / 'limits.db'}", tmp_path, uploads=limits) as web:
        client = signed_in(web, "sup-a")
        text = report_text(consistent_report())
        assert "一次最多检查 3 个文件" in upload(client, [(f"{i}.txt", text) for i in range(4)]).text
        assert "big.txt：文件过大" in upload(client, [("big.txt", b"x" * 300_001)]).text
        assert "上传总量过大" in upload(client, [("a.txt", b"x" * 290_000), ("b.txt", b"x" * 290_000)]).text
        assert "没有收到文件" in upload(client, []).text


def test_a_run_cut_short_by_a_restart_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    first = create_app(settings_for(url, tmp_path))
    with session_scope(first.state.xxgk.db) as session:
        run = CheckRun(status="running", total=1)
        session.add(run)
        session.flush()
        session.add(CheckItem(run_id=run.id, position=0, filename="a.txt", size=1, findings=[]))
    second = create_app(settings_for(url, tmp_path))
    with second.state.xxgk.db.sessions() as session:
        run = session.scalars(select(CheckRun)).one()
        assert run.status == "interrupted" and "服务在检查完成前已停止" in (run.items[0].error or "")


def test_a_dead_worker_fails_its_run_and_the_next_run_gets_a_new_pool(web: WebApp) -> None:
    runner = web.context.checks
    pool = runner._executor()  # one worker (jobs=1): it runs the task that kills it
    worker = pool.submit(os.getpid).result(60)
    killed = pool.submit(os.kill, worker, signal.SIGKILL)
    # The pool is marked broken before its tasks are failed, so once this one has failed it is broken.
    assert isinstance(killed.exception(60), BrokenProcessPool)

    def run_once() -> CheckRun:
        folder = Path(tempfile.mkdtemp(prefix="staged-", dir=web.tmp))
        (folder / "1").write_bytes(report_text(consistent_report()))
        with web.context.db.sessions() as session:
            supervisor = session.scalars(select(User).where(User.username == "sup-a")).one()
            run_id = runner.start(session, supervisor, [StagedFile("a.txt", folder / "1", 10)], folder).id
        runner.wait(120)
        with web.context.db.sessions() as session:
            run = session.get_one(CheckRun, run_id)
            run.items  # noqa: B018  (loaded before the session closes)
            return run

    broken = run_once()
    assert broken.status == "interrupted" and broken.items[0].status == "failed"
    recovered = run_once()
    assert recovered.status == "done" and recovered.items[0].status == "done"
