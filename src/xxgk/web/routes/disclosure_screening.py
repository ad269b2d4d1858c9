"""The desk's screening pages: the agency's word list and own published contacts (edited by its
head), and on an item the signer's override of blocking hits (with a reason) and a reviewer's
acknowledgement of warnings. The hits themselves are shown on the item page (`hits_context`)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from xxgk.disclosure import screening, service
from xxgk.errors import XxgkError
from xxgk.screen.kinds import KINDS, SEVERITY_LABELS
from xxgk.screen.words import parse_words, words_text
from xxgk.store.disclosure import DisclosureItem, DisclosureVersion
from xxgk.store.web import Role, User
from xxgk.web.access import AgencyStaff, DbSession
from xxgk.web.desk import own_agency
from xxgk.web.pages import render

router = APIRouter()
BASE = "/desk/disclosure"
Words = Annotated[str, Form(max_length=200_000)]
Reason = Annotated[str, Form(max_length=2000)]


def hits_context(session: Session, found: DisclosureItem, current: DisclosureVersion, user: User) -> dict[str, Any]:
    """What the item page shows of screening: the hits (masked), the decisions, what is still open."""
    result = screening.screen_version(session, found, current)
    decisions = screening.decisions_on(session, current)
    decided = {d.decision for d in decisions}
    return {
        "screened": result,
        "screening_decisions": decisions,
        "needs_override": bool(result.blocking) and screening.OVERRIDE not in decided,
        "needs_acknowledgement": bool(result.warnings) and not decided,
        "may_override": user.role_enum is Role.head,
        "severity_labels": SEVERITY_LABELS,
        "decision_labels": screening.DECISION_LABELS,
    }


@router.get(f"{BASE}/screening")
def settings_page(request: Request, session: DbSession, user: AgencyStaff, error: str | None = None) -> Response:
    rules = screening.rules_of(session, own_agency(user))
    return render(
        request,
        "desk/disclosure/screening.html",
        400 if error else 200,
        words=words_text(rules.words),
        contacts="\n".join(rules.contacts),
        kinds=KINDS.values(),
        severity_labels=SEVERITY_LABELS,
        may_change=user.role_enum is Role.head,
        error=error,
    )


@router.post(f"{BASE}/screening")
def save_settings(
    request: Request, session: DbSession, user: AgencyStaff, words: Words = "", contacts: Words = ""
) -> Response:
    if user.role_enum is not Role.head:
        raise HTTPException(403, "只有机关负责人可以修改审查词表和本机关联系方式")
    try:
        with session.begin_nested():
            screening.configure_screening(
                session, own_agency(user), user, words=parse_words(words.splitlines()), contacts=contacts.splitlines()
            )
    except XxgkError as exc:
        return settings_page(request, session, user, str(exc))
    return RedirectResponse(f"{BASE}/screening", status_code=303)


@router.post(BASE + "/{item_id}/screening/override")
def override(request: Request, session: DbSession, user: AgencyStaff, item_id: int, reason: Reason = "") -> Response:
    return _decide(session, user, item_id, lambda found: screening.override(session, found, user, reason))


@router.post(BASE + "/{item_id}/screening/acknowledge")
def acknowledge(request: Request, session: DbSession, user: AgencyStaff, item_id: int) -> Response:
    return _decide(session, user, item_id, lambda found: screening.acknowledge(session, found, user))


def _decide(session: Session, user: User, item_id: int, act: Any) -> Response:
    """Take the decision; a refusal goes back to the item page, which shows it."""
    try:
        found = service.find_item(session, own_agency(user), item_id)
    except service.DisclosureError:
        raise HTTPException(404, "本机关目录中没有这条信息") from None
    try:
        with session.begin_nested():
            act(found)
    except XxgkError as exc:
        return RedirectResponse(f"{BASE}/{item_id}?{urlencode({'error': str(exc)})}", status_code=303)
    return RedirectResponse(f"{BASE}/{item_id}#screening", status_code=303)
