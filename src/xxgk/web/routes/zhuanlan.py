"""The public 政府信息公开专栏 of each agency: 目录 with facet counts, search, 法定主动公开内容,
政策解读, Atom feeds; and the search over every agency. No login; the 指南 itself is the portal's
page (`/agencies/{id}`), the item pages are `disclosure_public`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import Response

from xxgk.disclosure import fulltext
from xxgk.disclosure.feeds import agency_feed
from xxgk.disclosure.statutory import statutory_counts
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.disclosure_public import SearchEntry
from xxgk.web.access import CurrentUser, DbSession, RecordId
from xxgk.web.pages import render
from xxgk.web.routes.portal import public_agency
from xxgk.web.zhuanlan import FACET_LABELS, PAGE_SIZE, Listing, read_listing

router = APIRouter()
CATALOGUE_FACETS = ("topic", "genre", "year", "column", "validity")
SEARCH_FACETS = ("agency", "topic", "year", "validity")


def _results(request: Request, session: DbSession, listing: Listing, facets: tuple[str, ...]) -> fulltext.Results:
    offset = (listing.page - 1) * PAGE_SIZE
    return fulltext.search(session, listing.query, listing.filters, facets=facets, limit=PAGE_SIZE, offset=offset)


@router.get("/agencies/{agency_id}/catalogue")
def catalogue(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    """信息公开目录: the agency's published items, narrowed by 主题分类, 体裁, 年份, 栏目 and 有效性."""
    agency = public_agency(session, agency_id)
    listing = read_listing(request.url.path, request.query_params, agency.id)
    results = _results(request, session, listing, CATALOGUE_FACETS)
    return render(
        request,
        "zhuanlan/catalogue.html",
        agency=agency,
        listing=listing,
        results=results,
        facet_labels=FACET_LABELS,
        pages=_pages(results.total),
        feed=f"/agencies/{agency.id}/feed.atom",
    )


@router.get("/search")
def search_all(request: Request, session: DbSession, user: CurrentUser) -> Response:
    """检索: every agency's published items (titles, bodies, attachments), with facets and snippets."""
    listing = read_listing(request.url.path, request.query_params)
    results = _results(request, session, listing, SEARCH_FACETS)
    agency = public_agency(session, listing.filters.agency_id) if listing.filters.agency_id else None
    return render(
        request,
        "zhuanlan/search.html",
        agency=agency,
        listing=listing,
        results=results,
        facet_labels=FACET_LABELS,
        pages=_pages(results.total),
        searched=bool(listing.query) or bool(listing.active()),
    )


@router.get("/agencies/{agency_id}/statutory")
def statutory(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    """法定主动公开内容 (条例第二十条), each item with its count and its part of the 目录."""
    agency = public_agency(session, agency_id)
    return render(request, "zhuanlan/statutory.html", agency=agency, items=statutory_counts(session, agency))


@router.get("/agencies/{agency_id}/interpretations")
def interpretations(request: Request, session: DbSession, user: CurrentUser, agency_id: RecordId) -> Response:
    """政策解读: each 解读 with the document it interprets, both linked."""
    agency = public_agency(session, agency_id)
    rows = session.execute(
        select(DisclosureItem, SearchEntry)
        .join(SearchEntry, SearchEntry.item_id == DisclosureItem.id)
        .where(SearchEntry.agency_id == agency.id)
        .where((DisclosureItem.interprets_id.is_not(None)) | (SearchEntry.genre == "解读"))
        .order_by(SearchEntry.published_on.desc(), DisclosureItem.id.desc())
    ).all()
    pairs = []
    for item, _ in rows:
        target = session.get(DisclosureItem, item.interprets_id) if item.interprets_id else None
        pairs.append((item, target if target is not None and target.state in ("published", "withdrawn") else None))
    return render(request, "zhuanlan/interpretations.html", agency=agency, pairs=pairs)


@router.get("/agencies/{agency_id}/feed.atom")
def feed(request: Request, session: DbSession, agency_id: RecordId, column: str | None = None) -> Response:
    """The Atom feed of the agency's published items, or of one column's."""
    agency = public_agency(session, agency_id)
    chosen = (column or "").strip()[:100] or None
    data = agency_feed(session, agency, str(request.base_url), chosen)
    return Response(data, media_type="application/atom+xml; charset=utf-8")


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))
