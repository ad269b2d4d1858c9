"""The desk's applications: the list by working days left, one application's page and its forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger import decisions
from xxgk.ledger.applications import find_application
from xxgk.ledger.clock import EVENT_LABELS
from xxgk.ledger.privacy import mask_contact, mask_id_number
from xxgk.ledger.records import LedgerError
from xxgk.letters.service import available_letters
from xxgk.letters.wording import GROUNDS
from xxgk.now import today
from xxgk.store.ledger import Application
from xxgk.store.portal import PortalRequest
from xxgk.store.web import User, audit
from xxgk.web.access import AgencyStaff, DbSession
from xxgk.web.desk import EVENT_FORMS, EventInput, FormError, day_of, event_of, outcome_choices, own_agency
from xxgk.web.pages import render
from xxgk.web.receipts import postal_address
from xxgk.web.timeline import applicant_type_label, clock_of, entries, status_text

router = APIRouter(prefix="/desk/applications")
Text = Annotated[str, Form(max_length=4000)]


def _application(session: Session, user: User, number: str) -> Application:
    try:
        return find_application(session, own_agency(user), number)
    except LedgerError:
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
        id_number=mask_id_number(portal.document_number) if portal else "",
        event_forms=[(kind.value, EVENT_LABELS[kind]) for kind in EVENT_FORMS],
        outcomes=outcome_choices(today()),
        letters=available_letters(application),
        address=postal_address(session, application),
        grounds=GROUNDS,
        today=today(),
        error=error,
    )


@router.post("/{number}/identity")
def reveal_identity(session: DbSession, user: AgencyStaff, number: str) -> Response:
    """The applicant's full identity document number, on request; who asked is written to the audit log."""
    application = _application(session, user, number)
    portal = session.scalars(select(PortalRequest).where(PortalRequest.application_id == application.id)).one_or_none()
    if portal is None or not portal.document_number:
        raise HTTPException(404, "这个申请没有证件号码")
    audit(
        session, user, "application.identity_shown", "application", application.number, agency_id=application.agency_id
    )
    return HTMLResponse(escape(portal.document_number))


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
            decisions.record_event(session, agency, number, event)
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
    reasons: Text = "",
    articles: Annotated[list[str] | None, Form(max_length=40)] = None,
) -> Response:
    """Close the application with one outcome row of table 三; a withholding needs its reasons and articles."""
    application = _application(session, user, number)
    agency = own_agency(user)
    try:
        decided = day_of(on, "办结日期")
        with session.begin_nested():
            decisions.decide(
                session,
                agency,
                number,
                decided,
                outcome,
                reply.strip() or None,
                reasons=reasons,
                articles=articles or (),
            )
    except (FormError, XxgkError) as exc:
        session.refresh(application)
        return _page(request, session, user, application, str(exc))
    audit(session, user, "application.decide", "application", number, agency_id=agency.id, outcome=outcome, on=on)
    return RedirectResponse(f"/desk/applications/{number}", status_code=303)
