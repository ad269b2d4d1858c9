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
from xxgk.store.disclosure import (
    DisclosureApproval,
    DisclosureAttachment,
    DisclosureCounter,
    DisclosureItem,
    DisclosureSettings,
    DisclosureVersion,
    ValidityChange,
)
from xxgk.store.ledger import (
    ActiveFigure,
    Application,
    ApplicationEvent,
    CalendarOverride,
    ClockBasis,
    ReviewCase,
    TrackingCounter,
)
from xxgk.store.letters import IssuedLetter, LetterCounter, LetterSettings
from xxgk.store.portal import PortalRequest, ReportDraft
from xxgk.store.screening import ScreeningDecision, ScreeningSettings
from xxgk.store.submissions import PortalSubmission
from xxgk.store.web import AuditEntry, CheckItem, CheckRun, User

__all__ = [
    "ActiveFigure",
    "Agency",
    "Application",
    "ApplicationEvent",
    "AuditEntry",
    "CalendarOverride",
    "CheckItem",
    "CheckRun",
    "ClockBasis",
    "CorpusAgencyName",
    "CorpusCell",
    "CorpusDocument",
    "CorpusFinding",
    "CorpusReport",
    "CorpusSource",
    "CorpusStaleAgency",
    "DisclosureApproval",
    "DisclosureAttachment",
    "DisclosureCounter",
    "DisclosureItem",
    "DisclosureSettings",
    "DisclosureVersion",
    "IssuedLetter",
    "LetterCounter",
    "LetterSettings",
    "PortalRequest",
    "PortalSubmission",
    "ReportDraft",
    "ReviewCase",
    "ScreeningDecision",
    "ScreeningSettings",
    "TrackingCounter",
    "User",
    "ValidityChange",
]
