"""Screening of catalogue items before publication (`xxgk.screen` over the item's fields and
attachments), and what the agency decides about the hits.

Blocking hits (secrecy marks, personal data, files that cannot be screened) stop the signing
(签发) and the publication of a version until the agency's head, as signer, overrides them
with a reason; word-list warnings must be acknowledged by a reviewer. Each decision is bound
to the content hash it was taken on and recorded in the audit log with the masked hits.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.disclosure.content import LABELS, ItemContent
from xxgk.disclosure.service import TARGET, Actor, DisclosureError, actor_id, actor_name, content_of, version
from xxgk.screen import (
    Hit,
    Outcome,
    Position,
    Rules,
    ScreenError,
    Segment,
    Word,
    file_segments,
    outcome,
    screen_segments,
    text_segments,
)
from xxgk.screen.words import DEFAULT_WORDS
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureAttachment, DisclosureItem, DisclosureVersion
from xxgk.store.screening import ScreeningDecision, ScreeningSettings
from xxgk.store.web import Role, User, audit

SCREENED_FIELDS = ("title", "summary", "doc_number", "issuer", "joint_issuers", "openness_reason", "body")
OVERRIDE, ACKNOWLEDGE = "override", "acknowledge"
DECISION_LABELS = {OVERRIDE: "确认发布（签发人）", ACKNOWLEDGE: "确认已核对提醒"}
# Segments of attachments already read, by SHA-256: a page showing the hits, the approval and
# the publication of one item read each file once.
CACHED_FILES = 64
_cache: OrderedDict[str, list[Segment] | str] = OrderedDict()
_cache_lock = Lock()


def rules_of(session: Session, agency: Agency) -> Rules:
    row = session.get(ScreeningSettings, agency.id)
    if row is None:
        return Rules()
    return Rules(tuple(Word(*entry) for entry in row.words), tuple(row.contacts))


def configure_screening(
    session: Session,
    agency: Agency,
    actor: Actor,
    *,
    words: Sequence[Word] | None = None,
    contacts: Sequence[str] | None = None,
) -> Rules:
    """Replace the agency's word list and/or its own published contacts (audited)."""
    if isinstance(actor, User) and (actor.role_enum is not Role.head or actor.agency_id != agency.id):
        raise DisclosureError("只有本机关负责人可以修改审查词表和本机关联系方式")
    row = session.get(ScreeningSettings, agency.id)
    if row is None:
        row = ScreeningSettings(agency_id=agency.id, words=[list(_triple(w)) for w in DEFAULT_WORDS], contacts=[])
        session.add(row)
    if words is not None:
        row.words = [list(_triple(w)) for w in words]
    if contacts is not None:
        row.contacts = [c.strip() for c in contacts if c.strip()]
    session.flush()
    audit(
        session,
        actor,
        "screening.settings",
        "disclosure_settings",  # the screening part of the agency's catalogue settings
        agency.id,
        agency_id=agency.id,
        words=len(row.words),
        contacts=row.contacts,
    )
    return rules_of(session, agency)


def _triple(word: Word) -> tuple[str, str, str]:
    return (word.word, word.suggestion, word.kind)


def screen_version(session: Session, item: DisclosureItem, found: DisclosureVersion) -> Outcome:
    """The hits in a version's fields and attachments, with the agency's rules."""
    segments = content_segments(session, content_of(found))
    hits = screen_segments(segments, rules_of(session, item.agency))
    return outcome(hits + _unreadable(session, content_of(found)))


def content_segments(session: Session, content: ItemContent) -> list[Segment]:
    segments: list[Segment] = []
    for key in SCREENED_FIELDS:
        value = getattr(content, key, None)
        if isinstance(value, str) and value.strip():
            segments += text_segments(value, part="field", field=LABELS[key])
    for ref in content.attachments:
        read = _attachment_segments(session, ref.id, ref.sha256)
        if isinstance(read, list):
            segments += read
    return segments


