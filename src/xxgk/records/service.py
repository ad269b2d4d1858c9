"""Table 二 from the agency's records, on a database session: what the CLI and the desk call.

Per year the agency marks the sources it keeps in xxgk (`keep_sources`); the cells those
feed are counted (a kept ledger without rows gives 0), every other cell stays as typed
(`xxgk ledger active`, the desk's form). `table_two` says which is which; the ledger's
year report takes its table 二 from `table_two`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from xxgk.errors import XxgkError
from xxgk.ledger.amendments import Amendment, guard_years, locked_years
from xxgk.ledger.layout import Problem
from xxgk.ledger.vocabulary import template_for_year
from xxgk.records.documents import Document, document_cells, load_documents
from xxgk.records.importer import ReadRecords
from xxgk.records.ledgers import decision_cells, fee_cells, matter_cells, procurement_cells
from xxgk.records.reported import import_changed_years
from xxgk.records.vocabulary import (
    CATALOGUE,
    DECISIONS,
    FEES,
    MATTERS,
    PROCUREMENT,
    SOURCES,
    active_cells,
    source_of,
)
from xxgk.store.agencies import Agency
from xxgk.store.audit import Actor
from xxgk.store.ledger import ActiveFigure
from xxgk.store.records import (
    RecordDecision,
    RecordFee,
    RecordMatter,
    RecordProcurement,
    RecordSettings,
    RecordSource,
)
from xxgk.store.web import audit

BATCH = 5_000
MODELS: dict[str, type[RecordDecision | RecordFee | RecordMatter | RecordProcurement]] = {
    DECISIONS: RecordDecision,
    FEES: RecordFee,
    MATTERS: RecordMatter,
    PROCUREMENT: RecordProcurement,
}
_KEY_COLUMN = {DECISIONS: "number", FEES: "number", MATTERS: "code", PROCUREMENT: "number"}


class RecordsError(XxgkError):
    """A records operation refused, with the reason in Chinese."""


class RecordsRefused(RecordsError):
    """Rows of an imported ledger are wrong: nothing was stored."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{name}：{len(problems)} 处问题，未导入任何记录（改正后重新导入）")


@dataclass(frozen=True, slots=True)
class Imported:
    created: int
    updated: int


def import_records(
    session: Session, agency: Agency, read: ReadRecords, *, actor: Actor, amendment: Amendment | None = None
) -> Imported:
    """Store every row of an imported ledger, or nothing when any row is wrong; known keys are updated.
    One audit entry records the import (which ledger, how many added and updated). An import that
    changes a year already reported is refused unless `amendment` says why (it reopens that year)."""
    if read.problems:
        raise RecordsRefused(read.layout.name, read.problems)
    model = MODELS[read.layout.source]
    key = getattr(model, _KEY_COLUMN[read.layout.source])
    values = [{"agency_id": agency.id, **_values(row)} for row in read.rows]
    table = cast(Table, model.__table__)
    if locked_years(session, agency):
        years = import_changed_years(session, agency, read.layout, table, _KEY_COLUMN[read.layout.source], values)
        guard_years(session, agency, years, amendment, actor, f"导入的{read.layout.name}")
    keys = [str(getattr(row, read.layout.key)) for row in read.rows]
    known = 0
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        gone = session.execute(delete(model).where(model.agency_id == agency.id, key.in_(chunk)))
        known += cast(Any, gone).rowcount or 0
    for start in range(0, len(values), BATCH):
        session.execute(insert(table), values[start : start + BATCH])
    done = Imported(created=len(values) - known, updated=known)
    source = read.layout.source
    audit(session, actor, "records.import", "records", source, agency_id=agency.id, **asdict(done))
    return done


def _values(row: object) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__ if name != "line"}  # type: ignore[attr-defined]


def source_key(text: str) -> str:
    """The source `text` names (its key or its Chinese name)."""
    for key, label in SOURCES.items():
        if text.strip() in (key, label) or (len(text.strip()) >= 2 and text.strip() in label):
            return key
    raise RecordsError(f"“{text}”不是可选的数据来源（可选：{'；'.join(f'{k}（{v}）' for k, v in SOURCES.items())}）")


