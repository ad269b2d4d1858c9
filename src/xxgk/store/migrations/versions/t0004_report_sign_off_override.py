"""letters: the head's reason for signing off a report the gates refused

Revision ID: t0004
Revises: t0003
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "t0004"
down_revision: str | Sequence[str] | None = "t0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "w0002"


def upgrade() -> None:
    with op.batch_alter_table("report_drafts") as batch:
        batch.add_column(sa.Column("override_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_drafts") as batch:
        batch.drop_column("override_reason")
