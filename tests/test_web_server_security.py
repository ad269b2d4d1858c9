"""Issue 13's findings about the server, reproduced against the real `xxgk serve` (each now holds): demo
accounts without --demo, X-Forwarded-For rotation, logout replay, Secure cookies behind a trusted proxy,
a 257 MB body from a user the upload route does not admit, the 500 on /desk/active/99999, caching."""

from __future__ import annotations

import selectors
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx2

from test_web_upload_jobs import _Site, serving
from webapp import CSRF_INPUT, PASSWORD
from xxgk.web.demo import DEMO_PASSWORD
from xxgk.web.settings import WebSettings

MB = 1024 * 1024


def _add_user(url: str, name: str, role: str, agency: str | None = "某市人民政府") -> None:
    command = [sys.executable, "-m", "xxgk", "user", "add", name, "--role", role, "--password-stdin", "--db", url]
    command += ["--agency", agency] if agency else []
    added = subprocess.run(command, input=PASSWORD + "\n", capture_output=True, text=True, check=False)
    assert added.returncode == 0, added.stderr


def _client(site: _Site, **headers: str) -> tuple[httpx2.Client, str]:
    client = httpx2.Client(base_url=site.url, follow_redirects=False, timeout=60, headers=headers)
    found = CSRF_INPUT.search(client.get("/login").text)
    assert found
    return client, found.group(1)


def _login(site: _Site, username: str, password: str = PASSWORD, **headers: str) -> tuple[httpx2.Client, int]:
    client, token = _client(site, **headers)
    answer = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    return client, answer.status_code


def test_a_plain_serve_makes_no_demo_accounts_and_says_how_to_make_the_first_admin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plain.db'}"
    with serving(url, tmp_path, "--jobs", "1") as site:  # no --demo
        _, status = _login(site, "admin", DEMO_PASSWORD)
        assert status == 401
        assert "演示模式" not in httpx2.get(f"{site.url}/").text
    assert "xxgk user add 用户名 --role admin" in site.log.read_text(encoding="utf-8")
    _add_user(url, "first", "admin", None)
    with serving(url, tmp_path, "--jobs", "1") as site:
        _, status = _login(site, "first")
        assert status == 303
    demo = f"sqlite:///{tmp_path / 'demo.db'}"
    with serving(demo, tmp_path, "--demo") as site:
        client, status = _login(site, "admin", DEMO_PASSWORD)
        assert status == 303 and 'id="demo-mode"' in client.get("/admin").text


