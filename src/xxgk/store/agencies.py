"""Agencies: the bodies that keep ledgers and publish reports, in their supervision tree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from xxgk.agency import agency_key
from xxgk.store.base import Base


class Agency(Base):
    """One government body. `key` links naming variants (科技局 / 科学技术局) to one row.

    `kind` (人民政府, 部门, 乡镇街道 ...), `region_code` (the 行政区划代码) and
    `credit_code` (统一社会信用代码, which starts every 索引号 of its catalogue) are
    optional; a retired agency (`retired_at`) is hidden from the public, its records kept.
    """

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    region_code: Mapped[str | None] = mapped_column(String(12))
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True, index=True)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    parent: Mapped[Agency | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Agency]] = relationship(back_populates="parent")


def agency_for(session: Session, name: str) -> Agency:
    """The agency row for `name`, matched by its key (naming variants link), created if new.

    Safe against another writer creating the same agency meanwhile: the insert
    runs in a savepoint, and on a duplicate key the other writer's row is used.
    """
    found = find_agency(session, name)
    if found is not None:
        return found
    try:
        with session.begin_nested():
            found = Agency(name=name.strip(), key=_key(name))
            session.add(found)
        return found
    except IntegrityError:
        return session.scalars(select(Agency).where(Agency.key == _key(name))).one()


def find_agency(session: Session, name: str) -> Agency | None:
    """The agency row whose key matches `name`'s, if any."""
    return session.scalars(select(Agency).where(Agency.key == _key(name))).one_or_none()


def _key(name: str) -> str:
    return agency_key(name) or name.strip()


def subtree(session: Session, root: int) -> list[int]:
    """`root` and every agency below it (a recursive query, the same on SQLite and PostgreSQL)."""
    tree = select(Agency.id).where(Agency.id == root).cte("tree", recursive=True)
    tree = tree.union(select(Agency.id).join(tree, Agency.parent_id == tree.c.id))
    return list(session.scalars(select(tree.c.id)))
