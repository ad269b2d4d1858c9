"""Imports every model module so that `Base.metadata` knows all tables (for Alembic and tests)."""

from xxgk.store.agencies import Agency
from xxgk.store.corpus import (
    CorpusAgencyName,
    CorpusCell,
    CorpusDocument,
    CorpusFinding,
    CorpusReport,
    CorpusSource,
    CorpusStaleAgency,
)
from xxgk.store.ledger import (
    ActiveFigure,
    Application,
    ApplicationEvent,
    CalendarOverride,
    ReviewCase,
    TrackingCounter,
)

__all__ = [
    "ActiveFigure",
    "Agency",
    "Application",
    "ApplicationEvent",
    "CalendarOverride",
    "CorpusAgencyName",
    "CorpusCell",
    "CorpusDocument",
    "CorpusFinding",
    "CorpusReport",
    "CorpusSource",
    "CorpusStaleAgency",
    "ReviewCase",
    "TrackingCounter",
]
