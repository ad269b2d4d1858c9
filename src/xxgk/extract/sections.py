"""Find the six numbered section headings and cut the text into sections.

Headings are found anywhere, not only at line starts: text copied from web pages
often runs a whole report into one line, and a heading can follow a table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.extract.fold import fold
from xxgk.template import SECTIONS

_NUMERAL_MARK = r"[、.,，．]?[ \t]*"

# How far the section's keyword may stand from its numeral (variant headings put
# words such as 因政府信息公开工作被申请 in between). Never across digits: a glued
# table row "四、结转下一年继续办理0000000" may stand just before the heading.
_HEADING_PATTERNS = {
    "overview": r"总[ \t]*体[ \t]*情[ \t]*况",
    "active": r"主[ \t]*动[ \t]*公[ \t]*开[ \t]*政[ \t]*府[ \t]*信[ \t]*息",
    "applications": r"收到和处理政府信息公开申请",
    "review_litigation": r"[^\n。0-9]{0,24}?行政复议",
    "problems": r"[^\n。0-9]{0,16}?(?:存在的?主要问题|存在问题|主要问题)",
    "other_matters": r"其他需要报告",
}


@dataclass(frozen=True, slots=True)
class Span:
    """The section's heading starts at `start`, its body runs from `body` to `end`."""

    key: str
    start: int
    body: int
    end: int


def find_sections(text: str) -> dict[str, Span]:
    """Sections found in order; a missing heading is skipped, not guessed."""
    folded = fold(text)
    found: list[tuple[str, int, int]] = []
    position = 0
    for section in SECTIONS:
        pattern = re.compile(section.number + _NUMERAL_MARK + _HEADING_PATTERNS[section.key])
        match = pattern.search(folded, position)
        if match is None:
            continue
        body = _end_of_heading(folded, match.end())
        found.append((section.key, match.start(), body))
        position = body
    spans: dict[str, Span] = {}
    for index, (key, start, body) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        spans[key] = Span(key, start, body, end)
    return spans


def _end_of_heading(folded: str, position: int) -> int:
    """Extend a heading match to its closing word (情况, 事项), not into the body."""
    if folded[max(0, position - 2) : position] in ("情况", "事项"):
        return position
    window = folded[position : position + 24]
    stop = re.search(r"[\n。]", window)
    if stop:
        window = window[: stop.start()]
    closing = re.search(r"情况|事项", window)
    return position + closing.end() if closing else position
