"""The demo's working data: a year of generated applications for the demo bureau, a few still open,
and the example reports in the corpus under the demo city, so every page has something to show."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.corpus.ingest import ingest
from xxgk.ledger.applications import import_rows, record_application
from xxgk.ledger.calendar import WorkCalendar
from xxgk.ledger.generate import enter_cases_and_figures, generate_ledger
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusReport
from xxgk.store.database import Database, session_scope
from xxgk.store.web import CorpusRelease

SEED = 20261121
PER_YEAR = 300
# (working days before today it arrived, applicant column, request): open applications at every stage of the clock
OPEN = (
    (2, "natural_person", "申请公开本局年度科技计划项目立项名单"),
    (9, "commercial", "申请公开高新技术企业认定的评审结果"),
    (16, "natural_person", "申请公开科技创新券的发放明细"),
    (19, "legal_service", "申请公开某项目专项资金的审计报告"),
    (23, "natural_person", "申请公开本局会议纪要"),
)


def seed_ledger(session: Session, agency: Agency, today: date) -> None:
    """Last year's generated ledger (decided, with cases and table 二) and a handful of open applications."""
    generated = generate_ledger(SEED, range(today.year - 1, today.year), PER_YEAR, closing=today)
    import_rows(session, agency, generated.rows)
    enter_cases_and_figures(session, agency, generated)
    calendar = WorkCalendar()
    for days_ago, applicant_type, request in OPEN:
        record_application(
            session,
            agency,
            received=_workdays_before(calendar, today, days_ago),
            applicant_type=applicant_type,
            request=request,
            channel="网上申请",
            applicant_name="王小明" if applicant_type == "natural_person" else "某某有限公司",
            applicant_contact="13800138000",
        )


def _workdays_before(calendar: WorkCalendar, day: date, n: int) -> date:
    while n > 0:
        day -= timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def seed_corpus(db: Database, examples: Path, parent: str) -> None:
    """The example reports ingested; their agencies placed under `parent` so its supervisor sees them."""
    ingest(db, [examples])
    with session_scope(db) as session:
        above = session.scalars(select(Agency).where(Agency.name == parent)).one()
        reporting = select(CorpusReport.agency_id).where(CorpusReport.agency_id.is_not(None))
        for agency in session.scalars(select(Agency).where(Agency.id.in_(reporting), Agency.parent_id.is_(None))):
            if agency.id != above.id:
                agency.parent = above
        # The demo's reports are public as a supervisor would publish them: those without errors.
        released = select(CorpusRelease.document_id)
        for document_id in session.scalars(
            select(CorpusReport.document_id).where(CorpusReport.errors == 0, CorpusReport.document_id.not_in(released))
        ):
            session.add(CorpusRelease(document_id=document_id))
