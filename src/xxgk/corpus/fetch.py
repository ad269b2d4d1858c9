"""Fetching a report from the agency's published page, by URL — the one place xxgk uses the network,
and only when a user asks (`xxgk ingest URL…`, the console's 从网址导入).

The download is bounded: a connect/read timeout, a size limit enforced while streaming (a
server's Content-Length is not trusted), only http(s), and only the content types of the
formats xxgk reads. What comes back is the document's bytes, ingested like an uploaded file
with the URL as its source (`import_urls`), so exports and the versions page name the address.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx2

from xxgk.corpus.ingest import Incoming, IngestSummary, Unreadable, ingest_documents
from xxgk.errors import XxgkError
from xxgk.store.database import Database

# Content type → the suffix the readers recognise the file by (they also sniff the content).
ACCEPTED = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel": ".xls",
    "application/octet-stream": "",  # many sites serve attachments so; the content decides
}


class FetchError(XxgkError):
    """A URL that could not be fetched (message in Chinese, naming the URL and the reason)."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    timeout_seconds: float = 20.0
    max_bytes: int = 64 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def fetch(url: str, limits: FetchLimits | None = None) -> Fetched:
    """Download `url` within `limits`."""
    limits = limits or FetchLimits()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url}：只能导入 http 或 https 网址")
    try:
        with (
            httpx2.Client(
                timeout=limits.timeout_seconds, follow_redirects=True, max_redirects=limits.max_redirects
            ) as client,
            client.stream("GET", url, headers={"User-Agent": "xxgk (annual report check)"}) as response,
        ):
            if response.status_code != 200:
                raise FetchError(f"{url}：服务器答复 {response.status_code}，未能下载")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in ACCEPTED:
                raise FetchError(f"{url}：内容类型为 {kind or '未知'}，不是可读取的报告格式（网页、PDF、Word、Excel）")
            data = _read(response, limits.max_bytes, url)
    except httpx2.TimeoutException:
        raise FetchError(f"{url}：{limits.timeout_seconds:g} 秒内未下载完成") from None
    except httpx2.HTTPError as exc:
        raise FetchError(f"{url}：无法连接（{type(exc).__name__}）") from None
    return Fetched(url, data, kind)


def _read(response: httpx2.Response, max_bytes: int, url: str) -> bytes:
    """The body, stopped as soon as it passes `max_bytes` (whatever Content-Length claimed)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}：文件超过 {max_bytes / (1024 * 1024):g} MB，未下载")
        chunks.append(chunk)
    if size == 0:
        raise FetchError(f"{url}：内容为空")
    return b"".join(chunks)


def import_urls(db: Database, urls: list[str], limits: FetchLimits | None = None) -> IngestSummary:
    """Fetch each URL and ingest what came back with the URL as its source; a URL that fails is listed
    as unreadable with its reason, the others are still imported."""
    documents: list[Incoming | Unreadable] = []
    for url in urls:
        try:
            documents.append(Incoming(url, fetch(url, limits).data))
        except FetchError as exc:
            documents.append(Unreadable(url, str(exc).removeprefix(f"{url}：")))
    return ingest_documents(db, documents, len(documents))
