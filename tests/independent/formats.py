"""The two national formats as this generator understands them, written from the spec alone.

Deliberately independent of `xxgk.template`: rows, columns and rules are transcribed
here from spec/format-notes.md (§2, §3, §5) and spec/report-model.md, so a mistake in
the parser's own template cannot hide itself. Only the cell ids (the data contract)
are shared. Labels are ids into labels.toml; the printed wording is chosen per document.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LABELS_FILE = Path(__file__).with_name("labels.toml")

APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
ALL_COLUMNS = (*APPLICANT_COLUMNS, "total")
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_FIELDS = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of table 二: a caption (第二十条第（x）项), column labels, and rows of fields."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]  # (row key, label id)
    fields: tuple[str, ...]
    amounts: tuple[str, ...] = ()  # fields holding decimals


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """A row of table 三 between 三、本年度办理结果 and （七）总计; `group` is its merged row header."""

    key: str
    group: str | None


ACTIVE_2021 = (
    Block(
        "caption.item1",
        ("column.issued", "column.repealed", "column.in_force"),
        (("regulations", "row.regulations"), ("normative_documents", "row.normative_documents_2021")),
        ("issued", "repealed", "in_force"),
    ),
    Block("caption.item5", ("column.decisions",), (("licensing", "row.licensing"),), ("decisions",)),
    Block(
        "caption.item6",
        ("column.decisions",),
        (("punishment", "row.punishment"), ("coercion", "row.coercion")),
        ("decisions",),
    ),
    Block("caption.item8", ("column.amount",), (("fees", "row.fees"),), ("amount",), ("amount",)),
)

ACTIVE_2019 = (
    Block(
        "caption.item1",
        ("column.made", "column.published", "column.total_published"),
        (("regulations", "row.regulations"), ("normative_documents", "row.normative_documents_2019")),
        ("made", "published", "total_published"),
    ),
    Block(
        "caption.item5",
        ("column.previous_items", "column.change", "column.decisions_2019"),
        (("licensing", "row.licensing"), ("other_services", "row.other_services")),
        ("previous_items", "change", "decisions"),
    ),
    Block(
        "caption.item6",
        ("column.previous_items", "column.change", "column.decisions_2019"),
        (("punishment", "row.punishment"), ("coercion", "row.coercion")),
        ("previous_items", "change", "decisions"),
    ),
    Block(
        "caption.item8",
        ("column.previous_items", "column.change"),
        (("fees", "row.fees"),),
        ("previous_items", "change"),
    ),
    Block(
        "caption.item9",
        ("column.items", "column.procurement_amount"),
        (("procurement", "row.procurement"),),
        ("items", "amount"),
        ("amount",),
    ),
)

_SHARED_OUTCOMES = (
    OutcomeRow("granted", None),
    OutcomeRow("partially_granted", None),
    *(
        OutcomeRow(f"withheld_{k}", "group.withheld")
        for k in (
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party",
            "internal_affairs",
            "process_info",
            "enforcement_files",
            "query_matters",
        )
    ),
    *(OutcomeRow(f"unavailable_{k}", "group.unavailable") for k in ("not_held", "needs_creation", "unclear")),
    *(
        OutcomeRow(f"not_processed_{k}", "group.not_processed")
        for k in ("complaint", "duplicate", "publication", "excessive", "confirmation")
    ),
)
OUTCOMES = {
    "2019": (*_SHARED_OUTCOMES, OutcomeRow("other_handling", None)),
    "2021": (
        *_SHARED_OUTCOMES,
        *(OutcomeRow(k, "group.other") for k in ("other_no_correction", "other_unpaid_fee", "other_misc")),
    ),
}


@dataclass(frozen=True, slots=True)
class Format:
    """One national format: its table 二 blocks and table 三 outcome rows (table 四 is shared)."""

    name: str
    active: tuple[Block, ...]
    outcomes: tuple[OutcomeRow, ...]
    template: str = ""  # the template a reader should detect (the name unless the form mixes two)
    absent: tuple[str, ...] = ()  # rows of the template the form does not print: their cells read null

    def application_rows(self) -> tuple[str, ...]:
        return ("new_received", "carried_over", *(r.key for r in self.outcomes), "total_processed", "carried_forward")

    def cell_ids(self) -> list[str]:
        """Every numeric cell of the format, in table order (the ids of report-model.md)."""
        cells = [f"active.{row}.{f}" for block in self.active for row, _ in block.rows for f in block.fields]
        cells += [f"applications.{row}.{col}" for row in self.application_rows() for col in ALL_COLUMNS]
        cells += [f"review_litigation.{g}.{f}" for g in REVIEW_GROUPS for f in REVIEW_FIELDS]
        return cells + [f"applications.{row}.{col}" for row in self.absent for col in ALL_COLUMNS]

    def amount_cells(self) -> set[str]:
        return {f"active.{row}.{f}" for b in self.active for row, _ in b.rows for f in b.amounts}


FORMATS = {
    "2019": Format("2019", ACTIVE_2019, OUTCOMES["2019"], "2019"),
    "2021": Format("2021", ACTIVE_2021, OUTCOMES["2021"], "2021"),
    # The 2021 table 二 with the 2019 single row （六）其他处理 in table 三, as realworld/hongze-2024
    # prints it (report-model.md, "Mixed tables"): the template is 2021, the three sub-rows are null.
    "2021-mixed": Format(
        "2021-mixed", ACTIVE_2021, OUTCOMES["2019"], "2021", ("other_no_correction", "other_unpaid_fee", "other_misc")
    ),
}


@dataclass(frozen=True, slots=True)
class Equation:
    """`left` = sum of `right`: one arithmetic rule of the format, named as the spec names it."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]


