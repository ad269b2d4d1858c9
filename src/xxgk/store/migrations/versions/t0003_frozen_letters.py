"""letters: frozen issued letters, the agency's letter templates, portal attachments and online 补正,
receipts sealed by the form token

Revision ID: t0003
Revises: t0002
Create Date: 2026-12-02 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "t0003"
down_revision: str | Sequence[str] | None = "t0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        batch.add_column(sa.Column("content", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=True))
        batch.add_column(sa.Column("docx", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("portal_submissions") as batch:
        batch.drop_column("code")
        batch.add_column(sa.Column("sealed_code", sa.LargeBinary(), nullable=True))
    op.create_table(
        "letter_templates",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_letter_templates_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", "key", name=op.f("pk_letter_templates")),
    )
    op.create_table(
        "portal_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["ledger_applications.id"],
            name=op.f("fk_portal_corrections_application_id_ledger_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_corrections")),
    )
    op.create_index(op.f("ix_portal_corrections_application_id"), "portal_corrections", ["application_id"])
    op.create_table(
        "portal_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("correction_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["ledger_applications.id"],
            name=op.f("fk_portal_attachments_application_id_ledger_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["correction_id"],
            ["portal_corrections.id"],
            name=op.f("fk_portal_attachments_correction_id_portal_corrections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_attachments")),
    )
    op.create_index(op.f("ix_portal_attachments_application_id"), "portal_attachments", ["application_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_portal_attachments_application_id"), table_name="portal_attachments")
    op.drop_table("portal_attachments")
    op.drop_index(op.f("ix_portal_corrections_application_id"), table_name="portal_corrections")
    op.drop_table("portal_corrections")
    op.drop_table("letter_templates")
    with op.batch_alter_table("portal_submissions") as batch:
        batch.drop_column("sealed_code")
        batch.add_column(sa.Column("code", sa.String(length=20), nullable=True))
    with op.batch_alter_table("letters") as batch:
        batch.drop_column("pdf")
        batch.drop_column("docx")
        batch.drop_column("content")
