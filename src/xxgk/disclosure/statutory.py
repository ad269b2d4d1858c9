"""法定主动公开内容: the fifteen items of 条例第二十条, each with where the catalogue keeps it.

An item of the catalogue belongs to an article-20 item when it sits in the agency's column
of that item's name, or (for the items with their own genre or document type) by that
genre or type; the page shows each item with its count and a link to the filtered 目录,
so an empty statutory item is visible at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from xxgk.disclosure.vocabulary import NORMATIVE, REGULATION
from xxgk.store.agencies import Agency
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.disclosure_public import SearchEntry


@dataclass(frozen=True, slots=True)
class StatutoryItem:
    number: str
    text: str
    column: str  # the column an agency files it under
    genre: str | None = None
    doc_kinds: tuple[str, ...] = ()


ARTICLE_20: tuple[StatutoryItem, ...] = (
    StatutoryItem("一", "行政法规、规章和规范性文件", "规章和规范性文件", doc_kinds=(REGULATION, NORMATIVE)),
    StatutoryItem("二", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", "机构职能"),
    StatutoryItem("三", "国民经济和社会发展规划、专项规划、区域规划及相关政策", "规划计划", genre="规划"),
    StatutoryItem("四", "国民经济和社会发展统计信息", "统计信息", genre="统计"),
    StatutoryItem("五", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果", "行政许可"),
    StatutoryItem(
        "六",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
        "行政处罚和行政强制",
    ),
    StatutoryItem("七", "财政预算、决算信息", "财政预决算", genre="预决算"),
    StatutoryItem("八", "行政事业性收费项目及其依据、标准", "行政事业性收费"),
    StatutoryItem("九", "政府集中采购项目的目录、标准及实施情况", "政府集中采购"),
    StatutoryItem("十", "重大建设项目的批准和实施情况", "重大建设项目"),
    StatutoryItem("十一", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况", "民生政策"),
    StatutoryItem("十二", "突发公共事件的应急预案、预警信息及应对情况", "应急管理"),
    StatutoryItem("十三", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况", "监督检查"),
    StatutoryItem("十四", "公务员招考的职位、名额、报考条件等事项以及录用结果", "公务员招考"),
    StatutoryItem("十五", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息", "其他法定公开信息"),
)


def statutory_counts(session: Session, agency: Agency) -> list[tuple[StatutoryItem, int]]:
    """Each article-20 item with how many published items of `agency` it holds."""
    counted = []
    for entry in ARTICLE_20:
        conditions = [SearchEntry.column == entry.column]
        if entry.genre:
            conditions.append(SearchEntry.genre == entry.genre)
        if entry.doc_kinds:
            conditions.append(DisclosureItem.doc_kind.in_(entry.doc_kinds))
        count = session.scalar(
            select(func.count())
            .select_from(SearchEntry)
            .join(DisclosureItem, DisclosureItem.id == SearchEntry.item_id)
            .where(SearchEntry.agency_id == agency.id, or_(*conditions))
        )
        counted.append((entry, count or 0))
    return counted
