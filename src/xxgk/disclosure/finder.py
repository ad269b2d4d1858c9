"""Staff search of the catalogue: an agency tree's drafts, items under review, scheduled,
published and withdrawn items, by 索引号, 文号 or words.

The public search (`fulltext`) indexes only what is published, and must: its index is what
citizens may read. Staff need the rest too — their own drafts, what waits for review, what
was withdrawn — so this reads the catalogue rows and their versions' `search_text` (title,
内容概述, 文号, 发文机关, body, attachments' text) directly, limited to the staff member's
agency and the agencies below it. One agency tree holds thousands of items, not the
portal's hundred thousand, so a scan within the tree answers in milliseconds. The desk page
and `xxgk disclosure find` both call `find_items`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from xxgk.disclosure.tokens import normalize
from xxgk.disclosure.vocabulary import STATE_LABELS
from xxgk.store.agencies import Agency, subtree
from xxgk.store.disclosure import DisclosureItem, DisclosureVersion

LIMIT = 50
# A 文号's brackets are typed every way (〔2026〕, [2026], (2026), （2026）): any of them matches any.
_BRACKETS = re.compile(r"[〔〕\[\]()（）［］【】{}<>]")
ITEM_STATES = ("draft", "reviewing", "approved", "scheduled", "published", "withdrawn")


@dataclass(frozen=True, slots=True)
class Found:
    """One item found, with the agency it belongs to (the tree may hold several)."""

    item: DisclosureItem
    agency: Agency


def _pattern(word: str) -> str:
    """The word as a LIKE pattern: its own %, _ and \\ escaped, every bracket a one-character wildcard."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{_BRACKETS.sub('_', escaped)}%"


def _holds(word: str) -> ColumnElement[bool]:
    """Whether an item holds the word: in its 索引号, or in the text of its current or published
    version (title, 内容概述, 文号, 发文机关, body, attachments)."""
    pattern = _pattern(word)
    in_text = exists().where(
        DisclosureVersion.item_id == DisclosureItem.id,
        or_(
            DisclosureVersion.id == DisclosureItem.current_version_id,
            DisclosureVersion.id == DisclosureItem.published_version_id,
        ),
        DisclosureVersion.search_text.ilike(pattern, escape="\\"),
    )
    return or_(DisclosureItem.index_number.ilike(pattern, escape="\\"), in_text)


def unknown_states(states: Sequence[str]) -> list[str]:
    """The states asked for that no item can be in (for a clear refusal)."""
    return [state for state in states if state not in ITEM_STATES]


def state_named(label: str) -> str:
    """A state from its code (draft) or its Chinese label (草稿); unknown ones returned as given."""
    by_label = {text: code for code, text in STATE_LABELS.items()}
    return by_label.get(label, label)


def find_items(
    session: Session, root: Agency, query: str, states: Sequence[str] = (), limit: int = LIMIT
) -> list[Found]:
    """Items of `root` and the agencies below it holding every word of `query` (all of them when
    it is empty), in any state or those in `states`; the newest first."""
    words = normalize(query).split()
    conditions = [DisclosureItem.agency_id.in_(subtree(session, root.id)), *(_holds(w) for w in words)]
    if states:
        conditions.append(DisclosureItem.state.in_(states))
    rows = session.execute(
        select(DisclosureItem, Agency)
        .join(Agency, Agency.id == DisclosureItem.agency_id)
        .where(and_(*conditions))
        .order_by(DisclosureItem.id.desc())
        .limit(limit)
    ).all()
    return [Found(item, agency) for item, agency in rows]