def keep_sources(
    session: Session,
    agency: Agency,
    year: int,
    sources: Iterable[str],
    *,
    actor: Actor,
    expiry_is_repeal: bool | None = None,
) -> set[str]:
    """Mark the sources the agency keeps in xxgk for `year` (replacing the year's marks), and, when
    given, whether 失效 by 有效期 counts as 废止 (an agency setting); audited."""
    keys = {source_key(s) for s in sources}
    session.execute(delete(RecordSource).where(RecordSource.agency_id == agency.id, RecordSource.year == year))
    session.add_all(RecordSource(agency_id=agency.id, year=year, source=key) for key in sorted(keys))
    if expiry_is_repeal is not None:
        _set_expiry_is_repeal(session, agency, expiry_is_repeal)
    session.flush()
    detail = {"sources": sorted(keys), "expiry_is_repeal": expiry_is_repeal}
    audit(session, actor, "records.sources", "records_sources", year, agency_id=agency.id, **detail)
    return keys


def kept_sources(session: Session, agency: Agency, year: int) -> set[str]:
    query = select(RecordSource.source).where(RecordSource.agency_id == agency.id, RecordSource.year == year)
    return set(session.scalars(query))


def set_expiry_is_repeal(session: Session, agency: Agency, value: bool, *, actor: Actor) -> None:
    """The agency's choice whether 失效 by 有效期 counts as 废止 (default not); audited."""
    _set_expiry_is_repeal(session, agency, value)
    audit(session, actor, "records.sources", "records_sources", None, agency_id=agency.id, expiry_is_repeal=value)


def _set_expiry_is_repeal(session: Session, agency: Agency, value: bool) -> None:
    settings = session.get(RecordSettings, agency.id)
    if settings is None:
        session.add(RecordSettings(agency_id=agency.id, expiry_is_repeal=value))
    else:
        settings.expiry_is_repeal = value
    session.flush()


def expiry_is_repeal(session: Session, agency: Agency) -> bool:
    settings = session.get(RecordSettings, agency.id)
    return bool(settings and settings.expiry_is_repeal)


@dataclass(frozen=True, slots=True)
class TableTwo:
    """A year's table 二: each cell's value (None = not typed), the counted cells with their source
    and records, and the cells left as typed."""

    year: int
    values: dict[str, Decimal | None]
    counted: dict[str, str]
    members: dict[str, tuple[int, ...]]
    typed: tuple[str, ...]


def table_two(session: Session, agency: Agency, year: int) -> TableTwo:
    template = template_for_year(year)
    kept = kept_sources(session, agency, year)
    typed_values = typed_figures(session, agency, year)
    counted = counted_cells(session, agency, year, kept)
    values: dict[str, Decimal | None] = {}
    sources: dict[str, str] = {}
    for cell in active_cells(template):
        source = source_of(cell)
        if source in kept and cell in counted:
            assert source is not None
            values[cell], sources[cell] = counted[cell][0], source
        else:
            values[cell] = typed_values.get(cell)
    typed = tuple(c for c in values if c not in sources)
    members = {c: counted[c][1] for c in sources}
    return TableTwo(year, values, sources, members, typed)


def shown(value: Decimal | None) -> str:
    """A table 二 value as the report prints it: 3, 1.2345, or 空."""
    if value is None:
        return "空"
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def typed_figures(session: Session, agency: Agency, year: int) -> dict[str, Decimal]:
    query = select(ActiveFigure.cell, ActiveFigure.value).where(
        ActiveFigure.agency_id == agency.id, ActiveFigure.year == year
    )
    return {cell: value for cell, value in session.execute(query)}


def counted_cells(
    session: Session, agency: Agency, year: int, sources: Iterable[str]
) -> dict[str, tuple[Decimal, tuple[int, ...]]]:
    """Cell → (value, ids of the records behind it) for every cell the given sources feed in `year`."""
    key = template_for_year(year).key
    wanted = set(sources)
    found: dict[str, tuple[Decimal, tuple[int, ...]]] = {}
    if CATALOGUE in wanted:
        documents = load_documents(session, agency)
        for cell, counted in document_cells(
            documents, year, key, expiry_is_repeal=expiry_is_repeal(session, agency)
        ).items():
            found[cell] = (Decimal(counted.value), counted.members)
    counters = {DECISIONS: decision_cells, FEES: fee_cells, MATTERS: matter_cells, PROCUREMENT: procurement_cells}
    for source, count in counters.items():
        if source in wanted:
            rows = ledger_rows(session, agency, source, (year, year))
            for cell, tally in count(rows, year, key).items():
                found[cell] = (tally.value, tally.members)
    return found


_DATED = {DECISIONS: "decided_on", FEES: "paid_on", PROCUREMENT: "contracted_on"}


