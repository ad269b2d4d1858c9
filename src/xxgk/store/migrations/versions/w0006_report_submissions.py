"""web6: every signed-off version of an annual report

`report_submissions` keeps each version the head signed off (the first submission
and each amendment after a return), so the supervisor can compare the versions
submitted with those the agency published. Drafts submitted before this revision
get their current submitted report as version 1.

Revision ID: w0006
Revises: w0005
Create Date: 2026-12-02 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "w0006"
down_revision: str | Sequence[str] | None = "w0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "report_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_off_by", sa.String(length=100), nullable=True),
        sa.Column("report", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["report_drafts.id"],
            name=op.f("fk_report_submissions_draft_id_report_drafts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_submissions")),
    )
    with op.batch_alter_table("report_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_submissions_draft_id"), ["draft_id"], unique=False)
    drafts = sa.table(
        "report_drafts",
        sa.column("id", sa.Integer),
        sa.column("submitted_at", sa.DateTime(timezone=True)),
        sa.column("signed_off_by", sa.String),
        sa.column("report", JSON),
    )
    versions = sa.table(
        "report_submissions",
        sa.column("draft_id", sa.Integer),
        sa.column("version", sa.Integer),
        sa.column("submitted_at", sa.DateTime(timezone=True)),
        sa.column("signed_off_by", sa.String),
        sa.column("report", JSON),
    )
    op.execute(
        versions.insert().from_select(
            ["draft_id", "version", "submitted_at", "signed_off_by", "report"],
            sa.select(drafts.c.id, sa.literal(1), drafts.c.submitted_at, drafts.c.signed_off_by, drafts.c.report).where(
                drafts.c.report.is_not(None), drafts.c.submitted_at.is_not(None)
            ),
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("report_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_submissions_draft_id"))
    op.drop_table("report_submissions")
