"""规章 and 行政规范性文件 of table 二 counted from the catalogue, and the records behind each count.

A document is the agency's own when its 发文机关 (the lead organ of a joint issue) is the
agency; documents it only reposts, or co-signed as a joint organ, are other organs'.
Its 有效性 on a day is that of its last dated change by then: explicit changes
(`disclosure_validity_changes`), the day after its 有效期至 (已失效), and the publication
of an item that amends (已修改) or repeals (已废止) it, for catalogues imported without
those changes; the first day of each is the day it counts. A withdrawn item is out of
the catalogue from the day of withdrawal.

2021: 本年制发 = own, published in the year; 本年废止 = own, 已废止 in the year (and
已失效 when the agency counts expiry as repeal); 现行有效 = own, 现行有效 on 31 December.
2019: 新制作 = own, 成文 in the year; 新公开 = own, published in the year; 对外公开总数 =
own, published by 31 December and not withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xxgk.agency import agency_key
from xxgk.disclosure.vocabulary import AMENDED, EXPIRED, IN_FORCE, REPEALED
from xxgk.now import CHINA
from xxgk.records.vocabulary import DOCUMENT_KINDS
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem, DisclosureVersion, ValidityChange

WITHDRAWN = "已撤回"
BATCH = 5_000


@dataclass(frozen=True, slots=True)
class Document:
    """What counting needs of one catalogue item (`changes`: dated 有效性, in order)."""

    id: int
    reference: str
    title: str
    doc_kind: str
    doc_number: str
    own: bool
    written_on: date | None
    published_on: date
    changes: tuple[tuple[date, str], ...] = field(default=())

    def validity_on(self, day: date) -> str | None:
        """Its 有效性 at the end of `day`; None when not (or no longer) in the catalogue then."""
        if self.published_on > day:
            return None
        current = IN_FORCE
        for on, validity in self.changes:
            if on > day:
                break
            current = validity
        return None if current == WITHDRAWN else current

    def first_change(self, validity: str, start: date, end: date) -> date | None:
        """The day it first became `validity`, when that day is between `start` and `end`."""
        first = next((on for on, v in self.changes if v == validity), None)
        return first if first is not None and start <= first <= end else None


@dataclass(frozen=True, slots=True)
class Counted:
    """A counted cell: its value and the records behind it (document ids, ledger rows' ids)."""

    value: int
    members: tuple[int, ...]


def document_cells(
    documents: Iterable[Document], year: int, template_key: str, *, expiry_is_repeal: bool
) -> dict[str, Counted]:
    """The catalogue's table 二 cells of `year` in format `template_key`, each with its documents."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    by_kind: dict[str, list[Document]] = {kind: [] for kind in DOCUMENT_KINDS.values()}
    for document in documents:
        if document.own and document.doc_kind in by_kind:
            by_kind[document.doc_kind].append(document)
    cells: dict[str, Counted] = {}
    for row, kind in DOCUMENT_KINDS.items():
        docs = by_kind[kind]
        if template_key == "2021":
            picks = {
                "issued": [d for d in docs if start <= d.published_on <= end],
                "repealed": [d for d in docs if repealed_in(d, start, end, expiry_is_repeal)],
                "in_force": [d for d in docs if d.validity_on(end) == IN_FORCE],
            }
        else:
            picks = {
                "made": [d for d in docs if d.written_on is not None and start <= d.written_on <= end],
                "published": [d for d in docs if start <= d.published_on <= end],
                "total_published": [d for d in docs if d.validity_on(end) is not None],
            }
        for field_key, chosen in picks.items():
            cells[f"active.{row}.{field_key}"] = Counted(len(chosen), tuple(d.id for d in chosen))
    return cells


def repealed_in(document: Document, start: date, end: date, expiry_is_repeal: bool) -> bool:
    """已废止 between `start` and `end` (or 已失效 then, when the agency counts expiry as repeal)."""
    if document.first_change(REPEALED, start, end) is not None:
        return True
    return expiry_is_repeal and document.first_change(EXPIRED, start, end) is not None


def load_documents(session: Session, agency: Agency) -> list[Document]:
    """The agency's published (or once published) 规章 and 行政规范性文件, with their dated 有效性.

    Plain column reads, not ORM instances: the year report, its checks and the desk read
    the catalogue several times per page.
    """
    item = DisclosureItem
    columns = (
        item.id,
        item.index_number,
        item.title,
        item.doc_kind,
        item.written_on,
        item.published_on,
        item.valid_until,
        item.withdrawn_at,
        item.amends_id,
        item.repeals_id,
        item.published_version_id,
    )
    items = list(session.execute(select(*columns).where(item.agency_id == agency.id, item.published_on.is_not(None))))
    counted = [i for i in items if i.doc_kind in DOCUMENT_KINDS.values()]
    ids = [i.id for i in counted]
    versions = [i.published_version_id for i in counted if i.published_version_id]
    contents: dict[int, dict[str, object]] = {}
    explicit: dict[int, list[tuple[date, str]]] = {i: [] for i in ids}
    for start in range(0, len(ids), BATCH):
        chunk = versions[start : start + BATCH]
        query = select(DisclosureVersion.item_id, DisclosureVersion.content).where(DisclosureVersion.id.in_(chunk))
        contents |= {owner: content for owner, content in session.execute(query)}
        change = select(ValidityChange.item_id, ValidityChange.on, ValidityChange.validity)
        for owner, on, validity in session.execute(
            change.where(ValidityChange.item_id.in_(ids[start : start + BATCH]))
        ):
            explicit[owner].append((on, validity))
    implied: dict[int, list[tuple[date, str]]] = {i: [] for i in ids}
    for row in items:
        for target, validity in ((row.amends_id, AMENDED), (row.repeals_id, REPEALED)):
            if target in implied and not any(v == validity for _, v in explicit[target]):
                implied[target].append((row.published_on, validity))
    return [_document(row, contents.get(row.id, {}), agency, explicit[row.id] + implied[row.id]) for row in counted]


def _document(item: Any, content: dict[str, object], agency: Agency, changes: list[tuple[date, str]]) -> Document:
    if item.valid_until is not None:  # out of force the day after its 有效期, whenever the site marked it
        changes.append((item.valid_until + timedelta(days=1), EXPIRED))
    if item.withdrawn_at is not None:
        changes.append((_china_day(item.withdrawn_at), WITHDRAWN))
    issuer = str(content.get("issuer") or "")
    return Document(
        id=item.id,
        reference=item.index_number or f"#{item.id}",
        title=item.title,
        doc_kind=item.doc_kind,
        doc_number=str(content.get("doc_number") or ""),
        own=(agency_key(issuer) or issuer.strip()) == agency.key,
        written_on=item.written_on,
        published_on=item.published_on,
        changes=tuple(sorted(changes)),
    )


def _china_day(moment: datetime) -> date:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite keeps UTC, naive
    return aware.astimezone(CHINA).date()
