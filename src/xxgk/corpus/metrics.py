"""Metrics for comparing agencies fairly: each a ratio (or a count) of sums of template cells.

A metric names its cells through the template, by rows (or the merged group
header the rows sit under) and columns; `Terms.cell_ids` resolves them against
a template and fails loudly when a name does not exist there. Ratios carry a
minimum-case guard (`min_cases`): below it the denominator is too small for
the ratio to mean anything, and the agency is listed but not ranked. `jump`
is the year-on-year change that is flagged as an outlier: percentage points
for ratios, a factor for counts.

Blank cells are not zeros: a metric whose cells include a blank is not computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from xxgk.report import Value
from xxgk.template import TEMPLATES, Template
from xxgk.template.applications import NOT_PROCESSED, UNAVAILABLE, WITHHELD

Status = Literal["ok", "blank", "too_few"]


@dataclass(frozen=True, slots=True)
class Terms:
    """A sum of cells: `rows` (keys) or the rows under `group`, times `columns`, in `table`."""

    table: str
    columns: tuple[str, ...]
    rows: tuple[str, ...] = ()
    group: str | None = None

    def cell_ids(self, template: Template) -> tuple[str, ...]:
        """The cells summed, in `template` (resolved once per template: comparisons call this per report)."""
        if TEMPLATES.get(template.key) is template:
            return _resolved(self, template.key)
        return self._resolve(template)

    def _resolve(self, template: Template) -> tuple[str, ...]:
        spec = template.table(self.table)
        rows = self.rows or tuple(row.key for row in spec.rows if row.group == self.group)
        cells = tuple(f"{self.table}.{row}.{column}" for row in rows for column in self.columns)
        known = set(template.cell_ids())
        unknown = [cell for cell in cells if cell not in known]
        if not rows or unknown:
            raise ValueError(f"指标引用了模板 {template.key} 中不存在的单元格：{unknown or self}")
        return cells


@dataclass(frozen=True, slots=True)
class Metric:
    """A documented measure: numerator / denominator (or a count when there is no denominator)."""

    key: str
    name: str
    definition: str
    numerator: Terms
    denominator: Terms | None = None
    better: Literal["higher", "lower"] = "higher"
    min_cases: int = 0
    jump: float = 0.3

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None

    def cell_ids(self, template: Template) -> tuple[str, ...]:
        """Every cell the metric reads in reports of `template`."""
        below = self.denominator.cell_ids(template) if self.denominator else ()
        return tuple(dict.fromkeys(self.numerator.cell_ids(template) + below))

    def measure(self, template: Template, cells: Mapping[str, Value]) -> Measure:
        """The metric on one report's cells."""
        top = _sum(cells, self.numerator.cell_ids(template))
        if self.denominator is None:
            return Measure(top, top, None, "ok" if top is not None else "blank")
        bottom = _sum(cells, self.denominator.cell_ids(template))
        if top is None or bottom is None:
            return Measure(None, top, bottom, "blank")
        if bottom < max(self.min_cases, 1):
            return Measure(None, top, bottom, "too_few")
        return Measure(top / bottom, top, bottom, "ok")

    def is_jump(self, before: float, after: float) -> bool:
        """Whether the change from `before` to `after` is large enough to flag."""
        if self.is_rate:
            return abs(after - before) >= self.jump - 1e-12
        low, high = sorted((before, after))
        return high - low >= 20 and (low == 0 or high / low >= self.jump)


@dataclass(frozen=True, slots=True)
class Measure:
    """A metric's value on one report, with the sums it came from; `value` None unless status is ok."""

    value: float | None
    numerator: float | None
    denominator: float | None
    status: Status


@cache
def _resolved(terms: Terms, template_key: str) -> tuple[str, ...]:
    return terms._resolve(TEMPLATES[template_key])


