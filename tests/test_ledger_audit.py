"""Every write to the ledger leaves an audit entry with its actor, from the service layer.

The command line marks its writes 命令行: `--actor NAME` as “NAME（命令行）”, else the
system user 命令行; the web app's entries name the signed-in user. Every operation
recorded anywhere has a Chinese label (`xxgk.audit_names.OPERATIONS`), the one the
audit page shows.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import select

from conftest import run_xxgk
from test_calendar_estimate import NOTICE_2027
from test_web_desk import file_one, post
from webapp import WebApp, signed_in
from xxgk.audit_names import OPERATIONS, operation_name
from xxgk.now import today
from xxgk.store import session_scope
from xxgk.store.audit import cli_actor
from xxgk.store.database import open_database
from xxgk.store.web import AuditEntry

AGENCY = "某县人民政府办公室"
SRC = Path(__file__).resolve().parents[1] / "src" / "xxgk"


def ok(*args: str) -> str:
    result = run_xxgk(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def entries(url: str) -> list[tuple[str, str, str | None]]:
    db = open_database(url)
    with session_scope(db) as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        found = [(e.action, e.actor, e.target_id) for e in rows]
    db.engine.dispose()
    return found


def test_every_command_line_write_is_audited_with_its_actor(database_url: str, tmp_path: Path) -> None:
    db = ("--db", database_url)
    ok("ledger", "agency", AGENCY, "--level", "县", *db)
    number = ok("ledger", "add", "--agency", AGENCY, "--received", "2025-09-26", "--applicant-type", "自然人", *db)
    common = ("--agency", AGENCY, "--actor", "张三", *db)
    ok("ledger", "event", number, "consultation", "--on", "2025-10-09", "--until", "2025-10-10", *common)
    ok("ledger", "decide", number, "--on", "2025-10-20", "--outcome", "予以公开", *common)
    ok("ledger", "case", "--kind", "行政复议", "--filed", "2025-11-01", *common)
    ok("ledger", "active", "--year", "2025", "regulations.issued=1", *common)
    ledger = tmp_path / "ledger.csv"
    ok("ledger", "export", str(ledger), "--agency", AGENCY, *db)
    ok("ledger", "import", str(ledger), "--agency", AGENCY, *db)
    ok("calendar", "set", "2027-10-09", "workday", "--actor", "李四", *db)
    ok("calendar", "unset", "2027-10-09", *db)
    notice = tmp_path / "2027.csv"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    ok("calendar", "import", str(notice), "--actor", "李四", *db)
    assert [(action, actor) for action, actor, _ in entries(database_url)] == [
        ("agency.describe", "命令行"),
        ("application.add", "命令行"),
        ("application.event", "张三（命令行）"),
        ("application.decide", "张三（命令行）"),
        ("case.add", "张三（命令行）"),
        ("active.set", "张三（命令行）"),
        ("application.import", "命令行"),
        ("calendar.set", "李四（命令行）"),
        ("calendar.unset", "命令行"),
        ("calendar.import", "李四（命令行）"),
    ]


def test_a_refused_command_line_write_leaves_no_audit_entry(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    number = ok(
        "ledger", "add", "--agency", AGENCY, "--received", "2025-09-26", "--applicant-type", "自然人", "--db", url
    )
    refused = run_xxgk(
        "ledger", "decide", number, "--agency", AGENCY, "--on", "2025-10-20", "--outcome", "逾期不补正", "--db", url
    )
    assert refused.returncode == 2 and "补正" in refused.stderr
    assert [action for action, _, _ in entries(url)] == ["application.add"]


def test_web_writes_are_audited_once_by_the_service_with_the_signed_in_user(web: WebApp) -> None:
    number = file_one(web)
    signed_in(web, "clerk-a")
    day = today().isoformat()
    assert post(web, f"/desk/applications/{number}/decision", {"on": day, "outcome": "granted"}) == 303
    with session_scope(web.context.db) as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.target_id == number).order_by(AuditEntry.id)).all()
        assert [(e.action, e.actor) for e in rows] == [("application.file", "公众"), ("application.decide", "clerk-a")]
    page = signed_in(web, "admin").get("/admin/audit").text
    assert operation_name("application.decide") in page and operation_name("application.file") in page
    assert "application.decide" not in page


def _recorded_actions() -> set[str]:
    """Every operation name passed to `audit(…)`, or given as an `action` default, anywhere in the code."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit" and len(node.args) >= 3:
                if isinstance(node.args[2], ast.JoinedStr):  # f"disclosure.screening_{decision}": a prefix
                    first = node.args[2].values[0]
                    found.add(f"{first.value}*" if isinstance(first, ast.Constant) else "*")
                    continue
                found |= {c.value for c in ast.walk(node.args[2]) if isinstance(c, ast.Constant)}
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_decide":  # the console's verbs
                found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            if isinstance(node, ast.arguments):
                names = [a.arg for a in node.kwonlyargs]
                for name, default in zip(names, node.kw_defaults, strict=True):
                    if name == "action" and isinstance(default, ast.Constant):
                        found.add(default.value)
            if isinstance(node, ast.keyword) and node.arg == "action" and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
    return {a for a in found if isinstance(a, str) and "." in a}


def test_every_audited_operation_has_a_chinese_label() -> None:
    recorded = _recorded_actions()
    assert {"application.decide", "application.file", "calendar.set", "report.return"} <= recorded
    prefixes = {a for a in recorded if a.endswith("*")}
    assert sorted(recorded - prefixes - set(OPERATIONS)) == []
    assert all(any(key.startswith(p.rstrip("*")) for key in OPERATIONS) for p in prefixes), prefixes
    assert all(not label.isascii() for label in OPERATIONS.values())
    assert operation_name("never.recorded") == "其他操作"


def test_the_command_line_actor_is_marked_and_fits_the_column() -> None:
    assert cli_actor(None) == cli_actor("  ") == "命令行"
    assert cli_actor("王五") == "王五（命令行）"
    assert len(cli_actor("长" * 100)) == 64 and cli_actor("长" * 100).endswith("（命令行）")
