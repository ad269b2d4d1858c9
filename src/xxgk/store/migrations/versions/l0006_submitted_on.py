"""ledger: the day the applicant submitted an application; a running clock's day it may close

Revision ID: l0006
Revises: l0005
Create Date: 2026-12-02 07:00:00.000000

《政府信息公开条例》第三十一条 dates the receipt by channel (signed for, confirmed…);
`received_on` stays the receipt date the clock counts from, and `submitted_on`
keeps the applicant's own day (posted, filed online) when it is earlier. Old rows
keep NULL: the same day, or not recorded.

`clock_closable_on`: with the fee period counted (`XXGK_FEE_PERIOD_COUNTED`), an
unpaid fee leaves the clock running, and this is its pay-by date, after which the
due list offers 逾期未缴费. The data step marks open clocks stale, so the first
`xxgk serve` or `ledger due` recomputes them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "l0006"
down_revision: str | Sequence[str] | None = "l0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy: its DROP TABLE would cascade to dependent rows on SQLite).
    op.add_column("ledger_applications", sa.Column("submitted_on", sa.Date(), nullable=True))
    op.add_column("ledger_applications", sa.Column("clock_closable_on", sa.Date(), nullable=True))
    op.execute(  # a database with open clocks: stale until recomputed (a new one has nothing to recompute)
        sa.text(
            "UPDATE ledger_clock_basis SET calendar = 'l0006: recompute' "
            "WHERE EXISTS (SELECT 1 FROM ledger_applications WHERE decided_on IS NULL)"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("ledger_applications") as batch:
        batch.drop_column("clock_closable_on")
        batch.drop_column("submitted_on")
