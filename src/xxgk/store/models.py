"""Imports every model module so that `Base.metadata` knows all tables (for Alembic and tests)."""

from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application, ApplicationEvent, CalendarOverride

__all__ = ["Agency", "Application", "ApplicationEvent", "CalendarOverride"]
