"""screening: each agency's word list and own contacts, and the decisions taken on hits

Depends on d0001 (decisions belong to catalogue items and versions).

Revision ID: s0001
Revises: 0001
Create Date: 2026-12-02 06:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "s0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("screening",)
depends_on: str | Sequence[str] | None = "d0001"

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "screening_settings",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("words", JSON, nullable=False),
        sa.Column("contacts", JSON, nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_screening_settings_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_screening_settings")),
    )
    op.create_table(
        "screening_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("hits", JSON, nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_screening_decisions_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["disclosure_items.id"],
            name=op.f("fk_screening_decisions_item_id_disclosure_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["disclosure_versions.id"],
            name=op.f("fk_screening_decisions_version_id_disclosure_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_decisions")),
    )
    with op.batch_alter_table("screening_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_decisions_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("screening_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_decisions_item_id"))
    op.drop_table("screening_decisions")
    op.drop_table("screening_settings")
