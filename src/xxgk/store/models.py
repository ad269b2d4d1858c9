"""Imports every model module so that `Base.metadata` knows all tables (for Alembic and tests)."""

from xxgk.store.agencies import Agency
from xxgk.store.web import AuditEntry, CheckItem, CheckRun, User

__all__ = ["Agency", "AuditEntry", "CheckItem", "CheckRun", "User"]
