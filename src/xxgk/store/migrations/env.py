"""Alembic environment: runs on the connection `xxgk.store.upgrade` hands it, or on a URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import xxgk.store.models  # noqa: F401  (every model module, so autogenerate sees all tables)
from xxgk.store.base import Base

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///xxgk.db")
    with engine.begin() as fresh:
        _migrate(fresh)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
