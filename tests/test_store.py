"""The store itself: the schema migrates onto an empty database of each kind, and holds data."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import inspect, select

from xxgk.store import open_database, session_scope
from xxgk.store.agencies import Agency, agency_for


def test_migrations_create_the_schema_and_rows_persist(database_url: str) -> None:
    db = open_database(database_url)
    assert "agencies" in inspect(db.engine).get_table_names()
    with session_scope(db) as session:
        city = Agency(name="某市人民政府", key="某市政府", level="市")
        session.add(Agency(name="某市科学技术局", key="某市科技局", parent=city))
    again = open_database(database_url)  # upgrading an up-to-date database changes nothing
    with again.sessions() as session:
        bureau = session.scalars(select(Agency).where(Agency.key == "某市科技局")).one()
        assert bureau.parent is not None and bureau.parent.name == "某市人民政府"


def test_a_failed_transaction_leaves_nothing_behind(database_url: str) -> None:
    db = open_database(database_url)
    try:
        with session_scope(db) as session:
            session.add(Agency(name="某县教育局", key="某县教育局"))
            session.flush()
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    with db.sessions() as session:
        assert session.scalars(select(Agency)).all() == []


def test_naming_variants_of_one_agency_share_one_row(database_url: str) -> None:
    db = open_database(database_url)
    with session_scope(db) as session:
        first = agency_for(session, "某市科学技术局").id
        assert agency_for(session, "某市 科技局").id == first
        assert agency_for(session, "某市教育局").id != first


def test_threads_opening_one_database_at_once_all_succeed(tmp_path: Path) -> None:
    """A web server's threads may each open the database on their first request."""
    url = f"sqlite:///{tmp_path / 'xxgk.db'}"
    with ThreadPoolExecutor(max_workers=4) as pool:
        opened = list(pool.map(lambda _: open_database(url), range(8)))
    assert all("agencies" in inspect(db.engine).get_table_names() for db in opened)
