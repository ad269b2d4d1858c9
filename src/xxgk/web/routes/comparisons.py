"""The supervisor's comparison page: filters, per-year totals, a ranking, an agency year by year, against
its peers and against another agency — each with its chart, the table beside it and the metrics' definitions.

Every number comes from the corpus's service functions (`xxgk.corpus.series`, `compare.rank`,
`compare.compare_agency`, `peers`), the same ones `xxgk rank` and `xxgk compare` print, over the agencies the user may see.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from xxgk.corpus.compare import compare_agency, rank
from xxgk.corpus.metrics import METRICS, Metric, metric_named
from xxgk.corpus.peers import PEER_ATTRIBUTES, SMALL_GROUP, compare_with_peers, side_by_side
from xxgk.corpus.selection import Filters
from xxgk.corpus.series import SMALL_YEAR, yearly_series
from xxgk.now import today
from xxgk.store.web import User
from xxgk.web.access import DbSession, Supervisor
from xxgk.web.agencies import KINDS, LEVELS
from xxgk.web.charts import peers_chart, ranking_chart, series_charts
from xxgk.web.context import web_context
from xxgk.web.pages import render
from xxgk.web.review import review_docx, review_pdf, year_review
from xxgk.web.scope import agency_outline, choosable_agencies, visible_agencies

router = APIRouter(prefix="/console")
Text = Annotated[str | None, Query(max_length=50)]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def scope_filters(
    session: Session,
    user: User,
    year: int | None,
    level: str | None,
    kind: str | None,
    region: str | None,
    template: str | None,
    include_errors: bool,
) -> Filters:
    """The page's filters, limited to the agencies the user may see."""
    visibility = visible_agencies(session, user)
    return Filters(
        year=year,
        level=level or None,
        kind=kind or None,
        region=(region or "").strip() or None,
        template=template if template in ("2019", "2021") else None,
        agencies=None if visibility.everything else visibility.agencies,
        include_errors=include_errors,
    )


@router.get("/compare")
def compare(
    request: Request,
    session: DbSession,
    user: Supervisor,
    year: Text = None,
    level: Text = None,
    kind: Text = None,
    region: Text = None,
    template: Text = None,
    include_errors: bool = False,
    metric: Text = None,
    agency_text: Annotated[str | None, Query(alias="agency", max_length=12)] = None,
    other_text: Annotated[str | None, Query(alias="other", max_length=12)] = None,
    by: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """A form's empty fields mean "any": numbers are read leniently, an unusable one is ignored."""
    chosen_year = _number(year, 1990, 2100)
    agency, other = _number(agency_text, 1, 2**31 - 1), _number(other_text, 1, 2**31 - 1)
    filters = scope_filters(session, user, chosen_year, level, kind, region, template, include_errors)
    chosen_metric = _metric(metric)
    series = yearly_series(session, filters)
    ranking = rank(session, chosen_metric, filters=filters)
    outline = choosable_agencies(session, user)
    allowed = {a.id for a in outline}
    peer_by = tuple(b for b in (by or list(PEER_ATTRIBUTES)) if b in PEER_ATTRIBUTES)
    peers = compare_with_peers(session, agency, peer_by, filters) if agency in allowed else None
    history = compare_agency(session, agency, filters=filters) if agency in allowed and agency is not None else None
    pair = side_by_side(session, [agency, other], filters) if agency in allowed and other in allowed else None
    return render(
        request,
        "oversight/compare.html",
        filters=filters,
        metric=chosen_metric,
        metrics=METRICS,
        levels=LEVELS,
        kinds=KINDS,
        series=series,
        series_charts=series_charts(series),
        ranking=ranking,
        ranking_chart=ranking_chart(ranking),
        outline=outline,
        agency=agency,
        other=other,
        peer_by=peer_by,
        peer_attributes=PEER_ATTRIBUTES,
        peers=peers,
        peers_chart=peers_chart(peers) if peers else None,
        pair=pair,
        history=history,
        small_group=SMALL_GROUP,
        small_year=SMALL_YEAR,
    )


def _number(text: str | None, low: int, high: int) -> int | None:
    value = (text or "").strip()
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def _metric(name: str | None) -> Metric:
    try:
        return metric_named(name or "disclosure_rate")
    except KeyError:
        return metric_named("disclosure_rate")


@router.get("/review")
def review(
    request: Request,
    session: DbSession,
    user: Supervisor,
    year: Annotated[int | None, Query(ge=2019, le=2100)] = None,
    fmt: Annotated[str | None, Query(alias="format", max_length=4)] = None,
) -> Response:
    """The year's review of the user's tree: a page offering it, or the document itself (DOCX, PDF)."""
    chosen = year or today().year - 1
    if fmt not in ("docx", "pdf"):
        return render(request, "oversight/review.html", year=chosen, years=list(range(2019, today().year + 1)))
    calendar = web_context(request).settings.calendar
    outline = agency_outline(session, visible_agencies(session, user))
    root = user.agency.name if user.agency is not None else "各机关"
    made = year_review(session, root, outline, chosen, calendar)
    data = review_docx(made) if fmt == "docx" else review_pdf(made)
    media = DOCX_TYPE if fmt == "docx" else "application/pdf"
    name = quote(f"{made.title}.{fmt}")
    return Response(data, media_type=media, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})
