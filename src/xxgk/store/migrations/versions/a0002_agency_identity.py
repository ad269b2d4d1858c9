"""agency identity: kind, region code, 统一社会信用代码, retirement

The catalogue's 索引号 starts with the organ's 统一社会信用代码, supervisors
compare agencies of one level and kind, and a retired agency leaves the public
pages while its records stay. `level` and `region` came with 0001.

Revision ID: a0002
Revises: 0001
Create Date: 2026-12-01 23:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("agencies",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("region_code", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("credit_code", sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_agencies_credit_code"), ["credit_code"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencies_credit_code"))
        batch_op.drop_column("retired_at")
        batch_op.drop_column("credit_code")
        batch_op.drop_column("region_code")
        batch_op.drop_column("kind")
