"""Screening before publication, stored: each agency's word list and own published contacts,
and every decision a reviewer took on the hits of one version's content (the signer's
override of what blocks, with the reason; the acknowledgement of word-list warnings).

A decision is bound to the content hash it was taken on, like an approval: content changed
afterwards is screened afresh and needs its own decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.store.base import Base, JsonDocument
from xxgk.store.web import utcnow


class ScreeningSettings(Base):
    """`words`: [word, suggestion, kind] triples; `contacts`: phone numbers and e-mail addresses
    the agency publishes itself, as typed. An agency without a row uses the default word list."""

    __tablename__ = "screening_settings"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    words: Mapped[list[list[str]]] = mapped_column(JsonDocument, default=list)
    contacts: Mapped[list[str]] = mapped_column(JsonDocument, default=list)


class ScreeningDecision(Base):
    """`decision`: override (blocking hits published anyway, by the signer, with a reason) or
    acknowledge (warnings seen). `hits` keeps the masked hits decided on, for the record."""

    __tablename__ = "screening_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("disclosure_items.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("disclosure_versions.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument, default=list)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
