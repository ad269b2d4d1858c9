"""web5: session epochs and forced password changes; uploaded reports released to the public

`users.session_epoch` is copied into every session cookie: raising it (logout,
password change or reset, disabling) ends every session of that user at once.
`users.must_change_password` is set by an administrator's reset.

`corpus_releases` names the documents (uploaded reports) a supervisor made
public; an uploaded report is on the portal only once released. Keyed by the
document, which outlives a re-read under a newer parser. Reports stored before
this revision were public already: those without errors stay released; those
with errors leave the portal until a supervisor publishes them deliberately.

Revision ID: w0005
Revises: w0004
Create Date: 2026-12-01 23:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "w0005"
down_revision: str | Sequence[str] | None = "w0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "corpus_releases",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["corpus_documents.id"],
            name=op.f("fk_corpus_releases_document_id_corpus_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_corpus_releases_user_id_users")),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_corpus_releases")),
    )
    reports = sa.table(
        "corpus_reports",
        sa.column("document_id", sa.Integer),
        sa.column("errors", sa.Integer),
        sa.column("origin", sa.String),
    )
    releases = sa.table(
        "corpus_releases", sa.column("document_id", sa.Integer), sa.column("released_at", sa.DateTime(timezone=True))
    )
    op.execute(
        releases.insert().from_select(
            ["document_id", "released_at"],
            sa.select(reports.c.document_id, sa.func.current_timestamp()).where(
                reports.c.errors == 0, reports.c.origin != "desk"
            ),
        )
    )


def downgrade() -> None:
    op.drop_table("corpus_releases")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("session_epoch")
