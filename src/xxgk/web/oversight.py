"""What the supervisor console shows: the agencies × years grid of report states with the submission
calendar, and the metric list the comparisons explain (the comparisons themselves are the corpus's
service functions, `xxgk.corpus.series`, `compare` and `peers`, the same as `xxgk rank`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from xxgk.corpus.metrics import METRICS, Metric
from xxgk.web.annual import STATUS_LABELS, Listed, report_states
from xxgk.web.scope import AgencyNode
from xxgk.web.settings import ReportCalendar
from xxgk.web.submissions import Submission, Tally, submissions, tally

CHARTED = ("applications", "review_correction_rate")


@dataclass(frozen=True, slots=True)
class GridRow:
    """An agency's row: each year's report (None: nothing received) with its place in the calendar."""

    agency: AgencyNode
    cells: list[tuple[int, Listed | None, Submission]]
    tally: Tally


def status_grid(
    session: Session, agencies: list[AgencyNode], years: list[int], calendar: ReportCalendar
) -> list[GridRow]:
    """Each visible agency with its report's state and its submission state in each year."""
    ids = [a.id for a in agencies]
    states = report_states(session, ids, years)
    due = submissions(session, calendar, ids, years)
    return [
        GridRow(
            agency,
            [(year, states.get((agency.id, year)), due[(agency.id, year)]) for year in years],
            tally(due, agency.id),
        )
        for agency in agencies
    ]


def status_label(listed: Listed | None) -> str:
    return STATUS_LABELS["missing" if listed is None else listed.status]


def charted_metrics() -> list[Metric]:
    """The metrics the charts show, with their definitions; and every other, for the legend."""
    return sorted(METRICS, key=lambda m: (m.key not in CHARTED, METRICS.index(m)))
