"""T6: the outcome counts the prose states (予以公开 n 件, 不予处理 n 件 …) against table 三.

Reports often sum up table 三 in their overview ("予以公开及部分公开258件；不予公开35件；
无法提供265件"), and a supervisor reading them finds these sentences contradicting the
table by hand. The outcome names come from the template: a row's own label for
（一）予以公开 and （二）部分公开, the group caption for （三）–（六）, each without its
number; a group's count is the sum of its rows' totals. Like T1 this is a warning, and
a sentence naming a narrower scope (其中, 本级, 办公室 …) is not compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from xxgk.check.prose import NARROWER_SCOPE
from xxgk.extract.fold import fold
from xxgk.findings import Finding
from xxgk.report import Report, show_value
from xxgk.template import get_template
from xxgk.template.applications import RESULTS_GROUP
from xxgk.template.model import Template

_SENTENCE = re.compile(r"[^。！!？?\n]+")
_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十]+[)）]|[（(].*$")
_JOINED = "(?:及|和|与|、)"


@dataclass(frozen=True, slots=True)
class Outcome:
    """An outcome the prose may name, and the total cells of table 三 that count it."""

    name: str
    cells: tuple[str, ...]


def outcomes_of(template: Template) -> tuple[Outcome, ...]:
    """予以公开, 部分公开, 不予公开 … in the template's order, each with its rows' total cells."""
    return _outcomes(template.key)


@cache
def _outcomes(key: str) -> tuple[Outcome, ...]:
    table = next(t for t in get_template(key).tables if t.key == "applications")
    named: dict[str, list[str]] = {}
    for row in table.rows:
        if not row.outcome:
            continue
        caption = row.label if row.group in (RESULTS_GROUP, None) else row.group
        name = _NUMBERING.sub("", fold(caption))
        named.setdefault(name, []).append(f"applications.{row.key}.total")
    return tuple(Outcome(name, tuple(cells)) for name, cells in named.items() if name)


def _pattern(template: Template) -> re.Pattern[str]:
    return _compiled(template.key)


@cache
def _compiled(key: str) -> re.Pattern[str]:
    names = sorted((o.name for o in _outcomes(key)), key=len, reverse=True)
    alternatives = "|".join(map(re.escape, names))
    # 予以公开及部分公开258件 names two outcomes; a name inside another word (不予公开 in 依申请不予公开…) still counts
    return re.compile(rf"((?:{alternatives})(?:{_JOINED}(?:{alternatives}))*)[^\d，,；;。]{{0,4}}?(\d+)\s*件")


def check_outcome_prose(report: Report) -> list[Finding]:
    """A T6 warning for each outcome count the overview states that table 三's totals contradict."""
    if all(report.get(c) is None for o in outcomes_of(report.spec) for c in o.cells):
        return []
    overview = fold(report.text["overview"])
    # The pattern has no anchor or lookaround: a sentence holds a match only where the whole text
    # does, and most overviews state no outcome count at all.
    if _pattern(report.spec).search(overview) is None:
        return []
    by_name = {o.name: o for o in outcomes_of(report.spec)}
    findings = []
    for sentence in _SENTENCE.finditer(overview):
        if NARROWER_SCOPE.search(sentence.group()):
            continue
        for match in _pattern(report.spec).finditer(sentence.group()):
            names = [n for n in re.split(_JOINED, match.group(1)) if n in by_name]
            cells = tuple(c for n in names for c in by_name[n].cells)
            values = [report.get(c) for c in cells]
            if not cells or any(v is None for v in values):
                continue
            counted = sum(v for v in values if v is not None)
            if counted != int(match.group(2)):
                findings.append(
                    Finding(
                        "T6",
                        f"正文称“{match.group().strip()}”，而表三{'、'.join(names)}总计为 {show_value(counted)} 件",
                        cells,
                    )
                )
    return findings
