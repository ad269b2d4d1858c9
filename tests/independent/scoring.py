"""Scoring a parse against what the document prints.

A cell is right when the parse equals what the document prints; a cell printed
blank is right when read as null, or as the value the table's arithmetic forces
if the parse marks it inferred. Anything else is wrong: a value different from the
printed one is a *wrong value*, a null where a number is printed is *missed*.
A document that could not be read counts every cell as missed.

The parser is run through `xxgk.service.check_file`, the function the CLI's
`xxgk check` and the web app call; "caught" means an error finding on a document
with an injected inconsistency, a "false alarm" an error finding on a consistent one
(PARSE_INCOMPLETE, "报告未能完整读取", only where no printed cell was missed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from independent.corpus import Entry
from independent.values import Number, Truth


@dataclass(slots=True)
class DocumentScore:
    name: str
    layout: str
    template: str
    cells: int
    right: int = 0
    wrong: list[tuple[str, Number | None, Any]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    template_read: str | None = None
    meta_wrong: list[str] = field(default_factory=list)
    unread: str | None = None
    injected: bool = False
    has_error: bool = False
    error_codes: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def exact(self) -> bool:
        return self.unread is None and self.template_read == self.template and self.right == self.cells

    @property
    def caught(self) -> bool:
        return self.injected and self.has_error

    @property
    def false_alarm(self) -> bool:
        """An error on a consistent document; PARSE_INCOMPLETE ("not fully read") is no false alarm where
        printed cells were indeed missed."""
        if self.injected:
            return False
        codes = set(self.error_codes)
        if self.missed or self.unread:
            codes.discard("PARSE_INCOMPLETE")
        return bool(codes)

    def problem(self, limit: int = 4) -> str:
        if self.unread:
            return f"unread: {self.unread}"
        shown = [f"{c}: printed {p!r}, got {g!r}" for c, p, g in self.wrong[:limit]]
        shown += [f"{c}: missed" for c in self.missed[: max(0, limit - len(shown))]]
        if self.template_read != self.template:
            shown.insert(0, f"template {self.template_read} for {self.template}")
        return "; ".join(shown)


def score(truth: Truth, report: Any, findings: Iterable[Any], error: str | None) -> DocumentScore:
    """The score of one parse (`report`: an `xxgk.report.Report` or None) against `truth`."""
    cells = truth.format.cell_ids()
    result = DocumentScore(truth.name, truth.layout, truth.template, len(cells), injected=truth.injected is not None)
    errors = [f for f in findings if f.severity == "error"]
    result.has_error = bool(errors)
    result.error_codes = tuple(sorted({f.code for f in errors}))
    if report is None:
        result.unread = error or "no report"
        result.missed = cells
        return result
    result.template_read = report.template
    result.meta_wrong = [k for k in ("agency", "year", "published") if getattr(report, k) != getattr(truth, k)]
    for cell in cells:
        printed, got = truth.printed[cell], report.cells.get(cell)
        if _same(printed, got) or (printed is None and _same(truth.values[cell], got) and cell in report.inferred):
            result.right += 1
        elif got is None:
            result.missed.append(cell)
        else:
            result.wrong.append((cell, printed, got))
    return result


def _same(want: Number | None, got: Any) -> bool:
    if want is None or got is None:
        return want is None and got is None
    return bool(abs(float(want) - float(got)) < 1e-6)


def score_entries(
    entries: Iterable[Entry], check: Callable[[Path], Any], clock: Callable[[], float] | None = None
) -> list[DocumentScore]:
    """Every entry checked with `check` (e.g. `xxgk.service.check_file`) and scored; each check timed
    with `clock` when one is given (benchmarks/accuracy.py: docs/s per layout). The tests give none:
    no test reads the clock, and their `seconds` stay 0."""
    scores = []
    for entry in entries:
        start = clock() if clock else 0.0
        outcome = check(entry.path)
        seconds = clock() - start if clock else 0.0
        result = score(entry.truth, outcome.report, outcome.findings, outcome.error)
        result.seconds = seconds
        scores.append(result)
    return scores


@dataclass(slots=True)
class LayoutScore:
    """The per-layout line of the accuracy table."""

    layout: str
    documents: int = 0
    exact: int = 0
    cells: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    unread: int = 0
    injected: int = 0
    caught: int = 0
    consistent: int = 0
    false_alarms: int = 0
    meta_wrong: int = 0
    seconds: float = 0.0

    @property
    def right_percent(self) -> float:
        return 100.0 * self.right / self.cells if self.cells else 0.0


def score_copies(
    copies: list[tuple[str, Entry]], check: Callable[[Path], Any], clock: Callable[[], float] | None = None
) -> list[DocumentScore]:
    """`score_entries` of readers' copies, each (layout, entry), scored under the copy's own layout."""
    scores = score_entries([entry for _, entry in copies], check, clock)
    for (layout, _), result in zip(copies, scores, strict=True):
        result.layout = layout
    return scores


def by_layout(scores: Iterable[DocumentScore]) -> dict[str, LayoutScore]:
    out: dict[str, LayoutScore] = {}
    for s in scores:
        line = out.setdefault(s.layout, LayoutScore(s.layout))
        line.documents += 1
        line.exact += s.exact
        line.cells += s.cells
        line.right += s.right
        line.wrong += len(s.wrong)
        line.missed += len(s.missed)
        line.unread += s.unread is not None
        line.injected += s.injected
        line.caught += s.caught
        line.consistent += not s.injected
        line.false_alarms += s.false_alarm
        line.meta_wrong += bool(s.meta_wrong)
        line.seconds += s.seconds
    return out


def total(lines: Iterable[LayoutScore]) -> LayoutScore:
    out = LayoutScore("all")
    for line in lines:
        for name in LayoutScore.__dataclass_fields__:
            if name != "layout":
                setattr(out, name, getattr(out, name) + getattr(line, name))
    return out


def markdown_table(lines: dict[str, LayoutScore]) -> str:
    """The README's accuracy table."""
    head = (
        "| layout | documents | exactly right | cells right | wrong values | missed | unread | "
        "injected errors caught | false alarms | metadata misread |\n|---|---|---|---|---|---|---|---|---|---|"
    )
    rows = [head]
    for line in [*lines.values(), total(lines.values())]:
        rows.append(
            f"| {line.layout} | {line.documents} | {line.exact} | {line.right_percent:.1f} % | {line.wrong} | "
            f"{line.missed} | {line.unread} | {line.caught} / {line.injected} | "
            f"{line.false_alarms} / {line.consistent} | {line.meta_wrong} |"
        )
    return "\n".join(rows)


# Per-document lists, as the test keeps them: documents are named layout-NNN, lists hold the NNN.
GAP_KINDS = ("inexact", "wrong", "false_alarm", "uncaught")


def gaps(scores: Iterable[DocumentScore]) -> dict[str, dict[str, list[int]]]:
    """For each layout, the documents not read exactly, with a wrong value, falsely alarmed, or not caught."""
    out: dict[str, dict[str, list[int]]] = {}
    for s in scores:
        lists = out.setdefault(s.layout, {kind: [] for kind in GAP_KINDS})
        number = int(s.name.rsplit("-", 1)[1])
        flags = (not s.exact, bool(s.wrong), s.false_alarm, s.injected and not s.caught)
        for kind, flag in zip(GAP_KINDS, flags, strict=True):
            if flag:
                lists[kind].append(number)
    return out


def compact(numbers: Iterable[int]) -> str:
    """[1, 2, 3, 7] as "1-3 7"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return " ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def expand(text: str) -> set[int]:
    """ "1-3 7" as {1, 2, 3, 7}."""
    out: set[int] = set()
    for part in text.split():
        low, _, high = part.partition("-")
        out.update(range(int(low), int(high or low) + 1))
    return out
