"""Which database, how to connect to it, and how to bring its schema up to date."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

DEFAULT_URL = "sqlite:///xxgk.db"
ENV_VAR = "XXGK_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = threading.Lock()


def database_url(explicit: str | None = None) -> str:
    """`--db URL`, else `XXGK_DATABASE_URL`, else the SQLite file `xxgk.db` in the current directory."""
    url = explicit or os.environ.get(ENV_VAR) or DEFAULT_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


@dataclass(frozen=True, slots=True)
class Database:
    """An engine and the session factory bound to it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Connect (creating the SQLite file if needed) and, unless told not to, upgrade the schema."""
    resolved = database_url(url)
    engine = _engine(resolved)
    if migrate:
        upgrade(engine)
    return Database(resolved, engine, sessionmaker(engine, expire_on_commit=False))


@contextmanager
def session_scope(db: Database) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    with db.sessions.begin() as session:
        yield session


def upgrade(engine: Engine, target: str = "heads") -> None:
    """Run Alembic's upgrade to every branch head (the ledger and the corpus have their own branches).

    Alembic keeps its context in module globals, so two threads opening a
    database at once (a web server's workers) take turns.
    """
    from alembic import command

    with _MIGRATION_LOCK, engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def alembic_config(url: str | None = None) -> AlembicConfig:
    """An Alembic configuration pointing at the package's migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


@cache
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection: object, _record: object) -> None:
    """WAL lets readers work during a write; foreign keys are off in SQLite unless asked for."""
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
