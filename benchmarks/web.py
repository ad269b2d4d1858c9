"""Load test of the web app: `xxgk serve` on loopback, pages fetched by concurrent signed-in clients.

    .venv/bin/python benchmarks/web.py [--requests 400] [--concurrency 8] [--runs 50] [--rounds 1] [--url URL]

Without --url a server is started as a child process (`xxgk serve --demo
--no-access-log`, one web process) over a new SQLite database, seeded with the
demo plus `--runs` finished check runs of the example reports, so the lists and
report pages have realistic content. Each page is then fetched `--requests` times
by `--concurrency` threads, each thread signed in with its own session and its
own keep-alive connection. Printed per page: requests per second, and p50 / p95
/ max latency in milliseconds.

With `--applications N` (default 100,000) the demo bureau's ledger also gets N
generated applications over 2021–2025 (`xxgk.ledger.generate`, stored with
`import_rows`) and one application filed through the portal, so the desk's list
(as the clerk) and the public status page (a POST with number and query code)
are measured against a full ledger (target: p95 < 200 ms on SQLite).

With `--rounds 2` each page is measured again right after its first round: the
first round of a fresh server is the cold one (nothing cached yet), the next warm.
"""

from __future__ import annotations

import argparse
import http.client
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
USER, PASSWORD = "supervisor", "xxgk-demo"
CLERK, LEDGER_AGENCY = "clerk", "演示市科学技术局"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    signed_in: bool = True
    user: str = USER
    form: dict[str, str] | None = None  # a POST of these fields (with the session's CSRF token)


@dataclass(frozen=True)
class Ledger:
    """What the ledger seeding left to look up: the agency, one portal application and its query code."""

    agency_id: int
    number: str
    code: str
    applications: int
    open: int


def ledger_pages(ledger: Ledger) -> list[Page]:
    status = f"/agencies/{ledger.agency_id}/status"
    return [
        Page(f"desk list /desk ({ledger.open} open)", "/desk", user=CLERK),
        Page("application page /desk/applications/N", f"/desk/applications/{ledger.number}", user=CLERK),
        Page(
            "public status POST .../status",
            status,
            signed_in=False,
            form={"number": ledger.number, "code": ledger.code},
        ),
    ]


def pages(run_id: int, item_id: int) -> list[Page]:
    return [
        Page("public home /", "/", signed_in=False),
        Page("login page /login", "/login", signed_in=False),
        Page("desk /desk", "/desk"),
        Page("check runs /console/checks", "/console/checks"),
        Page("run results /console/checks/N", f"/console/checks/{run_id}"),
        Page("report with findings .../items/N", f"/console/checks/{run_id}/items/{item_id}"),
    ]


