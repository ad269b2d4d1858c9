"""Files a citizen attaches on the portal (to the application or to an online 补正): checked, then kept.

The type is recognised from the content (`filetype` reads the magic bytes; a
DOCX is a ZIP whose parts say so), never from the name or the browser's claim;
only PDF, JPEG, PNG and DOCX are taken. Counts and sizes are limited per
submission. The name is kept only as a label (no path, no control characters),
the bytes in the database, so nothing the citizen chose touches the file system.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import filetype
from fastapi import Request, UploadFile
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from xxgk.store.ledger import Application
from xxgk.store.portal_files import PortalAttachment
from xxgk.web.guards import allow_body

MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 10 * 1024 * 1024
# The body a portal form with attachments may send: the files plus the form's fields.
MAX_BODY_BYTES = MAX_TOTAL_BYTES + 256 * 1024
ACCEPTED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word（DOCX）",
}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.docx"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
_MARK = "xxgk_portal_attachments"


def with_attachments(endpoint: Endpoint) -> Endpoint:
    """Mark a portal route whose form may carry attachments (its body may reach MAX_BODY_BYTES)."""
    setattr(endpoint, _MARK, True)
    return endpoint


class AttachmentRoute(APIRoute):
    """A route that raises the body allowance before FastAPI reads the form, when its endpoint is marked."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if not getattr(self.endpoint, _MARK, False):
            return handler

        async def allowed(request: Request) -> Response:
            allow_body(request.scope, MAX_BODY_BYTES)
            return await handler(request)

        return allowed


@dataclass(frozen=True, slots=True)
class Upload:
    """One file as sent: the name the browser gave and the bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Checked:
    name: str
    media_type: str
    data: bytes
    sha256: str


def read_uploads(files: list[UploadFile]) -> list[Upload]:
    """The files of a form, each read up to one byte past the limit (enough to refuse it)."""
    return [Upload(f.filename or "", f.file.read(MAX_FILE_BYTES + 1)) for f in files]


def limits_text() -> str:
    """The limits as the form states them."""
    kinds = "、".join(ACCEPTED.values())
    return f"最多 {MAX_FILES} 个文件，每个不超过 {MAX_FILE_BYTES // 2**20} MB，合计不超过 {MAX_TOTAL_BYTES // 2**20} MB；可附 {kinds}"


def safe_name(name: str) -> str:
    """The file's own name without any folder or character a file system or header could misread."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("_", base).strip(" .")[:150] or "附件"


def check_uploads(uploads: list[Upload]) -> tuple[list[Checked], str | None]:
    """The files that may be kept, or the one Chinese line saying which file is refused and why."""
    sent = [u for u in uploads if u.name or u.data]
    if len(sent) > MAX_FILES:
        return [], f"附件最多 {MAX_FILES} 个（收到 {len(sent)} 个）"
    if sum(len(u.data) for u in sent) > MAX_TOTAL_BYTES:
        return [], f"附件合计不能超过 {MAX_TOTAL_BYTES // 2**20} MB"
    checked = []
    for upload in sent:
        name = safe_name(upload.name)
        if not upload.data:
            return [], f"附件“{name}”是空文件"
        if len(upload.data) > MAX_FILE_BYTES:
            return [], f"附件“{name}”过大：每个文件不超过 {MAX_FILE_BYTES // 2**20} MB"
        kind = filetype.guess(upload.data)
        if kind is None or kind.mime not in ACCEPTED:
            return [], f"附件“{name}”的内容不是 {'、'.join(ACCEPTED.values())} 文件（按文件内容识别，与扩展名无关）"
        checked.append(Checked(name, kind.mime, upload.data, hashlib.sha256(upload.data).hexdigest()))
    return checked, None


def keep(session: Session, application: Application, files: list[Checked], correction_id: int | None = None) -> None:
    for file in files:
        session.add(
            PortalAttachment(
                application_id=application.id,
                correction_id=correction_id,
                name=file.name,
                media_type=file.media_type,
                size=len(file.data),
                sha256=file.sha256,
                data=file.data,
            )
        )
    session.flush()


def attachments_of(session: Session, application: Application) -> list[PortalAttachment]:
    return list(
        session.scalars(
            select(PortalAttachment)
            .where(PortalAttachment.application_id == application.id)
            .order_by(PortalAttachment.id)
        )
    )
