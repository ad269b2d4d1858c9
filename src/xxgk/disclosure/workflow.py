"""Review before publishing (先审后发): submit → each configured level → publish now or at a set
time → withdraw; and the changes of 有效性 that publication and expiry bring.

Every approval records the content hash the reviewer saw, and publication checks that
each level approved exactly the hash of the version it publishes: content changed
after an approval can never go out under it (an edit makes a new version, see
`service.edit_item`). 条例第十七条: the 保密审查 level records its opinion and basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xxgk.disclosure import fulltext
from xxgk.disclosure.numbering import next_index_number
from xxgk.disclosure.screening import screen_version, screening_problem
from xxgk.disclosure.service import (
    TARGET,
    Actor,
    DisclosureError,
    content_of,
    mirror,
    settings_of,
    version,
)
from xxgk.disclosure.vocabulary import (
    AMENDED,
    EXPIRED,
    HEAD_ONLY_LEVELS,
    IN_FORCE,
    REPEALED,
    SECRECY_LEVEL,
    STATE_LABELS,
    VALIDITIES,
    organ_code_problem,
)
from xxgk.now import CHINA, now
from xxgk.store.disclosure import DisclosureApproval, DisclosureItem, DisclosureVersion, ValidityChange
from xxgk.store.web import Role, User, audit

REVIEWER_ROLES = frozenset({Role.clerk, Role.head})
# The submit audit row keeps at most this many screening hits (masked), the count always.
AUDITED_HITS = 100


def submit(session: Session, item: DisclosureItem, actor: Actor) -> DisclosureVersion:
    """Send the current draft to the first review level (straight to approved when the agency has none)."""
    current = version(session, item.current_version_id)
    if current.status != "draft":
        raise DisclosureError(f"第 {current.number} 版不是草稿（{_status(current)}），不能提交审核；如需重审请先修改")
    levels = settings_of(session, item.agency).levels
    current.status, current.level = ("reviewing", 0) if levels else ("approved", 0)
    if item.state == "draft":
        item.state = current.status
    screened = screen_version(session, item, current)
    audit(
        session,
        actor,
        "disclosure.submit",
        TARGET,
        item.id,
        agency_id=item.agency_id,
        version=current.number,
        screening=[hit.as_dict() for hit in screened.hits[:AUDITED_HITS]],
        screening_hits=len(screened.hits),
    )
    return current


def pending_level(session: Session, item: DisclosureItem) -> str | None:
    """The name of the level the current version waits at, if it is under review."""
    current = version(session, item.current_version_id)
    if current.status != "reviewing":
        return None
    return _next_level(settings_of(session, item.agency).levels, current)


def _next_level(levels: tuple[str, ...], current: DisclosureVersion) -> str | None:
    """The first configured level without an approval of this content: the levels are read from the
    settings each time, so a change of the agency's levels mid-review applies at once."""
    approved = {
        a.level_name for a in current.approvals if a.decision == "approve" and a.content_hash == current.content_hash
    }
    return next((level for level in levels if level not in approved), None)


def review_refusal(session: Session, item: DisclosureItem, user: User) -> str | None:
    """Why `user` may not decide at the current level, or None when they may."""
    current = version(session, item.current_version_id)
    if current.status != "reviewing":
        return "该信息当前不在审核中"
    settings = settings_of(session, item.agency)
    level = _next_level(settings.levels, current)
    if level is None:
        return "各级审核均已通过"
    if user.agency_id != item.agency_id or user.role_enum not in REVIEWER_ROLES:
        return "只有本机关的经办人员或机关负责人可以审核"
    if level in HEAD_ONLY_LEVELS and user.role_enum is not Role.head:
        return f"“{level}”须由机关负责人进行"
    if not settings.self_approval and current.created_by_id == user.id:
        return "本机关不允许审核自己起草的内容，请由其他人员审核"
    return None