def _unreadable(session: Session, content: ItemContent) -> list[Hit]:
    hits = []
    for ref in content.attachments:
        read = _attachment_segments(session, ref.id, ref.sha256)
        if isinstance(read, str):
            hits.append(Hit("unreadable", read, Position(ref.filename, "body")))
    return hits


def _attachment_segments(session: Session, attachment_id: int, sha256: str) -> list[Segment] | str:
    """The attachment's segments, or why it cannot be screened."""
    with _cache_lock:
        if sha256 in _cache:
            _cache.move_to_end(sha256)
            return _cache[sha256]
    stored = session.get(DisclosureAttachment, attachment_id)
    if stored is None:
        return "附件已不存在"
    try:
        read: list[Segment] | str = file_segments(stored.data, stored.filename)
    except ScreenError as exc:
        read = str(exc)
    with _cache_lock:
        _cache[sha256] = read
        while len(_cache) > CACHED_FILES:
            _cache.popitem(last=False)
    return read


def decisions_on(session: Session, found: DisclosureVersion) -> list[ScreeningDecision]:
    """The decisions taken on exactly this version's content."""
    query = select(ScreeningDecision).where(
        ScreeningDecision.version_id == found.id, ScreeningDecision.content_hash == found.content_hash
    )
    return list(session.scalars(query.order_by(ScreeningDecision.id)))


def screening_problem(session: Session, item: DisclosureItem, found: DisclosureVersion) -> str | None:
    """Why `found` may not be signed or published yet because of its hits, or None."""
    result = screen_version(session, item, found)
    decided = {d.decision for d in decisions_on(session, found)}
    if result.blocking and OVERRIDE not in decided:
        blocking = outcome(result.blocking)
        return f"发布前审查发现 {blocking.summary()}，须删除或遮盖后重新提交，或由签发人说明理由后确认发布"
    if result.warnings and not decided:
        return f"发布前审查发现 {outcome(result.warnings).summary()}，须先确认已核对"
    return None


def override(session: Session, item: DisclosureItem, user: User, reason: str) -> ScreeningDecision:
    """The signer publishes despite blocking hits, for the reason given (audited with the hits)."""
    if user.role_enum is not Role.head or user.agency_id != item.agency_id:
        raise DisclosureError("只有本机关负责人（签发人）可以确认发布含有阻止发布内容的信息")
    if len(reason.strip()) < 4:
        raise DisclosureError("确认发布须写明理由（例如：经核实系本人同意公开的信息、已依法可以公开）")
    return _decide(session, item, user, OVERRIDE, reason.strip())


def acknowledge(session: Session, item: DisclosureItem, user: User) -> ScreeningDecision:
    """A reviewer has checked the word-list warnings."""
    if user.role_enum not in (Role.clerk, Role.head) or user.agency_id != item.agency_id:
        raise DisclosureError("只有本机关的经办人员或机关负责人可以确认审查提醒")
    return _decide(session, item, user, ACKNOWLEDGE, "已核对审查提醒")


def _decide(session: Session, item: DisclosureItem, actor: Actor, decision: str, reason: str) -> ScreeningDecision:
    found = version(session, item.current_version_id)
    result = screen_version(session, item, found)
    hits = result.blocking if decision == OVERRIDE else result.warnings
    if not hits:
        raise DisclosureError("当前版本没有需要确认的审查结果")
    record = [hit.as_dict() for hit in hits]
    row = ScreeningDecision(
        item_id=item.id,
        version_id=found.id,
        content_hash=found.content_hash,
        decision=decision,
        reason=reason,
        hits=record,
        decided_by=actor_name(actor),
        decided_by_id=actor_id(actor),
    )
    session.add(row)
    session.flush()
    audit(
        session,
        actor,
        "disclosure.screening_override" if decision == OVERRIDE else "disclosure.screening_acknowledge",
        TARGET,
        item.id,
        agency_id=item.agency_id,
        version=found.number,
        content_hash=found.content_hash,
        reason=reason,
        hits=record,
    )
    return row
