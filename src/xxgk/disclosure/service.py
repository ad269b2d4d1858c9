"""Catalogue items on a database session: settings, drafting, attachments, lookups, search.

What the CLI (`xxgk disclosure …`) and the desk pages call; every function works in the
caller's transaction and records its change in the audit log. The review and
publication steps are in `xxgk.disclosure.workflow`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from xxgk.disclosure.attachments import ReadAttachment
from xxgk.disclosure.content import RELATIONS, AttachmentRef, Choices, ItemContent
from xxgk.disclosure.vocabulary import DEFAULT_LEVELS, LEVEL_NAMES, TOPICS
from xxgk.errors import XxgkError
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import (
    DisclosureAttachment,
    DisclosureItem,
    DisclosureSettings,
    DisclosureVersion,
)
from xxgk.store.web import User, audit

Actor = User | str
TARGET = "disclosure_item"


class DisclosureError(XxgkError):
    """A catalogue operation refused, with the reason in Chinese."""


@dataclass(frozen=True, slots=True)
class AgencySettings:
    levels: tuple[str, ...]
    self_approval: bool
    choices: Choices


def actor_name(actor: Actor) -> str:
    return actor.display_name if isinstance(actor, User) else actor


def actor_id(actor: Actor) -> int | None:
    return actor.id if isinstance(actor, User) else None


# ---------------------------------------------------------------- settings


def settings_of(session: Session, agency: Agency) -> AgencySettings:
    """The agency's review levels and choices; the defaults (保密审查, 签发; no self-approval) without a row."""
    row = session.get(DisclosureSettings, agency.id)
    if row is None:
        return AgencySettings(DEFAULT_LEVELS, False, Choices())
    return AgencySettings(tuple(row.levels), row.self_approval, Choices(row.subclasses, tuple(row.columns)))


def configure(
    session: Session,
    agency: Agency,
    actor: Actor,
    *,
    levels: Sequence[str] | None = None,
    self_approval: bool | None = None,
    subclasses: Mapping[str, list[str]] | None = None,
    columns: Sequence[str] | None = None,
) -> AgencySettings:
    """Change what is given of the agency's settings; levels must be known names, each once."""
    row = session.get(DisclosureSettings, agency.id)
    if row is None:
        row = DisclosureSettings(agency_id=agency.id, levels=list(DEFAULT_LEVELS), self_approval=False)
        row.subclasses, row.columns = {}, []
        session.add(row)
    if levels is not None:
        unknown = [name for name in levels if name not in LEVEL_NAMES]
        if unknown or len(set(levels)) != len(levels):
            raise DisclosureError(
                f"审核层级只能是 {'、'.join(LEVEL_NAMES)} 中的若干项，各一次（收到：{'、'.join(levels)}）"
            )
        row.levels = list(levels)
    if self_approval is not None:
        row.self_approval = self_approval
    if subclasses is not None:
        wrong = [topic for topic in subclasses if topic not in TOPICS]
        if wrong:
            raise DisclosureError(f"“{'、'.join(wrong)}”不是主题分类的一级类目")
        row.subclasses = {topic: list(names) for topic, names in subclasses.items()}
    if columns is not None:
        row.columns = [name.strip() for name in columns if name.strip()]
    session.flush()
    audit(
        session,
        actor,
        "disclosure.settings",
        "disclosure_settings",
        agency.id,
        agency_id=agency.id,
        levels=row.levels,
        self_approval=row.self_approval,
        columns=row.columns,
    )
    return settings_of(session, agency)


# ---------------------------------------------------------------- lookups


def find_item(session: Session, agency: Agency | None, item_id: int) -> DisclosureItem:
    """The item `item_id` of `agency` (any agency when None), or a refusal."""
    item = session.get(DisclosureItem, item_id)
    if item is None or (agency is not None and item.agency_id != agency.id):
        raise DisclosureError(f"目录中没有编号为 {item_id} 的信息")
    return item


