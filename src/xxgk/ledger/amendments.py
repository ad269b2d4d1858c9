"""A year whose annual report was submitted (报送) or published is closed to silent change.

A decision, re-decision, import, review case or table 二 figure that would change
such a year's report is refused with the reason, unless it is recorded as an
amendment (`Amendment`: why). An amendment makes sure the submitted version is
among the report's versions (`report_submissions`, which keeps every version the
head signed off) and sends the year's report back to the agency as
returned, so it is checked and submitted again as a new version: what the
supervisor or the public saw is never rewritten behind their backs.

Which years a change touches follows the report's counting (`xxgk.ledger.aggregate`):
an application counts in every year from its receipt to its decision (new,
carried over, carried forward, its outcome), so changing it touches the years its
old and new spans cover; an open one runs to the current year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.ledger.layout import LedgerRow
from xxgk.ledger.records import LedgerError
from xxgk.now import now, today
from xxgk.store.agencies import Agency
from xxgk.store.audit import Actor
from xxgk.store.ledger import Application
from xxgk.store.portal import ReportDraft, ReportSubmission
from xxgk.store.web import audit

LOCKED = {"submitted": "已报送", "published": "已公开"}
REOPENED = "returned"


@dataclass(frozen=True, slots=True)
class Amendment:
    """A change to a year already reported, recorded as such: why (shown to the supervisor)."""

    reason: str


def amendment_of(reason: str | None) -> Amendment | None:
    """`--amend REASON` or the desk's checkbox and reason; a blank reason is refused."""
    if reason is None:
        return None
    if not reason.strip():
        raise LedgerError("更正已报送年度的记录须写明更正理由")
    return Amendment(reason.strip()[:2000])


def span(received: date, decided: date | None) -> set[int]:
    """The report years an application (or case) counts in: receipt to decision, open ones to this year."""
    last = decided.year if decided is not None else max(today().year, received.year)
    return set(range(received.year, last + 1))


@dataclass(frozen=True, slots=True)
class Counted:
    """What of an application the report counts: receipt, applicant column, decision and outcome."""

    received: date
    applicant_type: str
    decided: date | None
    outcome: str | None


def changed_years(old: Counted | None, new: Counted) -> set[int]:
    """The report years whose figures change when an application goes from `old` (None: new) to `new`."""
    if old is None or (old.received, old.applicant_type) != (new.received, new.applicant_type):
        return span(new.received, new.decided) | (span(old.received, old.decided) if old else set())
    if (old.decided, old.outcome) == (new.decided, new.outcome):
        return set()
    ends = {d.year for d in (old.decided, new.decided) if d is not None}
    return (span(old.received, old.decided) ^ span(new.received, new.decided)) | ends


def locked_years(session: Session, agency: Agency) -> dict[int, str]:
    """Year → status label of the agency's reports that were submitted or published."""
    query = select(ReportDraft.year, ReportDraft.status).where(
        ReportDraft.agency_id == agency.id, ReportDraft.status.in_(list(LOCKED))
    )
    return {year: LOCKED[status] for year, status in session.execute(query)}


def guard_years(
    session: Session,
    agency: Agency,
    years: Iterable[int],
    amendment: Amendment | None,
    actor: Actor,
    what: str,
) -> list[int]:
    """Refuse `what` when it changes a reported year, unless it is an amendment, which reopens those years.

    Returns the years reopened (empty when none was reported).
    """
    locked = locked_years(session, agency)
    hit = sorted(set(years) & set(locked))
    if not hit:
        return []
    if amendment is None:
        named = "、".join(f"{y} 年度（{locked[y]}）" for y in hit)
        raise LedgerError(
            f"{what}会改变{named}的年度报告，不能直接修改；如确需更正，请作为更正记录"
            "（命令行 --amend 理由；办理页面勾选“更正已报送年度”并写明理由），"
            "该年度报告将作为新版本重新打开，须重新报送"
        )
    for year in hit:
        _reopen(session, agency, year, amendment, actor)
    return hit


def _reopen(session: Session, agency: Agency, year: int, amendment: Amendment, actor: Actor) -> None:
    """Keep the submitted version among the report's versions, then send the report back to be submitted again."""
    draft = session.scalars(
        select(ReportDraft).where(ReportDraft.agency_id == agency.id, ReportDraft.year == year)
    ).one()
    kept = _submissions(session, draft.id)
    if draft.report is not None and (not kept or kept[-1].report != draft.report):
        kept.append(
            ReportSubmission(
                draft_id=draft.id,
                version=len(kept) + 1,
                submitted_at=draft.submitted_at or now(),
                signed_off_by=draft.signed_off_by,
                report=draft.report,
            )
        )
        session.add(kept[-1])
    version = len(kept)
    detail = {"version": version, "was": draft.status, "reason": amendment.reason}
    draft.status = REOPENED
    draft.return_reason = f"更正已报送年度的记录，报告重新打开为第 {version + 1} 版：{amendment.reason}"
    audit(session, actor, "report.reopen", "annual_report", f"{agency.id}/{year}", agency_id=agency.id, **detail)


def _submissions(session: Session, draft_id: int) -> list[ReportSubmission]:
    query = select(ReportSubmission).where(ReportSubmission.draft_id == draft_id)
    return list(session.scalars(query.order_by(ReportSubmission.version)))


def import_years(session: Session, agency: Agency, rows: Sequence[LedgerRow]) -> set[int]:
    """The report years an import changes: new rows' spans, and known rows whose counted facts differ."""
    query = select(
        Application.number,
        Application.received_on,
        Application.applicant_type,
        Application.decided_on,
        Application.outcome,
    ).where(Application.agency_id == agency.id)
    stored = {
        row.number: Counted(row.received_on, row.applicant_type, row.decided_on, row.outcome)
        for row in session.execute(query)
    }
    years: set[int] = set()
    for row in rows:
        years |= changed_years(
            stored.get(row.number), Counted(row.received, row.applicant_type, row.decided, row.outcome)
        )
    return years


def report_versions(session: Session, agency: Agency, year: int) -> list[ReportSubmission]:
    """Every version of a year's report the head signed off (an amendment's reopened one included), oldest first."""
    draft = session.scalars(
        select(ReportDraft.id).where(ReportDraft.agency_id == agency.id, ReportDraft.year == year)
    ).first()
    return [] if draft is None else _submissions(session, draft)
