"""ledger: each open application's clock stored on its row (due date, state, problem), indexed

Revision ID: l0003
Revises: l0002
Create Date: 2026-11-21 12:00:00.000000

The columns start empty and the clock basis is recorded as unknown (an empty
name; the row is also what calendar changes lock): the application computes every
open clock when it next starts (`xxgk.ledger.workdays.refresh_stale_clocks`,
run by `xxgk serve` and `xxgk ledger due`, recomputes whenever the recorded basis is
not the current one), because the clock is application code a migration must not
import.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "l0003"
down_revision: str | Sequence[str] | None = "l0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("decided_on IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("ledger_applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("clock_state", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("clock_problem", sa.Text(), nullable=True))
    op.create_index(
        "ix_ledger_applications_open_due",
        "ledger_applications",
        ["agency_id", "due_on", "received_on", "number"],
        unique=False,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_table(
        "ledger_clock_basis",
        sa.Column("calendar", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("calendar", name=op.f("pk_ledger_clock_basis")),
    )
    op.execute(sa.insert(sa.table("ledger_clock_basis", sa.column("calendar"))).values(calendar=""))


def downgrade() -> None:
    op.drop_table("ledger_clock_basis")
    op.drop_index("ix_ledger_applications_open_due", table_name="ledger_applications")
    with op.batch_alter_table("ledger_applications", schema=None) as batch_op:
        batch_op.drop_column("clock_problem")
        batch_op.drop_column("clock_state")
        batch_op.drop_column("due_on")
