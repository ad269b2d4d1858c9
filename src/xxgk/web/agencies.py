"""The agency tree administered: create, edit, move, merge and retire agencies.

Level and kind default from the name (演示县科学技术局: 县, 部门) and stay
editable; the 统一社会信用代码 is validated with python-stdnum (the catalogue's
索引号 starts with it). Merging moves every record of one agency to another by
its foreign keys, found in the tables' metadata, so a table added later moves
too; tracking numbers are never rewritten, so a merge that would make two equal
is refused. A retired agency leaves the public pages; its records stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from xxgk.agency import agency_key, region_segments
from xxgk.errors import XxgkError
from xxgk.now import now
from xxgk.store.agencies import Agency, subtree
from xxgk.store.base import Base
from xxgk.store.corpus import CorpusStaleAgency
from xxgk.store.ledger import ActiveFigure, Application, TrackingCounter
from xxgk.store.portal import ReportDraft
from xxgk.store.web import User, audit

LEVELS = ("省", "市", "县", "乡")
KINDS = ("人民政府", "部门", "乡镇街道", "其他")
_SEGMENT_LEVEL = {"province": "省", "prefecture": "市", "county": "县", "district": "县", "town": "乡"}


class AgencyError(XxgkError):
    """An agency could not be created or changed; the message names the field and the reason."""


@dataclass(frozen=True, slots=True)
class AgencyFields:
    """What an administrator edits of an agency (empty strings: none; level and kind: from the name)."""

    name: str
    level: str = ""
    kind: str = ""
    region: str = ""
    region_code: str = ""
    credit_code: str = ""


def default_level(name: str) -> str | None:
    """The level of the innermost region the name starts with (演示县… → 县), if any."""
    segments = region_segments(name)
    return _SEGMENT_LEVEL.get(segments[-1].level) if segments else None


def default_kind(name: str) -> str:
    """人民政府 for a government, 乡镇街道 for a township's or a sub-district's, else 部门."""
    segments = region_segments(name)
    township = bool(segments) and segments[-1].level == "town"
    if township or name.strip().endswith("街道办事处"):
        return "乡镇街道"
    return "人民政府" if name.strip().endswith("人民政府") else "部门"


def credit_code(value: str) -> str | None:
    """A valid 统一社会信用代码 in its compact form, None for an empty field, else `AgencyError`."""
    if not value.strip():
        return None
    try:
        return str(uscc.validate(value))
    except ValidationError:
        raise AgencyError(f"统一社会信用代码“{value.strip()}”无效（应为 18 位，末位为校验码）") from None


def region_code(value: str) -> str | None:
    code = value.strip()
    if not code:
        return None
    if not (code.isdigit() and len(code) in (6, 9, 12)):
        raise AgencyError(f"行政区划代码“{code}”无效（应为 6、9 或 12 位数字）")
    return code


def _checked(session: Session, fields: AgencyFields, agency: Agency | None) -> dict[str, str | None]:
    name = fields.name.strip()
    if not name or len(name) > 200:
        raise AgencyError("机关名称不能为空，且不超过 200 个字符")
    key = agency_key(name) or name
    other = session.scalars(select(Agency).where(Agency.key == key)).one_or_none()
    if other is not None and other is not agency:
        raise AgencyError(f"机关“{other.name}”已存在（与“{name}”视为同一机关）")
    level, kind = fields.level.strip(), fields.kind.strip()
    if level and level not in LEVELS:
        raise AgencyError(f"层级“{level}”无效，应为 {'、'.join(LEVELS)} 之一")
    if kind and kind not in KINDS:
        raise AgencyError(f"机关类型“{kind}”无效，应为 {'、'.join(KINDS)} 之一")
    code = credit_code(fields.credit_code)
    if code is not None:
        holder = session.scalars(select(Agency).where(Agency.credit_code == code)).one_or_none()
        if holder is not None and holder is not agency:
            raise AgencyError(f"统一社会信用代码 {code} 已属于“{holder.name}”")
    return {
        "name": name,
        "key": key,
        "level": level or default_level(name),
        "kind": kind or default_kind(name),
        "region": fields.region.strip()[:100] or None,
        "region_code": region_code(fields.region_code),
        "credit_code": code,
    }


def create_agency(session: Session, actor: User, fields: AgencyFields, parent: Agency | None) -> Agency:
    values = _checked(session, fields, None)
    agency = Agency(**values, parent=parent)
    session.add(agency)
    session.flush()
    audit(
        session,
        actor,
        "agency.create",
        "agency",
        agency.id,
        agency_id=agency.id,
        **_shown(values),
        parent=_name(parent),
    )
    return agency


def edit_agency(session: Session, actor: User, agency: Agency, fields: AgencyFields) -> None:
    values = _checked(session, fields, agency)
    before = {field: getattr(agency, field) for field in values}
    for field, value in values.items():
        setattr(agency, field, value)
    changed = {field: [before[field], value] for field, value in values.items() if before[field] != value}
    audit(session, actor, "agency.edit", "agency", agency.id, agency_id=agency.id, changed=changed)


def move_agency(session: Session, actor: User, agency: Agency, parent: Agency | None) -> None:
    if parent is not None and parent.id in subtree(session, agency.id):
        raise AgencyError(f"不能把“{agency.name}”移到它自己或它的下级机关之下")
    before = _name(agency.parent)
    agency.parent = parent
    audit(session, actor, "agency.move", "agency", agency.id, agency_id=agency.id, parent=[before, _name(parent)])


def retire_agency(session: Session, actor: User, agency: Agency, retired: bool) -> None:
    """Hide an agency from the public (its records kept), or bring it back."""
    agency.retired_at = now() if retired else None
    audit(session, actor, "agency.retire" if retired else "agency.restore", "agency", agency.id, agency_id=agency.id)


def merge_agencies(session: Session, actor: User, source: Agency, target: Agency) -> None:
    """Move every record of `source` to `target`, then remove `source`; numbers and codes are kept as they are."""
    if source.id == target.id:
        raise AgencyError("请选择两个不同的机关")
    if target.id in subtree(session, source.id):
        raise AgencyError(f"“{target.name}”是“{source.name}”的下级机关，请先把它移出再合并")
    _refuse_clashes(session, source, target)
    counters = session.execute(
        select(TrackingCounter.year, TrackingCounter.last).where(TrackingCounter.agency_id == source.id)
    ).all()
    for year, last in counters:
        mine = session.get(TrackingCounter, (target.id, year))
        if mine is None:
            session.add(TrackingCounter(agency_id=target.id, year=year, last=last))
        else:
            mine.last = max(mine.last, last)
    session.execute(delete(TrackingCounter).where(TrackingCounter.agency_id == source.id))
    stale = session.get(CorpusStaleAgency, source.id) is not None
    session.execute(delete(CorpusStaleAgency).where(CorpusStaleAgency.agency_id == source.id))
    if stale and session.get(CorpusStaleAgency, target.id) is None:
        session.add(CorpusStaleAgency(agency_id=target.id))
    session.flush()
    for table, column in _agency_references():
        if table.name not in ("ledger_counters", "corpus_stale_agencies"):
            session.execute(update(table).where(table.c[column] == source.id).values({column: target.id}))
    if target.credit_code is None and source.credit_code is not None:
        code, source.credit_code = source.credit_code, None
        session.flush()
        target.credit_code = code
    audit(
        session,
        actor,
        "agency.merge",
        "agency",
        target.id,
        agency_id=target.id,
        merged=source.name,
        merged_id=source.id,
    )
    session.flush()
    session.delete(source)
    session.flush()


def _refuse_clashes(session: Session, source: Agency, target: Agency) -> None:
    """Records that would collide under one agency: equal tracking numbers, two reports or figures of a year."""
    numbers = select(Application.number).where(Application.agency_id == target.id)
    same = session.scalar(
        select(func.count()).where(Application.agency_id == source.id, Application.number.in_(numbers))
    )
    if same:
        raise AgencyError(f"两个机关的台账中有 {same} 个相同的申请编号，合并会使编号重复；请改为停用其中一个机关")
    years = select(ReportDraft.year).where(ReportDraft.agency_id == target.id)
    clash = session.scalars(
        select(ReportDraft.year).where(ReportDraft.agency_id == source.id, ReportDraft.year.in_(years))
    ).all()
    if clash:
        raise AgencyError(f"两个机关都有 {'、'.join(map(str, sorted(clash)))} 年度的报告，无法合并")
    figure_years = select(ActiveFigure.year).where(ActiveFigure.agency_id == target.id)
    clash = session.scalars(
        select(ActiveFigure.year)
        .where(ActiveFigure.agency_id == source.id, ActiveFigure.year.in_(figure_years))
        .distinct()
    ).all()
    if clash:
        raise AgencyError(f"两个机关都填写了 {'、'.join(map(str, sorted(clash)))} 年度的主动公开数据，无法合并")


def _agency_references() -> list[tuple[Table, str]]:
    """Every (table, column) holding an agency id, the tree's own parent link included."""
    out = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "agencies" and fk.column.name == "id" for fk in column.foreign_keys):
                out.append((table, column.name))
    return out


def _name(agency: Agency | None) -> str | None:
    return agency.name if agency is not None else None


def _shown(values: dict[str, str | None]) -> dict[str, str | None]:
    return {field: value for field, value in values.items() if field != "key"}
