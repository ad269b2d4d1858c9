"""The citizen's online 补正: what the 补正告知书 asked and by when, and the correction sent back.

Sending records 收到补正 through the ledger's `record_event` (so the clock restarts
from that day, by the same rules as a correction the clerk records), keeps the
text and the files, and audits it. A correction after the notice's period is
accepted too, flagged `late`: whether there was good reason is the clerk's call
(《条例》第三十条 无正当理由逾期不补正), and the desk shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.errors import XxgkError
from xxgk.ledger.clock import Event, EventKind
from xxgk.ledger.decisions import record_event
from xxgk.ledger.records import LedgerError
from xxgk.now import today
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.portal_files import PortalCorrection
from xxgk.store.web import audit
from xxgk.web.attachments import Checked, keep

MAX_TEXT = 4000
ACTOR = "公众"


class CorrectionError(XxgkError):
    """A correction that cannot be taken (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class Asked:
    """The open 补正 request of an application: what to correct, the last day, and whether it has passed."""

    what: str
    until: date | None
    answered: bool

    @property
    def overdue(self) -> bool:
        return self.until is not None and today() > self.until


def correction_asked(application: Application) -> Asked | None:
    """The application's 补正 request, or None when the agency asked for none."""
    notice = next((e for e in application.events if e.kind == EventKind.correction_notice), None)
    if notice is None:
        return None
    answered = any(e.kind == EventKind.correction_received for e in application.events)
    return Asked(notice.reason or "（补正告知书未写明，请联系本机关）", notice.until, answered)


def send_correction(
    session: Session, agency: Agency, application: Application, text: str, files: list[Checked]
) -> PortalCorrection:
    """Record the citizen's correction received today (late ones flagged), its text and files."""
    asked = correction_asked(application)
    if application.outcome is not None:
        raise CorrectionError("申请已办结，不能再提交补正")
    if asked is None:
        raise CorrectionError("本机关没有要求补正这件申请")
    if asked.answered:
        raise CorrectionError("本机关已收到这件申请的补正，不能重复提交")
    text = text.strip()
    if not text and not files:
        raise CorrectionError("请填写补正内容或附上补正材料")
    if len(text) > MAX_TEXT:
        raise CorrectionError(f"补正内容不能超过 {MAX_TEXT} 个字")
    day = today()
    try:
        record_event(session, agency, application.number, Event(EventKind.correction_received, day), actor=ACTOR)
    except LedgerError as exc:
        raise CorrectionError(str(exc)) from None
    correction = PortalCorrection(application_id=application.id, text=text, received_on=day, late=asked.overdue)
    session.add(correction)
    session.flush()
    keep(session, application, files, correction.id)
    audit(
        session,
        ACTOR,
        "application.correction",
        "application",
        application.number,
        agency_id=agency.id,
        late=correction.late,
        files=len(files),
    )
    return correction


def corrections_of(session: Session, application: Application) -> list[PortalCorrection]:
    return list(
        session.scalars(
            select(PortalCorrection)
            .where(PortalCorrection.application_id == application.id)
            .order_by(PortalCorrection.id)
        )
    )