def find_by_reference(session: Session, agency: Agency, reference: str) -> DisclosureItem:
    """An item of `agency` by its 索引号, or by its number in the catalogue (the id in its URL)."""
    text = reference.strip()
    item = session.scalars(
        select(DisclosureItem).where(DisclosureItem.agency_id == agency.id, DisclosureItem.index_number == text)
    ).one_or_none()
    if item is None and text.isdigit():
        item = session.get(DisclosureItem, int(text))
        item = item if item is not None and item.agency_id == agency.id else None
    if item is None:
        raise DisclosureError(f"本机关目录中没有索引号或编号为“{text}”的信息")
    return item


def resolve_relations(session: Session, agency: Agency, references: Mapping[str, str]) -> dict[str, int | None]:
    """解读/修改/废止 targets by 索引号 (or id); problems per field as `DisclosureError` messages."""
    resolved: dict[str, int | None] = {}
    for key in RELATIONS:
        text = (references.get(key) or "").strip()
        resolved[key] = find_by_reference(session, agency, text).id if text else None
    return resolved


def relation_numbers(session: Session, content: ItemContent) -> dict[str, str]:
    """The 索引号 (or catalogue number while unpublished) of each related item, for forms and pages."""
    numbers: dict[str, str] = {}
    for key in RELATIONS:
        target_id = getattr(content, key)
        if target_id is not None:
            target = session.get(DisclosureItem, target_id)
            numbers[key] = (target.index_number or str(target.id)) if target else str(target_id)
    return numbers


def version(session: Session, version_id: int | None) -> DisclosureVersion:
    found = session.get(DisclosureVersion, version_id) if version_id is not None else None
    if found is None:
        raise DisclosureError("该信息没有可用的版本")
    return found


def content_of(found: DisclosureVersion) -> ItemContent:
    return ItemContent.from_json(found.content)


# ---------------------------------------------------------------- drafting


def create_item(session: Session, agency: Agency, actor: Actor, content: ItemContent) -> DisclosureItem:
    """A new item with its first version, a draft."""
    item = DisclosureItem(agency_id=agency.id, created_by=actor_name(actor), created_by_id=actor_id(actor))
    mirror(item, content)
    session.add(item)
    session.flush()
    draft = _new_version(session, item, content, actor, 1)
    item.current_version_id = draft.id
    audit(session, actor, "disclosure.add", TARGET, item.id, agency_id=agency.id, title=content.title)
    return item


def edit_item(session: Session, item: DisclosureItem, actor: Actor, content: ItemContent) -> DisclosureVersion:
    """Change the content. A draft nobody reviewed yet changes in place; anything else
    (under review, approved, scheduled, published, returned) gets a new version that must
    be reviewed again from the first level."""
    if item.state == "withdrawn":
        raise DisclosureError("该信息已撤回，不能再修改")
    current = version(session, item.current_version_id)
    before = current.content_hash
    if current.status == "draft" and not current.approvals:
        # The version's author is whoever wrote its content last: self-approval is judged against them.
        _fill(current, content, session)
        current.created_by, current.created_by_id = actor_name(actor), actor_id(actor)
        edited = current
    else:
        if current.status in ("reviewing", "approved", "scheduled"):
            current.status = "superseded"
            current.note = "审核期间内容被修改，本版本作废"
        if item.state in ("reviewing", "approved", "scheduled"):
            item.state, item.scheduled_at = "draft", None
        edited = _new_version(session, item, content, actor, _last_number(item) + 1)
        item.current_version_id = edited.id
    if item.published_version_id is None:
        mirror(item, content)
    audit(
        session,
        actor,
        "disclosure.edit",
        TARGET,
        item.id,
        agency_id=item.agency_id,
        version=edited.number,
        before=before,
        after=edited.content_hash,
    )
    return edited


def store_attachment(session: Session, item: DisclosureItem, read: ReadAttachment) -> AttachmentRef:
    """Keep an attachment's bytes and text; the caller puts the returned reference into the content."""
    row = DisclosureAttachment(
        item_id=item.id,
        filename=read.filename,
        format=read.format,
        size=len(read.data),
        sha256=read.sha256,
        data=read.data,
        text=read.text,
    )
    session.add(row)
    session.flush()
    return AttachmentRef(row.id, row.filename, row.sha256)