class Client:
    """One keep-alive connection with a session cookie, as one browser tab."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=60)
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, dict[str, str]]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = response.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text, dict(response.getheaders())

    def token(self, path: str) -> str:
        _, page, _ = self.request("GET", path)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, f"no CSRF field on {path}"
        return token.group(1)

    def sign_in(self, user: str = USER) -> None:
        form = urllib.parse.urlencode({"username": user, "password": PASSWORD, "csrf_token": self.token("/login")})
        status, _, _ = self.request("POST", "/login", form)
        assert status == 303, f"sign-in failed with {status}"


def measure(base: str, page: Page, requests: int, concurrency: int) -> list[float]:
    """Latencies (seconds) of `requests` fetches of `page` spread over `concurrency` clients."""
    local = threading.local()
    signed = [Client(base) for _ in range(concurrency)]
    body: dict[Client, str] = {}
    for client in signed:
        if page.signed_in:
            client.sign_in(page.user)
        if page.form is not None:
            body[client] = urllib.parse.urlencode({**page.form, "csrf_token": client.token(page.path)})
    pool = iter(signed)
    lock = threading.Lock()

    def fetch(_: int) -> float:
        if not hasattr(local, "client"):
            with lock:
                local.client = next(pool)
        started = time.perf_counter()
        if page.form is None:
            status, _, _ = local.client.request("GET", page.path)
        else:
            status, _, _ = local.client.request("POST", page.path, body[local.client])
        elapsed = time.perf_counter() - started
        assert status == 200, f"{page.path}: HTTP {status}"
        return elapsed

    with ThreadPoolExecutor(concurrency) as executor:
        list(executor.map(fetch, range(concurrency)))  # warm-up, one per client
        started = time.perf_counter()
        latencies = list(executor.map(fetch, range(requests)))
        wall = time.perf_counter() - started
    latencies.append(wall)  # carried to the report as the last element
    return latencies


def report(page: Page, latencies: list[float]) -> str:
    wall, times = latencies[-1], sorted(latencies[:-1])
    p95 = statistics.quantiles(times, n=20)[-1]
    return (
        f"{page.name:<36} {len(times) / wall:>8.1f} req/s   p50 {statistics.median(times) * 1000:>7.1f} ms"
        f"   p95 {p95 * 1000:>7.1f} ms   max {times[-1] * 1000:>7.1f} ms"
    )


def seed_runs(db_url: str, count: int) -> tuple[int, int]:
    """`count` finished check runs of the example reports (checked once, stored `count` times)."""
    from sqlalchemy import select

    from xxgk.batch import expand_paths
    from xxgk.service import check_file
    from xxgk.store import open_database, session_scope
    from xxgk.store.web import CheckItem, CheckRun, User
    from xxgk.web.checking import fill_item

    outcomes = [(path, check_file(path)) for path in expand_paths([EXAMPLES])]
    db = open_database(db_url)
    with session_scope(db) as session:
        supervisor = session.scalars(select(User).where(User.username == USER)).one()
        for _ in range(count):
            run = CheckRun(user_id=supervisor.id, agency_id=supervisor.agency_id, status="done", total=len(outcomes))
            run.done = len(outcomes)
            session.add(run)
            session.flush()
            for position, (path, outcome) in enumerate(outcomes):
                item = CheckItem(run_id=run.id, position=position, filename=path.name, size=1, findings=[])
                fill_item(item, outcome)
                session.add(item)
        session.flush()
        worst = max(run.items, key=lambda item: len(item.findings))
        return run.id, worst.id


def seed_ledger(db_url: str, count: int) -> Ledger:
    """`count` generated applications (2021–2025) in the demo bureau's ledger, and one filed on the portal."""
    from datetime import date

    from sqlalchemy import func, select

    from xxgk.ledger import applications
    from xxgk.ledger.generate import generate_ledger
    from xxgk.now import today
    from xxgk.store import open_database, session_scope
    from xxgk.store.agencies import Agency
    from xxgk.store.ledger import Application
    from xxgk.web.filing import ApplicationForm, file_application

    years = range(2021, 2026)
    generated = generate_ledger(20261121, years, count // len(years), closing=date(2026, 1, 16))
    db = open_database(db_url)
    form = ApplicationForm(
        "natural_person", "压测", "居民身份证", "11010519491231002X", "13800138000", "压测申请", "电子邮件"
    )
    with session_scope(db) as session:
        agency = session.scalars(select(Agency).where(Agency.name == LEDGER_AGENCY)).one()
        applications.import_rows(session, agency, generated.rows)
        filed = file_application(session, agency, form, today())
        stored = session.scalar(select(func.count()).select_from(Application).where(Application.agency_id == agency.id))
        still_open = select(func.count()).select_from(Application)
        opened = session.scalar(still_open.where(Application.agency_id == agency.id, Application.decided_on.is_(None)))
        return Ledger(agency.id, filed.number, filed.code, stored or 0, opened or 0)


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db_url = f"sqlite:///{folder / 'bench.db'}"
    command = [sys.executable, "-m", "xxgk", "serve", "--demo", "--db", db_url, "--port", str(port)]
    command += ["--data-dir", str(folder / "data"), "--jobs", "1", "--no-access-log"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    _wait(base, server)
    return server, base, db_url


def _wait(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("xxgk serve exited before it was ready")
        try:
            status, _, _ = Client(base).request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("xxgk serve did not start within 120 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="fetches per page (default 400)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--runs", type=int, default=50, help="check runs to seed (default 50)")
    parser.add_argument("--applications", type=int, default=100_000, help="ledger applications (default 100,000)")
    parser.add_argument("--url", help="measure a running server instead (demo accounts, run and item 1)")
    parser.add_argument("--rounds", type=int, default=1, help="measure each page this many times in a row (default 1)")
    args = parser.parse_args()
    stop: Callable[[], None] = lambda: None  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        extra: list[Page] = []
        if args.url:
            base, run_id, item_id = args.url.rstrip("/"), 1, 1
        else:
            server, base, db_url = start_server(Path(tmp))
            stop = server.terminate
            run_id, item_id = seed_runs(db_url, args.runs)
            if args.applications:
                started = time.perf_counter()
                ledger = seed_ledger(db_url, args.applications)
                seconds = time.perf_counter() - started
                print(f"ledger: {ledger.applications:,} applications ({ledger.open} open), seeded in {seconds:.1f} s")
                extra = ledger_pages(ledger)
        try:
            print(f"xxgk serve at {base}: {args.requests} requests per page, {args.concurrency} concurrent clients")
            for page in extra + pages(run_id, item_id):
                for again in range(args.rounds):  # the first round of a fresh server is the cold one
                    shown = replace(page, name=f"  … round {again + 1}") if again else page
                    print(report(shown, measure(base, page, args.requests, args.concurrency)), flush=True)
        finally:
            stop()


if __name__ == "__main__":
    main()
