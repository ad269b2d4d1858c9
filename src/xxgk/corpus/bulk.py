"""Fast inserts of many rows (a report has some 200 cells): the driver's own bulk path.

SQLAlchemy's executemany processes every parameter of every row in Python,
which costs more than the database itself at this volume. SQLite gets the
driver's `executemany`, PostgreSQL a `COPY … FROM STDIN`; both run on the
session's connection, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from xxgk.store.base import Base


def insert_rows(
    connection: Connection, model: type[Base], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert `rows` (tuples in `columns` order) into the table of `model`."""
    if not rows:
        return
    table = str(model.__tablename__)
    names = ", ".join(columns)
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))
    elif connection.dialect.driver == "psycopg":
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        connection.execute(insert(model), [dict(zip(columns, row, strict=True)) for row in rows])