def equations(fmt: Format) -> list[Equation]:
    """R1–R4 of format-notes §5.1 over cell ids."""
    a = "applications"
    out: list[Equation] = []
    for col in ALL_COLUMNS:
        out.append(
            Equation(
                "R1",
                (f"{a}.new_received.{col}", f"{a}.carried_over.{col}"),
                (f"{a}.total_processed.{col}", f"{a}.carried_forward.{col}"),
            )
        )
        out.append(Equation("R2", (f"{a}.total_processed.{col}",), tuple(f"{a}.{r.key}.{col}" for r in fmt.outcomes)))
    for row in fmt.application_rows():
        out.append(Equation("R3", (f"{a}.{row}.total",), tuple(f"{a}.{row}.{c}" for c in APPLICANT_COLUMNS)))
    for g in REVIEW_GROUPS:
        parts = tuple(f"review_litigation.{g}.{f}" for f in REVIEW_FIELDS[:-1])
        out.append(Equation("R4", (f"review_litigation.{g}.total",), parts))
    return out


def broken_equations(fmt: Format, values: dict[str, float]) -> list[Equation]:
    """The equations `values` (every cell filled) does not satisfy."""
    return [
        eq for eq in equations(fmt) if abs(sum(values[c] for c in eq.left) - sum(values[c] for c in eq.right)) > 1e-9
    ]


@dataclass(frozen=True, slots=True)
class Variant:
    text: str
    seen: str


@cache
def labels() -> dict[str, dict[str, tuple[Variant, ...]]]:
    """labels.toml as {table: {label id: variants}}."""
    data = tomllib.loads(LABELS_FILE.read_text(encoding="utf-8"))
    return {
        table: {key: tuple(Variant(v["text"], v["seen"]) for v in entry["variants"]) for key, entry in group.items()}
        for table, group in data.items()
    }


class Wording:
    """The wording one document uses: one variant per label, drawn once and kept.

    `variety` is the chance that a label departs from the national form's wording.
    """

    def __init__(self, rng: random.Random, variety: float) -> None:
        self._rng = rng
        self._variety = variety
        self._chosen: dict[tuple[str, str], str] = {}

    def __call__(self, table: str, key: str) -> str:
        if (table, key) not in self._chosen:
            variants = labels()[table][key]
            pick = variants[0]
            if len(variants) > 1 and self._rng.random() < self._variety:
                pick = self._rng.choice(variants[1:])
            self._chosen[(table, key)] = pick.text
        return self._chosen[(table, key)]
