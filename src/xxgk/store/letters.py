"""The letters' tables: each agency's letter settings, its 文号 counters and the letters issued.

A letter is issued once: its 文号 is taken from the agency's counter for the year
when the letter is first written (a decision's 答复告知书 when the decision is
recorded, an event's notice when it is first downloaded) and stored with the facts
only the letter holds (the reasons and the articles of a decision).

Once written, a letter is frozen: `content` keeps every line it printed (the
agency's settings and templates of that day), and `docx`/`pdf` the bytes of its
first download, so every later download returns exactly what was issued.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.now import now
from xxgk.store.base import Base, JsonDocument


class LetterSettings(Base):
    """What an agency's letters say about itself: the 文号 pattern, the review body, the court."""

    __tablename__ = "letter_settings"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    number_pattern: Mapped[str] = mapped_column(String(100))
    review_body: Mapped[str] = mapped_column(String(200))
    court: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    updated_by: Mapped[str | None] = mapped_column(String(100))


class LetterCounter(Base):
    """The last 文号 serial handed out per agency and year; incremented atomically."""

    __tablename__ = "letter_counters"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class IssuedLetter(Base):
    """One letter written for an application: `subject` is "decision" or "event-<id>"."""

    __tablename__ = "letters"
    __table_args__ = (
        UniqueConstraint("agency_id", "number", name="uq_letters_agency_number"),
        UniqueConstraint("application_id", "subject", name="uq_letters_application_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("ledger_applications.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(120))
    written_on: Mapped[date] = mapped_column(Date)
    reasons: Mapped[str | None] = mapped_column(Text)
    articles: Mapped[str | None] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    content: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    docx: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class LetterTemplate(Base):
    """The agency's own wording of one kind of letter (a sandboxed Jinja template); none: the default."""

    __tablename__ = "letter_templates"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    updated_by: Mapped[str | None] = mapped_column(String(100))