def _sum(cells: Mapping[str, Value], ids: tuple[str, ...]) -> float | None:
    values = [cells.get(cell) for cell in ids]
    if any(v is None for v in values):
        return None
    return float(sum(v for v in values if v is not None))


_TOTAL = ("total",)
_APPLICATIONS = "applications"
_CONCLUDED = ("upheld", "corrected", "other")
_LITIGATION = ("litigation_direct", "litigation_after_review")
_PROCESSED = Terms(_APPLICATIONS, _TOTAL, rows=("total_processed",))

METRICS: tuple[Metric, ...] = (
    Metric(
        "disclosure_rate",
        "实质公开率",
        "（予以公开 + 部分公开）÷ 办理结果总计（表三总计列）",
        Terms(_APPLICATIONS, _TOTAL, rows=("granted", "partially_granted")),
        _PROCESSED,
        better="higher",
        min_cases=10,
    ),
    Metric(
        "withheld_rate",
        "不予公开率",
        "（三）不予公开各项之和 ÷ 办理结果总计",
        Terms(_APPLICATIONS, _TOTAL, group=WITHHELD),
        _PROCESSED,
        better="lower",
        min_cases=10,
    ),
    Metric(
        "unavailable_rate",
        "无法提供率",
        "（四）无法提供各项之和 ÷ 办理结果总计",
        Terms(_APPLICATIONS, _TOTAL, group=UNAVAILABLE),
        _PROCESSED,
        better="lower",
        min_cases=10,
    ),
    Metric(
        "not_processed_rate",
        "不予处理率",
        "（五）不予处理各项之和 ÷ 办理结果总计",
        Terms(_APPLICATIONS, _TOTAL, group=NOT_PROCESSED),
        _PROCESSED,
        better="lower",
        min_cases=10,
    ),
    Metric(
        "carry_forward_rate",
        "结转率",
        "结转下年度继续办理 ÷（本年新收 + 上年结转）",
        Terms(_APPLICATIONS, _TOTAL, rows=("carried_forward",)),
        Terms(_APPLICATIONS, _TOTAL, rows=("new_received", "carried_over")),
        better="lower",
        min_cases=10,
    ),
    Metric(
        "review_correction_rate",
        "复议纠错率",
        "行政复议结果纠正 ÷（结果维持 + 结果纠正 + 其他结果），尚未审结不计",
        Terms("review_litigation", ("corrected",), rows=("review",)),
        Terms("review_litigation", _CONCLUDED, rows=("review",)),
        better="lower",
        min_cases=5,
    ),
    Metric(
        "litigation_correction_rate",
        "诉讼纠错率",
        "行政诉讼（直接起诉与复议后起诉）结果纠正 ÷（结果维持 + 结果纠正 + 其他结果）",
        Terms("review_litigation", ("corrected",), rows=_LITIGATION),
        Terms("review_litigation", _CONCLUDED, rows=_LITIGATION),
        better="lower",
        min_cases=5,
    ),
    Metric(
        "dispute_rate",
        "复议诉讼率",
        "（行政复议总计 + 两类行政诉讼总计）÷ 办理结果总计",
        Terms("review_litigation", _TOTAL, rows=("review", *_LITIGATION)),
        _PROCESSED,
        better="lower",
        min_cases=10,
    ),
    Metric(
        "applications",
        "新收申请数",
        "本年新收政府信息公开申请数量（总计列）；跳变：增减至少 20 件且为上年的 3 倍或三分之一",
        Terms(_APPLICATIONS, _TOTAL, rows=("new_received",)),
        better="higher",
        jump=3.0,
    ),
)


def metric_named(name: str) -> Metric:
    """The metric by key (disclosure_rate) or Chinese name (实质公开率)."""
    for metric in METRICS:
        if name in (metric.key, metric.name):
            return metric
    known = "、".join(f"{m.name}（{m.key}）" for m in METRICS)
    raise KeyError(f"未知指标 {name!r}，可用：{known}")
