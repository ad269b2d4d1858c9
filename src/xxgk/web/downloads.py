"""Annual reports as files to download: DOCX and PDF written by `xxgk.render`, named in Chinese.

A download is always an attachment with the document's own media type, so a
browser saves it and never renders it as a page. The Chinese file name goes in
the RFC 5987 `filename*` parameter, with a plain ASCII `filename` for clients
that do not read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from starlette.responses import Response

from xxgk.report import Report


@dataclass(frozen=True, slots=True)
class DownloadFormat:
    """A format offered for download: the renderer's key, its media type, suffix and label."""

    key: str
    media_type: str
    suffix: str
    label: str


DOWNLOAD_FORMATS = {
    "docx": DownloadFormat(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word（DOCX）"
    ),
    "pdf": DownloadFormat("pdf", "application/pdf", ".pdf", "PDF"),
}
# Characters file systems or Content-Disposition parsers choke on.
UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|;]+')


def download_format(key: str) -> DownloadFormat | None:
    return DOWNLOAD_FORMATS.get(key)


def file_name(report: Report, fmt: DownloadFormat, *, draft: bool = False) -> str:
    """E.g. 演示市科学技术局2025年政府信息公开工作年度报告（草稿）.docx."""
    stem = f"{report.agency}{report.year or ''}年政府信息公开工作年度报告{'（草稿）' if draft else ''}"
    return UNSAFE_NAME.sub("_", stem)[:150] + fmt.suffix


def content_disposition(name: str, fallback: str) -> str:
    """`attachment` with an ASCII `filename` and the real name, UTF-8 percent-encoded, in `filename*`."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def document_response(data: bytes, report: Report, fmt: DownloadFormat, *, draft: bool = False) -> Response:
    """The rendered document as an attachment; never cached, since a draft changes with the ledger."""
    fallback = f"report-{report.year or 'unknown'}{'-draft' if draft else ''}{fmt.suffix}"
    headers = {
        "content-disposition": content_disposition(file_name(report, fmt, draft=draft), fallback),
        "cache-control": "no-store" if draft else "public, max-age=300",
    }
    return Response(data, media_type=fmt.media_type, headers=headers)


def letter_response(data: bytes, title: str, tracking: str, fmt: DownloadFormat) -> Response:
    """A letter as an attachment named e.g. 政府信息公开申请答复告知书（2026-00001）.pdf; never cached (personal data)."""
    name = UNSAFE_NAME.sub("_", f"{title}（{tracking}）")[:150] + fmt.suffix
    fallback = f"letter-{UNSAFE_NAME.sub('_', tracking)}{fmt.suffix}"
    headers = {"content-disposition": content_disposition(name, fallback), "cache-control": "no-store"}
    return Response(data, media_type=fmt.media_type, headers=headers)
