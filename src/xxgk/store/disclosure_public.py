"""The public 专栏's own tables: each agency's 指南 facts, and the search index of published items.

`SearchEntry` is what the search shows and counts (title, the text for snippets, the
facets); `SearchChunk` holds that text cut into chunks of bigram tokens, which the
database's full-text index covers (FTS5 on SQLite, a GIN index on PostgreSQL; both made
by migration p0001). An item is in the index exactly while it is published.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.store.base import Base
from xxgk.store.web import utcnow


class DisclosureGuide(Base):
    """What an agency's 政府信息公开指南 says about where and how to reach it (条例第十二条)."""

    __tablename__ = "disclosure_guides"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    office: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    fax: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    fees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))


class SearchEntry(Base):
    """One published item as the search and the 目录 see it."""

    __tablename__ = "disclosure_search"
    __table_args__ = (
        Index("ix_disclosure_search_agency_published", "agency_id", "published_on"),
        Index("ix_disclosure_search_newest", text("published_on DESC"), text("item_id DESC")),
    )

    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_items.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    title: Mapped[str] = mapped_column(String(300))
    doc_number: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(40))
    genre: Mapped[str] = mapped_column(String(20))
    column: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    published_on: Mapped[date] = mapped_column(Date)


class SearchChunk(Base):
    """A piece of an entry's text as space-separated tokens; `id` = item id × 1000 + its number."""

    __tablename__ = "disclosure_search_chunks"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_search.item_id", ondelete="CASCADE"), index=True)
    grams: Mapped[str] = mapped_column(Text)
