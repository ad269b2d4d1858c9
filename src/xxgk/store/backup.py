"""Backup and restore of the whole database.

Backup: an SQLite database is copied with SQLite's online backup API (a
consistent copy while others keep working) into a file that is itself an SQLite
database; PostgreSQL, or any database when FILE ends in .json / .json.gz, is
written as a portable JSON Lines dump (a header with the schema's migration
versions, then one line per row), readable without pg_dump and restorable into
either kind of database.

Restore replaces every row of every table in one transaction, so a failed
restore leaves the data as it was. An SQLite backup made by an older version is
first upgraded (on a temporary copy) to the current schema; a JSON dump must come
from the same schema version.
"""

from __future__ import annotations

import base64
import gzip
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, LargeBinary, Numeric, Table, create_engine, delete, insert, select
from sqlalchemy import text as sql
from sqlalchemy import update as sql_update

import xxgk.store.models  # noqa: F401  (every table known to the metadata)
from xxgk.errors import XxgkError
from xxgk.store.base import Base
from xxgk.store.database import Database, open_database

FORMAT = "xxgk-backup"
SQLITE_MAGIC = b"SQLite format 3\x00"
BATCH = 5_000


class BackupError(XxgkError):
    """A backup could not be written or restored; the message says why."""


def backup_database(db: Database, path: Path) -> str:
    """Write a backup of `db` to `path`; returns what kind of file was written (in Chinese)."""
    if db.engine.dialect.name == "sqlite" and not _is_json_name(path):
        _sqlite_backup(db, path)
        return "SQLite 数据库文件"
    with _open_write(path) as handle, db.engine.connect() as connection:
        handle.write(json.dumps({"format": FORMAT, "versions": _versions(connection)}) + "\n")
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                line = {"t": table.name, "r": {k: _jsonable(v) for k, v in row.items()}}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return "JSON 备份"


def restore_database(db: Database, path: Path) -> int:
    """Replace all data of `db` with the backup at `path`; returns the number of rows restored."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise BackupError(f"{path}: 无法打开（{exc.strerror or exc}）") from None
    if head.startswith(SQLITE_MAGIC):
        return _restore_from_sqlite(db, path)
    if head.startswith(b"\x1f\x8b") or head.lstrip().startswith(b"{"):
        return _restore_from_json(db, path)
    raise BackupError(f"{path}: 不是 xxgk 的备份文件（应为 SQLite 数据库文件或 JSON 备份）")


# ---------------------------------------------------------------- SQLite


def _sqlite_backup(db: Database, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    with db.engine.connect() as connection:
        source = connection.connection.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
    partial.replace(path)


def _restore_from_sqlite(db: Database, path: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "restore.db"
        shutil.copyfile(path, copy)
        source = create_engine(f"sqlite:///{copy}")
        try:
            with source.connect() as connection:
                if "alembic_version" not in _table_names(connection):
                    raise BackupError(f"{path}: 这个 SQLite 文件不是 xxgk 的数据库")
            upgraded = open_database(f"sqlite:///{copy}")  # an older backup is brought to the current schema
            with upgraded.engine.connect() as connection:
                rows = ((t, dict(r)) for t in Base.metadata.sorted_tables for r in _table_rows(connection, t))
                return _replace_all(db, rows)
        finally:
            source.dispose()
            if "upgraded" in locals():
                upgraded.engine.dispose()


def _table_names(connection: Connection) -> set[str]:
    return set(connection.execute(sql("SELECT name FROM sqlite_master WHERE type='table'")).scalars())


def _table_rows(connection: Connection, table: Table) -> Iterator[Any]:
    yield from connection.execute(select(table)).mappings()


# ---------------------------------------------------------------- JSON


def _restore_from_json(db: Database, path: Path) -> int:
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    with _open_read(path) as handle:
        try:
            header = json.loads(handle.readline())
        except (json.JSONDecodeError, UnicodeDecodeError, EOFError, OSError):
            raise BackupError(f"{path}: 不是 xxgk 的 JSON 备份（首行无法读取）") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise BackupError(f"{path}: 不是 xxgk 的 JSON 备份")
        with db.engine.connect() as connection:
            current = _versions(connection)
        if sorted(header.get("versions", [])) != current:
            raise BackupError(
                f"{path}: 备份的数据库版本 {header.get('versions')} 与当前版本 {current} 不同；请用同一版本的 xxgk 恢复"
            )

        def rows() -> Iterator[tuple[Table, dict[str, Any]]]:
            for number, line in enumerate(handle, start=2):
                try:
                    item = json.loads(line)
                    table = tables[item["t"]]
                    yield table, {c.name: _from_json(c.type, item["r"].get(c.name)) for c in table.columns}
                except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                    raise BackupError(f"{path}: 第 {number} 行已损坏（{type(exc).__name__}），未恢复任何数据") from None

        return _replace_all(db, rows())


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _from_json(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Numeric):
        return Decimal(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


def _open_write(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "wt", encoding="utf-8")
    return path.open("w", encoding="utf-8")


def _open_read(path: Path) -> IO[str]:
    with path.open("rb") as handle:
        gz = handle.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8") if gz else path.open("r", encoding="utf-8")


def _is_json_name(path: Path) -> bool:
    return path.name.endswith((".json", ".jsonl", ".json.gz", ".jsonl.gz"))


# ---------------------------------------------------------------- shared


def _versions(connection: Connection) -> list[str]:
    return sorted(connection.execute(sql("SELECT version_num FROM alembic_version")).scalars())


def _replace_all(db: Database, rows: Iterator[tuple[Table, dict[str, Any]]]) -> int:
    """Delete every row, then insert `rows` (tables in dependency order), all in one transaction."""
    count = 0
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
        pending: list[dict[str, Any]] = []
        deferred: list[tuple[Table, dict[str, Any]]] = []
        current: Table | None = None
        for table, row in rows:
            if table is not current and pending and current is not None:
                connection.execute(insert(current), pending)
                pending = []
            current = table
            row, later = _split_self_references(table, row)
            pending.append(row)
            if later:
                deferred.append((table, later))
            count += 1
            if len(pending) >= BATCH:
                connection.execute(insert(table), pending)
                pending = []
        if pending and current is not None:
            connection.execute(insert(current), pending)
        for table, values in deferred:
            key = {c.name: values.pop(c.name) for c in table.primary_key.columns}
            condition = [table.c[name] == value for name, value in key.items()]
            connection.execute(sql_update(table).where(*condition).values(**values))
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    return count


def _split_self_references(table: Table, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A row without its references to rows of the same table (set afterwards, when all rows exist)."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table and row.get(fk.parent.name)]
    if not own:
        return row, None
    later = {name: row[name] for name in own} | {c.name: row[c.name] for c in table.primary_key.columns}
    return {**row, **dict.fromkeys(own)}, later


def _reset_sequences(connection: Connection) -> None:
    """Identity sequences continue after the restored ids, so new rows do not collide."""
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].type.python_type is int:
            connection.execute(
                sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                    f"COALESCE(MAX({key[0].name}), 1), MAX({key[0].name}) IS NOT NULL) FROM {table.name}"
                )
            )
