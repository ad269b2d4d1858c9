"""The agency's records behind table 二: decisions (行政许可/处罚/强制 …), fees collected, the 事项
of its 权责清单, government procurement, and per year which of these sources it keeps in xxgk.

Each ledger is imported from the systems that produce it (licensing and enforcement
systems, the finance office), keyed per agency by the number the source prints
(决定文书号, 票据号, 事项编码, 项目编号), so a re-import updates rows in place. `kind` is the
table 二 row key of the national template (`licensing`, `punishment`, …).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.store.base import Base


class RecordDecision(Base):
    """One administrative decision (准予/不予许可, a penalty, a coercive measure …) and its 事项."""

    __tablename__ = "records_decisions"
    __table_args__ = (
        UniqueConstraint("agency_id", "number"),
        Index("ix_records_decisions_agency_decided", "agency_id", "decided_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[str] = mapped_column(String(40))
    matter_code: Mapped[str] = mapped_column(String(80))
    number: Mapped[str] = mapped_column(String(120))
    decided_on: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(80))


class RecordFee(Base):
    """One 行政事业性收费 collected, in 元 as the receipt prints it."""

    __tablename__ = "records_fees"
    __table_args__ = (
        UniqueConstraint("agency_id", "number"),
        Index("ix_records_fees_agency_paid", "agency_id", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    number: Mapped[str] = mapped_column(String(120))
    item: Mapped[str] = mapped_column(String(200))
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(20, 2))


class RecordMatter(Base):
    """One 事项 of the 权责清单 and the days it is on the list (`valid_to` None: still listed)."""

    __tablename__ = "records_matters"
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(300))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class RecordProcurement(Base):
    """One 政府集中采购 project: its contract date and amount in 元."""

    __tablename__ = "records_procurement"
    __table_args__ = (UniqueConstraint("agency_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    number: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    contracted_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(20, 2))


class RecordSource(Base):
    """A source (catalogue, decisions, fees, matters, procurement) the agency keeps in xxgk for a year:
    the table 二 cells it feeds are counted that year, the others stay as typed."""

    __tablename__ = "records_sources"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(20), primary_key=True)


class RecordSettings(Base):
    """How an agency counts: whether a document 失效 at the end of its 有效期 counts as 废止 (default not)."""

    __tablename__ = "records_settings"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    expiry_is_repeal: Mapped[bool] = mapped_column(Boolean, default=False)
