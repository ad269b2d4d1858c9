"""disclosure: the catalogue of published information, versions, approvals, attachments,
validity changes, 索引号 counters and each agency's review settings

Depends on a0002 (the agency's 统一社会信用代码 starts every 索引号) and w0001 (drafters
and reviewers are users).

Revision ID: d0001
Revises: 0001
Create Date: 2026-12-01 22:53:37.481781
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "d0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("disclosure",)
depends_on: str | Sequence[str] | None = ["a0002", "w0001"]


def upgrade() -> None:
    op.create_table(
        "disclosure_counters",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_disclosure_counters_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", "year", name=op.f("pk_disclosure_counters")),
    )
    op.create_table(
        "disclosure_settings",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column(
            "levels", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("self_approval", sa.Boolean(), nullable=False),
        sa.Column(
            "subclasses", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "columns", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_disclosure_settings_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_disclosure_settings")),
    )
    op.create_table(
        "disclosure_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("index_number", sa.String(length=80), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("doc_kind", sa.String(length=20), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("validity", sa.String(length=10), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.Column("published_version_id", sa.Integer(), nullable=True),
        sa.Column("interprets_id", sa.Integer(), nullable=True),
        sa.Column("amends_id", sa.Integer(), nullable=True),
        sa.Column("repeals_id", sa.Integer(), nullable=True),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.Column("imported", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_disclosure_items_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["amends_id"], ["disclosure_items.id"], name=op.f("fk_disclosure_items_amends_id_disclosure_items")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_disclosure_items_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["interprets_id"], ["disclosure_items.id"], name=op.f("fk_disclosure_items_interprets_id_disclosure_items")
        ),
        sa.ForeignKeyConstraint(
            ["repeals_id"], ["disclosure_items.id"], name=op.f("fk_disclosure_items_repeals_id_disclosure_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_items")),
        sa.UniqueConstraint("index_number", name=op.f("uq_disclosure_items_index_number")),
    )
    with op.batch_alter_table("disclosure_items", schema=None) as batch_op:
        batch_op.create_index("ix_disclosure_items_agency_state", ["agency_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_disclosure_items_interprets_id"), ["interprets_id"], unique=False)

    op.create_table(
        "disclosure_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["disclosure_items.id"],
            name=op.f("fk_disclosure_attachments_item_id_disclosure_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_attachments")),
    )
    with op.batch_alter_table("disclosure_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_attachments_item_id"), ["item_id"], unique=False)

    op.create_table(
        "disclosure_validity_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("validity", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_item_id", sa.Integer(), nullable=True),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_item_id"],
            ["disclosure_items.id"],
            name=op.f("fk_disclosure_validity_changes_by_item_id_disclosure_items"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["disclosure_items.id"],
            name=op.f("fk_disclosure_validity_changes_item_id_disclosure_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_validity_changes")),
    )
    with op.batch_alter_table("disclosure_validity_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_validity_changes_item_id"), ["item_id"], unique=False)

    op.create_table(
        "disclosure_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "content", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_disclosure_versions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["disclosure_items.id"],
            name=op.f("fk_disclosure_versions_item_id_disclosure_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_versions")),
        sa.UniqueConstraint("item_id", "number", name=op.f("uq_disclosure_versions_item_id")),
    )
    with op.batch_alter_table("disclosure_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_versions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "disclosure_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("level_name", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("reviewer", sa.String(length=100), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], name=op.f("fk_disclosure_approvals_reviewer_id_users")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["disclosure_versions.id"],
            name=op.f("fk_disclosure_approvals_version_id_disclosure_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_approvals")),
    )
    with op.batch_alter_table("disclosure_approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_approvals_version_id"), ["version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disclosure_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_approvals_version_id"))

    op.drop_table("disclosure_approvals")
    with op.batch_alter_table("disclosure_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_versions_item_id"))

    op.drop_table("disclosure_versions")
    with op.batch_alter_table("disclosure_validity_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_validity_changes_item_id"))

    op.drop_table("disclosure_validity_changes")
    with op.batch_alter_table("disclosure_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_attachments_item_id"))

    op.drop_table("disclosure_attachments")
    with op.batch_alter_table("disclosure_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_items_interprets_id"))
        batch_op.drop_index("ix_disclosure_items_agency_state")

    op.drop_table("disclosure_items")
    op.drop_table("disclosure_settings")
    op.drop_table("disclosure_counters")
