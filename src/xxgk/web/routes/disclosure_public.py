"""The public page of a catalogue item at its stable URL `/disclosure/{id}`: the metadata sites print,
the body, the attachments, the public version history; after withdrawal, a notice with the reason."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from xxgk.disclosure import service
from xxgk.disclosure.attachments import ALLOWED
from xxgk.disclosure.content import ItemContent
from xxgk.disclosure.vocabulary import PROACTIVE
from xxgk.store.disclosure import DisclosureAttachment, DisclosureItem, DisclosureVersion
from xxgk.web.access import CurrentUser, DbSession
from xxgk.web.pages import render

router = APIRouter(prefix="/disclosure")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _public(session: Session, item_id: int) -> DisclosureItem:
    found = session.get(DisclosureItem, item_id)
    if found is None or found.published_version_id is None or found.state not in ("published", "withdrawn"):
        raise HTTPException(404, "没有这条公开信息")
    return found


def _shown(session: Session, found: DisclosureItem, number: int | None) -> DisclosureVersion:
    history = service.public_history(found)
    if number is None:
        return service.version(session, found.published_version_id)
    for candidate in history:
        if candidate.number == number:
            return candidate
    raise HTTPException(404, "没有这个公开的版本")


@router.get("/{item_id}")
def public_item(
    request: Request, session: DbSession, user: CurrentUser, item_id: int, version: int | None = None
) -> Response:
    found = _public(session, item_id)
    if found.state == "withdrawn":
        return render(request, "disclosure/withdrawn.html", item=found)
    shown = _shown(session, found, version)
    content = service.content_of(shown)
    return render(
        request,
        "disclosure/item.html",
        item=found,
        shown=shown,
        content=content,
        full=content.openness == PROACTIVE,
        relations=_related(session, content),
        interpretations=_interpretations(session, found),
        history=service.public_history(found),
        formats=ALLOWED,
    )


def _related(session: Session, content: ItemContent) -> list[tuple[str, DisclosureItem]]:
    labels = {"interprets": "解读的文件", "amends": "修改的文件", "repeals": "废止的文件"}
    found = []
    for key, label in labels.items():
        target_id = getattr(content, key)
        target = session.get(DisclosureItem, target_id) if target_id else None
        if target is not None and target.state in ("published", "withdrawn"):
            found.append((label, target))
    return found


def _interpretations(session: Session, found: DisclosureItem) -> list[DisclosureItem]:
    return list(
        session.scalars(
            select(DisclosureItem).where(DisclosureItem.interprets_id == found.id, DisclosureItem.state == "published")
        )
    )


@router.get("/{item_id}/attachments/{attachment_id}")
def public_attachment(session: DbSession, item_id: int, attachment_id: int) -> Response:
    """A file of the published version (never one only a draft or a withdrawn item holds)."""
    found = _public(session, item_id)
    content = service.content_of(service.version(session, found.published_version_id))
    if found.state != "published" or content.openness != PROACTIVE:
        raise HTTPException(404, "没有这个附件")
    if attachment_id not in {ref.id for ref in content.attachments}:
        raise HTTPException(404, "没有这个附件")
    return file_response(service.attachment(session, found, attachment_id))


def file_response(stored: DisclosureAttachment) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(stored.filename)}"
    return Response(
        stored.data,
        media_type=MEDIA_TYPES.get(stored.format, "application/octet-stream"),
        headers={"Content-Disposition": disposition},
    )
