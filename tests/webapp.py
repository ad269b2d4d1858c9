"""Fixtures and helpers for the web tests: an app over a real database, seeded users, signing in.

Registered as a plugin by conftest.py, so every test module can use the fixtures.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from reports import consistent_report, row_per_line_text
from xxgk.report import Report
from xxgk.store import session_scope
from xxgk.store.agencies import Agency, agency_for
from xxgk.web.accounts import NewUser, create_user
from xxgk.web.app import create_app
from xxgk.web.context import WebContext
from xxgk.web.settings import WebSettings

PASSWORD = "correct-horse-42"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# (name, parent): two cities, each with a bureau; a county below city A with its own bureau.
TREE = (
    ("甲市人民政府", None),
    ("甲市科学技术局", "甲市人民政府"),
    ("甲市乙县人民政府", "甲市人民政府"),
    ("甲市乙县教育局", "甲市乙县人民政府"),
    ("丙市人民政府", None),
    ("丙市科学技术局", "丙市人民政府"),
)
# (username, role, agency)
USERS = (
    ("admin", "admin", None),
    ("sup-a", "supervisor", "甲市人民政府"),
    ("sup-county", "supervisor", "甲市乙县人民政府"),
    ("sup-c", "supervisor", "丙市人民政府"),
    ("head-a", "head", "甲市科学技术局"),
    ("clerk-a", "clerk", "甲市科学技术局"),
    ("clerk-c", "clerk", "丙市科学技术局"),
)


@dataclass
class WebApp:
    app: FastAPI
    client: TestClient
    tmp: Path

    @property
    def context(self) -> WebContext:
        context: WebContext = self.app.state.xxgk
        return context


def settings_for(url: str, tmp: Path, **changes: object) -> WebSettings:
    settings = WebSettings(url, tmp / "data", "test-secret-" + "x" * 40, jobs=1)
    return replace(settings, **changes)  # type: ignore[arg-type]


def seed(context: WebContext) -> None:
    """The agency tree and one user per entry of USERS, all with PASSWORD."""
    with session_scope(context.db) as session:
        made: dict[str, Agency] = {}
        for name, parent in TREE:
            made[name] = agency_for(session, name)
            made[name].parent = made.get(parent or "")
        session.flush()
        for username, role, agency in USERS:
            create_user(session, NewUser(username, PASSWORD, role, agency, f"{username} 用户"), "测试")


@pytest.fixture
def web(tmp_path: Path) -> Iterator[WebApp]:
    """The app over a fresh SQLite database, seeded."""
    with web_app(f"sqlite:///{tmp_path / 'web.db'}", tmp_path) as app:
        yield app


@pytest.fixture
def web_any(database_url: str, tmp_path: Path) -> Iterator[WebApp]:
    """The app over each kind of database (SQLite and PostgreSQL), seeded."""
    with web_app(database_url, tmp_path) as app:
        yield app


@contextmanager
def web_app(url: str, tmp: Path, **changes: object) -> Iterator[WebApp]:
    """The seeded app with `changes` to its settings (limits), running until the block ends."""
    app = create_app(settings_for(url, tmp, **changes))
    with TestClient(app, follow_redirects=False) as client:
        web = WebApp(app, client, tmp)
        seed(web.context)
        yield web
        web.context.checks.wait(60)
        web.context.library.wait(60)


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: TestClient, path: str = "/login") -> str:
    """The session's CSRF token, read from a page's form as a browser would."""
    page = client.get(path)
    found = CSRF_INPUT.search(page.text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    token = csrf(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def signed_in(web: WebApp, username: str) -> TestClient:
    """The app's client, signed in as `username` (a fresh cookie jar)."""
    web.client.cookies.clear()
    response = login(web.client, username)
    assert response.status_code == 303, response.text
    return web.client


def upload(client: TestClient, files: list[tuple[str, bytes]]) -> Response:
    token = csrf(client, "/console/checks")
    return client.post(
        "/console/checks",
        data={"csrf_token": token},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )


def store_upload(client: TestClient, files: list[tuple[str, bytes]]) -> Response:
    """The one upload form with 入库 chosen: the files go into the corpus store (as the signed-in supervisor)."""
    token = csrf(client, "/console/corpus")
    return client.post(
        "/console/checks",
        data={"csrf_token": token, "mode": "store"},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )


def add_agency(web: WebApp, name: str, parent: str) -> int:
    """An agency of the directory under `parent` (as an administrator would add it); its id."""
    with session_scope(web.context.db) as session:
        agency = agency_for(session, name)
        agency.parent = agency_for(session, parent)
        session.flush()
        return agency.id


def finished_run(web: WebApp, response: Response) -> str:
    """The run page's path after an upload, once every file is checked."""
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    web.context.checks.wait(120)
    return str(location)


def report_text(report: Report) -> bytes:
    return row_per_line_text(report).encode("utf-8")


def faulty_report(year: int | None = None) -> Report:
    """A consistent report with one row total off by one: R3 on that row, R2 on the column.

    `year`: another year than the template's sample (2023), e.g. one inside the console's
    window of recent years, which moves with today.
    """
    report = consistent_report()
    if year is not None:
        report.year = year
    report.cells["applications.granted.total"] = 9  # the six columns add up to 8
    return report


class _GbkNamed(zipfile.ZipInfo):
    """A member named as Chinese Windows tools write it: GBK bytes without the UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gb18030"), self.flag_bits


def zipped(members: dict[str, bytes], *, utf8_names: bool = True) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name) if utf8_names else _GbkNamed(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
