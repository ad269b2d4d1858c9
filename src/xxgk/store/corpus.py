"""The corpus: published documents by content, the reports read from them, their cells and findings.

A document is identified by the SHA-256 of its bytes, so the same file found
under several paths (or ingested twice) is one row; `parser_version` and
`result_hash` say which parser read it and what it gave, which lets a newer
parser re-read old documents and rewrite only those whose result changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xxgk.store.base import Base, JsonDocument


class CorpusDocument(Base):
    """One published file, by content. `error` is the reason it holds no readable report."""

    __tablename__ = "corpus_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    parser_version: Mapped[str] = mapped_column(String(40))
    result_hash: Mapped[str] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    parsed_at: Mapped[datetime]


class CorpusSource(Base):
    """A path a document was found at (the same bytes may sit in several places)."""

    __tablename__ = "corpus_sources"
    __table_args__ = (UniqueConstraint("document_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("corpus_documents.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(2000))


# Where a stored report came from: read from a published file, or published from the desk here.
ORIGIN_DOCUMENT = "document"
ORIGIN_DESK = "desk"


class CorpusReport(Base):
    """The annual report read from a document (linked to its agency by name key), or published from the desk."""

    __tablename__ = "corpus_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("corpus_documents.id", ondelete="CASCADE"), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    agency_name: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    template: Mapped[str] = mapped_column(String(4))
    published: Mapped[str | None] = mapped_column(String(10))
    text: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(10), default=ORIGIN_DOCUMENT, server_default=ORIGIN_DOCUMENT)


class CorpusCell(Base):
    """One printed cell: its value (None = left blank) and, if reconstructed, why."""

    __tablename__ = "corpus_cells"

    report_id: Mapped[int] = mapped_column(ForeignKey("corpus_reports.id", ondelete="CASCADE"), primary_key=True)
    cell: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float(precision=53))
    inferred: Mapped[str | None] = mapped_column(Text)


class CorpusFinding(Base):
    """A finding on a report: from its own checks (`report`) or against the year before (`crossyear`)."""

    __tablename__ = "corpus_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("corpus_reports.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    cells: Mapped[list[str]] = mapped_column(JsonDocument)
    previous_report_id: Mapped[int | None] = mapped_column(ForeignKey("corpus_reports.id", ondelete="CASCADE"))


class CorpusAgencyName(Base):
    """Every name an agency was printed under, with the region prefix it carried.

    The `agencies` table keeps one row per agency key; this keeps the variants
    (江西省高安市科学技术局, 高安市科技局) so that searches by region or by any
    printed name find the agency.
    """

    __tablename__ = "corpus_agency_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str] = mapped_column(String(100))


class CorpusStaleAgency(Base):
    """An agency whose cross-year findings must be recomputed (its reports changed).

    Written in the same transaction as the reports, so a run killed before its
    cross-year pass leaves the work recorded for the next run.
    """

    __tablename__ = "corpus_stale_agencies"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
