"""The login throttle in the real `xxgk serve`: one web process, so one in-memory counter sees every attempt,
and a burst of simultaneous guesses gets no more tries than one guess after another."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2

from test_web_upload_jobs import serving
from webapp import CSRF_INPUT, PASSWORD
from xxgk.web.settings import LoginLimits

LIMIT = LoginLimits().max_failures
BURST = 12


def test_a_burst_of_wrong_passwords_gets_exactly_the_limit_then_the_name_and_address_are_locked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xxgk.db'}"
    for name in ("sup", "other"):
        add_user = [
            sys.executable,
            "-m",
            "xxgk",
            "user",
            "add",
            name,
            "--role",
            "supervisor",
            "--agency",
            "某市人民政府",
        ]
        added = subprocess.run(
            [*add_user, "--password-stdin", "--db", url], input=PASSWORD + "\n", capture_output=True, text=True
        )
        assert added.returncode == 0, added.stderr
    with serving(url, tmp_path) as site:
        forms = [_login_form(site.url) for _ in range(BURST)]  # each guesser with its own session, ready to post
        with ThreadPoolExecutor(BURST) as pool:
            statuses = sorted(pool.map(lambda form: _post_login(form, "sup", "wrong-password"), forms))
        assert statuses == [401] * LIMIT + [429] * (BURST - LIMIT)
        locked = _post_login(_login_form(site.url), "sup", PASSWORD)
        assert locked == 429  # the right password too, until the window has passed
        assert _post_login(_login_form(site.url), "other", PASSWORD) == 429  # the address is locked as well
        assert _children(site.process.pid) == []  # every attempt was counted by this one process


def _login_form(url: str) -> tuple[httpx2.Client, str]:
    client = httpx2.Client(base_url=url, follow_redirects=False, timeout=60)
    found = CSRF_INPUT.search(client.get("/login").text)
    assert found
    return client, found.group(1)


def _post_login(form: tuple[httpx2.Client, str], username: str, password: str) -> int:
    client, token = form
    try:
        answer = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    finally:
        client.close()
    if answer.status_code == 429:
        assert "登录失败次数过多" in answer.text
    return answer.status_code


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found