def review(
    session: Session,
    item: DisclosureItem,
    user: User,
    *,
    approve: bool,
    seen_hash: str,
    opinion: str = "",
    basis: str = "",
) -> DisclosureApproval:
    """Record `user`'s decision at the current level, bound to the hash of the content they saw.

    An approval moves the version to the next level (or to approved after the last); a
    refusal returns it to the drafter, who edits it into a new version.
    """
    refusal = review_refusal(session, item, user)
    if refusal:
        raise DisclosureError(refusal)
    current = version(session, item.current_version_id)
    if seen_hash != current.content_hash:
        raise DisclosureError("内容在您审核期间已被修改，请重新打开页面审核最新内容")
    levels = settings_of(session, item.agency).levels
    level = _next_level(levels, current)
    assert level is not None  # review_refusal said so otherwise
    opinion, basis = opinion.strip(), basis.strip()
    if level == SECRECY_LEVEL and approve and not (opinion and basis):
        raise DisclosureError("保密审查须记录审查意见和依据（条例第十七条）")
    if not approve and not opinion:
        raise DisclosureError("退回须写明理由")
    if approve and levels.index(level) == len(levels) - 1 and (held := screening_problem(session, item, current)):
        raise DisclosureError(held)  # the signer decides on the hits before signing
    decision = DisclosureApproval(
        version_id=current.id,
        level=levels.index(level),
        level_name=level,
        decision="approve" if approve else "reject",
        opinion=opinion or None,
        basis=basis or None,
        content_hash=current.content_hash,
        reviewer=user.display_name,
        reviewer_id=user.id,
    )
    current.approvals.append(decision)
    following = _next_level(levels, current) if approve else None
    if not approve:
        current.status = "rejected"
        item.state = "published" if item.published_version_id else "draft"
    elif following is not None:
        current.level = levels.index(following)
    else:
        current.status = "approved"
        if item.state != "published":
            item.state = "approved"
    session.flush()
    audit(
        session,
        user,
        "disclosure.approve" if approve else "disclosure.reject",
        TARGET,
        item.id,
        agency_id=item.agency_id,
        version=current.number,
        level=level,
        content_hash=current.content_hash,
    )
    return decision


def approval_problem(session: Session, item: DisclosureItem, found: DisclosureVersion) -> str | None:
    """Why `found` may not be published: a level without an approval of exactly its content."""
    if found.status not in ("approved", "scheduled"):
        return f"第 {found.number} 版尚未通过审核（{_status(found)}），不能发布"
    approved = {
        a.level_name for a in found.approvals if a.decision == "approve" and a.content_hash == found.content_hash
    }
    missing = [level for level in settings_of(session, item.agency).levels if level not in approved]
    if missing:
        return f"第 {found.number} 版的当前内容未经“{'、'.join(missing)}”审核通过，不能发布"
    return None


def publication_problem(session: Session, item: DisclosureItem, found: DisclosureVersion) -> str | None:
    """Why `found` may not go out: its approvals, the organ's code, or screening hits not decided on."""
    return (
        approval_problem(session, item, found)
        or organ_code_problem(item.agency.credit_code)
        or screening_problem(session, item, found)
    )


def publish(session: Session, item: DisclosureItem, actor: Actor, at: datetime | None = None) -> DisclosureItem:
    """Publish the approved current version now, or schedule it for `at` (a later instant)."""
    current = _locked(session, item)
    problem = publication_problem(session, item, current)
    if problem:
        raise DisclosureError(problem)
    moment = now()
    if at is not None and at > moment:
        # Stored in UTC: SQLite keeps the wall time without its offset, and run_due compares with now().
        current.status, item.scheduled_at = "scheduled", at.astimezone(UTC)
        if item.state != "published":
            item.state = "scheduled"
        audit(
            session,
            actor,
            "disclosure.schedule",
            TARGET,
            item.id,
            agency_id=item.agency_id,
            version=current.number,
            at=at.isoformat(),
        )
        return item
    _make_public(session, item, current, moment, actor)
    return item


def _locked(session: Session, item: DisclosureItem) -> DisclosureVersion:
    """Lock the item's row and read it and its current version afresh: two publishers of one item
    (two clicks, a click and the scheduler) then run one after the other, and the second finds it
    published, so its 索引号 is given once. A no-op UPDATE rather than SELECT … FOR UPDATE, because
    it also takes SQLite's write lock before anything is read."""
    session.flush()
    session.execute(update(DisclosureItem).where(DisclosureItem.id == item.id).values(state=DisclosureItem.state))
    session.refresh(item)
    current = version(session, item.current_version_id)
    session.refresh(current)
    return current


