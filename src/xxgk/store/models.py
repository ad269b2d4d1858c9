"""Imports every model module so that `Base.metadata` knows all tables (for Alembic and tests)."""

from xxgk.store.agencies import Agency

__all__ = ["Agency"]
