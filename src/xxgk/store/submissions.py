"""The portal's submissions: one row per form token, so a refresh or a double click never files twice.

The row keeps the query code sealed with a key derived from the form token
(Fernet, `xxgk.web.receipts`): the token lives only in the applicant's session,
so that browser can show its receipt again while the database alone never
reveals a query code (the application keeps only its hash). It also keeps the
postal address the applicant gave for delivery by post.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.now import now
from xxgk.store.base import Base


class PortalSubmission(Base):
    __tablename__ = "portal_submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), index=True)
    sealed_code: Mapped[bytes | None] = mapped_column(LargeBinary)
    postal_address: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
