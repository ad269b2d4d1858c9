"""ledger: earlier versions of an annual report, kept when an amendment reopens its year

Revision ID: l0007
Revises: l0006
Create Date: 2026-12-02 07:10:00.000000

A decision, import or case that changes a year whose report was submitted (报送) or
published is refused unless recorded as an amendment; the amendment copies the
submitted version here (with who reopened it and why) and sends the report back to
be submitted again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "l0007"
down_revision: str | Sequence[str] | None = "l0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "ledger_report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("report", JSON, nullable=True),
        sa.Column("findings", JSON, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_off_by", sa.String(length=100), nullable=True),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reopened_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_ledger_report_versions_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_report_versions")),
        sa.UniqueConstraint("agency_id", "year", "version", name=op.f("uq_ledger_report_versions_agency_id")),
    )
    op.create_index(op.f("ix_ledger_report_versions_agency_id"), "ledger_report_versions", ["agency_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ledger_report_versions_agency_id"), table_name="ledger_report_versions")
    op.drop_table("ledger_report_versions")
