"""letters: portal submissions (one per form token) with the postal address

Revision ID: t0002
Revises: t0001
Create Date: 2026-12-02 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "t0002"
down_revision: str | Sequence[str] | None = "t0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_submissions",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("postal_address", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_portal_submissions_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["ledger_applications.id"],
            name=op.f("fk_portal_submissions_application_id_ledger_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_portal_submissions")),
    )
    op.create_index(
        op.f("ix_portal_submissions_application_id"), "portal_submissions", ["application_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_portal_submissions_application_id"), table_name="portal_submissions")
    op.drop_table("portal_submissions")
