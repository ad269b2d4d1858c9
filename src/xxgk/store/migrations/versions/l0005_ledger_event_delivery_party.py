"""ledger: a fee notice's delivery date, a consultation's party

Revision ID: l0005
Revises: l0004
Create Date: 2026-12-02 00:30:00.000000

`delivered_on`: the day the applicant received a fee notice (the 20 working days
to pay run from the day after it); `party`: whom a consultation asks
(`third_party`, whose 15 working days end the pause; `agency`, open-ended). Old
rows keep NULL: delivery unknown (the notice's date is used) and party unknown
(counted as before, open-ended). The data step marks the stored clock basis
stale so the first `xxgk serve` or `ledger due` recomputes every open clock with
the new rules (paused cases gain the day they come back up). `late_days` on an
application: the working days its answer came after the due date, stored at
decision (NULL for cases decided before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "l0005"
down_revision: str | Sequence[str] | None = "l0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy: its DROP TABLE would cascade to dependent rows on SQLite).
    op.add_column("ledger_events", sa.Column("delivered_on", sa.Date(), nullable=True))
    op.add_column("ledger_events", sa.Column("party", sa.String(length=20), nullable=True))
    op.add_column("ledger_applications", sa.Column("late_days", sa.Integer(), nullable=True))
    op.execute(  # a database with open clocks: stale until recomputed (a new one has nothing to recompute)
        sa.text(
            "UPDATE ledger_clock_basis SET calendar = 'l0005: recompute' "
            "WHERE EXISTS (SELECT 1 FROM ledger_applications WHERE decided_on IS NULL)"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("ledger_applications") as batch:
        batch.drop_column("late_days")
    with op.batch_alter_table("ledger_events") as batch:
        batch.drop_column("party")
        batch.drop_column("delivered_on")
