"""What the public 专栏 pages need beyond the services: filters read from the query string (a bad
value is ignored, never an error page) and the links that add or drop one filter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from xxgk.disclosure.fulltext import Filters

FACET_LABELS = {
    "agency": "机构",
    "topic": "主题分类",
    "genre": "体裁分类",
    "year": "年份",
    "column": "栏目",
    "validity": "有效性",
}
_KEYS = {
    "agency": "agency_id",
    "topic": "topic",
    "genre": "genre",
    "year": "year",
    "column": "column",
    "validity": "validity",
}
PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class Listing:
    """A page of the 目录 or of the search: its path, the words, the filters and the page number."""

    path: str
    query: str
    filters: Filters
    page: int = 1
    fixed_agency: bool = False  # an agency's own 目录: its agency is the page's, not a filter

    def url(self, facet: str | None = None, value: str | None = None, page: int = 1) -> str:
        """This listing with `facet` set to `value` (dropped when None), from its first page."""
        params = {"q": self.query} if self.query else {}
        for name, key in _KEYS.items():
            if name == "agency" and self.fixed_agency:
                continue
            current = asdict(self.filters)[key]
            chosen = value if name == facet else current
            if chosen is not None and not (name == facet and value is None):
                params[name] = str(chosen)
        if page > 1:
            params["page"] = str(page)
        return self.path + ("?" + urlencode(params) if params else "")

    def active(self) -> list[tuple[str, str, str]]:
        """The filters in force: (facet, its label, the value)."""
        values = asdict(self.filters)
        shown = [(name, key) for name, key in _KEYS.items() if not (name == "agency" and self.fixed_agency)]
        return [(name, FACET_LABELS[name], str(values[key])) for name, key in shown if values[key] is not None]

    def chosen(self, facet: str) -> str | None:
        value = asdict(self.filters)[_KEYS[facet]]
        return None if value is None else str(value)


def read_listing(path: str, params: Mapping[str, str], agency_id: int | None = None) -> Listing:
    """The listing the query string asks for; `agency_id` fixes the agency (an agency's own 目录)."""

    def text(name: str) -> str | None:
        value = (params.get(name) or "").strip()[:100]
        return value or None

    def number(name: str, low: int, high: int) -> int | None:
        value = text(name)
        return int(value) if value and value.isdigit() and low <= int(value) <= high else None

    filters = Filters(
        agency_id=agency_id if agency_id is not None else number("agency", 1, 2**31 - 1),
        topic=text("topic"),
        genre=text("genre"),
        year=number("year", 1990, 2100),
        column=text("column"),
        validity=text("validity"),
    )
    page = number("page", 1, 10_000) or 1
    return Listing(path, (params.get("q") or "").strip()[:200], filters, page, fixed_agency=agency_id is not None)
