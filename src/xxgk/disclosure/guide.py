"""The 政府信息公开指南 (条例第十二条) generated from an agency's settings and its catalogue.

The facts only the agency knows (its office, address, hours, phone, fax, e-mail, fees)
are kept in `DisclosureGuide` and edited by its head; the appeal routes come from the
letter settings (`xxgk.letters`), which already name the review body and the court its
decision letters print, so the 指南 and the letters can never disagree; the catalogue
part (what is published, under which columns) is counted from the search index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xxgk.disclosure.service import Actor, DisclosureError
from xxgk.letters.service import letter_settings
from xxgk.store.agencies import Agency
from xxgk.store.disclosure_public import DisclosureGuide, SearchEntry
from xxgk.store.web import audit

# 国办函〔2020〕109号《政府信息公开信息处理费管理办法》: no fee, except for excessive requests.
DEFAULT_FEES = (
    "依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，"
    "可以依照《政府信息公开信息处理费管理办法》收取信息处理费。"
)
LABELS = {
    "office": "政府信息公开工作机构",
    "address": "办公地址",
    "postcode": "邮政编码",
    "hours": "办公时间",
    "phone": "联系电话",
    "fax": "传真",
    "email": "电子邮箱",
    "fees": "收费标准",
    "notes": "其他说明",
}
REQUIRED = ("office", "address", "hours", "phone")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_POSTCODE = re.compile(r"\d{6}")


@dataclass(frozen=True, slots=True)
class GuideFacts:
    office: str = ""
    address: str = ""
    postcode: str = ""
    hours: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    fees: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Guide:
    """Everything the 指南 page prints."""

    agency: Agency
    facts: GuideFacts
    configured: bool
    fees: str
    review_body: str
    court: str
    published: int
    columns: list[tuple[str, int]]
    topics: list[tuple[str, int]]


def facts_of(session: Session, agency: Agency) -> tuple[GuideFacts, bool]:
    """The agency's stored facts, and whether it stored any."""
    row = session.get(DisclosureGuide, agency.id)
    if row is None:
        return GuideFacts(), False
    return GuideFacts(**{f.name: getattr(row, f.name) for f in fields(GuideFacts)}), True


def facts_problems(facts: GuideFacts) -> dict[str, str]:
    """Each field's problem in Chinese (field name → message); empty when the facts can be saved."""
    problems = {name: f"请填写{LABELS[name]}" for name in REQUIRED if not getattr(facts, name).strip()}
    if facts.email.strip() and not _EMAIL.fullmatch(facts.email.strip()):
        problems["email"] = f"电子邮箱“{facts.email.strip()}”的格式不对"
    if facts.postcode.strip() and not _POSTCODE.fullmatch(facts.postcode.strip()):
        problems["postcode"] = "邮政编码应为 6 位数字"
    return problems


def save_facts(session: Session, agency: Agency, actor: Actor, facts: GuideFacts) -> GuideFacts:
    """Store the facts after checking them; `DisclosureError` names the first problem."""
    problems = facts_problems(facts)
    if problems:
        raise DisclosureError("；".join(problems.values()))
    row = session.get(DisclosureGuide, agency.id)
    if row is None:
        row = DisclosureGuide(agency_id=agency.id)
        session.add(row)
    for f in fields(GuideFacts):
        setattr(row, f.name, getattr(facts, f.name).strip())
    row.updated_by = actor if isinstance(actor, str) else actor.display_name
    session.flush()
    audit(session, actor, "disclosure.guide", "agency", agency.id, agency_id=agency.id)
    return facts_of(session, agency)[0]


def guide_of(session: Session, agency: Agency) -> Guide:
    """The 指南 of `agency`: its facts, appeal routes and what its catalogue holds."""
    facts, configured = facts_of(session, agency)
    letters = letter_settings(session, agency)
    return Guide(
        agency=agency,
        facts=facts,
        configured=configured,
        fees=facts.fees or DEFAULT_FEES,
        review_body=letters.review_body,
        court=letters.court,
        published=session.scalar(select(func.count()).where(SearchEntry.agency_id == agency.id)) or 0,
        columns=_counted(session, agency, SearchEntry.column),
        topics=_counted(session, agency, SearchEntry.topic),
    )


def _counted(session: Session, agency: Agency, column: object) -> list[tuple[str, int]]:
    rows = session.execute(
        select(column, func.count())  # type: ignore[call-overload]
        .where(SearchEntry.agency_id == agency.id)
        .group_by(column)
        .order_by(func.count().desc(), column)
    ).all()
    return [(str(value), count) for value, count in rows if value]
