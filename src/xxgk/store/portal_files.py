"""What a citizen sends through the portal beside the form's fields: attachments and online 补正.

Attachments are kept in the database (never on a path built from the file's
name), with the type recognised from their content, the size and a SHA-256; the
desk serves them only as downloads. A correction keeps the citizen's text, the
day it arrived and whether it came after the period the 补正告知书 gave (then the
clerk decides whether there was good reason, 《条例》第三十条).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.now import now
from xxgk.store.base import Base


class PortalCorrection(Base):
    __tablename__ = "portal_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class PortalAttachment(Base):
    __tablename__ = "portal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), index=True)
    correction_id: Mapped[int | None] = mapped_column(ForeignKey("portal_corrections.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
