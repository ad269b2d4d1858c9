"""portal: an index for the search's newest-first order over the published entries

A word most items hold (补贴) finds its page by walking the entries newest first and stopping
when the page is full (xxgk.disclosure.frequent); without this index every such search sorted
the whole table first.

Revision ID: p0002
Revises: p0001
Create Date: 2026-12-02 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "p0002"
down_revision: str | Sequence[str] | None = "p0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_disclosure_search_newest",
        "disclosure_search",
        [sa.text("published_on DESC"), sa.text("item_id DESC")],
    )


def downgrade() -> None:
    op.drop_index("ix_disclosure_search_newest", table_name="disclosure_search")
