"""Agencies: the bodies that keep ledgers and publish reports, in their supervision tree."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from xxgk.agency import agency_key
from xxgk.store.base import Base


class Agency(Base):
    """One government body. `key` links naming variants (科技局 / 科学技术局) to one row."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)

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
