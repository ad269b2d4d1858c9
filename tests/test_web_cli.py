"""`xxgk user` and `xxgk serve` as an administrator runs them, and the demo a newcomer sees."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import run_xxgk
from webapp import EXAMPLES
from xxgk.store import open_database
from xxgk.store.web import AuditEntry, CheckRun, Role, User
from xxgk.web.demo import seed_demo
from xxgk.web.settings import secret_key

STATIC = Path(__file__).resolve().parent.parent / "src" / "xxgk" / "web" / "static"


def _user_add(db: str, *args: str, password: str = "long-enough-1") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xxgk", "user", "add", *args, "--db", db, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_user_add_creates_an_audited_account_and_user_list_shows_it(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    added = _user_add(db, "wang", "--role", "supervisor", "--agency", "某市人民政府", "--name", "王五")
    assert added.returncode == 0, added.stderr
    assert "已添加用户 wang（监督机关，某市人民政府）" in added.stdout
    listed = run_xxgk("user", "list", "--db", db)
    assert listed.returncode == 0 and "wang\t监督机关\t某市人民政府\t王五" in listed.stdout
    with open_database(db).sessions() as session:
        assert session.scalars(select(User)).one().role == "supervisor"
        assert session.scalars(select(AuditEntry)).one().actor == "命令行"


def test_user_add_refuses_bad_input_in_one_chinese_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert _user_add(db, "li", "--role", "admin").returncode == 0
    cases = [
        (("li", "--role", "admin"), "long-enough-1", "用户名“li”已存在"),
        (("zhao", "--role", "boss"), "long-enough-1", "角色“boss”无效"),
        (("zhao", "--role", "clerk"), "long-enough-1", "机关不能为空"),
        (("zhao", "--role", "admin"), "short", "密码过短"),
        (("zhao", "--role", "admin"), "", "密码不能为空"),
    ]
    for args, password, reason in cases:
        result = _user_add(db, *args, password=password)
        assert result.returncode == 2, (args, result.stderr)
        assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_serve_refuses_a_port_in_use_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_xxgk(
            "serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--port", str(port), "--data-dir", str(tmp_path)
        )
    assert result.returncode == 2 and f"127.0.0.1:{port}" in result.stderr and "端口" in result.stderr


def test_the_demo_has_a_user_of_each_role_and_the_examples_checked(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    accounts = seed_demo(db, EXAMPLES)
    assert {a.role for a in accounts} == set(Role)
    assert seed_demo(db, EXAMPLES) == []  # never seeded twice, never over real users
    with db.sessions() as session:
        run = session.scalars(select(CheckRun)).one()
        assert run.status == "done" and run.total == len(list(EXAMPLES.iterdir()))
        assert all(item.status == "done" and item.report for item in run.items)
        supervisor = session.scalars(select(User).where(User.role == "supervisor")).one()
        county_clerk = session.scalars(select(User).where(User.username == "county-clerk")).one()
        assert run.agency_id == supervisor.agency_id
        assert county_clerk.agency is not None and county_clerk.agency.parent is not None


def test_the_session_secret_is_generated_once_kept_private_and_overridable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XXGK_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 40 and secret_key(tmp_path) == first  # sessions survive a restart
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("XXGK_SECRET_KEY", "set-by-the-operator")
    assert secret_key(tmp_path) == "set-by-the-operator"


def test_vendored_scripts_match_their_recorded_versions_and_hashes() -> None:
    manifest = json.loads((STATIC / "vendor" / "vendor.json").read_text(encoding="utf-8"))
    versions = {entry["package"]: entry["version"] for entry in manifest}
    assert versions == {"htmx.org": "2.0.11", "echarts": "6.1.0"}
    for entry in manifest:
        data = (STATIC / "vendor" / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
    assert b"2.0.11" in (STATIC / "vendor" / "htmx.min.js").read_bytes()


def test_pages_load_nothing_from_other_sites() -> None:
    templates = STATIC.parent / "templates"
    for page in templates.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), page


def test_user_reset_password_and_role_change_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert _user_add(db, "wang", "--role", "clerk", "--agency", "某市科学技术局").returncode == 0
    assert (
        _user_add(db, "li", "--role", "admin", password="12345678")
        .stderr.strip()
        .endswith("请用更长、更不规则的密码，例如几个不相关的词加数字")
    )
    weak = subprocess.run(
        [sys.executable, "-m", "xxgk", "user", "reset-password", "wang", "--db", db, "--password-stdin"],
        input="12345678\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert weak.returncode == 2 and "太容易被猜到" in weak.stderr and len(weak.stderr.strip().splitlines()) == 1
    reset = subprocess.run(
        [sys.executable, "-m", "xxgk", "user", "reset-password", "wang", "--db", db, "--password-stdin"],
        input="temporary-otter-88\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert reset.returncode == 0 and "下次登录时须修改" in reset.stdout
    missing = run_xxgk("user", "role", "wang", "--role", "head", "--agency", "没有的机关", "--db", db)
    assert missing.returncode == 2 and "机关“没有的机关”不存在" in missing.stderr
    changed = run_xxgk("user", "role", "wang", "--role", "head", "--agency", "某市科学技术局", "--db", db)
    assert changed.returncode == 0 and "wang 现为机关负责人，某市科学技术局" in changed.stdout
    with open_database(db).sessions() as session:
        user = session.scalars(select(User).where(User.username == "wang")).one()
        assert user.must_change_password and user.role == "head" and user.session_epoch == 2
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions[-2:] == ["user.password_reset", "user.role"]
