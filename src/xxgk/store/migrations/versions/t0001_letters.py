"""letters: per-agency letter settings, 文号 counters, issued letters

Revision ID: t0001
Revises: 0001 (branch "letters"; depends on l0001 for the applications it points at)
Create Date: 2026-12-02 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "t0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("letters",)
depends_on: str | Sequence[str] | None = "l0001"


def upgrade() -> None:
    op.create_table(
        "letter_settings",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("number_pattern", sa.String(length=100), nullable=False),
        sa.Column("review_body", sa.String(length=200), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_letter_settings_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_letter_settings")),
    )
    op.create_table(
        "letter_counters",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_letter_counters_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", "year", name=op.f("pk_letter_counters")),
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("articles", sa.Text(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_letters_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["ledger_applications.id"],
            name=op.f("fk_letters_application_id_ledger_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
        sa.UniqueConstraint("agency_id", "number", name="uq_letters_agency_number"),
        sa.UniqueConstraint("application_id", "subject", name="uq_letters_application_subject"),
    )
    op.create_index(op.f("ix_letters_application_id"), "letters", ["application_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_letters_application_id"), table_name="letters")
    op.drop_table("letters")
    op.drop_table("letter_counters")
    op.drop_table("letter_settings")
