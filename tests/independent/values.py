"""Random reports whose numbers satisfy every rule of their format, and deliberate breaks of them.

A `Truth` is what one generated document prints: the value of every cell (or None
where the cell is printed blank), the value the arithmetic forces for each blank
(always 0 here: blanks stand for zeros), and the injected inconsistency, if any.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass

from independent.formats import (
    APPLICANT_COLUMNS,
    FORMATS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    Format,
    broken_equations,
)

Number = int | float

REGIONS = (
    "阳城县",
    "高安市",
    "平潭县",
    "淮安市",
    "洪泽区",
    "龙岗区",
    "锡林郭勒盟",
    "沈阳市",
    "盘锦市",
    "文登区",
    "宁国市",
)
OFFICES = (
    "科学技术局",
    "工业和信息化局",
    "生态环境局",
    "自然资源局",
    "审计局",
    "信访局",
    "人民政府办公室",
    "交通运输局",
    "市场监督管理局",
    "卫生健康委员会",
    "人民政府",
)
# How often each outcome row is used, and how large each applicant column is, relative to the largest.
ROW_WEIGHT = {"granted": 1.0, "partially_granted": 0.35, "unavailable_not_held": 0.45, "other_misc": 0.15}
COLUMN_WEIGHT = {
    "natural_person": 1.0,
    "commercial": 0.3,
    "research": 0.06,
    "social_welfare": 0.06,
    "legal_service": 0.2,
    "other_org": 0.12,
}
SCALE = {"small": 4, "medium": 30, "large": 1800}
# Share of 2021 reports whose table 三 still prints the 2019 single row （六）其他处理.
MIXED_SHARE = 0.15


@dataclass(frozen=True, slots=True)
class Injection:
    """A deliberate inconsistency: `cells` were raised by `delta`; `rules` are the equations it breaks."""

    kind: str
    cells: tuple[str, ...]
    delta: int
    rules: tuple[str, ...]


@dataclass(slots=True)
class Style:
    """How one document prints its numbers and labels."""

    blank_zeros: str = "none"  # none | all | applications
    thousands: bool = False
    variety: float = 0.4
    title: int = 0
    published_line: bool = True
    font_pt: float = 10.5
    label_width: float = 1.0  # relative width of the label columns (narrow ones wrap)
    paragraphs: int = 3
    repeat_header: bool = False  # header rows repeated on each page (w:tblHeader, <thead>)


@dataclass(slots=True)
class Truth:
    """One generated document's truth; `printed` holds None for a cell printed blank."""

    name: str
    layout: str
    template: str
    agency: str
    year: int
    published: str | None
    values: dict[str, Number]
    printed: dict[str, Number | None]
    style: Style
    injected: Injection | None = None
    seed: int = 0
    form: str = ""  # key of FORMATS: the template, or a form mixing two

    @property
    def format(self) -> Format:
        return FORMATS[self.form or self.template]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Truth:
        data = json.loads(text)
        data["style"] = Style(**data["style"])
        if data["injected"] is not None:
            inj = data["injected"]
            data["injected"] = Injection(inj["kind"], tuple(inj["cells"]), inj["delta"], tuple(inj["rules"]))
        return cls(**data)


def draw_truth(name: str, layout: str, seed: int, template: str, inject: bool) -> Truth:
    """A report of `template` drawn from `seed`; with `inject`, one rule broken on purpose."""
    rng = random.Random(seed)
    form = "2021-mixed" if template == "2021" and rng.random() < MIXED_SHARE else template
    fmt = FORMATS[form]
    size = rng.choices(("small", "medium", "large"), weights=(4, 4, 2))[0]
    values: dict[str, Number] = {}
    values.update(_active(rng, template, size))
    values.update(_applications(rng, fmt, size))
    values.update(_review(rng, size))
    year = rng.choice((2019, 2020)) if template == "2019" else rng.randint(2021, 2025)
    style = _style(rng, size)
    published = f"{year + 1}-01-{rng.randint(10, 31):02d}" if style.published_line else None
    injection = _inject(rng, fmt, values) if inject else None
    printed = {cell: _printed(cell, value, style) for cell, value in values.items()}
    for row in fmt.absent:
        for col in (*APPLICANT_COLUMNS, "total"):
            values[f"applications.{row}.{col}"], printed[f"applications.{row}.{col}"] = 0, None
    if injection is not None:
        for cell in injection.cells:
            printed[cell] = values[cell]
    agency = rng.choice(REGIONS) + rng.choice(OFFICES)
    return Truth(name, layout, template, agency, year, published, values, printed, style, injection, seed, form)


def _style(rng: random.Random, size: str) -> Style:
    return Style(
        blank_zeros=rng.choices(("none", "all", "applications"), weights=(5, 3, 2))[0],
        thousands=rng.random() < {"small": 0.0, "medium": 0.3, "large": 0.7}[size],
        variety=rng.choice((0.0, 0.3, 0.6, 0.9)),
        title=rng.randrange(3),
        published_line=rng.random() < 0.7,
        font_pt=rng.choice((9.0, 10.5, 12.0)),
        label_width=rng.choice((0.55, 0.8, 1.0, 1.3)),
        paragraphs=rng.randint(1, 7),
        repeat_header=rng.random() < 0.5,
    )


def _printed(cell: str, value: Number, style: Style) -> Number | None:
    if value != 0 or style.blank_zeros == "none":
        return value
    if style.blank_zeros == "applications" and not cell.startswith("applications."):
        return value
    return None


def _count(rng: random.Random, high: int, p: float = 0.6) -> int:
    return rng.randint(1, max(1, high)) if rng.random() < p else 0


