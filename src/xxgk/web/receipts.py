"""Filing exactly once: each application form carries a one-time token, stored with what it filed.

The query code is stored sealed (Fernet) under a key derived from the form token,
which only the applicant's session holds: that browser's refresh shows the
receipt again, while the database alone never reveals a query code (the
application keeps only its SHA-256, for the status lookup).

The form page puts a fresh random token in a hidden field. Filing inserts the
token's row in the same transaction as the application, so a second POST of the
same form (a refresh of the old confirmation, a double click, two tabs) meets
the row's primary key and is answered with the receipt of the first, never a
second application. The receipt is then shown by GET (POST-redirect-GET) from
the token the session remembers.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xxgk.now import today
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.submissions import PortalSubmission
from xxgk.web.attachments import Checked, keep
from xxgk.web.filing import ApplicationForm, Filed, file_application

TOKEN_BYTES = 24
MAX_TOKEN = 64


def new_form_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def usable_token(token: str) -> bool:
    return 16 <= len(token) <= MAX_TOKEN and token.isascii()


def file_once(
    session: Session, agency: Agency, form: ApplicationForm, token: str, files: list[Checked] | None = None
) -> tuple[Filed, bool]:
    """File the form under `token` (True), or return what the token already filed (False)."""
    earlier = receipt(session, token)
    if earlier is not None:
        return earlier, False
    try:
        with session.begin_nested():
            filed = file_application(session, agency, form, today())
            application = session.query(Application).filter_by(agency_id=agency.id, number=filed.number).one()
            application_id = application.id
            session.add(
                PortalSubmission(
                    token=token,
                    agency_id=agency.id,
                    application_id=application_id,
                    sealed_code=_sealer(token).encrypt(filed.code.encode()),
                    postal_address=form.address or None,
                )
            )
            session.flush()
            keep(session, application, files or [])
    except IntegrityError:  # the same form filed at this moment by another request
        again = receipt(session, token)
        if again is None:
            raise
        return again, False
    return filed, True


def _sealer(token: str) -> Fernet:
    """The receipt's key: HKDF-SHA256 of the form token (24 random bytes), never stored."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"xxgk portal receipt").derive(token.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def receipt(session: Session, token: str) -> Filed | None:
    """The application a token filed, with its query code unsealed (None for an unknown token)."""
    submission = session.get(PortalSubmission, token)
    if submission is None:
        return None
    application = session.get(Application, submission.application_id)
    if application is None:
        return None
    try:
        code = _sealer(token).decrypt(submission.sealed_code).decode() if submission.sealed_code else ""
    except InvalidToken:
        code = ""
    return Filed(application.number, code, application.received_on)


def postal_address(session: Session, application: Application) -> str | None:
    found = session.query(PortalSubmission.postal_address).filter_by(application_id=application.id).scalar()
    return str(found) if found else None
