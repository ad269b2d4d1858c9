"""Migrations never import application code: a revision must keep working on an old database after
the code it would have imported has changed. Only Alembic, SQLAlchemy and the standard library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import xxgk.store

VERSIONS = Path(xxgk.store.__file__).with_name("migrations") / "versions"
ALLOWED = {"alembic", "sqlalchemy", "__future__"} | set(sys.stdlib_module_names)


def imported_modules(path: Path) -> set[str]:
    """Every top-level package a file imports, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_no_migration_imports_application_code() -> None:
    revisions = sorted(VERSIONS.glob("*.py"))
    assert len(revisions) >= 17
    offending = {path.name: sorted(imported_modules(path) - ALLOWED) for path in revisions}
    assert {name: found for name, found in offending.items() if found} == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    sneaky = tmp_path / "x0001.py"
    sneaky.write_text("def upgrade():\n    from xxgk.web.annual import store_published\n", encoding="utf-8")
    assert imported_modules(sneaky) - ALLOWED == {"xxgk"}
