"""Agencies: the bodies that keep ledgers and publish reports, in their supervision tree."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, select
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
    """The agency row for `name`, matched by its key (naming variants link), created if new."""
    key = agency_key(name) or name.strip()
    found = session.scalars(select(Agency).where(Agency.key == key)).one_or_none()
    if found is None:
        found = Agency(name=name.strip(), key=key)
        session.add(found)
        session.flush()
    return found
