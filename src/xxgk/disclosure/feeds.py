"""Atom feeds (RFC 4287) of an agency's published items, all of them or one column's.

Built with feedgen; every required element is there: the feed's id, title, updated,
author and its self link, each entry's id (a tag: URI that never changes, even if the
site moves), title, updated and its alternate link. Withdrawn items leave the feed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from feedgen.feed import FeedGenerator
from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.now import now
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.disclosure_public import SearchEntry

FEED_SIZE = 50


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return now()
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def agency_feed(session: Session, agency: Agency, base_url: str, column: str | None = None) -> bytes:
    """The Atom document of `agency`'s newest published items (of `column` when given)."""
    query = (
        select(SearchEntry, DisclosureItem)
        .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
        .where(SearchEntry.agency_id == agency.id, DisclosureItem.state == "published")
    )
    if column:
        query = query.where(SearchEntry.column == column)
    rows = session.execute(query.order_by(DisclosureItem.published_at.desc()).limit(FEED_SIZE)).all()
    base = base_url.rstrip("/")
    title = f"{agency.name} · {column}" if column else f"{agency.name} · 政府信息公开"
    feed = FeedGenerator()
    feed.id(f"tag:xxgk,2026:agency-{agency.id}" + (f":column-{quote(column)}" if column else ""))
    feed.title(title)
    feed.author({"name": agency.name})
    feed.language("zh-CN")
    self_link = f"{base}/agencies/{agency.id}/feed.atom" + (f"?column={quote(column)}" if column else "")
    feed.link(href=self_link, rel="self", type="application/atom+xml")
    feed.link(href=f"{base}/agencies/{agency.id}/catalogue", rel="alternate", type="text/html")
    feed.updated(max((_aware(item.published_at) for _, item in rows), default=now()))
    for entry_row, item in reversed(rows):  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(f"tag:xxgk,2026:disclosure-{item.id}")
        entry.title(entry_row.title)
        entry.link(href=f"{base}/disclosure/{item.id}", rel="alternate", type="text/html")
        entry.updated(_aware(item.published_at))
        entry.published(_aware(item.published_at))
        entry.summary(f"索引号 {item.index_number} · {entry_row.topic} · {entry_row.genre}")
    data: bytes = feed.atom_str(pretty=True)
    return data
