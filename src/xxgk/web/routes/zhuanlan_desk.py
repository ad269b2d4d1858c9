"""公开指南设置: the head of an agency (or an administrator, choosing the agency) edits the facts its
政府信息公开指南 prints; the review body and court come from the letter settings."""

from __future__ import annotations

from dataclasses import fields
from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.disclosure.guide import LABELS, REQUIRED, GuideFacts, facts_of, facts_problems, save_facts
from xxgk.letters.service import letter_settings
from xxgk.store.agencies import Agency
from xxgk.store.web import User
from xxgk.web.access import DbSession
from xxgk.web.pages import render
from xxgk.web.routes.letters import Head
from xxgk.web.scope import choosable_agencies, chosen_agency

router = APIRouter()
PATH = "/desk/disclosure/guide"
Text = Annotated[str, Form(max_length=2000)]


def _page(
    request: Request,
    session: Session,
    user: User,
    agency: Agency | None,
    facts: GuideFacts | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    shown = facts if facts is not None else (facts_of(session, agency)[0] if agency else GuideFacts())
    return render(
        request,
        "desk/disclosure/guide.html",
        400 if errors else 200,
        agencies=choosable_agencies(session, user),
        agency=agency,
        facts=shown,
        labels=LABELS,
        required=REQUIRED,
        errors=errors or {},
        letters=letter_settings(session, agency) if agency else None,
    )


@router.get(PATH)
def guide_form(request: Request, session: DbSession, user: Head, agency: int | None = None) -> Response:
    return _page(request, session, user, chosen_agency(session, user, agency))


@router.post(PATH)
def save_guide(
    request: Request,
    session: DbSession,
    user: Head,
    agency_id: Annotated[int | None, Form()] = None,
    office: Text = "",
    address: Text = "",
    postcode: Text = "",
    hours: Text = "",
    phone: Text = "",
    fax: Text = "",
    email: Text = "",
    fees: Text = "",
    notes: Text = "",
) -> Response:
    agency = chosen_agency(session, user, agency_id)
    if agency is None:
        return _page(request, session, user, None, errors={"agency": "请选择机关"})
    typed = dict(office=office, address=address, postcode=postcode, hours=hours, phone=phone, fax=fax, email=email)
    facts = GuideFacts(**typed, fees=fees, notes=notes)
    assert set(typed) | {"fees", "notes"} == {f.name for f in fields(GuideFacts)}
    problems = facts_problems(facts)
    if problems:
        return _page(request, session, user, agency, facts, problems)
    save_facts(session, agency, user, facts)
    chosen = "" if user.agency is not None else f"&agency={agency.id}"
    return RedirectResponse(f"{PATH}?saved=1{chosen}", status_code=303)
