"""records: the decisions, fees, 事项 and procurement ledgers behind table 二, the sources an
agency keeps per year, and its counting setting (失效 by 有效期 as 废止)

Depends on l0005 (table 二's typed figures stay in the ledger's branch) and d0001 (the
catalogue, whose items count as 规章 and 行政规范性文件).

Revision ID: r0001
Revises: 0001
Create Date: 2026-12-02 06:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("records",)
depends_on: str | Sequence[str] | None = ["l0005", "d0001"]


def _agency(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f(f"fk_{table}_agency_id_agencies"))


def upgrade() -> None:
    op.create_table(
        "records_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("matter_code", sa.String(length=80), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=80), nullable=False),
        _agency("records_decisions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records_decisions")),
        sa.UniqueConstraint("agency_id", "number", name=op.f("uq_records_decisions_agency_id")),
    )
    op.create_index("ix_records_decisions_agency_decided", "records_decisions", ["agency_id", "decided_on"])
    op.create_table(
        "records_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=False),
        _agency("records_fees"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records_fees")),
        sa.UniqueConstraint("agency_id", "number", name=op.f("uq_records_fees_agency_id")),
    )
    op.create_index("ix_records_fees_agency_paid", "records_fees", ["agency_id", "paid_on"])
    op.create_table(
        "records_matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        _agency("records_matters"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records_matters")),
        sa.UniqueConstraint("agency_id", "code", name=op.f("uq_records_matters_agency_id")),
    )
    op.create_index(op.f("ix_records_matters_agency_id"), "records_matters", ["agency_id"])
    op.create_table(
        "records_procurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("contracted_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=False),
        _agency("records_procurement"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records_procurement")),
        sa.UniqueConstraint("agency_id", "number", name=op.f("uq_records_procurement_agency_id")),
    )
    op.create_index(op.f("ix_records_procurement_agency_id"), "records_procurement", ["agency_id"])
    op.create_table(
        "records_sources",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        _agency("records_sources"),
        sa.PrimaryKeyConstraint("agency_id", "year", "source", name=op.f("pk_records_sources")),
    )
    op.create_table(
        "records_settings",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("expiry_is_repeal", sa.Boolean(), nullable=False),
        _agency("records_settings"),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_records_settings")),
    )


def downgrade() -> None:
    for table in ("records_settings", "records_sources"):
        op.drop_table(table)
    op.drop_index(op.f("ix_records_procurement_agency_id"), table_name="records_procurement")
    op.drop_table("records_procurement")
    op.drop_index(op.f("ix_records_matters_agency_id"), table_name="records_matters")
    op.drop_table("records_matters")
    op.drop_index("ix_records_fees_agency_paid", table_name="records_fees")
    op.drop_table("records_fees")
    op.drop_index("ix_records_decisions_agency_decided", table_name="records_decisions")
    op.drop_table("records_decisions")
