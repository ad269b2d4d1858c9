"""The desk's applications: the list by working days left, one application's page and its forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger import service
from xxgk.ledger.clock import EVENT_LABELS
from xxgk.ledger.privacy import mask_contact
from xxgk.now import today
from xxgk.store.ledger import Application
from xxgk.store.portal import PortalRequest
from xxgk.store.web import User, audit
from xxgk.web.access import AgencyStaff, DbSession
from xxgk.web.desk import EVENT_FORMS, EventInput, FormError, day_of, event_of, outcome_choices, own_agency
from xxgk.web.pages import render
from xxgk.web.timeline import applicant_type_label, clock_of, entries, status_text

router = APIRouter(prefix="/desk/applications")
Text = Annotated[str, Form(max_length=4000)]


def _application(session: Session, user: User, number: str) -> Application:
    try:
        return service.find_application(session, own_agency(user), number)
    except service.LedgerError:
        raise HTTPException(404, "本机关台账中没有这个申请") from None


def _page(
    request: Request, session: Session, user: User, application: Application, error: str | None = None
) -> Response:
    clock = clock_of(session, application)
    portal = session.scalars(select(PortalRequest).where(PortalRequest.application_id == application.id)).one_or_none()
    return render(
        request,
        "desk/application.html",
        400 if error else 200,
        application=application,
        portal=portal,
        clock=clock,
        state=status_text(application, clock),
        timeline=entries(application),
        applicant_type=applicant_type_label(application.applicant_type),
        contact=mask_contact(application.applicant_contact),
        event_forms=[(kind.value, EVENT_LABELS[kind]) for kind in EVENT_FORMS],
        outcomes=outcome_choices(today()),
        today=today(),
        error=error,
    )


@router.get("/{number}")
def application_page(request: Request, session: DbSession, user: AgencyStaff, number: str) -> Response:
    return _page(request, session, user, _application(session, user, number))


@router.post("/{number}/events")
def record_event(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    number: str,
    kind: Text = "",
    on: Text = "",
    until: Text = "",
    days: Text = "",
    reason: Text = "",
    delivered: Text = "",
    party: Text = "",
) -> Response:
    """补正, consultation, extension (the head only), fee notice or payment, checked by the clock's rules."""
    application = _application(session, user, number)
    agency = own_agency(user)
    try:
        event = event_of(EventInput(kind, on, until, days, reason, delivered, party), user)
        with session.begin_nested():
            service.record_event(session, agency, number, event)
    except (FormError, XxgkError) as exc:
        session.refresh(application)
        return _page(request, session, user, application, str(exc))
    detail = {"kind": event.kind.value, "on": event.on.isoformat()}
    audit(session, user, "application.event", "application", number, agency_id=agency.id, **detail)
    return RedirectResponse(f"/desk/applications/{number}", status_code=303)


@router.post("/{number}/decision")
def decide(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    number: str,
    on: Text = "",
    outcome: Text = "",
    reply: Text = "",
) -> Response:
    """Close the application with one outcome row of table 三."""
    application = _application(session, user, number)
    agency = own_agency(user)
    try:
        decided = day_of(on, "办结日期")
        with session.begin_nested():
            service.decide(session, agency, number, decided, outcome, reply.strip() or None)
    except (FormError, XxgkError) as exc:
        session.refresh(application)
        return _page(request, session, user, application, str(exc))
    audit(session, user, "application.decide", "application", number, agency_id=agency.id, outcome=outcome, on=on)
    return RedirectResponse(f"/desk/applications/{number}", status_code=303)


@router.get("/{number}/letter")
def reply_letter(request: Request, session: DbSession, user: AgencyStaff, number: str) -> Response:
    """The reply letter (答复书) generated from the decision, ready to print."""
    application = _application(session, user, number)
    if application.outcome is None:
        raise HTTPException(404, "申请尚未办结，没有答复书")
    return render(
        request,
        "desk/letter.html",
        application=application,
        agency=own_agency(user),
        outcome=status_text(application, clock_of(session, application)).removeprefix("已办结："),
    )
