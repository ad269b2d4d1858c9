"""portal: each agency's 指南 facts and the full-text search index of published items

The index keeps one row per published item (what facets and snippets need) and its text
cut into chunks of overlapping Chinese bigrams. On SQLite an FTS5 table (external content,
kept in step by triggers) indexes the chunks; on PostgreSQL a GIN index over
to_tsvector('simple', grams). See xxgk.disclosure.fulltext for why bigrams.

Revision ID: p0001
Revises: 0001
Create Date: 2026-12-02 06:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "p0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("portal",)
depends_on: str | Sequence[str] | None = "d0001"


def upgrade() -> None:
    op.create_table(
        "disclosure_guides",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("hours", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("fax", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("fees", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_disclosure_guides_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_disclosure_guides")),
    )
    op.create_table(
        "disclosure_search",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("doc_number", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("genre", sa.String(length=20), nullable=False),
        sa.Column("column", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_disclosure_search_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["disclosure_items.id"],
            name=op.f("fk_disclosure_search_item_id_disclosure_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_disclosure_search")),
    )
    op.create_index("ix_disclosure_search_agency_published", "disclosure_search", ["agency_id", "published_on"])
    op.create_table(
        "disclosure_search_chunks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("grams", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["disclosure_search.item_id"],
            name=op.f("fk_disclosure_search_chunks_item_id_disclosure_search"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_search_chunks")),
    )
    op.create_index("ix_disclosure_search_chunks_item_id", "disclosure_search_chunks", ["item_id"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(
            "CREATE INDEX ix_disclosure_search_chunks_grams ON disclosure_search_chunks "
            "USING gin (to_tsvector('simple', grams))"
        )


SQLITE_FTS = (
    "CREATE VIRTUAL TABLE disclosure_search_fts USING fts5("
    "grams, content='disclosure_search_chunks', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER disclosure_search_chunks_ai AFTER INSERT ON disclosure_search_chunks BEGIN "
    "INSERT INTO disclosure_search_fts(rowid, grams) VALUES (new.id, new.grams); END",
    "CREATE TRIGGER disclosure_search_chunks_ad AFTER DELETE ON disclosure_search_chunks BEGIN "
    "INSERT INTO disclosure_search_fts(disclosure_search_fts, rowid, grams) VALUES ('delete', old.id, old.grams); END",
    "CREATE TRIGGER disclosure_search_chunks_au AFTER UPDATE ON disclosure_search_chunks BEGIN "
    "INSERT INTO disclosure_search_fts(disclosure_search_fts, rowid, grams) VALUES ('delete', old.id, old.grams); "
    "INSERT INTO disclosure_search_fts(rowid, grams) VALUES (new.id, new.grams); END",
)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS disclosure_search_chunks_{name}")
        op.execute("DROP TABLE IF EXISTS disclosure_search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_disclosure_search_chunks_grams")
    op.drop_index("ix_disclosure_search_chunks_item_id", table_name="disclosure_search_chunks")
    op.drop_table("disclosure_search_chunks")
    op.drop_index("ix_disclosure_search_agency_published", table_name="disclosure_search")
    op.drop_table("disclosure_search")
    op.drop_table("disclosure_guides")
