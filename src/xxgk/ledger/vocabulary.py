"""What a ledger's words mean in the template: outcomes, applicant types, review kinds.

Nothing here lists rows or labels: every name is derived from the templates
(official labels, variants, the label without its numbering or its parenthetical
note, the group it sits under, and the `short` names the template records), and
the roles of rows and columns are read off the template's equations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from xxgk.extract.fold import squash
from xxgk.template import TEMPLATES, Template, get_template
from xxgk.template.applications import APPLICANT_COLUMNS
from xxgk.template.national import REVIEW_COLUMNS, REVIEW_LITIGATION

_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、)?(?:[（(][一二三四五六七八九十]+[)）])?\s*(?:\d+[.．、])?")
_NOTE = re.compile(r"[（(][^（()）]*[)）]\s*$")
_LATEST = "2021"


def template_for_year(year: int) -> Template:
    """The format a year's report uses: 〔2021〕30号 from 2021, 〔2019〕60号 before."""
    return get_template(_LATEST if year >= int(_LATEST) else "2019")


@dataclass(frozen=True, slots=True)
class Roles:
    """The rows and columns of table 三 by the part they play in equations R1–R3."""

    received: str
    carried_over: str
    processed: str
    carried_forward: str
    total: str
    parts: tuple[str, ...]


@cache
def roles(template_key: str) -> Roles:
    template = get_template(template_key)
    by_rule = {eq.rule: eq for eq in reversed(template.equations)}
    balance, outcome_sum, row_total = by_rule["R1"], by_rule["R2"], by_rule["R3"]
    processed = _part(outcome_sum.left[0], 1)
    return Roles(
        received=_part(balance.left[0], 1),
        carried_over=_part(balance.left[1], 1),
        processed=processed,
        carried_forward=next(_part(c, 1) for c in balance.right if _part(c, 1) != processed),
        total=_part(row_total.left[0], 2),
        parts=tuple(_part(c, 2) for c in row_total.right),
    )


def _part(cell: str, index: int) -> str:
    return cell.split(".")[index]


# ---------------------------------------------------------------- outcomes


@cache
def _outcome_names() -> dict[str, str]:
    """Folded name → outcome row key, over both templates, the richer (2021) first."""
    names: dict[str, str] = {}
    ambiguous: set[str] = set()
    for template in sorted(TEMPLATES.values(), key=lambda t: t.key, reverse=True):
        for row in template.table("applications").rows:
            if not row.outcome:
                continue
            for name in _names_of(row.key, row.label, row.variants, row.short, row.group):
                if names.get(name, row.key) != row.key:
                    ambiguous.add(name)
                names.setdefault(name, row.key)
    return {name: key for name, key in names.items() if name not in ambiguous}


def _names_of(key: str, label: str, variants: tuple[str, ...], short: tuple[str, ...], group: str | None) -> set[str]:
    names = {key, *short}
    for text in (label, *variants):
        bare = _NUMBERING.sub("", text)
        names |= {text, bare, _NOTE.sub("", bare)}
        if group:
            names |= {group + text, _NUMBERING.sub("", group) + bare}
    return {squash(n) for n in names if squash(n)}


WITHDRAWN = "withdrawn"
# Outcomes a ledger records that are not rows of any template: key → (the row they are
# counted in, their label, the names a ledger writes). 撤回 is counted in 2021's
# （六）3.其他, hence in 2019's （六）其他处理 (the row printed in its place).
LEDGER_OUTCOMES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    WITHDRAWN: ("other_misc", "申请人撤回申请", ("撤回", "撤回申请", "申请人撤回", "申请人撤回申请")),
}


def outcome_key(text: str) -> str | None:
    """The outcome a ledger's 办理结果 names (a row's label, variant, short form or key; or 撤回), or None."""
    folded = squash(text)
    for key, (_, _, names) in LEDGER_OUTCOMES.items():
        if folded == key or folded in {squash(n) for n in names}:
            return key
    return _outcome_names().get(folded)


