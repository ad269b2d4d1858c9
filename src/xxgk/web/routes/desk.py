"""The agency desk: open applications by working days left, review and litigation cases, table 二 figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger.amendments import amendment_of
from xxgk.ledger.annual import year_report
from xxgk.ledger.cases import add_review_case, set_active_figures
from xxgk.ledger.due import due_list
from xxgk.ledger.estimate import LIST_NOTE
from xxgk.ledger.vocabulary import case_kinds, case_results, template_for_year
from xxgk.ledger.workdays import load_calendar
from xxgk.now import today
from xxgk.records import service as records
from xxgk.store.ledger import ReviewCase
from xxgk.store.web import User
from xxgk.web.access import AgencyStaff, DbSession, Year
from xxgk.web.desk import FormError, day_of, optional_day, own_agency, urgency
from xxgk.web.pages import render
from xxgk.web.scope import agency_outline, visible_agencies
from xxgk.web.worklist import FILTERS, MAX_QUERY, work_list

router = APIRouter(prefix="/desk")
Text = Annotated[str, Form(max_length=4000)]
CASES_SHOWN = 500
SHOWN = 100  # open applications listed by default (the most urgent); `?all=1` lists every one


@router.get("")
def desk(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    show_all: Annotated[bool, Query(alias="all")] = False,
    state: Annotated[str, Query(max_length=20)] = "",
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
) -> Response:
    """The day's work: open applications, overdue first, then by working days left; or one list
    (running, paused, problem, closed) searched by number or name."""
    visible = agency_outline(session, visible_agencies(session, user))
    limit = None if show_all else SHOWN
    state = state if state in FILTERS else ""
    filtered = bool(state or q.strip())
    due = due_list(session, user.agency, today(), limit=limit) if user.agency and not filtered else None
    listed = (
        work_list(session, user.agency, today(), load_calendar(session), state=state, query=q)
        if user.agency and filtered
        else None
    )
    return render(
        request,
        "desk.html",
        filters=FILTERS,
        state=state,
        q=q,
        listed=listed,
        agencies=visible,
        due=[(item, urgency(item)) for item in due.items] if due else [],
        open_count=due.open if due else 0,
        overdue=due.overdue if due else 0,
        hidden=due.hidden if due else 0,
        year=today().year,
        estimate_note=LIST_NOTE,
    )


@router.get("/cases")
def cases(request: Request, session: DbSession, user: AgencyStaff, error: str | None = None) -> Response:
    agency = own_agency(user)
    stored = session.scalars(
        select(ReviewCase)
        .where(ReviewCase.agency_id == agency.id)
        .order_by(ReviewCase.filed_on.desc())
        .limit(CASES_SHOWN)
    ).all()
    return render(
        request,
        "desk/cases.html",
        400 if error else 200,
        cases=stored,
        kinds=case_kinds(),
        results=case_results(),
        error=error,
    )


@router.post("/cases")
def add_case(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    kind: Text = "",
    filed: Text = "",
    concluded: Text = "",
    result: Text = "",
    number: Text = "",
    application: Text = "",
    amend: Text = "",
    amend_reason: Text = "",
) -> Response:
    """Record an administrative review or lawsuit (table 四); into a year already reported only
    as an amendment (the box ticked, with its reason), which reopens that year's report."""
    agency = own_agency(user)
    try:
        with session.begin_nested():
            add_review_case(
                session,
                agency,
                kind=kind,
                filed_on=day_of(filed, "立案日期"),
                concluded_on=optional_day(concluded, "审结日期"),
                result=result or None,
                application_number=application.strip() or None,
                number=number.strip()[:64] or None,
                actor=user,
                amendment=amendment_of(amend_reason) if amend else None,
            )
    except (FormError, XxgkError) as exc:
        return cases(request, session, user, str(exc))
    return RedirectResponse("/desk/cases", status_code=303)


@router.get("/active/{year}")
def active_figures(
    request: Request, session: DbSession, user: AgencyStaff, year: Year, error: str | None = None
) -> Response:
    """Table 二 of `year`: every row and field from the year's template, with the figures entered."""
    agency = own_agency(user)
    report = year_report(session, agency, year)
    return render(
        request,
        "desk/active.html",
        400 if error else 200,
        year=year,
        table=template_for_year(year).table("active"),
        report=report,
        counted=records.table_two(session, agency, year).counted,
        error=error,
    )


@router.post("/active/{year}")
async def save_active_figures(request: Request, session: DbSession, user: AgencyStaff, year: Year) -> Response:
    """Store the table 二 cells filled in (field names are cell ids; blank fields are left as they are)."""
    form = await request.form()  # already parsed by the CSRF check
    values = {key: str(value) for key, value in form.items() if key.startswith("active.") and str(value).strip()}
    reason = str(form.get("amend_reason") or "") if form.get("amend") else None
    return await run_in_threadpool(_store_active, request, session, user, year, values, reason)


def _store_active(
    request: Request, session: Session, user: User, year: int, values: dict[str, str], reason: str | None
) -> Response:
    """Store the figures; a year already reported only as an amendment (`reason`), which reopens it."""
    agency = own_agency(user)
    try:
        with session.begin_nested():
            set_active_figures(session, agency, year, values, actor=user, amendment=amendment_of(reason))
    except XxgkError as exc:
        return active_figures(request, session, user, year, str(exc))
    return RedirectResponse(f"/desk/active/{year}", status_code=303)
