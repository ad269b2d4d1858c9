"""What the desk's catalogue pages need beyond the service: the drafting form read field by field
(each problem in Chinese under its field), the choices the form offers, and who may do what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from xxgk.disclosure import service
from xxgk.disclosure.attachments import AttachmentError, ReadAttachment, read_attachment
from xxgk.disclosure.content import LABELS, RELATIONS, AttachmentRef, ContentProblems, ItemContent, read_content
from xxgk.disclosure.vocabulary import DOC_KINDS, GENRES, OPENNESS, TOPICS
from xxgk.now import CHINA
from xxgk.store.agencies import Agency
from xxgk.store.web import Role, User

MAX_ATTACHMENTS = 20
DRAFTERS = frozenset({Role.clerk, Role.head})


@dataclass
class DraftForm:
    """The form's values as typed, the files it brought, and the problem of each field."""

    values: dict[str, str]
    files: list[ReadAttachment] = field(default_factory=list)
    removed: set[int] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)


def choices() -> dict[str, Any]:
    """The national lists the form offers (the agency's own columns are added by the page)."""
    return {"topics": TOPICS, "genres": GENRES, "doc_kinds": DOC_KINDS, "openness": OPENNESS, "labels": LABELS}


async def read_form(form: FormData) -> DraftForm:
    """The text fields, the uploaded files (read and checked now), and the attachments to remove."""
    values = {key: str(form.get(key) or "") for key in LABELS}
    draft = DraftForm(values)
    uploads = [item for item in form.getlist("attachments") if isinstance(item, UploadFile) and item.filename]
    if len(uploads) > MAX_ATTACHMENTS:
        draft.errors["attachments"] = f"一次最多上传 {MAX_ATTACHMENTS} 个附件"
        return draft
    problems = []
    for upload in uploads:
        try:
            draft.files.append(read_attachment(upload.filename or "附件", await upload.read()))
        except AttachmentError as exc:
            problems.append(str(exc))
    if problems:
        draft.errors["attachments"] = "；".join(problems)
    draft.removed = {int(v) for v in form.getlist("remove") if isinstance(v, str) and v.isdigit()}
    return draft


def content_of_form(
    session: Session, agency: Agency, draft: DraftForm, kept: tuple[AttachmentRef, ...] = ()
) -> ItemContent | None:
    """The content the form describes (without the new files, stored once it is valid), or None with
    `draft.errors` filled: every field's problem, relations that name no item of the agency included."""
    relations: dict[str, int | None] = {}
    for key in RELATIONS:
        try:
            relations |= service.resolve_relations(session, agency, {key: draft.values.get(key, "")})
        except service.DisclosureError as exc:
            draft.errors[key] = str(exc)
    try:
        content = read_content(draft.values, relations, kept, service.settings_of(session, agency).choices)
    except ContentProblems as exc:
        draft.errors |= exc.problems
        return None
    return None if draft.errors else content


def may_draft(user: User) -> bool:
    return user.role_enum in DRAFTERS and user.agency_id is not None


def local_instant(text: str) -> datetime | None:
    """A datetime-local field (Beijing time) as an aware instant; None when empty or unreadable."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def blank_values(agency: Agency, defaults: Mapping[str, str] | None = None) -> dict[str, str]:
    values = {key: "" for key in LABELS}
    values |= {"issuer": agency.name, "openness": OPENNESS[0], "doc_kind": DOC_KINDS[-1]}
    return values | dict(defaults or {})
