"""ledger: estimated clocks flagged, imported calendar years, due-date changes

Revision ID: l0004
Revises: l0003
Create Date: 2026-12-01 23:30:00.000000

`clock_estimated` marks a stored clock counted through a year whose holiday
schedule is estimated (not published); `ledger_calendar_years` holds the years
whose State Council notice was imported (文号, date); `ledger_due_changes` the
due dates a calendar change moved, for the case's timeline. The data step only
marks the stored clock basis stale (plain SQL, no application code), so the
first `xxgk serve` or `ledger due` recomputes every open clock with the estimate
(`refresh_stale_clocks`): clocks stored as "year unknown" get estimated dates.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "l0004"
down_revision: str | Sequence[str] | None = "l0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch table copy on SQLite would drop the old table, and its
    # ON DELETE CASCADE would take every event with it.
    op.add_column(
        "ledger_applications", sa.Column("clock_estimated", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_table(
        "ledger_calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_ledger_calendar_years")),
    )
    op.create_table(
        "ledger_due_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("old_due", sa.Date(), nullable=True),
        sa.Column("new_due", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["ledger_applications.id"],
            name=op.f("fk_ledger_due_changes_application_id_ledger_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_due_changes")),
    )
    op.create_index(
        op.f("ix_ledger_due_changes_application_id"), "ledger_due_changes", ["application_id"], unique=False
    )
    op.execute(  # a database with open clocks: stale until recomputed (a new one has nothing to recompute)
        sa.text(
            "UPDATE ledger_clock_basis SET calendar = 'l0004: recompute' "
            "WHERE EXISTS (SELECT 1 FROM ledger_applications WHERE decided_on IS NULL)"
        )
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_ledger_due_changes_application_id"), table_name="ledger_due_changes")
    op.drop_table("ledger_due_changes")
    op.drop_table("ledger_calendar_years")
    # A plain DROP COLUMN (SQLite 3.35+, PostgreSQL), for the reason upgrade adds it plainly:
    # a batch copy would drop the old table, and its ON DELETE CASCADE every event with it.
    op.execute("ALTER TABLE ledger_applications DROP COLUMN clock_estimated")
