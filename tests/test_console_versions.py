"""Published against submitted: the desk's versions (each amendment one), a published version imported
by URL from a local HTTP server the test starts, the difference found (发布版与报送版不一致) and shown."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import select

from conftest import run_xxgk
from reports import consistent_report
from test_web_desk import PROSE, file_one, post
from test_web_portal import agency_id
from webapp import WebApp, csrf, report_text, signed_in
from xxgk.corpus.fetch import FetchError, FetchLimits, fetch
from xxgk.now import today
from xxgk.report import Report
from xxgk.schema import validate_report_dict
from xxgk.store import open_database, session_scope
from xxgk.store.corpus import CorpusReport, CorpusSource
from xxgk.store.portal import ReportSubmission
from xxgk.store.web import AuditEntry

BUREAU = "甲市科学技术局"


class _Pages(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        kind, body = self.pages.get(self.path, ("text/plain", b""))
        if self.path not in self.pages and self.path != "/slow":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """A local web server standing in for an agency's site; its address."""
    _Pages.pages = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_keeps_to_its_limits(site: str) -> None:
    _Pages.pages = {"/big.pdf": ("application/pdf", b"%PDF" + b"0" * 5000), "/logo.png": ("image/png", b"\x89PNG")}
    with pytest.raises(FetchError, match="超过"):
        fetch(f"{site}/big.pdf", FetchLimits(max_bytes=1000))
    with pytest.raises(FetchError, match="内容类型为 image/png"):
        fetch(f"{site}/logo.png")
    with pytest.raises(FetchError, match="404"):
        fetch(f"{site}/missing.html")
    with pytest.raises(FetchError, match="秒内未下载完成"):
        fetch(f"{site}/slow", FetchLimits(timeout_seconds=0.5))
    with pytest.raises(FetchError, match="只能导入 http 或 https"):
        fetch("file:///etc/passwd")
    assert fetch(f"{site}/big.pdf").data.startswith(b"%PDF")


def _submitted_twice(web: WebApp, year: int) -> int:
    """The bureau's report signed off, returned, amended and signed off again: two submitted versions."""
    file_one(web)
    signed_in(web, "clerk-a")
    assert post(web, f"/desk/reports/{year}/text", {**PROSE, "overview": "本年度收到政府信息公开申请 1 件。"}) == 303
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/submit", {}) == 303
    signed_in(web, "sup-a")
    bureau = agency_id(web, BUREAU)
    reason = {"reason": "请补充总体情况"}
    assert post(web, f"/console/reports/{bureau}/{year}/return", reason, "/console/reports") == 303
    signed_in(web, "clerk-a")
    amended = {**PROSE, "overview": "本年度收到政府信息公开申请 1 件，已全部办结。"}
    assert post(web, f"/desk/reports/{year}/text", amended) == 303
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/submit", {}) == 303
    return bureau


def test_a_published_page_that_differs_from_the_submission_is_found_and_shown(web: WebApp, site: str) -> None:
    year = today().year
    bureau = _submitted_twice(web, year)
    with session_scope(web.context.db) as session:
        versions = session.scalars(select(ReportSubmission).order_by(ReportSubmission.version)).all()
        assert [v.version for v in versions] == [1, 2]
        latest = validate_report_dict(versions[-1].report)
    assert latest.text["overview"].endswith("已全部办结。")
    published = validate_report_dict(latest.to_dict())
    published.cells["applications.new_received.total"] = 3  # the site shows 3 applications, not 1
    published.text["overview"] = "本年度收到政府信息公开申请 3 件。"
    _Pages.pages = {"/xxgk/ndbg.html": ("text/plain; charset=utf-8", report_text(published))}
    client = signed_in(web, "sup-a")
    page_url = f"/console/reports/{bureau}/{year}/versions"
    token = csrf(client, page_url)
    response = client.post(
        f"/console/reports/{bureau}/{year}/import-url", data={"url": f"{site}/xxgk/ndbg.html", "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    page = client.get(page_url).text
    assert "报送第 1 版" in page and "报送第 2 版" in page and f"发布版：{site}/xxgk/ndbg.html（网址导入" in page
    findings = page.split('id="version-findings"')[1].split("</section>")[0]
    assert "发布版与报送版不一致" in findings and "1 个单元格" in findings and "一、总体情况" in findings
    shown = re.sub(r"<[^>]*>", " ", page.split("<main")[1])  # the text a reader sees, not tokens in attributes
    assert not re.search(r"\bV1\b", shown)
    side = page.split('id="difference-1"')[1].split("</section>")[0]
    assert "报送第 2 版" in side.split("⟷")[0]
    assert (
        'data-cell="applications.new_received.total"><td>表三 一、本年新收政府信息公开申请数量 · 总计</td><td class="num">1</td><td class="num">3</td>'
        in side
    )
    assert "已全部办结" in side and "收到政府信息公开申请 3 件" in side
    with session_scope(web.context.db) as session:
        assert session.scalars(select(AuditEntry.action).where(AuditEntry.action == "report.import_url")).all()
        sources = session.scalars(select(CorpusSource.path)).all()
        assert f"{site}/xxgk/ndbg.html" in sources  # the address is the source, not a temporary file
    report_page = client.get(f"/console/reports/{bureau}/{year}").text  # the report's own findings list it too
    assert "发布版与报送版不一致" in report_page and 'href="/console/reports/' in report_page
    # Picking the two submitted versions compares them instead.
    with session_scope(web.context.db) as session:
        keys = [f"s{v.id}" for v in session.scalars(select(ReportSubmission).order_by(ReportSubmission.version))]
    picked = client.get(f"{page_url}?left={keys[0]}&right={keys[1]}").text
    assert "报送第 1 版" in picked.split('id="difference-1"')[1] and "已全部办结" in picked


def test_an_import_of_another_agencys_report_or_a_bad_address_is_one_clear_line(web: WebApp, site: str) -> None:
    other = validate_report_dict(_other().to_dict())
    _Pages.pages = {"/other.txt": ("text/plain; charset=utf-8", report_text(other))}
    client = signed_in(web, "sup-a")
    bureau = agency_id(web, BUREAU)
    page_url = f"/console/reports/{bureau}/2025/versions"
    token = csrf(client, page_url)
    wrong = client.post(
        f"/console/reports/{bureau}/2025/import-url", data={"url": f"{site}/other.txt", "csrf_token": token}
    )
    assert wrong.status_code == 400 and "不是甲市科学技术局2025年度的报告" in wrong.text
    missing = client.post(
        f"/console/reports/{bureau}/2025/import-url", data={"url": f"{site}/gone.html", "csrf_token": token}
    )
    assert missing.status_code == 400 and "服务器答复 404" in missing.text


def _other() -> Report:
    report = consistent_report()
    report.agency, report.year = "甲市乙县教育局", 2025
    return report


def test_the_command_line_ingests_a_url(site: str, tmp_path: Path) -> None:
    report = _other()
    _Pages.pages = {"/a.txt": ("text/plain; charset=utf-8", report_text(report))}
    db = f"sqlite:///{tmp_path / 'c.db'}"
    done = run_xxgk("ingest", f"{site}/a.txt", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "新入库 1 份" in done.stdout
    bad = run_xxgk("ingest", f"{site}/nothing.pdf", "--db", db)
    assert bad.returncode == 2 and f"{site}/nothing.pdf" in bad.stderr and "404" in bad.stderr
    with session_scope(open_database(db)) as session:
        assert session.scalars(select(CorpusReport.agency_name)).all() == ["甲市乙县教育局"]
