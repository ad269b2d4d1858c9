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
from xxgk.store.disclosure_public import DisclosureGuide, SearchChunk, SearchEntry
from xxgk.store.ledger import (
    ActiveFigure,
    Application,
    ApplicationEvent,
    CalendarOverride,
    ClockBasis,
    ReviewCase,
    TrackingCounter,
)
from xxgk.store.letters import IssuedLetter, LetterCounter, LetterSettings, LetterTemplate
from xxgk.store.portal import PortalRequest, ReportDraft
from xxgk.store.portal_files import PortalAttachment, PortalCorrection
from xxgk.store.records import (
    RecordDecision,
    RecordFee,
    RecordMatter,
    RecordProcurement,
    RecordSettings,
    RecordSource,
)
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
    "DisclosureGuide",
    "DisclosureItem",
    "DisclosureSettings",
    "DisclosureVersion",
    "IssuedLetter",
    "LetterCounter",
    "LetterSettings",
    "LetterTemplate",
    "PortalAttachment",
    "PortalCorrection",
    "PortalRequest",
    "PortalSubmission",
    "RecordDecision",
    "RecordFee",
    "RecordMatter",
    "RecordProcurement",
    "RecordSettings",
    "RecordSource",
    "ReportDraft",
    "ReviewCase",
    "ScreeningDecision",
    "ScreeningSettings",
    "SearchChunk",
    "SearchEntry",
    "TrackingCounter",
    "User",
    "ValidityChange",
]
