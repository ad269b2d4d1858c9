"""Which agencies' records a user may see: the agency tree decides.

Clerks and heads see their own agency; a supervisor sees its agency and every
agency below it in the tree; an administrator sees everything. Every query for
records of an agency goes through `visible_agencies` (or `can_see`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.store.agencies import Agency, subtree
from xxgk.store.web import Role, User


@dataclass(frozen=True, slots=True)
class Visibility:
    """`everything` for administrators; otherwise exactly the agency ids in `agencies`."""

    everything: bool
    agencies: frozenset[int]

    def allows(self, agency_id: int | None) -> bool:
        return self.everything or (agency_id is not None and agency_id in self.agencies)


def visible_agencies(session: Session, user: User) -> Visibility:
    role = user.role_enum
    if role is Role.admin:
        return Visibility(True, frozenset())
    if user.agency_id is None:
        return Visibility(False, frozenset())
    if role is Role.supervisor:
        return Visibility(False, frozenset(subtree(session, user.agency_id)))
    return Visibility(False, frozenset({user.agency_id}))


def can_see(session: Session, user: User, agency_id: int | None) -> bool:
    return visible_agencies(session, user).allows(agency_id)


@dataclass(frozen=True, slots=True)
class AgencyNode:
    """An agency with its depth in the tree, for indented lists."""

    id: int
    name: str
    depth: int
    retired: bool = False


def agency_outline(session: Session, visibility: Visibility | None = None, *, public: bool = False) -> list[AgencyNode]:
    """Agencies in tree order (parents before children, siblings by name), limited to those visible;
    `public`: without the retired ones (and their subtrees)."""
    query = select(Agency).order_by(Agency.name)
    agencies = session.scalars(query.where(Agency.retired_at.is_(None)) if public else query).all()
    children: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        children.setdefault(agency.parent_id, []).append(agency)
    known = {a.id for a in agencies}
    roots = [a for a in agencies if a.parent_id is None or a.parent_id not in known]
    out: list[AgencyNode] = []
    seen: set[int] = set()

    def walk(agency: Agency, depth: int) -> None:
        if agency.id in seen:  # a cycle in hand-edited data must not hang the page
            return
        seen.add(agency.id)
        if visibility is None or visibility.allows(agency.id):
            out.append(AgencyNode(agency.id, agency.name, depth, agency.retired_at is not None))
        for child in children.get(agency.id, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return out


def choosable_agencies(session: Session, user: User) -> list[AgencyNode]:
    """The agencies a user may pick in a form — letters settings, the 专栏 desk, the console's comparisons:
    the visible ones in tree order, without retired agencies (their records stay, but nobody works for them)."""
    return [a for a in agency_outline(session, visible_agencies(session, user)) if not a.retired]


def chosen_agency(session: Session, user: User, agency_id: int | None) -> Agency | None:
    """The agency a form's choice names when the user may choose it, else the user's own (None for none)."""
    if agency_id is not None and any(a.id == agency_id for a in choosable_agencies(session, user)):
        return session.get(Agency, agency_id)
    return user.agency
