"""The web app's records around the ledger: what the public portal adds to an application,
and an agency's annual report on its way to the supervisor.

An application filed on the portal keeps, beside the ledger's row, the applicant's
identity document, the delivery form asked for, and the hash of the query code
the applicant was given (the code itself is shown once and never stored).
A `ReportDraft` holds the prose an agency writes for a year and the report's
state: draft → submitted (the head signs off) → returned (with a reason) or published;
at submission it keeps a snapshot of the report and its findings, so the
supervisor reads exactly what was signed off.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xxgk.store.agencies import Agency
from xxgk.store.base import Base, JsonDocument
from xxgk.store.ledger import Application
from xxgk.store.web import utcnow


class PortalRequest(Base):
    """What the portal's form adds to an application: identity document, delivery form, query code hash."""

    __tablename__ = "portal_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    document_type: Mapped[str] = mapped_column(String(30))
    document_number: Mapped[str] = mapped_column(String(64))
    delivery: Mapped[str] = mapped_column(String(30))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    application: Mapped[Application] = relationship()


class ReportDraft(Base):
    """An agency's annual report of one year: its prose, its state, and what was submitted."""

    __tablename__ = "report_drafts"
    __table_args__ = (UniqueConstraint("agency_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    text: Mapped[dict[str, str]] = mapped_column(JsonDocument, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_off_by: Mapped[str | None] = mapped_column(String(100))
    return_reason: Mapped[str | None] = mapped_column(Text)
    # Why the head sent a report with empty required sections or errors (shown to the supervisor).
    override_reason: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument, default=list)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)

    agency: Mapped[Agency] = relationship()


class ReportSubmission(Base):
    """Every version of an annual report the head signed off (each amendment after a return is one more),
    kept so the supervisor can compare what was submitted with what the agency then published."""

    __tablename__ = "report_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    signed_off_by: Mapped[str | None] = mapped_column(String(100))
    report: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
