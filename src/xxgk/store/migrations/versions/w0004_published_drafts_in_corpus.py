"""web4: reports already published from the desk, stored in the corpus store — by the application

Since this revision `annual.publish` stores a published desk report in the
corpus store. Those published before are stored by the web app when it starts
(`xxgk.web.annual.store_unstored_published`, dated from their `report.publish`
audit entry), because storing a report runs the report code, which a migration
must not import. So this revision changes no schema; it stays in the chain, and its
downgrade still removes every report published from the desk from the corpus
store (the drafts keep their publication dates).

Revision ID: w0004
Revises: w0003
Create Date: 2026-11-21 11:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "w0004"
down_revision: str | Sequence[str] | None = "w0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("c0002", "a0002")


def upgrade() -> None:
    """Nothing in the schema: see the module's docstring."""


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