def outcome_row(key: str, template: Template) -> str | None:
    """The row of `template` an outcome counts in: itself, or the row printed in place of it
    (2019's single （六）其他处理 for 2021's three sub-rows); None when the template has none."""
    if key in LEDGER_OUTCOMES:
        return outcome_row(LEDGER_OUTCOMES[key][0], template)
    table = template.table("applications")
    rows = {row.key: row for row in table.rows if row.outcome and not row.optional}
    if key in rows:
        return key
    for other in TEMPLATES.values():
        for row in other.table("applications").rows:
            if key in row.replaces and row.key in rows:
                return row.key
    return None


def outcome_label(key: str) -> str:
    """The official label of an outcome row, with its group (for messages and exports)."""
    if key in LEDGER_OUTCOMES:
        counted_in, label, _ = LEDGER_OUTCOMES[key]
        return f"{label}（计入{outcome_label(counted_in)}）"
    for template in sorted(TEMPLATES.values(), key=lambda t: t.key, reverse=True):
        for row in template.table("applications").rows:
            if row.key == key:
                return f"{row.group} {row.label}" if row.enumerator else row.label
    raise KeyError(key)


def outcome_short(key: str) -> str:
    """The short name an exported ledger writes: the template's short form, else the bare label."""
    if key in LEDGER_OUTCOMES:
        return LEDGER_OUTCOMES[key][2][0]
    for template in sorted(TEMPLATES.values(), key=lambda t: t.key, reverse=True):
        for row in template.table("applications").rows:
            if row.key == key:
                return row.short[0] if row.short else _NOTE.sub("", _NUMBERING.sub("", row.label))
    raise KeyError(key)


# ---------------------------------------------------------------- applicants and cases


@cache
def _applicant_names() -> dict[str, str]:
    parts = roles(_LATEST).parts
    return {squash(name): f.key for f in APPLICANT_COLUMNS if f.key in parts for name in (f.key, f.label, *f.variants)}


def applicant_key(text: str) -> str | None:
    """The table 三 column of an applicant type (自然人, 商业企业, …, 其他)."""
    return _applicant_names().get(squash(text))


def applicant_label(key: str) -> str:
    return next(f.label for f in APPLICANT_COLUMNS if f.key == key)


def applicant_labels() -> tuple[str, ...]:
    parts = roles(_LATEST).parts
    return tuple(f.label for f in APPLICANT_COLUMNS if f.key in parts)


def case_kinds() -> dict[str, str]:
    """Review and litigation kinds (table 四's groups): key → label."""
    return {row.key: row.label for row in REVIEW_LITIGATION.rows}


@cache
def _review_roles() -> tuple[str, tuple[str, ...]]:
    """(total, results): table 四's sum column and the columns summed into it (R4)."""
    equation = next(eq for eq in get_template(_LATEST).equations if eq.rule == "R4")
    return _part(equation.left[0], 2), tuple(_part(c, 2) for c in equation.right)


PENDING = "pending"


def review_total() -> str:
    """Table 四's 总计 column."""
    return _review_roles()[0]


def case_results() -> dict[str, str]:
    """Results a concluded case can have (结果维持, 结果纠正, 其他结果): key → label."""
    _, results = _review_roles()
    return {f.key: f.label for f in REVIEW_COLUMNS if f.key in results and f.key != PENDING}


def case_result_key(text: str) -> str | None:
    folded = squash(text)
    for f in REVIEW_COLUMNS:
        if f.key in case_results() and folded in {squash(n) for n in (f.key, f.label, *f.variants)}:
            return f.key
    return None


def case_kind_key(text: str) -> str | None:
    folded = squash(text)
    for key, label in case_kinds().items():
        if folded in {squash(key), squash(label), squash(label.split("·")[-1])}:
            return key
    return None
