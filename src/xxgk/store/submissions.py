"""The portal's submissions: one row per form token, so a refresh or a double click never files twice.

The row keeps the query code for an hour, for the receipt to be shown again
(the application itself keeps only its hash), and the postal address the
applicant gave for delivery by post.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.now import now
from xxgk.store.base import Base


class PortalSubmission(Base):
    __tablename__ = "portal_submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), index=True)
    code: Mapped[str | None] = mapped_column(String(20))
    postal_address: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
