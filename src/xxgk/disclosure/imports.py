"""Storing an imported catalogue: every row checked against the agency's choices and the database
first, then all stored in the caller's transaction — or nothing, when a row is wrong and the
caller did not ask to skip the wrong rows.

Imported items are already public on the old site: they arrive published, keep their 索引号
as printed (whatever its form), and raise the agency's counter above the highest
standard-form serial of each year, so numbers handed out later never collide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from xxgk.disclosure import fulltext
from xxgk.disclosure.content import RELATIONS, ContentProblems, ItemContent, read_content
from xxgk.disclosure.importer import INDEX, CatalogueRow, content_problems
from xxgk.disclosure.numbering import next_index_number, raise_counter, standard_number
from xxgk.disclosure.service import TARGET, Actor, DisclosureError, actor_id, actor_name, mirror, settings_of
from xxgk.disclosure.vocabulary import IN_FORCE, PROACTIVE, organ_code_problem
from xxgk.ledger.layout import Problem
from xxgk.now import CHINA, today
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem, DisclosureVersion, ValidityChange
from xxgk.store.web import audit

BATCH = 5_000


@dataclass
class ImportSummary:
    created: int = 0
    numbered: int = 0  # rows without a 索引号, given a new standard one
    skipped_rows: set[int] = field(default_factory=set)


class ImportRefused(DisclosureError):
    """Rows are wrong and the import was all-or-nothing: nothing was stored."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} 处问题，未导入任何记录（改正后重新导入，或用 --skip-invalid 只导入无误的行）"
        )


def import_catalogue(
    session: Session, agency: Agency, actor: Actor, rows: Sequence[CatalogueRow], *, skip_invalid: bool = False
) -> ImportSummary:
    """Store `rows` as published items of `agency`; `ImportRefused` (nothing stored) on any problem
    unless `skip_invalid`, when only the good rows are stored."""
    checked, problems = _checked(session, agency, rows)
    if problems and not skip_invalid:
        raise ImportRefused(problems)
    summary = ImportSummary(skipped_rows={p.row for p in problems})
    highest: dict[int, int] = {}
    for row, _ in checked:
        found = standard_number(row.index_number) if row.index_number else None
        if found is not None:
            highest[found.year] = max(highest.get(found.year, 0), found.serial)
    for year, serial in highest.items():
        raise_counter(session, agency, year, serial)
    stored = [(row, content, *_store(session, agency, actor, row, content, summary)) for row, content in checked]
    session.flush()  # every item and version in batched inserts
    _point_at_versions(session, [(item, shown) for _, _, item, shown in stored])
    by_number = {item.index_number or "": item for _, _, item, _ in stored}
    for row, content, item, shown in stored:
        _link(session, agency, row, item, shown, content, by_number)
    fulltext.index_items(session, [(item, ItemContent.from_json(shown.content)) for _, _, item, shown in stored])
    audit(
        session,
        actor,
        "disclosure.import",
        TARGET,
        None,
        agency_id=agency.id,
        created=summary.created,
        skipped=len(summary.skipped_rows),
    )
    return summary


def _checked(
    session: Session, agency: Agency, rows: Sequence[CatalogueRow]
) -> tuple[list[tuple[CatalogueRow, ItemContent]], list[Problem]]:
    choices = settings_of(session, agency).choices
    numbers_in_file = {row.index_number for row in rows if row.index_number}
    taken = set(
        session.scalars(select(DisclosureItem.index_number).where(DisclosureItem.index_number.in_(numbers_in_file)))
    )
    code_problem = organ_code_problem(agency.credit_code)
    good: list[tuple[CatalogueRow, ItemContent]] = []
    problems: list[Problem] = []
    for row in rows:
        mine: list[Problem] = []
        if row.index_number in taken:
            mine.append(Problem(row.line, INDEX, f"“{row.index_number}”已在目录中"))
        if not row.index_number and code_problem:
            mine.append(Problem(row.line, INDEX, f"为空，需生成新索引号，但{code_problem}"))
        for key in RELATIONS:
            target = row.relations.get(key, "")
            if target and target not in numbers_in_file and not _known(session, agency, target):
                mine.append(Problem(row.line, key, f"找不到索引号为“{target}”的信息"))
        # A catalogue printed on a site is proactive unless it says otherwise; the issuer defaults to the agency.
        fields = dict(row.fields)
        fields["issuer"] = fields.get("issuer") or agency.name
        fields["openness"] = fields.get("openness") or PROACTIVE
        try:
            content = read_content(fields, {}, (), choices)
        except ContentProblems as exc:
            mine += content_problems(row.line, exc)
        else:
            if row.published_on < content.written_on:
                mine.append(Problem(row.line, "发布日期", "不能早于成文日期"))
        if mine:
            problems += mine
        else:
            good.append((row, content))
    return good, problems


