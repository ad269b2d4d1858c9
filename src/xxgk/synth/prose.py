"""Prose for the three text sections, deterministic for a given random source.

The sentences follow what real reports say (the five themes of 一、总体情况 in the
2021 format, 一是/二是 lists of problems, the 信息处理费 statement of 六) and agree
with the tables where they state a number, so that text-against-table checks have
consistent material. They never contain a section heading or a date line, which
would be read as structure rather than prose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LEADERS = ("上级机关", "县委、县政府", "市委、市政府", "区党工委、管委会", "省委、省政府", "党组")
CHANNELS = ("门户网站", "政务新媒体", "政府信息公开专栏", "政务服务大厅", "公开查阅点")
MANAGEMENT = (
    "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
    "及时调整政府信息公开工作领导小组，明确分管领导和专职工作人员，做到分工明确、责任到人。",
    "对照政府信息公开目录和指南编制要求，动态更新公开事项标准目录。",
    "定期开展已公开政府信息的清理和评估，对过时信息进行下架处理。",
)
PLATFORM = (
    "持续优化门户网站政府信息公开专栏的栏目设置，方便公众查询获取。",
    "加强政务新媒体日常管理，全年发布信息{n}条，未发生错敏信息。",
    "推进政务公开专区建设，在政务服务大厅设置政府信息查阅点，提供现场查阅服务。",
)
OVERSIGHT = (
    "将政府信息公开工作纳入年度目标考核，开展政务公开业务培训{n}次。",
    "主动接受社会监督，畅通意见反馈渠道，全年未发生政府信息公开责任追究情况。",
    "建立健全政府信息公开工作考核、社会评议和责任追究制度，定期开展自查自纠。",
)
PROBLEMS = (
    "政策解读的形式还比较单一，图解、视频等多样化解读较少",
    "部分工作人员对新修订条例的理解不够深入，业务能力有待提升",
    "主动公开的深度和广度还不够，重点领域信息公开还需加强",
    "信息发布的时效性有待提高，个别栏目更新不够及时",
    "依申请公开答复文书的规范化水平还需进一步提高",
)
IMPROVEMENTS = (
    "加强业务培训，提升工作人员依法公开意识和能力",
    "丰富政策解读形式，提高解读质量",
    "完善信息发布审核机制，确保信息及时、准确、规范",
    "加大重点领域信息公开力度，回应社会关切",
)
COUNTING = "一二三四五"


@dataclass(frozen=True, slots=True)
class Facts:
    """What the prose may state, taken from the tables."""

    year: int
    self_reference: str
    applications: int | None
    cases: int | None
    split_other: bool


def overview(rng: random.Random, facts: Facts) -> str:
    """一、总体情况: an opening sentence and the five themes as （一）–（五）."""
    me, year = facts.self_reference, facts.year
    opening = (
        f"{year}年，{me}在{rng.choice(LEADERS)}的正确领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，持续深化政务公开工作。"
    )
    published = rng.randint(20, 3000)
    themes = [
        f"（一）主动公开。全年通过{rng.choice(CHANNELS)}主动公开政府信息{published}条，"
        f"其中工作动态{published // 3}条、通知公告{published // 7}条。",
        f"（二）依申请公开。{_applications_sentence(facts)}",
        f"（三）政府信息管理。{rng.choice(MANAGEMENT)}",
        f"（四）政府信息公开平台建设。{rng.choice(PLATFORM).format(n=rng.randint(10, 900))}",
        f"（五）监督保障。{rng.choice(OVERSIGHT).format(n=rng.randint(1, 6))}{_cases_sentence(facts)}",
    ]
    if rng.random() < 0.3:
        themes = [theme.replace("。", "\n", 1) for theme in themes]
    return "\n".join([opening, *themes])


def _applications_sentence(facts: Facts) -> str:
    if facts.applications is None:
        return "严格按照法定程序和时限办理政府信息公开申请。"
    if facts.applications == 0:
        return f"{facts.year}年，{facts.self_reference}未收到政府信息公开申请。"
    return f"{facts.year}年，{facts.self_reference}共收到政府信息公开申请{facts.applications}件，均依法予以答复。"


def _cases_sentence(facts: Facts) -> str:
    if facts.cases == 0:
        return "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    return ""


def problems(rng: random.Random, facts: Facts) -> str:
    """五、存在的主要问题及改进情况: 一是/二是 problems, then next year's measures."""
    found = rng.sample(PROBLEMS, rng.randint(1, 3))
    measures = rng.sample(IMPROVEMENTS, rng.randint(1, 3))
    listed, planned = _enumerated(found), _enumerated(measures)
    return f"{facts.self_reference}政府信息公开工作仍存在一些不足：{listed}。\n{facts.year + 1}年，{facts.self_reference}将{planned}。"


def _enumerated(items: list[str]) -> str:
    """ "一是…；二是…" for several items, the item itself for one."""
    if len(items) == 1:
        return items[0]
    return "；".join(f"{COUNTING[i]}是{text}" for i, text in enumerate(items))


def other_matters(rng: random.Random, facts: Facts) -> str:
    """六、其他需要报告的事项: the 信息处理费 statement, sometimes with more."""
    if facts.split_other and rng.random() < 0.3:
        fee = f"依据《政府信息公开信息处理费管理办法》，{facts.year}年{facts.self_reference}共收取信息处理费{rng.randint(1, 9) * 100}元。"
    else:
        fee = f"{facts.year}年，{facts.self_reference}未收取信息处理费。"
    extra = rng.choice(
        ("", "无其他需要报告的事项。", f"{facts.self_reference}按要求完成年度政务公开工作要点各项任务。")
    )
    return "\n".join(part for part in (fee, extra) if part)
