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

__all__ = [
    "Agency",
    "CorpusAgencyName",
    "CorpusCell",
    "CorpusDocument",
    "CorpusFinding",
    "CorpusReport",
    "CorpusSource",
    "CorpusStaleAgency",
]
