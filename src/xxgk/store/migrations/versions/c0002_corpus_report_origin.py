"""corpus2: where a stored report came from (a published file, or the desk)

Every report stored so far was read from a file, hence the server default.

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-21 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0002"
down_revision: str | Sequence[str] | None = "c0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("corpus_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=10), server_default="document", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("corpus_reports", schema=None) as batch_op:
        batch_op.drop_column("origin")
