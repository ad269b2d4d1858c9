"""The demo a newcomer sees: the ledger's desk has work, the reports are in the corpus, every page shows it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from webapp import EXAMPLES, csrf, settings_for
from xxgk.now import today
from xxgk.store.database import Database, session_scope
from xxgk.store.ledger import Application
from xxgk.web.app import create_app
from xxgk.web.demo import DEMO_PASSWORD, seed_demo
from xxgk.web.demo_ledger import OPEN


def open_received(db: Database) -> list[date]:
    """The receipt days of the demo's open applications (`OPEN`, counted back from today)."""
    requests = [request for _, _, request in OPEN]
    with session_scope(db) as session:
        return list(session.scalars(select(Application.received_on).where(Application.request.in_(requests))))


def signed_in(client: TestClient, username: str) -> TestClient:
    client.cookies.clear()
    token = csrf(client)
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
    assert response.status_code == 303
    return client


def test_the_demo_has_open_applications_a_years_report_and_the_examples_to_compare(tmp_path: Path) -> None:
    app = create_app(settings_for(f"sqlite:///{tmp_path / 'demo.db'}", tmp_path))
    seed_demo(app.state.xxgk.db, EXAMPLES)
    with TestClient(app, follow_redirects=False) as client:
        signed_in(client, "clerk")
        desk = client.get("/desk").text
        assert int(re.search(r"待办申请：(\d+) 件", desk).group(1)) >= 5  # type: ignore[union-attr]
        assert "due-soon" in desk  # one arrived 19 working days ago
        last_year = client.get(f"/desk/reports/{today().year - 1}").text
        total = re.search(r'id="cell-applications.new_received.total"[^>]*><a [^>]*>(\d+)<', last_year)
        # the generated year, and those of the open applications (up to 23 working days old) received in it
        late = sum(day.year < today().year for day in open_received(app.state.xxgk.db))
        assert total and int(total.group(1)) == 300 + late
        signed_in(client, "supervisor")
        grid = client.get("/console/reports").text
        assert "已公开" in grid and "演示市科学技术局" in grid
        published = re.search(r'href="/console/reports/(\d+)/(\d+)">已公开', grid)
        assert published
        assert client.get(f"/console/reports/{published.group(1)}/{published.group(2)}").status_code == 200
        client.cookies.clear()
        public = client.get(f"/agencies/{published.group(1)}/reports")
        assert f"/agencies/{published.group(1)}/reports/{published.group(2)}" in public.text
        view = client.get(f"/agencies/{published.group(1)}/reports/{published.group(2)}").text
        assert 'id="cell-applications.total_processed.total"' in view and "总体情况" in view
        signed_in(client, "supervisor")
        compare = client.get("/console/compare").text
        assert "办理结果构成（件）" in compare and "复议纠错率" in compare and "2019" in compare
        csv = client.get("/console/export.csv")
        assert (
            csv.status_code == 200
            and csv.content.startswith(b"\xef\xbb\xbf")
            and "表三 （一）予以公开 · 总计" in csv.text
        )
        xlsx = client.get("/console/export.xlsx")
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        signed_in(client, "county-clerk")  # the county bureau sees none of the city's corpus or ledger
        assert client.get("/console/export.csv").status_code == 403
        assert "王小明" not in client.get("/desk").text