def attach(
    session: Session, item: DisclosureItem, actor: Actor, files: Sequence[ReadAttachment]
) -> DisclosureVersion | None:
    """Add files to the current content (an edit: a reviewed version gets a new one)."""
    if not files:
        return None
    content = content_of(version(session, item.current_version_id))
    refs = tuple(store_attachment(session, item, read) for read in files)
    return edit_item(session, item, actor, replace(content, attachments=content.attachments + refs))


def detach(session: Session, item: DisclosureItem, actor: Actor, attachment_id: int) -> DisclosureVersion:
    """Remove a file from the current content (an edit, like any other)."""
    content = content_of(version(session, item.current_version_id))
    kept = tuple(ref for ref in content.attachments if ref.id != attachment_id)
    return edit_item(session, item, actor, replace(content, attachments=kept))


def attachment(session: Session, item: DisclosureItem, attachment_id: int) -> DisclosureAttachment:
    found = session.get(DisclosureAttachment, attachment_id)
    if found is None or found.item_id != item.id:
        raise DisclosureError("没有这个附件")
    return found


def _new_version(
    session: Session, item: DisclosureItem, content: ItemContent, actor: Actor, number: int
) -> DisclosureVersion:
    created = DisclosureVersion(
        item_id=item.id, number=number, created_by=actor_name(actor), created_by_id=actor_id(actor), status="draft"
    )
    _fill(created, content, session)
    session.add(created)
    session.flush()
    return created


def _fill(target: DisclosureVersion, content: ItemContent, session: Session) -> None:
    target.content = content.to_json()
    target.content_hash = content.digest()
    texts = [content.title, content.summary, content.doc_number, content.issuer, content.body]
    for ref in content.attachments:
        stored = session.get(DisclosureAttachment, ref.id)
        texts += [ref.filename, stored.text if stored else ""]
    target.search_text = "\n".join(t for t in texts if t)


def mirror(item: DisclosureItem, content: ItemContent) -> None:
    """Copy what lists and deadlines need onto the item: the public version's once published."""
    item.title, item.doc_kind = content.title, content.doc_kind
    item.written_on, item.valid_until = content.written_on, content.valid_until
    item.interprets_id, item.amends_id, item.repeals_id = content.interprets, content.amends, content.repeals


def _last_number(item: DisclosureItem) -> int:
    return max((v.number for v in item.versions), default=0)


# ---------------------------------------------------------------- queries


def items_of(session: Session, agency: Agency, states: Sequence[str] | None = None) -> list[DisclosureItem]:
    query = select(DisclosureItem).where(DisclosureItem.agency_id == agency.id)
    if states:
        query = query.where(DisclosureItem.state.in_(states))
    return list(session.scalars(query.order_by(DisclosureItem.id.desc())))


def search(session: Session, words: str, agency: Agency | None = None, limit: int = 50) -> list[DisclosureItem]:
    """Published items whose published version (metadata, body, attachments' text) holds every word."""
    query = (
        select(DisclosureItem)
        .join(DisclosureVersion, DisclosureVersion.id == DisclosureItem.published_version_id)
        .where(DisclosureItem.state == "published")
    )
    if agency is not None:
        query = query.where(DisclosureItem.agency_id == agency.id)
    for word in words.split():
        pattern = f"%{word}%"
        query = query.where(or_(DisclosureVersion.search_text.like(pattern), DisclosureItem.index_number == word))
    return list(session.scalars(query.order_by(DisclosureItem.published_on.desc(), DisclosureItem.id).limit(limit)))


def count_items(session: Session, agency: Agency) -> dict[str, int]:
    rows = session.execute(
        select(DisclosureItem.state, func.count())
        .where(DisclosureItem.agency_id == agency.id)
        .group_by(DisclosureItem.state)
    ).all()
    return {state: count for state, count in rows}


def public_history(item: DisclosureItem) -> list[DisclosureVersion]:
    """The versions the public may see: those published, except any withdrawn for a screening reason."""
    return [v for v in item.versions if v.published_at is not None and not v.hidden]
