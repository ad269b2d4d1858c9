"""The desk's registration of an application received by post, in person, by fax or 平信
(`xxgk.web.intake`); the same service function as `xxgk ledger add`, audited as the clerk."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from xxgk.errors import XxgkError
from xxgk.ledger.amendments import amendment_of
from xxgk.ledger.applications import record_application
from xxgk.ledger.receipt import receipt_of
from xxgk.web.access import AgencyStaff, DbSession
from xxgk.web.desk import own_agency
from xxgk.web.filing import applicant_types
from xxgk.web.intake import IntakeForm, channel_choices, intake_of
from xxgk.web.pages import render

router = APIRouter(prefix="/desk/intake")
Text = Annotated[str, Form(max_length=4000)]


def _form_page(request: Request, form: IntakeForm, errors: dict[str, str]) -> Response:
    return render(
        request,
        "desk/intake.html",
        400 if errors else 200,
        form=form,
        errors=errors,
        applicant_types=applicant_types(),
        channels=channel_choices(),
    )


@router.get("")
def intake_page(request: Request, user: AgencyStaff) -> Response:
    own_agency(user)
    return _form_page(request, IntakeForm(channel="post"), {})


@router.post("")
def register(
    request: Request,
    session: DbSession,
    user: AgencyStaff,
    applicant_type: Text = "",
    applicant_name: Text = "",
    applicant_contact: Text = "",
    request_text: Annotated[str, Form(alias="request", max_length=4000)] = "",
    channel: Text = "",
    submitted: Text = "",
    signed_for: Text = "",
    confirmed: Text = "",
    amend: Text = "",
    amend_reason: Text = "",
) -> Response:
    """Register the application; its receipt date is the day art. 31 names for its channel.

    A receipt in a year already reported needs the amendment box ticked, with its reason."""
    agency = own_agency(user)
    typed = (applicant_type, applicant_name, applicant_contact, request_text, channel, submitted, signed_for, confirmed)
    form = IntakeForm(*(value.strip() for value in typed))
    found = intake_of(form, {key for key, _ in applicant_types()})
    if found.facts is None:
        return _form_page(request, form, found.errors)
    receipt = receipt_of(found.facts)
    try:
        with session.begin_nested():
            application = record_application(
                session,
                agency,
                received=receipt.received,
                submitted=found.facts.submitted,
                applicant_type=form.applicant_type,
                request=form.request[:2000],
                channel=found.facts.channel.value,
                applicant_name=form.applicant_name[:100] or None,
                applicant_contact=form.applicant_contact[:100] or None,
                actor=user,
                amendment=amendment_of(amend_reason) if amend else None,
            )
    except XxgkError as exc:
        return _form_page(request, form, {"form": str(exc)})
    return RedirectResponse(f"/desk/applications/{application.number}", status_code=303)
