"""web4: reports already published from the desk, stored in the corpus store

Since this revision `annual.publish` stores a published desk report in the
corpus store (and dates it); this stores those published before, through the
same function, so exports, comparisons and rankings count them too. A report
published before gets the date of its `report.publish` audit entry (in China's
time), when there is one. On the web branch: it reads the web's drafts and audit
log, and the corpus must not know about drafts; it needs the corpus's `origin`
column (c0002).

It runs the current code over the ORM models, so a later corpus revision that
changes `corpus_reports`, `corpus_cells`, `corpus_findings` or `agencies` must be
made a dependency here (`depends_on`) or this breaks on an old database (a0002
added the agencies' identity columns the ORM model reads).

Downgrade removes every report published from the desk from the corpus store
(the drafts keep their publication dates).

Revision ID: w0004
Revises: w0003
Create Date: 2026-11-21 11:30:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "w0004"
down_revision: str | Sequence[str] | None = "w0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("c0002", "a0002")


def upgrade() -> None:
    # Imported here: Alembic loads every revision file whenever any database is opened.
    from xxgk.store.portal import ReportDraft
    from xxgk.web.annual import store_published

    # The session joins Alembic's transaction; closing it neither commits nor rolls that back.
    with Session(bind=op.get_bind()) as session:
        published = sa.select(ReportDraft).where(ReportDraft.status == "published").order_by(ReportDraft.id)
        for draft in session.scalars(published).all():
            if draft.report is None:
                continue
            if not draft.report.get("published"):
                day = _published_on(session, draft.agency_id, draft.year)
                if day is not None:
                    draft.report = {**draft.report, "published": day.isoformat()}
            store_published(session, draft)
        session.flush()


def _published_on(session: Session, agency_id: int, year: int) -> date | None:
    """The day (in China) of the audit log's latest `report.publish` of this agency's report of `year`."""
    from xxgk.store.web import AuditEntry

    at = session.scalars(
        sa.select(AuditEntry.at)
        .where(
            AuditEntry.action == "report.publish",
            AuditEntry.target_type == "annual_report",
            AuditEntry.target_id == f"{agency_id}/{year}",
        )
        .order_by(AuditEntry.at.desc())
        .limit(1)
    ).first()
    if at is None:
        return None
    moment: datetime = at if at.tzinfo else at.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).date()


def downgrade() -> None:
    connection = op.get_bind()
    reports = sa.table("corpus_reports", *(sa.column(c) for c in ("id", "document_id", "agency_id", "origin")))
    desk = reports.c.origin == "desk"
    found = connection.execute(sa.select(reports.c.id, reports.c.document_id, reports.c.agency_id).where(desk)).all()
    if not found:
        return
    ids, documents = [r.id for r in found], [r.document_id for r in found]
    stale = sa.table("corpus_stale_agencies", sa.column("agency_id"))
    agencies = {r.agency_id for r in found if r.agency_id is not None} - set(
        connection.execute(sa.select(stale.c.agency_id)).scalars()
    )
    if agencies:  # their other reports' cross-year findings are recomputed by the next ingest
        connection.execute(sa.insert(stale), [{"agency_id": a} for a in sorted(agencies)])
    findings = sa.table("corpus_findings", sa.column("report_id"), sa.column("previous_report_id"))
    connection.execute(
        sa.delete(findings).where(sa.or_(findings.c.report_id.in_(ids), findings.c.previous_report_id.in_(ids)))
    )
    cells = sa.table("corpus_cells", sa.column("report_id"))
    connection.execute(sa.delete(cells).where(cells.c.report_id.in_(ids)))
    connection.execute(sa.delete(reports).where(reports.c.id.in_(ids)))
    sources = sa.table("corpus_sources", sa.column("document_id"))
    connection.execute(sa.delete(sources).where(sources.c.document_id.in_(documents)))
    corpus_documents = sa.table("corpus_documents", sa.column("id"))
    connection.execute(sa.delete(corpus_documents).where(corpus_documents.c.id.in_(documents)))
