"""A key that links one agency's reports across years despite naming variants.

Titles name the same body in many ways: 科学技术局 or 科技局, 人民政府办公室 or 政府办,
with or without spaces and punctuation, and with or without the regions above it
(江西省宜春市高安市科学技术局 is 高安市科技局). The key folds all of that away.

Region prefixes are dropped only where the name that follows still identifies the
body nationally: a province before anything, and a prefecture before a county, a
county-level city or a banner, whose names are unique. A prefecture is kept
before a district (南京市鼓楼区 and 福州市鼓楼区 are different bodies), and a county
is kept before a town or street (城关镇 exists in hundreds of counties).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from xxgk.extract.fold import squash

Level = Literal["province", "prefecture", "county", "district", "town"]

# Long forms and the short forms titles use for them; longer forms first.
_SYNONYMS = (
    ("科学技术", "科技"),
    ("人民政府办公室", "政府办"),
    ("人民政府办公厅", "政府办"),
    ("人民政府", "政府"),
    ("政府办公室", "政府办"),
    ("政府办公厅", "政府办"),
    ("发展和改革委员会", "发改委"),
    ("发展改革委员会", "发改委"),
    ("发展和改革局", "发改局"),
    ("人力资源和社会保障", "人社"),
    ("住房和城乡建设", "住建"),
    ("卫生健康委员会", "卫健委"),
    ("卫生和健康委员会", "卫健委"),
    ("市场监督管理", "市场监管"),
    ("工业和信息化", "工信"),
    ("文化和旅游", "文旅"),
    ("文化广电和旅游", "文广旅"),
    ("退役军人事务", "退役军人"),
    ("自然资源和规划", "自然资源规划"),
    ("行政审批服务管理", "行政审批"),
)

# The four municipalities are province-level although their names end in 市.
_MUNICIPALITY = re.compile("北京市|天津市|上海市|重庆市")
_CJK = "[\u4e00-\u9fff]"
_PROVINCE = re.compile(f"{_CJK}{{2,10}}?(?:省|自治区|特别行政区)")
_PREFECTURE = re.compile(f"{_CJK}{{2,6}}?(?:自治州|地区|盟|市|州)")
_COUNTY = re.compile(f"{_CJK}{{1,8}}?(?:自治县|自治旗|县|旗)|{_CJK}{{2,6}}?市")
_DISTRICT = re.compile(f"{_CJK}{{2,8}}?(?:新区|区)")
_TOWN = re.compile(f"{_CJK}{{2,6}}?(?:镇|乡|街道)")
# Which levels may follow each level (None: the start of the name). The shortest match
# wins (阳城县 before 阳城县城市), ties in this order (宜春市 is a prefecture before 高安市).
_NEXT: dict[str | None, tuple[tuple[str, re.Pattern[str]], ...]] = {
    None: (
        ("province", _MUNICIPALITY),
        ("province", _PROVINCE),
        ("prefecture", _PREFECTURE),
        ("county", _COUNTY),
        ("district", _DISTRICT),
        ("town", _TOWN),
    ),
    "province": (("prefecture", _PREFECTURE), ("county", _COUNTY), ("district", _DISTRICT)),
    "prefecture": (("county", _COUNTY), ("district", _DISTRICT)),
    "county": (("town", _TOWN),),
    "district": (("town", _TOWN),),
    "town": (),
}


@dataclass(frozen=True, slots=True)
class Segment:
    """One region at the start of an agency name, with its level."""

    name: str
    level: Level


def agency_key(name: str | None) -> str | None:
    """科学技术局 and 科技局, spaces and punctuation aside, give the same key; so do
    江西省高安市科学技术局 and 高安市科技局."""
    if not name:
        return None
    key = squash(name)
    for long, short in _SYNONYMS:
        key = key.replace(long, short)
    return _without_redundant_regions(key) or None


def region_segments(name: str) -> tuple[Segment, ...]:
    """The regions a name starts with, outermost first (江西省, 宜春市, 高安市)."""
    text = squash(name)
    segments: list[Segment] = []
    position = 0
    while True:
        found = _next_segment(text, position, segments)
        if found is None:
            return tuple(segments)
        segments.append(found)
        position += len(found.name)


def region_of(name: str) -> str:
    """The region prefix of a name as printed (江西省宜春市高安市), or "" when none."""
    return "".join(s.name for s in region_segments(name))


def _next_segment(text: str, position: int, before: list[Segment]) -> Segment | None:
    """The region at `position` that may follow the last one; a name must remain after it."""
    best: Segment | None = None
    for level, pattern in _NEXT[before[-1].level if before else None]:
        match = pattern.match(text, position)
        if match is not None and match.end() < len(text) and (best is None or len(match.group()) < len(best.name)):
            best = Segment(match.group(), level)  # type: ignore[arg-type]
    return best


def _without_redundant_regions(key: str) -> str:
    segments = region_segments(key)
    drop = 0
    for index, segment in enumerate(segments[:-1]):
        following = segments[index + 1]
        if segment.level == "province" or (segment.level == "prefecture" and following.level == "county"):
            drop = index + 1
            continue
        break
    return key[sum(len(s.name) for s in segments[:drop]) :]
