"""What an attacker would try: pages without login, forged forms, guessing passwords, other agencies' data, script injection."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import select

from webapp import (
    PASSWORD,
    WebApp,
    csrf,
    faulty_report,
    finished_run,
    login,
    report_text,
    signed_in,
    upload,
    web_app,
)
from xxgk.store.web import AuditEntry, User
from xxgk.web.throttle import LoginThrottle

# Everything else must demand a signed-in user. A new route missing from here and
# lacking a login requirement fails the walk below.
PUBLIC = {("GET", "/"), ("GET", "/healthz"), ("GET", "/login"), ("POST", "/login"), ("POST", "/logout")}
PUBLIC |= {("POST", "/status")} | {
    (method, "/agencies/{agency_id}" + page)
    for method, page in (
        ("GET", ""),
        ("GET", "/apply"),
        ("POST", "/apply"),
        ("GET", "/apply/filed"),
        ("GET", "/status"),
        ("POST", "/status"),
        ("POST", "/status/letter"),
        ("POST", "/status/correction"),
        ("GET", "/reports"),
        ("GET", "/reports/{year}"),
        ("GET", "/reports/{year}/download/{fmt}"),
    )
}
PUBLIC |= {("GET", "/disclosure/{item_id}"), ("GET", "/disclosure/{item_id}/attachments/{attachment_id}")}
PUBLIC |= {("GET", "/search")} | {
    ("GET", f"/agencies/{{agency_id}}/{page}") for page in ("catalogue", "statutory", "interpretations", "feed.atom")
}
SCRIPT = "<script>alert(1)</script>"


def test_every_route_but_the_public_ones_requires_a_login(web: WebApp) -> None:
    client = web.client
    token = csrf(client)
    walked = 0
    for route in iter_route_contexts(web.app.routes):
        if not isinstance(route.original_route, APIRoute):
            assert route.path == "/static", route.path  # the only other route: the package's own scripts and styles
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in route.methods or ():
            if (method, route.path) in PUBLIC:
                continue
            walked += 1
            response = client.request(method, path, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code == 303, (method, route.path, response.status_code)
            assert response.headers["location"].startswith("/login?next="), (method, route.path)
            htmx = client.request(method, path, headers={"HX-Request": "true", "X-CSRF-Token": token})
            assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/login"), route.path
    assert walked >= 12


def test_roles_are_enforced(web: WebApp) -> None:
    client = signed_in(web, "clerk-a")
    assert client.get("/desk").status_code == 200
    assert client.get("/console/checks").status_code == 403
    assert "无权访问" in client.get("/admin").text
    client = signed_in(web, "sup-a")
    assert client.get("/console/checks").status_code == 200
    assert client.get("/admin/audit").status_code == 403


def test_a_form_without_the_session_csrf_token_is_refused(web: WebApp) -> None:
    client = web.client
    client.get("/login")
    assert client.post("/login", data={"username": "admin", "password": PASSWORD}).status_code == 403
    forged = client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "guessed"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    client = signed_in(web, "admin")
    token = csrf(client, "/admin")
    refused = client.post(
        "/admin/users",
        data={"username": "mallory", "password": "mallory-long-enough-42", "role": "admin"},
        headers={"X-CSRF-Token": "not-the-token"},
    )
    assert refused.status_code == 403
    with web.context.db.sessions() as session:
        assert session.scalars(select(User).where(User.username == "mallory")).first() is None
    accepted = client.post(
        "/admin/users",
        data={"username": "mallory", "password": "mallory-long-enough-42", "role": "admin", "csrf_token": token},
    )
    assert accepted.status_code == 303


def test_signing_in_rotates_the_csrf_token(web: WebApp) -> None:
    before = csrf(web.client)
    login(web.client, "clerk-a")
    assert csrf(web.client, "/desk") != before


def test_repeated_wrong_passwords_lock_the_name_out_for_a_while(web: WebApp) -> None:
    now = [1000.0]
    web.context.throttle.__init__(web.context.settings.logins, clock=lambda: now[0])  # type: ignore[misc]
    for _ in range(web.context.settings.logins.max_failures):
        assert login(web.client, "clerk-a", "wrong-password").status_code == 401
    locked = login(web.client, "clerk-a", PASSWORD)
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text
    now[0] += web.context.settings.logins.window_seconds + 1
    assert login(web.client, "clerk-a", PASSWORD).status_code == 303


def test_the_throttle_counts_per_address_as_well_as_per_name() -> None:
    from xxgk.web.settings import LoginLimits

    throttle = LoginThrottle(LoginLimits(max_failures=3, window_seconds=60), clock=lambda: 0.0)
    for name in ("a", "b", "c"):
        assert not throttle.begin(f"user:{name}", "addr:1.2.3.4").refused  # then found wrong: stays counted
    assert throttle.begin("user:d", "addr:1.2.3.4").refused
    assert not throttle.begin("user:d", "addr:5.6.7.8").refused


def test_a_success_takes_its_attempt_back_and_clears_only_the_name() -> None:
    from xxgk.web.settings import LoginLimits

    throttle = LoginThrottle(LoginLimits(max_failures=2, window_seconds=60), clock=lambda: 0.0)
    throttle.begin("user:a", "addr:1.2.3.4")  # wrong
    throttle.succeeded(throttle.begin("user:a", "addr:1.2.3.4"), forget=("user:a",))
    assert not throttle.begin("user:a", "addr:5.6.7.8").refused  # the name's failures are forgotten
    assert throttle.begin("user:b", "addr:1.2.3.4").refused is False  # the address had one failure, not two
    assert throttle.begin("user:c", "addr:1.2.3.4").refused  # now two


def test_a_user_never_sees_another_agencys_check_runs(web: WebApp) -> None:
    county = signed_in(web, "sup-county")
    run = finished_run(web, upload(county, [("县报告.txt", report_text(faulty_report()))]))
    item_link = re.search(r'href="(/console/checks/\d+/items/\d+)"', county.get(run).text)
    assert item_link
    # The city above the county sees it; the other city and the county's neighbours do not.
    city = signed_in(web, "sup-a")
    assert city.get(run).status_code == 200 and city.get(item_link.group(1)).status_code == 200
    assert run in city.get("/console/checks").text
    other = signed_in(web, "sup-c")
    for path in (run, f"{run}/progress", item_link.group(1)):
        assert other.get(path).status_code == 404, path
    assert run not in other.get("/console/checks").text
    # Runs of the city are not visible to the county below it.
    city = signed_in(web, "sup-a")
    city_run = finished_run(web, upload(city, [("市报告.txt", report_text(faulty_report()))]))
    county = signed_in(web, "sup-county")
    assert county.get(city_run).status_code == 404


def test_script_in_every_free_text_field_comes_back_escaped(web: WebApp) -> None:
    client = web.client
    failed = client.post(
        "/login", data={"username": SCRIPT, "password": "x", "next": f"/desk?{SCRIPT}", "csrf_token": csrf(client)}
    )
    assert SCRIPT not in failed.text and "&lt;script&gt;" in failed.text
    client = signed_in(web, "admin")
    token = csrf(client, "/admin")
    client.post("/admin/agencies", data={"name": f"{SCRIPT}局", "parent": "甲市人民政府", "csrf_token": token})
    client.post(
        "/admin/users",
        data={
            "username": "x1",
            "password": "mallory-long-enough-42",
            "role": "clerk",
            "agency": f"{SCRIPT}局",
            "display_name": SCRIPT,
            "csrf_token": token,
        },
    )
    refused = client.post(
        "/admin/users",
        data={"username": "x2", "password": "short", "role": "clerk", "agency": SCRIPT, "csrf_token": token},
    )
    for page in (client.get("/admin"), client.get("/admin/audit"), client.get("/"), refused):
        assert SCRIPT not in page.text and "&lt;script&gt;" in page.text
    # An uploaded report whose agency name, prose and file name carry a script.
    report = faulty_report()
    report.agency = f"{SCRIPT}科学技术局"
    report.text["overview"] = f"总体情况{SCRIPT}"
    supervisor = signed_in(web, "sup-a")
    run = finished_run(web, upload(supervisor, [(f"{SCRIPT}.txt", report_text(report))]))
    results = supervisor.get(run)
    assert "&lt;script&gt;" in results.text and SCRIPT not in results.text
    item = re.search(r'href="(/console/checks/\d+/items/\d+)"', results.text)
    assert item
    page = supervisor.get(item.group(1))
    assert page.status_code == 200 and SCRIPT not in page.text and page.text.count("&lt;script&gt;") >= 3


def test_pages_carry_a_strict_content_security_policy_and_safe_cookies(web: WebApp) -> None:
    response = web.client.get("/login")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_login_never_redirects_to_another_site(web: WebApp) -> None:
    client = web.client
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/login", data={"username": "clerk-a", "password": PASSWORD, "next": target, "csrf_token": csrf(client)}
        )
        assert response.headers["location"] == "/desk", target
        client.post("/logout", data={"csrf_token": csrf(client, "/desk")})
    response = client.post(
        "/login", data={"username": "clerk-a", "password": PASSWORD, "next": "/desk?x=1", "csrf_token": csrf(client)}
    )
    assert response.headers["location"] == "/desk?x=1"


def test_oversized_bodies_are_refused_before_they_are_read(tmp_path: Path) -> None:
    with web_app(f"sqlite:///{tmp_path / 'limits.db'}", tmp_path, max_form_bytes=2048) as web:
        token = csrf(web.client)
        response = web.client.post("/login", data={"username": "a" * 5000, "password": "x", "csrf_token": token})
        assert response.status_code == 413 and "过大" in response.text
        # A large body is accepted only on the upload route, from a user its role check admits.
        files = {"files": ("a.txt", b"x" * 4096, "text/plain")}
        anonymous = web.client.post("/console/checks", data={"csrf_token": token}, files=files)
        assert anonymous.status_code == 303 and "/login" in anonymous.headers["location"]
        clerk = signed_in(web, "clerk-a")
        refused = clerk.post("/console/checks", data={"csrf_token": csrf(clerk, "/desk")}, files=files)
        assert refused.status_code == 403
        supervisor = signed_in(web, "sup-a")
        accepted = supervisor.post(
            "/console/checks", data={"csrf_token": csrf(supervisor, "/console/checks")}, files=files
        )
        assert accepted.status_code == 303


def test_a_disabled_user_is_signed_out_at_the_next_request(web: WebApp) -> None:
    clerk = signed_in(web, "clerk-a")
    with web.context.db.sessions.begin() as session:
        user = session.scalars(select(User).where(User.username == "clerk-a")).one()
        user.active = False
    assert clerk.get("/desk").status_code == 303


def test_changes_are_audited_with_who_and_what(web: WebApp) -> None:
    client = signed_in(web, "admin")
    client.post("/admin/agencies", data={"name": "丁市人民政府", "csrf_token": csrf(client, "/admin")})
    with web.context.db.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "agency.create")).one()
        assert entry.actor == "admin" and entry.detail["name"] == "丁市人民政府" and entry.at is not None
