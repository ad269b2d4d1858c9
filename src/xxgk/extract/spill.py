"""Table 二's cells printed after table 三's heading, in a copy a cell per line: moved back to table 二.

A PDF viewer's copy (pdftotext without -layout) prints a page in blocks: when table 二 runs onto
the page where section 三 begins, the heading "三、收到和处理政府信息公开申请情况" may come before
table 二's last sub-tables — their captions (第二十条第（六）项), column headers (处理决定数量) and
numbers. Read as table 三's, those numbers make its count wrong (a number per cell no more), and
table 二 loses them. Only a leading run of table 二's own captions, headers and numbers moves, and
only when it holds both: a run that names no header of table 二 is table 三's.

Table 三's last columns fare the same at its end: their headers ("其他" "总计") and the last page's
numbers under them may come after the heading "四、…行政复议、行政诉讼情况". They move back to table
三 when table 三 prints fewer numbers than its cells and they make up no more than the shortfall.
"""

from __future__ import annotations

import re

from xxgk.bounded import Bounded
from xxgk.extract.fold import squash
from xxgk.extract.memo import ROW_ENTRIES, field_names
from xxgk.template import TableSpec, Template

_NUMBER = re.compile(r"[+-]?[\d,]+(?:\.\d+)?")


def with_spill_moved(regions: dict[str, str], template: Template) -> dict[str, str]:
    """`regions` (folded, a cell per line) with the leading run of table 二's cells in table 三's region
    appended to table 二's; unchanged when there is none."""
    active, applications = regions.get("active"), regions.get("applications")
    if (
        active is not None
        and applications is not None
        and (cut := _spill_end(applications, _names(template.table("active"))))
    ):
        regions = {**regions, "active": active + "\n" + applications[:cut], "applications": applications[cut:]}
    return _with_last_columns_moved(regions, template.table("applications"))


def _with_last_columns_moved(regions: dict[str, str], table: TableSpec) -> dict[str, str]:
    """`regions` with a leading run of table 三's column headers and numbers in table 四's region moved to
    the end of table 三's, where table 三 is short of numbers by at least as many."""
    applications, reviews = regions.get("applications"), regions.get("review_litigation")
    if applications is None or reviews is None:
        return regions
    cut = _spill_end(reviews, field_names(table))
    if not cut:
        return regions
    cells = sum(len(row.fields) for row in table.rows if not row.optional)
    if not 0 < _number_lines(reviews[:cut]) <= cells - _number_lines(applications):
        return regions
    return {**regions, "applications": applications + "\n" + reviews[:cut], "review_litigation": reviews[cut:]}


def _number_lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if _NUMBER.fullmatch(line.strip()))


# Table 二's names are the template's, asked of every document a cell a line: made once per table.
_NAMES: Bounded[int, tuple[TableSpec, frozenset[str]]] = Bounded(ROW_ENTRIES)


def _names(table: TableSpec) -> frozenset[str]:
    """The captions and column headers table 二 prints (squashed), and its label column's header."""
    known = _NAMES.get(id(table))
    if known is None or known[0] is not table:
        names = {squash("信息内容")}
        for row in table.rows:
            names.add(squash(row.caption))
            names.update(squash(n) for f in row.fields for n in (f.label, *f.variants))
        known = _NAMES.put(id(table), (table, frozenset(n for n in names if n)))
    return known[1]


def _spill_end(region: str, names: frozenset[str]) -> int:
    """Where the leading run of table 二's captions, headers and numbers in `region` ends (after the
    run's last number), or 0 when the run holds no header or no number of table 二."""
    offset = end = 0
    named = False
    for line in region.split("\n"):
        text = line.strip()
        offset += len(line) + 1
        if not text:
            continue
        if _NUMBER.fullmatch(text):
            end = offset if named else 0
            if not named:
                return 0  # a number before any header of table 二: table 三's own
            continue
        if squash(text) not in names:
            break
        named = True
    return min(end, len(region)) if named else 0