def test_rotating_x_forwarded_for_does_not_escape_the_address_throttle(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xff.db'}"
    with serving(url, tmp_path) as site:  # no proxy named: the header is not believed
        statuses = [_login(site, f"guess{i}", "wrong", **{"X-Forwarded-For": f"203.0.113.{i}"})[1] for i in range(7)]
        assert statuses == [401] * 5 + [429] * 2
    with serving(url, tmp_path, "--no-demo", "--forwarded-allow-ips", "127.0.0.1") as site:
        # Behind the proxy the operator named, the client's address and scheme come from it.
        statuses = [_login(site, f"guess{i}", "wrong", **{"X-Forwarded-For": f"203.0.113.{i}"})[1] for i in range(7)]
        assert statuses == [401] * 7
        answer = httpx2.get(f"{site.url}/login", headers={"X-Forwarded-Proto": "https"})
        cookie = answer.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie
        assert answer.headers["strict-transport-security"] == "max-age=31536000"
        plain = httpx2.get(f"{site.url}/login")
        assert "secure" not in plain.headers["set-cookie"].lower() and "strict-transport-security" not in plain.headers


def test_a_cookie_saved_before_logout_no_longer_opens_the_desk(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'replay.db'}"
    _add_user(url, "clerk", "clerk")
    with serving(url, tmp_path) as site:
        client, status = _login(site, "clerk")
        assert status == 303 and client.get("/desk").status_code == 200
        saved = dict(client.cookies)
        page = client.get("/desk")
        token = CSRF_INPUT.search(page.text)
        assert token and client.post("/logout", data={"csrf_token": token.group(1)}).status_code == 303
        replay = httpx2.Client(base_url=site.url, follow_redirects=False, cookies=saved)
        answer = replay.get("/desk")
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_a_clerks_257_mb_upload_is_refused_unread_and_a_supervisors_past_the_limit_with_bounded_memory(
    tmp_path: Path,
) -> None:
    """Counted in bytes, not seconds: what the client got to send before the answer is at most what the
    server read plus what the two sockets' buffers hold (`_in_flight`)."""
    url = f"sqlite:///{tmp_path / 'body.db'}"
    _add_user(url, "clerk", "clerk")
    _add_user(url, "sup", "supervisor")
    defaults = WebSettings(url, tmp_path / "data", "x" * 48)
    large = defaults.uploads.max_total_bytes + defaults.max_form_bytes  # a supervisor's upload allowance
    margin = _in_flight()
    with serving(url, tmp_path) as site:
        pid = site.process.pid
        for username, size, declared, expected, read in (
            ("clerk", 257 * MB, True, 403, 0),  # refused by the role check before the body is read
            ("sup", large + MB, True, 413, 0),  # declared too large: refused before reading
            ("sup", large + 2 * margin, False, 413, large),  # sent without a length: counted as it arrives
        ):
            client, status = _login(site, username)
            assert status == 303
            token = CSRF_INPUT.search(client.get("/desk").text)
            assert token
            peak = _peak_rss(pid)
            status, sent = _stream_upload(site, dict(client.cookies), token.group(1), size, declared=declared)
            assert status == expected, (username, declared)
            assert _peak_rss(pid) - peak < 64 * MB, "the body was held in memory"
            assert read - MB <= sent <= read + margin < size, (username, declared, sent)
        assert httpx2.get(f"{site.url}/healthz").status_code == 200


def _in_flight() -> int:
    """The most body bytes a client can have sent that the server has not read: the server's receive
    buffer, the client's send buffer (their largest sizes on this machine) and one 1 MB piece."""
    largest = [int(Path(f"/proc/sys/net/ipv4/tcp_{kind}").read_text().split()[2]) for kind in ("rmem", "wmem")]
    return sum(largest) + MB


def test_an_out_of_range_year_is_not_found_with_every_header_and_pages_are_not_cached(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'guards.db'}"
    _add_user(url, "clerk", "clerk")
    with serving(url, tmp_path) as site:
        client, status = _login(site, "clerk")
        assert status == 303
        answer = client.get("/desk/active/99999")
        assert answer.status_code == 404 and "页面不存在" in answer.text
        assert "default-src 'self'" in answer.headers["content-security-policy"]
        assert answer.headers["cache-control"] == "no-store"
        assert client.get("/desk").headers["cache-control"] == "no-store"
        assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")


def _stream_upload(site: _Site, cookies: dict[str, str], token: str, size: int, *, declared: bool) -> tuple[int, int]:
    """POST a multipart upload of `size` bytes to /console/checks over a raw socket, 1 MB at a time,
    stopping when the server answers; the answer's status and the bytes sent."""
    boundary = "xxgkboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + size + len(tail)
    host = urlsplit(site.url)
    framing = f"Content-Length: {length}\r\n" if declared else "Transfer-Encoding: chunked\r\n"
    request = (
        f"POST /console/checks HTTP/1.1\r\nHost: {host.netloc}\r\n"
        f"Cookie: {'; '.join(f'{k}={v}' for k, v in cookies.items())}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n{framing}\r\n"
    ).encode()
    chunk = b"x" * MB
    pieces = [head, *([chunk] * (size // MB)), tail]
    sent = 0
    with socket.create_connection((host.hostname or "127.0.0.1", host.port or 80), timeout=120) as connection:
        connection.sendall(request)
        # selectors (epoll), not select.select: a long suite's descriptors pass 1024
        answered = selectors.DefaultSelector()
        answered.register(connection, selectors.EVENT_READ)
        try:
            for piece in pieces:
                if answered.select(timeout=0):
                    break  # the server has answered
                connection.sendall(piece if declared else b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
            else:
                if not declared:
                    connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            answered.close()
        answer = b""
        while b"\r\n" not in answer:
            data = connection.recv(65536)
            if not data:
                break
            answer += data
    return int(answer.split(b" ", 2)[1]), sent


def _peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")
