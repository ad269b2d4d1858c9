"""Filing exactly once: each application form carries a one-time token, stored with what it filed.

The query code is kept in the clear for an hour only (`CODE_KEPT`), so a refresh
can show the receipt again; after that only the application's hash of it is left.

The form page puts a fresh random token in a hidden field. Filing inserts the
token's row in the same transaction as the application, so a second POST of the
same form (a refresh of the old confirmation, a double click, two tabs) meets
the row's primary key and is answered with the receipt of the first, never a
second application. The receipt is then shown by GET (POST-redirect-GET) from
the token the session remembers.
"""

from __future__ import annotations

import secrets
from datetime import UTC, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xxgk.now import now, today
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.submissions import PortalSubmission
from xxgk.web.filing import ApplicationForm, Filed, file_application

TOKEN_BYTES = 24
MAX_TOKEN = 64
# How long the receipt can show the query code again (a refresh, a double click); then only its hash is left.
CODE_KEPT = timedelta(hours=1)


def new_form_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def usable_token(token: str) -> bool:
    return 16 <= len(token) <= MAX_TOKEN and token.isascii()


def file_once(session: Session, agency: Agency, form: ApplicationForm, token: str) -> tuple[Filed, bool]:
    """File the form under `token` (True), or return what the token already filed (False)."""
    earlier = receipt(session, token)
    if earlier is not None:
        return earlier, False
    forget_old_codes(session)
    try:
        with session.begin_nested():
            filed = file_application(session, agency, form, today())
            application_id = session.query(Application.id).filter_by(agency_id=agency.id, number=filed.number).scalar()
            session.add(
                PortalSubmission(
                    token=token,
                    agency_id=agency.id,
                    application_id=application_id,
                    code=filed.code,
                    postal_address=form.address or None,
                )
            )
            session.flush()
    except IntegrityError:  # the same form filed at this moment by another request
        again = receipt(session, token)
        if again is None:
            raise
        return again, False
    return filed, True


def forget_old_codes(session: Session) -> None:
    """Drop the plain query codes of receipts older than CODE_KEPT."""
    session.execute(
        update(PortalSubmission)
        .where(PortalSubmission.code.is_not(None), PortalSubmission.created_at < now() - CODE_KEPT)
        .values(code=None)
    )


def receipt(session: Session, token: str) -> Filed | None:
    """The application a token filed, with its query code (None for an unknown token)."""
    submission = session.get(PortalSubmission, token)
    if submission is None:
        return None
    application = session.get(Application, submission.application_id)
    if application is None:
        return None
    fresh = submission.created_at.replace(tzinfo=submission.created_at.tzinfo or UTC) >= now() - CODE_KEPT
    return Filed(application.number, (submission.code or "") if fresh else "", application.received_on)


def postal_address(session: Session, application: Application) -> str | None:
    found = session.query(PortalSubmission.postal_address).filter_by(application_id=application.id).scalar()
    return str(found) if found else None