def _make_public(
    session: Session, item: DisclosureItem, current: DisclosureVersion, moment: datetime, actor: Actor
) -> None:
    day = moment.astimezone(CHINA).date()
    if item.index_number is None:
        assert item.agency.credit_code is not None
        item.index_number = next_index_number(session, item.agency, item.agency.credit_code, day.year)
        item.published_on, item.published_at = day, moment
    if item.published_version_id is not None:
        version(session, item.published_version_id).status = "superseded"
    current.status, current.published_at = "published", moment
    item.published_version_id, item.state, item.scheduled_at = current.id, "published", None
    content = content_of(current)
    mirror(item, content)
    fulltext.index_item(session, item, content)
    for target_id, validity, verb in ((content.amends, AMENDED, "修改"), (content.repeals, REPEALED, "废止")):
        target = session.get(DisclosureItem, target_id) if target_id else None
        if target is not None and target.validity == IN_FORCE:
            reason = f"被《{content.title}》（索引号 {item.index_number}）{verb}"
            change_validity(session, target, actor, validity, day, reason, by=item)
    session.flush()
    audit(
        session,
        actor,
        "disclosure.publish",
        TARGET,
        item.id,
        agency_id=item.agency_id,
        version=current.number,
        index_number=item.index_number,
        content_hash=current.content_hash,
    )


def withdraw(session: Session, item: DisclosureItem, actor: Actor, reason: str, *, screening: bool = False) -> None:
    """Take a published or scheduled item down; its URL keeps a notice with the reason.

    `screening`: withdrawn because the content held what may not be published (secrets,
    personal data); that version then leaves the public history too.
    """
    if item.state not in ("published", "scheduled"):
        raise DisclosureError("只有已发布或定时发布的信息可以撤回")
    if not reason.strip():
        raise DisclosureError("撤回须写明理由")
    if item.published_version_id is not None:
        shown = version(session, item.published_version_id)
        shown.status, shown.hidden = "withdrawn", screening
    current = version(session, item.current_version_id)
    if current.status == "scheduled":
        current.status = "withdrawn"
    item.state, item.withdrawn_at, item.scheduled_at = "withdrawn", now(), None
    item.withdrawn_reason = reason.strip()[:1000]
    fulltext.unindex(session, item.id)
    audit(
        session,
        actor,
        "disclosure.withdraw",
        TARGET,
        item.id,
        agency_id=item.agency_id,
        reason=reason,
        screening=screening,
    )


def change_validity(
    session: Session,
    item: DisclosureItem,
    actor: Actor,
    validity: str,
    on: date,
    reason: str,
    *,
    by: DisclosureItem | None = None,
) -> ValidityChange:
    """Record a change of 有效性 with its date and reason (修改/废止 by another item, expiry, or by hand)."""
    if validity not in VALIDITIES:
        raise DisclosureError(f"有效性只能是 {'、'.join(VALIDITIES)}")
    if not reason.strip():
        raise DisclosureError("有效性变更须写明理由")
    change = ValidityChange(
        item_id=item.id, on=on, validity=validity, reason=reason.strip(), by_item_id=by.id if by else None, applied=True
    )
    session.add(change)
    item.validity = validity
    session.flush()
    audit(
        session,
        actor,
        "disclosure.validity",
        TARGET,
        item.id,
        agency_id=item.agency_id,
        validity=validity,
        on=on.isoformat(),
        reason=reason,
    )
    return change


@dataclass
class DueSummary:
    published: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def run_due(session: Session, actor: Actor = "定时任务") -> DueSummary:
    """Publish what is due, and mark 已失效 every item whose 有效期 has ended (dated the day after 有效期至)."""
    summary = DueSummary()
    moment = now()
    due = session.scalars(
        select(DisclosureItem)
        .where(DisclosureItem.scheduled_at.is_not(None), DisclosureItem.scheduled_at <= moment)
        .with_for_update(skip_locked=True)  # another runner publishing it now skips it (PostgreSQL)
    ).all()
    for item in due:
        current = _locked(session, item)
        if item.scheduled_at is None:  # published or cancelled by someone else meanwhile
            continue
        problem = publication_problem(session, item, current)
        if problem:
            summary.problems.append(f"《{item.title}》：{problem}")
            continue
        _make_public(session, item, current, moment, actor)
        summary.published.append(item.index_number or "")
    today = moment.astimezone(CHINA).date()
    ended = session.scalars(
        select(DisclosureItem).where(
            DisclosureItem.state == "published",
            DisclosureItem.validity == IN_FORCE,
            DisclosureItem.valid_until < today,
        )
    ).all()
    for item in ended:
        assert item.valid_until is not None
        day = item.valid_until + timedelta(days=1)
        change_validity(session, item, actor, EXPIRED, day, f"有效期至 {item.valid_until.isoformat()} 届满")
        summary.expired.append(item.index_number or str(item.id))
    return summary


def _status(found: DisclosureVersion) -> str:
    return STATE_LABELS.get(found.status, found.status)