def ledger_rows(session: Session, agency: Agency, source: str, years: tuple[int, int] | None = None) -> Sequence[Any]:
    """The rows of one ledger as plain rows (attribute access, no ORM instances: ten times faster),
    dated within `years` (first, last) when given; the 事项 list is always read whole."""
    model = MODELS[source]
    table = cast(Table, model.__table__)
    query = select(table).where(table.c.agency_id == agency.id)
    if years is not None and source in _DATED:
        day = table.c[_DATED[source]]
        query = query.where(day.between(date(years[0], 1, 1), date(years[1], 12, 31)))
    return list(session.execute(query.order_by(table.c.id)))


@dataclass(frozen=True, slots=True)
class Member:
    """One record behind a table 二 cell, as the desk lists it."""

    reference: str
    title: str
    on: date | None
    detail: str


def cell_records(session: Session, agency: Agency, year: int, cell: str) -> list[Member]:
    """The records counted in table 二 cell `cell` of `year`; refused for a cell typed that year."""
    table = table_two(session, agency, year)
    if cell not in table.values:
        raise RecordsError(f"“{cell}”不是 {year} 年表二的单元格")
    source = table.counted.get(cell)
    if source is None:
        raise RecordsError(f"{year} 年表二的这一格是录入的（未将相应数据来源标为由本系统记录），没有对应的记录")
    ids = set(table.members[cell])
    if source == CATALOGUE:
        documents = [d for d in load_documents(session, agency) if d.id in ids]
        return [_document_member(d, cell, year) for d in sorted(documents, key=lambda d: (d.published_on, d.id))]
    rows = [r for r in ledger_rows(session, agency, source, (year, year)) if r.id in ids]
    return [_ledger_member(source, r, year) for r in rows]


def _document_member(document: Document, cell: str, year: int) -> Member:
    detail = "；".join(
        x for x in (document.doc_number, f"成文 {document.written_on}" if document.written_on else "") if x
    )
    field = cell.rsplit(".", 1)[1]
    on = document.published_on
    if field == "repealed":
        on = next((d for d, _ in document.changes if d.year == year), document.published_on)
    return Member(document.reference, document.title, on, detail)


def _ledger_member(source: str, row: Any, year: int) -> Member:
    if source == DECISIONS:
        return Member(row.number, row.result, row.decided_on, f"事项编码 {row.matter_code}")
    if source == FEES:
        return Member(row.number, row.item, row.paid_on, f"{row.amount} 元")
    if source == PROCUREMENT:
        return Member(row.number, row.name, row.contracted_on, f"{row.amount} 元")
    end = date(year, 12, 31)
    listed = row.valid_from <= end and (row.valid_to is None or row.valid_to >= end)
    span = f"{row.valid_from} 至 {row.valid_to or '今'}"
    return Member(row.code, row.name, row.valid_from, f"{span}（{year} 年末{'在' if listed else '不在'}清单）")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where each table 二 cell of a year comes from, in words: counted (with its source) or typed."""

    counted: list[tuple[str, str, str]]  # cell, its place in words, the source's name
    typed: list[tuple[str, str]]  # cell, its place in words


def provenance(table: TableTwo) -> Provenance:
    from xxgk.check.arithmetic import describe

    template = template_for_year(table.year)
    return Provenance(
        [(c, describe(template, c), SOURCES[s]) for c, s in table.counted.items()],
        [(c, describe(template, c)) for c in table.typed],
    )


def provenance_lines(table: TableTwo) -> list[str]:
    """Two lines for the year report: which table 二 cells were counted, from what, and which typed."""
    found = provenance(table)
    lines = []
    if found.counted:
        by_source: dict[str, list[str]] = {}
        for cell, _, source in found.counted:
            by_source.setdefault(source, []).append(cell.removeprefix("active."))
        counted = "；".join(f"{source}：{'、'.join(cells)}" for source, cells in by_source.items())
        lines.append(f"表二由记录计算的单元格（{len(found.counted)} 个）— {counted}")
    if found.typed:
        typed = "、".join(cell.removeprefix("active.") for cell, _ in found.typed)
        lines.append(f"表二录入的单元格（{len(found.typed)} 个）：{typed}")
    return lines


TYPED = "typed"  # a table 二 cell entered by hand (`xxgk ledger active`, the desk's form)
LEDGER = "ledger"  # a table 三/四 cell, always counted from the applications and review cases


def cell_sources(table: TableTwo, cells: Iterable[str]) -> dict[str, str]:
    """Each cell's source marker for the year report's JSON and CSV, the machine form of
    `provenance_lines`: the kept source a table 二 cell is counted from (`catalogue`,
    `decisions`…), `typed`, or `ledger` outside table 二."""
    return {cell: table.counted.get(cell, TYPED) if cell in table.values else LEDGER for cell in cells}
