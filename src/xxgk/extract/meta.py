"""The report's agency, year and publication date, from its title and page text.

Titles come as "X2019年度政府信息公开工作报告", "X政府信息公开工作年度报告（2019年度）",
"X2023年政府信息公开工作年度报告", "2023年度X政府信息公开工作年度报告", broken over lines,
repeated under the agency name, or followed by page furniture ("操作>>"); pages state the
date as 发布时间 on a line of its own or in the furniture ("来源：X 时间：2022-02-08"), and
name the publisher there ("信息来源：X区人民政府") when the title names none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.extract.fold import fold

_TITLE = re.compile(
    r"(?:(?P<year_before>(?:19|20)\d{2})\s*年度?\s*)?"
    r"(?P<agency>[\u3400-\u9fff（）()·]{0,40}?)\s*"
    r"(?:(?:关于)?[（(]?(?P<year>(?:19|20)\d{2})\s*年度?[)）]?)?\s*"
    r"(?:政务公开和)?政府信息公开(?:工作)?(?:年度)?(?:工作)?报告"
    r"(?:\s*[（(]\s*(?P<year_after>(?:19|20)\d{2})\s*年度?\s*[)）])?"
)
_TITLE_CORE = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:工作)?报告")
_DATE = r"\s*(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
# A date the page labels as the publication's ("公开日期 2024-01-17" in a catalogue's header table), tried in
# every head line before a date labelled only 日期 or 时间: a saved page's "采集时间：2025-12-30" comes first.
_PUBLISHED_LABELLED = re.compile(r"(?:发布时间|发布日期|公开日期|发文日期|成文日期|信息时间|发稿时间)\s*[:：]?" + _DATE)
_PUBLISHED = re.compile(r"(?:(?<!采集)日期\s*[:：]?|(?<!统计)(?<!办理)(?<!采集)时间\s*[:：])" + _DATE)
_ANY_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})")
_PERIOD_YEAR = re.compile(r"(?:统计期限|统计期|数据统计)[^。]{0,12}?自?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_LEADING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年")
# A title's field label: "标题：…", or a catalogue header table's "名称" cell before the title's.
_FIELD_PREFIX = re.compile(r"^\s*(?:标题|题目|名称|title)\s*(?:[:：]|\t)\s*", re.IGNORECASE)
_AGENCY_NOISE = re.compile(r"^(?:[【\[].*?[】\]])+|^(?:关于|印发)|^年度?")
# The publisher a page's furniture names: "信息来源：XX区人民政府 发布时间：…", "来源：XX局", or a catalogue's
# header table ("发布机构" and the agency in the next cell).
_SOURCE = re.compile(
    r"(?:信息来源|来源|发布机构|发文机关|发布单位)\s*(?:[:：]|\t)\s*(?P<agency>[\u3400-\u9fff（）()]{2,40})"
)

# How far into the document a title may stand, and how long a title line may be.
TITLE_LINES = 12
TITLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Meta:
    agency: str | None
    year: int | None
    published: str | None


def read_meta(lines: list[str], metadata: dict[str, str], overview: str, head_end: int) -> Meta:
    """Agency and year from the title; publication date where the page states one."""
    head = _head_lines(lines, head_end)
    folded = [fold(line) for line in head]
    candidates = [*_title_candidates(folded), _compact(metadata.get("title", ""))]
    parsed = [found for candidate in candidates if (found := _parse_compact(candidate))]
    complete = [found for found in parsed if None not in found]
    with_year = [found for found in parsed if found[1] is not None]
    agency, year = (complete or with_year or parsed or [(None, None)])[0]
    if agency is None:
        agency = next((found[0] for found in parsed if found[0] is not None), None)
    if agency is None:
        agency = _source_agency(folded)
    if year is None:
        year = _year_from_text(" ".join(head) + "\n" + overview)
    return Meta(agency, year, _published(folded, metadata))


def _head_lines(lines: list[str], head_end: int) -> list[str]:
    head: list[str] = []
    used = 0
    for line in lines:
        if used >= head_end:
            break
        used += len(line) + 1
        if line.strip():
            head.append(line.strip()[:TITLE_CHARS])
        if len(head) >= TITLE_LINES:
            break
    return head


def _title_candidates(head: list[str]) -> list[str]:
    """Single lines of `head` (folded) first, then pairs and triples of consecutive lines (titles wrap),
    each `_compact`.

    A line is compacted once: `fold` maps a character to one, so the compact form of lines joined
    is their compact forms joined."""
    cleaned = [_compact(_FIELD_PREFIX.sub("", line)) for line in head]
    out = list(cleaned)
    for width in (2, 3):
        out += ["".join(cleaned[i : i + width]) for i in range(len(cleaned) - width + 1)]
    return out


def _compact(text: str) -> str:
    """The text folded, without whitespace: how titles are matched."""
    return _WHITESPACE.sub("", fold(text))


_WHITESPACE = re.compile(r"\s+")


def _parse_compact(compact: str) -> tuple[str | None, int | None] | None:
    """Agency and year of a `_compact` title, or None when it is not a report's title."""
    # The title pattern tries every start position; most head lines fail this test at once.
    if not _TITLE_CORE.search(compact):
        return None
    match = _TITLE.search(compact)
    if not match:
        return None
    agency = _clean_agency(match.group("agency"))
    year_text = match.group("year") or match.group("year_after") or match.group("year_before")
    return agency, int(year_text) if year_text else None


def _clean_agency(agency: str) -> str | None:
    agency = _AGENCY_NOISE.sub("", agency).strip("（）() ·")
    half = len(agency) // 2
    if len(agency) % 2 == 0 and agency[:half] == agency[half:]:
        agency = agency[:half]
    return agency or None


def _source_agency(head: list[str]) -> str | None:
    """The publisher named by the page's furniture (`head` folded), when the title names no agency."""
    for line in head:
        match = _SOURCE.search(line)
        if match:
            return _clean_agency(match.group("agency"))
    return None


def _year_from_text(text: str) -> int | None:
    folded = fold(text)
    for pattern in (_PERIOD_YEAR, _LEADING_YEAR):
        match = pattern.search(folded)
        if match:
            return int(match.group(1))
    return None


def _published(head: list[str], metadata: dict[str, str]) -> str | None:
    """The date a head line (folded) labels the publication's, else the page metadata's."""
    for pattern in (_PUBLISHED_LABELLED, _PUBLISHED):
        for line in head:
            match = pattern.search(line)
            if match:
                return _iso(match)
    for key in ("published", "pubdate", "PubDate"):
        match = _ANY_DATE.search(fold(metadata.get(key, "")))
        if match:
            return _iso(match)
    return None


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