def _amount(rng: random.Random, high: float) -> float:
    if rng.random() < 0.3:
        return 0
    return round(rng.uniform(0.01, high), rng.choice((0, 1, 2)))


def _active(rng: random.Random, template: str, size: str) -> dict[str, Number]:
    big = {"small": 1, "medium": 8, "large": 60}[size]
    out: dict[str, Number] = {}
    if template == "2021":
        for row, scale in (("regulations", 0.1), ("normative_documents", 1.0)):
            issued, repealed = _count(rng, int(5 * big * scale) + 1), _count(rng, int(2 * big * scale) + 1, 0.4)
            out[f"active.{row}.issued"] = issued
            out[f"active.{row}.repealed"] = repealed
            out[f"active.{row}.in_force"] = issued + _count(rng, int(25 * big * scale) + 2, 0.8)
        out["active.licensing.decisions"] = _count(rng, 400 * big, 0.8)
        out["active.punishment.decisions"] = _count(rng, 60 * big, 0.7)
        out["active.coercion.decisions"] = _count(rng, 5 * big, 0.4)
        out["active.fees.amount"] = _amount(rng, 50.0 * big)
        return out
    for row, scale in (("regulations", 0.1), ("normative_documents", 1.0)):
        made = _count(rng, int(5 * big * scale) + 1)
        out[f"active.{row}.made"] = made
        out[f"active.{row}.published"] = min(made, _count(rng, made + 1))
        out[f"active.{row}.total_published"] = made + _count(rng, int(40 * big * scale) + 2, 0.8)
    for row, scale in (("licensing", 20), ("other_services", 5), ("punishment", 30), ("coercion", 3)):
        previous = _count(rng, scale * big, 0.7)
        out[f"active.{row}.previous_items"] = previous
        out[f"active.{row}.change"] = rng.randint(-previous, scale * big) if rng.random() < 0.5 else 0
        out[f"active.{row}.decisions"] = _count(rng, scale * 20 * big, 0.7)
    out["active.fees.previous_items"] = _count(rng, 3 * big, 0.5)
    out["active.fees.change"] = rng.randint(-int(out["active.fees.previous_items"]), 2) if rng.random() < 0.3 else 0
    out["active.procurement.items"] = _count(rng, 4 * big, 0.5)
    out["active.procurement.amount"] = _amount(rng, 90.0 * big) if out["active.procurement.items"] else 0
    return out


def _applications(rng: random.Random, fmt: Format, size: str) -> dict[str, Number]:
    scale = SCALE[size]
    grid: dict[str, dict[str, int]] = {}
    for outcome in fmt.outcomes:
        weight = ROW_WEIGHT.get(outcome.key, 0.08)
        grid[outcome.key] = {
            col: _count(rng, int(scale * weight * COLUMN_WEIGHT[col]) + 1, min(0.9, 0.25 + weight * COLUMN_WEIGHT[col]))
            for col in APPLICANT_COLUMNS
        }
    processed = {col: sum(grid[r.key][col] for r in fmt.outcomes) for col in APPLICANT_COLUMNS}
    forward = {col: _count(rng, max(1, processed[col] // 8), 0.4) for col in APPLICANT_COLUMNS}
    over = {col: _count(rng, max(1, processed[col] // 10), 0.4) for col in APPLICANT_COLUMNS}
    over = {col: min(over[col], processed[col] + forward[col]) for col in APPLICANT_COLUMNS}
    grid["total_processed"] = processed
    grid["carried_forward"] = forward
    grid["carried_over"] = over
    grid["new_received"] = {col: processed[col] + forward[col] - over[col] for col in APPLICANT_COLUMNS}
    out: dict[str, Number] = {}
    for row in fmt.application_rows():
        for col in APPLICANT_COLUMNS:
            out[f"applications.{row}.{col}"] = grid[row][col]
        out[f"applications.{row}.total"] = sum(grid[row].values())
    return out


def _review(rng: random.Random, size: str) -> dict[str, Number]:
    high = {"small": 2, "medium": 6, "large": 60}[size]
    out: dict[str, Number] = {}
    for group in REVIEW_GROUPS:
        parts = [_count(rng, high, 0.35) for _ in REVIEW_FIELDS[:-1]]
        for key, value in zip(REVIEW_FIELDS[:-1], parts, strict=True):
            out[f"review_litigation.{group}.{key}"] = value
        out[f"review_litigation.{group}.total"] = sum(parts)
    return out


def _inject(rng: random.Random, fmt: Format, values: dict[str, Number]) -> Injection:
    """Raise one or two cells so that a rule of the format no longer holds (values change in place)."""
    kind = rng.choice(("row_total", "balance", "outcome", "review_total"))
    col = rng.choice(APPLICANT_COLUMNS)
    if kind == "row_total":
        row = rng.choice(fmt.application_rows())
        cells: tuple[str, ...] = (f"applications.{row}.total",)
    elif kind == "balance":
        cells = (f"applications.carried_forward.{col}", "applications.carried_forward.total")
    elif kind == "outcome":
        row = rng.choice(fmt.outcomes).key
        cells = (f"applications.{row}.{col}", f"applications.{row}.total")
    else:
        cells = (f"review_litigation.{rng.choice(REVIEW_GROUPS)}.total",)
    delta = rng.randint(1, 9)
    for cell in cells:
        values[cell] += delta
    rules = tuple(sorted({eq.rule for eq in broken_equations(fmt, {k: float(v) for k, v in values.items()})}))
    return Injection(kind, cells, delta, rules)
