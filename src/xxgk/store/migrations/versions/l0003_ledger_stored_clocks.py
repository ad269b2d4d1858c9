"""ledger: each open application's clock stored on its row (due date, state, problem), indexed

Revision ID: l0003
Revises: l0002
Create Date: 2026-11-21 12:00:00.000000

The data step computes the clock of every open application with the project's
calendar (`xxgk.ledger.stored.stored_clock`, the function every write uses), over
tables declared here as they stand at this revision.
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from xxgk.ledger.calendar import WorkCalendar, calendar_basis
from xxgk.ledger.clock import Event, EventKind
from xxgk.ledger.stored import stored_clock

revision: str = "l0003"
down_revision: str | Sequence[str] | None = "l0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000
OPEN = sa.text("decided_on IS NULL")

applications = sa.table(
    "ledger_applications",
    sa.column("id", sa.Integer),
    sa.column("received_on", sa.Date),
    sa.column("decided_on", sa.Date),
    sa.column("due_on", sa.Date),
    sa.column("clock_state", sa.String),
    sa.column("clock_problem", sa.Text),
)
events = sa.table(
    "ledger_events",
    sa.column("application_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("on", sa.Date),
    sa.column("until", sa.Date),
    sa.column("days", sa.Integer),
    sa.column("approver", sa.String),
    sa.column("reason", sa.Text),
)
overrides = sa.table("ledger_calendar_overrides", sa.column("day", sa.Date), sa.column("workday", sa.Boolean))


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
    _store_open_clocks(op.get_bind())


def _store_open_clocks(connection: sa.Connection) -> None:
    calendar = WorkCalendar({day: workday for day, workday in connection.execute(sa.select(overrides))})
    open_rows = connection.execute(
        sa.select(applications.c.id, applications.c.received_on)
        .where(applications.c.decided_on.is_(None))
        .order_by(applications.c.id)
    ).all()
    update = (
        applications.update()
        .where(applications.c.id == sa.bindparam("row_id"))
        .values(
            due_on=sa.bindparam("due_on"),
            clock_state=sa.bindparam("clock_state"),
            clock_problem=sa.bindparam("clock_problem"),
        )
    )
    for start in range(0, len(open_rows), BATCH):
        batch = open_rows[start : start + BATCH]
        by_owner: dict[int, list[Event]] = defaultdict(list)
        query = sa.select(events).where(events.c.application_id.in_([row.id for row in batch]))
        for owner, kind, on, until, days, approver, reason in connection.execute(query):
            by_owner[owner].append(Event(EventKind(kind), on, until, days, approver, reason))
        values = [
            {"row_id": row.id, **stored_clock(row.received_on, by_owner[row.id], calendar).columns()} for row in batch
        ]
        connection.execute(update, values)
    connection.execute(
        sa.insert(sa.table("ledger_clock_basis", sa.column("calendar"))).values(calendar=calendar_basis())
    )


def downgrade() -> None:
    op.drop_table("ledger_clock_basis")
    op.drop_index("ix_ledger_applications_open_due", table_name="ledger_applications")
    with op.batch_alter_table("ledger_applications", schema=None) as batch_op:
        batch_op.drop_column("clock_problem")
        batch_op.drop_column("clock_state")
        batch_op.drop_column("due_on")
