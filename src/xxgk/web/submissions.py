"""The submission calendar: for each agency and year, whether its annual report is 未到期, came 按时
or 逾期, or is 缺报 — judged against the deadline (31 January of the next year unless configured)
and today by `xxgk.now.today()`, never the wall clock.

A report counts as received on the day the head signed it off on the desk (`submitted_at`,
in China), or, for a report uploaded into the corpus, on the publication date printed on it
(`published`, read from the page). An uploaded report without a printed date is received
but undated (日期不详): neither on time nor late can be claimed for it. An agency retired by a
year's deadline owes no report for that year (已撤销): nobody is left to write it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.now import CHINA, today
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusReport
from xxgk.store.portal import ReportDraft
from xxgk.web.settings import ReportCalendar

STATE_LABELS = {
    "not_due": "未到期",
    "on_time": "按时",
    "late": "逾期",
    "missing": "缺报",
    "undated": "已收到（日期不详）",
    "retired": "已撤销（无需报送）",
}


@dataclass(frozen=True, slots=True)
class Submission:
    """One agency's report of one year against its deadline."""

    agency_id: int
    year: int
    due: date
    received: date | None
    state: str  # a key of STATE_LABELS

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def days_late(self) -> int:
        return (self.received - self.due).days if self.state == "late" and self.received else 0


def due_date(calendar: ReportCalendar, year: int) -> date:
    """The last day the report of `year` is on time."""
    return date(year + 1, calendar.due_month, calendar.due_day)


def calendar_years(calendar: ReportCalendar) -> list[int]:
    """The years the grid shows: from `first_year` to this year (whose report is not yet due)."""
    return list(range(calendar.first_year, max(today().year, calendar.first_year) + 1))


def state_of(
    calendar: ReportCalendar, year: int, received: date | None, dated: bool = True, retired: date | None = None
) -> str:
    """未到期 / 按时 / 逾期 / 缺报 for a report of `year` received on `received` (None: nothing yet);
    已撤销 when nothing came and the agency was retired on or before the deadline."""
    due = due_date(calendar, year)
    if received is None:
        if not dated:
            return "undated"
        if retired is not None and retired <= due:
            return "retired"
        return "not_due" if today() <= due else "missing"
    return "on_time" if received <= due else "late"


def received_dates(
    session: Session, agency_ids: Iterable[int], years: Iterable[int]
) -> dict[tuple[int, int], tuple[date | None, bool]]:
    """(agency, year) → (the day its report was received, whether that day is known), earliest source first."""
    ids, wanted = list(agency_ids), list(years)
    out: dict[tuple[int, int], tuple[date | None, bool]] = {}
    drafts = select(ReportDraft.agency_id, ReportDraft.year, ReportDraft.submitted_at).where(
        ReportDraft.agency_id.in_(ids), ReportDraft.year.in_(wanted), ReportDraft.submitted_at.is_not(None)
    )
    for agency_id, year, submitted_at in session.execute(drafts):
        if submitted_at is not None:
            _keep(out, (agency_id, year), china_day(submitted_at))
    corpus = select(CorpusReport.agency_id, CorpusReport.year, CorpusReport.published).where(
        CorpusReport.agency_id.in_(ids), CorpusReport.year.in_(wanted)
    )
    for owner, stated, published in session.execute(corpus):
        if owner is not None and stated is not None:
            _keep(out, (owner, stated), _parsed(published))
    return out


def retirement_days(session: Session, agency_ids: Iterable[int]) -> dict[int, date]:
    """Agency → the day (in China) it was retired, for the retired ones among `agency_ids`."""
    query = select(Agency.id, Agency.retired_at).where(Agency.id.in_(list(agency_ids)), Agency.retired_at.is_not(None))
    return {agency_id: china_day(moment) for agency_id, moment in session.execute(query) if moment is not None}


def china_day(moment: datetime) -> date:
    """The day in China of a stored instant (SQLite hands back naive UTC datetimes)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(CHINA).date()


def _keep(out: dict[tuple[int, int], tuple[date | None, bool]], key: tuple[int, int], day: date | None) -> None:
    known = out.get(key)
    if day is None:
        out.setdefault(key, (None, False))
    elif known is None or known[0] is None or day < known[0]:
        out[key] = (day, True)


def _parsed(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def submissions(
    session: Session, calendar: ReportCalendar, agency_ids: list[int], years: list[int]
) -> dict[tuple[int, int], Submission]:
    """Every (agency, year) of `agency_ids` × `years` with its state."""
    received = received_dates(session, agency_ids, years)
    retired = retirement_days(session, agency_ids)
    out = {}
    for agency_id in agency_ids:
        for year in years:
            day, dated = received.get((agency_id, year), (None, True))
            state = state_of(calendar, year, day, dated, retired.get(agency_id))
            out[(agency_id, year)] = Submission(agency_id, year, due_date(calendar, year), day, state)
    return out


@dataclass(frozen=True, slots=True)
class Tally:
    """One agency's record over the years shown: how many on time, late, missing."""

    on_time: int
    late: int
    missing: int
    days_late: int


def tally(found: dict[tuple[int, int], Submission], agency_id: int) -> Tally:
    """Late publication counted for one agency (and the days it ran late, in sum)."""
    mine = [s for (a, _), s in found.items() if a == agency_id]
    return Tally(
        sum(s.state == "on_time" for s in mine),
        sum(s.state == "late" for s in mine),
        sum(s.state == "missing" for s in mine),
        sum(s.days_late for s in mine),
    )
