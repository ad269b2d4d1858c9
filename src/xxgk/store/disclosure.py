"""The catalogue of proactively published information (主动公开): items, their versions and
approvals, attachments, validity changes, the 索引号 counters and each agency's settings.

An item is the catalogue entry that keeps its 索引号 and URL for life; its content lives
in versions. Each version is a snapshot (metadata and body as JSON, attachments by id)
with the SHA-256 of that snapshot; every approval records the hash it approved, so an
approval can never be carried over to content it did not see.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xxgk.store.agencies import Agency
from xxgk.store.base import Base, JsonDocument
from xxgk.store.web import utcnow


class DisclosureItem(Base):
    """One entry of an agency's catalogue.

    `state`: draft, reviewing, approved, scheduled, published, withdrawn (of the item as
    the public sees it: a published item whose new version is under review stays
    published). `current_version_id` is the version being edited or reviewed,
    `published_version_id` the one the public page shows. Title, dates and relations
    (解读 of, 修改 of, 废止 of) are copied from the current version so lists need no JSON.
    """

    __tablename__ = "disclosure_items"
    __table_args__ = (Index("ix_disclosure_items_agency_state", "agency_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    index_number: Mapped[str | None] = mapped_column(String(80), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    title: Mapped[str] = mapped_column(String(300))
    doc_kind: Mapped[str] = mapped_column(String(20))
    written_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    valid_until: Mapped[date | None] = mapped_column(Date)
    validity: Mapped[str] = mapped_column(String(10), default="现行有效")
    # Plain integers, not foreign keys: items and versions would reference each other in a cycle.
    current_version_id: Mapped[int | None] = mapped_column(Integer)
    published_version_id: Mapped[int | None] = mapped_column(Integer)
    interprets_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure_items.id"), index=True)
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure_items.id"))
    repeals_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure_items.id"))
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    imported: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    agency: Mapped[Agency] = relationship()
    versions: Mapped[list[DisclosureVersion]] = relationship(
        foreign_keys="DisclosureVersion.item_id", back_populates="item", order_by="DisclosureVersion.number"
    )
    validity_changes: Mapped[list[ValidityChange]] = relationship(
        foreign_keys="ValidityChange.item_id", back_populates="item", order_by="ValidityChange.on"
    )


class DisclosureVersion(Base):
    """One snapshot of an item's content and how far its review got.

    `status`: draft, reviewing (at `level`), approved, published, superseded (a later
    version was published), rejected, withdrawn. `hidden` versions (withdrawn for a
    screening reason: secrets, personal data) never appear in the public history.
    """

    __tablename__ = "disclosure_versions"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_items.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    content_hash: Mapped[str] = mapped_column(String(64))
    search_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    level: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    item: Mapped[DisclosureItem] = relationship(foreign_keys=[item_id], back_populates="versions")
    approvals: Mapped[list[DisclosureApproval]] = relationship(
        back_populates="version", order_by="DisclosureApproval.id"
    )


class DisclosureApproval(Base):
    """One reviewer's decision at one level, bound to the content hash the reviewer saw."""

    __tablename__ = "disclosure_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("disclosure_versions.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    level_name: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(10))  # approve / reject
    opinion: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str] = mapped_column(String(100))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    version: Mapped[DisclosureVersion] = relationship(back_populates="approvals")


class DisclosureAttachment(Base):
    """A file attached to an item (DOCX, PDF, XLSX), its bytes and the text read from it."""

    __tablename__ = "disclosure_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_items.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ValidityChange(Base):
    """A change of 有效性 with its date and reason; `applied` once it took effect (expiry waits for its day)."""

    __tablename__ = "disclosure_validity_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_items.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    validity: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    by_item_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure_items.id"))
    applied: Mapped[bool] = mapped_column(Boolean, default=True)

    item: Mapped[DisclosureItem] = relationship(foreign_keys=[item_id], back_populates="validity_changes")


class DisclosureCounter(Base):
    """The last 索引号 serial handed out per agency and year of publication; incremented atomically."""

    __tablename__ = "disclosure_counters"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class DisclosureSettings(Base):
    """An agency's review levels (names in order), whether a drafter may approve their own draft,
    its 主题分类 sub-classes and its own columns (栏目). An agency without a row uses the defaults."""

    __tablename__ = "disclosure_settings"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    levels: Mapped[list[str]] = mapped_column(JsonDocument)
    self_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    subclasses: Mapped[dict[str, list[str]]] = mapped_column(JsonDocument, default=dict)
    columns: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
