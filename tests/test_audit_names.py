"""The audit log speaks Chinese: every operation the code records has its Chinese name in one module."""

from __future__ import annotations

import ast
from pathlib import Path

from webapp import WebApp, csrf, signed_in
from xxgk.audit_names import DETAIL_KEYS, OPERATIONS, RECORD_KINDS, operation_name

SOURCE = Path(__file__).resolve().parent.parent / "src" / "xxgk"


def _recorded() -> tuple[set[str], set[str], set[str]]:
    """Every operation name and record kind written as a literal in an `audit(...)` call of the source,
    and the literal beginnings of operation names built with an f-string."""
    operations: set[str] = set()
    prefixes: set[str] = set()
    kinds: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 4:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name != "audit":
                continue
            if isinstance(node.args[2], ast.JoinedStr):
                first = node.args[2].values[0]
                assert isinstance(first, ast.Constant), path
                prefixes.add(str(first.value))
                continue
            for part in ast.walk(node.args[2]):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    operations.add(part.value)
            if isinstance(node.args[3], ast.Constant) and isinstance(node.args[3].value, str):
                kinds.add(node.args[3].value)
    return operations, prefixes, kinds


def test_every_recorded_operation_has_a_chinese_name() -> None:
    operations, prefixes, kinds = _recorded()
    assert all(any(name.startswith(p) for name in OPERATIONS) for p in prefixes), prefixes
    assert len(operations) > 30  # the walk found the calls
    assert operations - set(OPERATIONS) == set()
    assert kinds - set(RECORD_KINDS) == set()
    assert all(not any(c.isascii() and c.isalpha() for c in name) for name in OPERATIONS.values())
    assert operation_name("something.new") == "其他操作"


def test_the_audit_log_page_shows_operations_in_chinese_and_people_by_name(web: WebApp) -> None:
    signed_in(web, "sup-a")
    client = signed_in(web, "admin")
    page = client.get("/admin/audit").text
    assert "<td>登录</td>" in page and "<td>用户 #" in page
    assert "user.login" not in page and ">user<" not in page
    assert "sup-a 用户" in page and "<td>sup-a</td>" not in page


def _detail_keys() -> set[str]:
    """The detail keys written as keywords of `audit(...)` calls and as keys of dicts named `detail`/`typed`."""
    keys: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "audit":
                keys.update(k.arg for k in node.keywords if k.arg and k.arg != "agency_id")
            named = isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in ("detail", "typed") for t in node.targets
            )
            if named and isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                keys.update(k.value for k in node.value.keys if isinstance(k, ast.Constant))
    return keys


def test_every_recorded_detail_has_a_chinese_name_and_the_page_shows_it() -> None:
    keys = _detail_keys()
    assert len(keys) > 30 and keys - set(DETAIL_KEYS) == set()
    assert all(not any(c.isascii() and c.isalpha() for c in name) for name in DETAIL_KEYS.values())


def test_the_audit_log_details_read_in_chinese(web: WebApp) -> None:
    admin = signed_in(web, "admin")
    fields = {"username": "new-clerk", "display_name": "新经办", "password": "a-long-password-1", "role": "clerk"}
    created = admin.post(
        "/admin/users", data={**fields, "agency": "甲市科学技术局", "csrf_token": csrf(admin, "/admin")}
    )
    assert created.status_code in (200, 303), created.text
    page = admin.get("/admin/audit").text
    row = next(r for r in page.split("<tr>") if "新建用户" in r and "new-clerk" in r)
    assert "用户名：new-clerk" in row and "角色：经办人员" in row
    assert "username=" not in page and "role=" not in page


def test_ledger_codes_in_details_read_as_their_chinese_names() -> None:
    """An event's kind, an application's channel and a decision's outcome are kept as codes; the log
    page names them as the desk does (补正告知, 邮寄, 予以公开), never by the code."""
    from xxgk.web.pages import audit_detail

    shown = audit_detail({"kind": "correction_notice", "channel": "post", "outcome": "granted", "on": "2026-11-02"})
    assert "补正告知" in shown
    assert "邮寄" in shown and "予以公开" in shown
    for code in ("correction_notice", "post", "granted"):
        assert code not in shown
