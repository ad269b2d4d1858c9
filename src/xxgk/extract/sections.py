"""Find the six numbered section headings and cut the text into sections.

The headings come from the template's `Section` data. They are found anywhere,
not only at line starts: text copied from web pages often runs a whole report
into one line, and a heading can follow a table cell. First each heading is
looked for in the template's order with its own numeral; a heading not found so
is then looked for anywhere (local layouts print the sections in another order),
and last with any numeral and the section's local keywords (`Section.local`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.extract.fold import fold
from xxgk.template import SECTIONS, Section

_NUMERALS = "[一二三四五六七八九十]"
_MARK = r"[、.,，．]?[ \t]*"
# Out of order or with another numeral, a heading must carry a mark ("三、", "三．").
_STRICT_MARK = r"[、.，．][ \t]*"
# Out of the template's order a heading must begin a line or follow a sentence or a
# table cell (a digit): an introduction listing the headings ("本报告包括…、…") holds none.
_BOUNDARY = re.compile(r"[\n。；;：:）)\]】 \t0-9]")


@dataclass(frozen=True, slots=True)
class Span:
    """The section's heading starts at `start`, its body runs from `body` to `end`."""

    key: str
    start: int
    body: int
    end: int


def _spaced(word: str) -> str:
    return r"[ \t]*".join(re.escape(ch) for ch in word)


def _pattern(section: Section, numeral: str, mark: str, keywords: tuple[str, ...]) -> re.Pattern[str]:
    # How far the keyword may stand from its numeral; never across digits: a glued
    # table row "四、结转下一年继续办理0000000" may stand just before the heading.
    lead = rf"[^\n。0-9]{{0,{section.lead}}}?" if section.lead else ""
    return re.compile(numeral + mark + lead + "(?:" + "|".join(_spaced(k) for k in keywords) + ")")


_OWN = {s.key: _pattern(s, s.number, _MARK, s.keywords) for s in SECTIONS}
_MOVED = {s.key: _pattern(s, s.number, _STRICT_MARK, s.keywords) for s in SECTIONS}
_LOCAL = {s.key: _pattern(s, _NUMERALS, _STRICT_MARK, s.keywords + s.local) for s in SECTIONS}


def find_sections(text: str, folded: str | None = None) -> dict[str, Span]:
    """The sections found, each up to the next heading; a missing heading is skipped, not guessed.

    `folded` is `fold(text)` when the caller has it already (it costs a pass over the text).
    """
    folded = fold(text) if folded is None else folded
    found: dict[str, tuple[int, int]] = {}
    position = 0
    for section in SECTIONS:
        match = _OWN[section.key].search(folded, position)
        if match is not None:
            found[section.key] = (match.start(), _end_of_heading(folded, match.end()))
            position = found[section.key][1]
    for patterns in (_MOVED, _LOCAL):
        for section in SECTIONS:
            if section.key not in found:
                heading = _free_heading(folded, patterns[section.key], found)
                if heading is not None:
                    found[section.key] = heading
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    spans: dict[str, Span] = {}
    for index, (key, (start, body)) in enumerate(ordered):
        end = ordered[index + 1][1][0] if index + 1 < len(ordered) else len(text)
        spans[key] = Span(key, start, body, end)
    return spans


def _free_heading(folded: str, pattern: re.Pattern[str], found: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    """The first match that stands on a boundary and inside no heading already found."""
    for match in pattern.finditer(folded):
        start = match.start()
        if start and not _BOUNDARY.match(folded, start - 1):
            continue
        if any(s <= start < b or start <= s < match.end() for s, b in found.values()):
            continue
        return start, _end_of_heading(folded, match.end())
    return None


def _end_of_heading(folded: str, position: int) -> int:
    """Extend a heading match to its closing word (情况, 事项, 措施), not into the body."""
    if folded[max(0, position - 2) : position] in ("情况", "事项", "措施"):
        return position
    window = folded[position : position + 24]
    stop = re.search(r"[\n。]", window)
    if stop:
        window = window[: stop.start()]
    closing = re.search(r"情况|事项|措施", window)
    return position + closing.end() if closing else position