def _known(session: Session, agency: Agency, number: str) -> bool:
    query = select(DisclosureItem.id).where(
        DisclosureItem.agency_id == agency.id, DisclosureItem.index_number == number
    )
    return session.scalar(query) is not None


def _store(
    session: Session, agency: Agency, actor: Actor, row: CatalogueRow, content: ItemContent, summary: ImportSummary
) -> tuple[DisclosureItem, DisclosureVersion]:
    """The row's item and its one version, added to the session (flushed together by the caller)."""
    moment = datetime.combine(row.published_on, time(9, 0), CHINA)
    number = row.index_number
    if not number:
        assert agency.credit_code is not None
        number = next_index_number(session, agency, agency.credit_code, row.published_on.year)
        summary.numbered += 1
    item = DisclosureItem(
        agency_id=agency.id,
        index_number=number,
        state="published",
        published_on=row.published_on,
        published_at=moment,
        validity=row.validity,
        imported=True,
        created_by=actor_name(actor),
        created_by_id=actor_id(actor),
    )
    mirror(item, content)
    session.add(item)
    shown = DisclosureVersion(
        item=item,
        number=1,
        content=content.to_json(),
        content_hash=content.digest(),
        search_text="\n".join(t for t in (content.title, content.summary, content.doc_number, content.body) if t),
        status="published",
        note="从原网站目录导入",
        created_by=actor_name(actor),
        created_by_id=actor_id(actor),
        published_at=moment,
    )
    session.add(shown)
    if row.validity != IN_FORCE:
        item.validity_changes.append(
            ValidityChange(on=row.validity_on or today(), validity=row.validity, reason="按导入的目录记录")
        )
    summary.created += 1
    return item, shown


def _point_at_versions(session: Session, pairs: list[tuple[DisclosureItem, DisclosureVersion]]) -> None:
    """Each item's current and published version: one UPDATE per batch, not one per item."""
    version_of = select(DisclosureVersion.id).where(DisclosureVersion.item_id == DisclosureItem.id).scalar_subquery()
    ids = [item.id for item, _ in pairs]
    for start in range(0, len(ids), BATCH):
        session.execute(
            update(DisclosureItem)
            .where(DisclosureItem.id.in_(ids[start : start + BATCH]))
            .values(current_version_id=version_of, published_version_id=version_of)
            .execution_options(synchronize_session=False)
        )
    for item, shown in pairs:
        set_committed_value(item, "current_version_id", shown.id)
        set_committed_value(item, "published_version_id", shown.id)


def _link(
    session: Session,
    agency: Agency,
    row: CatalogueRow,
    item: DisclosureItem,
    shown: DisclosureVersion,
    content: ItemContent,
    by_number: dict[str, DisclosureItem],
) -> None:
    """Relations by 索引号, to rows of the same file or items already in the catalogue."""
    targets: dict[str, int | None] = {}
    for key in RELATIONS:
        number = row.relations.get(key, "")
        target = by_number.get(number) if number else None
        if number and target is None:
            target = session.scalars(
                select(DisclosureItem).where(
                    DisclosureItem.agency_id == agency.id, DisclosureItem.index_number == number
                )
            ).one_or_none()
        targets[key] = target.id if target is not None else None
    if not any(targets.values()):
        return
    linked = ItemContent.from_json({**content.to_json(), **targets})
    shown.content, shown.content_hash = linked.to_json(), linked.digest()
    mirror(item, linked)
