"""The ledger's tables: applications and their events, review and litigation cases,
table 二 figures, the working-day overrides and the tracking-number counters.

Codes stored are the template's keys (applicant column, outcome row, table 四 group
and result), so the year's report is a count over columns, never a translation.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xxgk.now import now
from xxgk.store.agencies import Agency
from xxgk.store.base import Base

OPEN = text("decided_on IS NULL")


class Application(Base):
    """One request for government information, from receipt to decision.

    `late_days`: working days the answer came after the due date, stored at decision.
    `due_on`, `clock_state`, `clock_problem` and `clock_estimated` keep the statutory
    clock of an open application as `xxgk.ledger.stored.stored_clock` computed it at
    the last write that could move it (all None / False once decided), so the desk's
    list is one query over the partial index of open applications.
    """

    __tablename__ = "ledger_applications"
    __table_args__ = (
        UniqueConstraint("agency_id", "number"),
        Index("ix_ledger_applications_agency_received", "agency_id", "received_on"),
        Index("ix_ledger_applications_agency_decided", "agency_id", "decided_on"),
        Index(
            "ix_ledger_applications_open_due",
            *("agency_id", "due_on", "received_on", "number"),
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    number: Mapped[str] = mapped_column(String(64))
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str | None] = mapped_column(String(50))
    submitted_on: Mapped[date | None] = mapped_column(Date)  # the applicant's day, when the receipt is later
    applicant_type: Mapped[str] = mapped_column(String(30))
    applicant_name: Mapped[str | None] = mapped_column(String(200))
    applicant_contact: Mapped[str | None] = mapped_column(String(200))
    request: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(40))
    reply: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    clock_state: Mapped[str | None] = mapped_column(String(20))
    clock_problem: Mapped[str | None] = mapped_column(Text)
    clock_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    clock_closable_on: Mapped[date | None] = mapped_column(Date)  # a counted fee's pay-by date, while unpaid
    late_days: Mapped[int | None] = mapped_column(Integer)

    agency: Mapped[Agency] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationEvent.on"
    )
    due_changes: Mapped[list[DueChange]] = relationship(
        cascade="all, delete-orphan", order_by="DueChange.id", passive_deletes=True
    )


class ApplicationEvent(Base):
    """A 补正, consultation, extension or fee event (kinds: `xxgk.ledger.clock.EventKind`)."""

    __tablename__ = "ledger_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    on: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    days: Mapped[int | None] = mapped_column(Integer)
    approver: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    party: Mapped[str | None] = mapped_column(String(20))

    application: Mapped[Application] = relationship(back_populates="events")


class CalendarOverride(Base):
    """A day whose status the project sets: a holiday or 调休 working day the package lacks or gets wrong."""

    __tablename__ = "ledger_calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(200))


class CalendarYear(Base):
    """A year whose State Council notice was imported whole (`xxgk calendar import`): it counts as published.

    Its holidays and 调休 working days are in `ledger_calendar_overrides` (note: the 文号).
    """

    __tablename__ = "ledger_calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    imported_by: Mapped[str | None] = mapped_column(String(100))


class DueChange(Base):
    """A stored due date a calendar change moved: shown in the case's timeline (old, new, why, when)."""

    __tablename__ = "ledger_due_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), index=True)
    old_due: Mapped[date | None] = mapped_column(Date)
    new_due: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ClockBasis(Base):
    """The calendar source the stored clocks were computed with (one row, `calendar_basis()`).

    A new chinese-calendar release can make a year known that was not; clocks stored
    as problems before are recomputed when the basis differs (`refresh_stale_clocks`).
    """

    __tablename__ = "ledger_clock_basis"

    calendar: Mapped[str] = mapped_column(String(60), primary_key=True)


class ReviewCase(Base):
    """An administrative review or lawsuit about the agency's disclosure work (table 四).

    `kind` is a table 四 group key, `result` one of its result columns, None while pending.
    """

    __tablename__ = "ledger_review_cases"
    __table_args__ = (Index("ix_ledger_review_cases_agency_filed", "agency_id", "filed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(64))
    filed_on: Mapped[date] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(20))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_applications.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application | None] = relationship()


class ActiveFigure(Base):
    """One table 二 cell of an agency's year, as entered or imported (cell id `active.row.field`)."""

    __tablename__ = "ledger_active_figures"
    __table_args__ = (UniqueConstraint("agency_id", "year", "cell"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int] = mapped_column(Integer)
    cell: Mapped[str] = mapped_column(String(80))
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))


class TrackingCounter(Base):
    """The last tracking number handed out per agency and year; incremented atomically."""

    __tablename__ = "ledger_counters"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
