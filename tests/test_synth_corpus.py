"""Round trip over a generated corpus: every document must parse back to its report.

`xxgk.synth` draws reports that satisfy every equation of their template and
writes them in eight layouts (five text layouts, HTML, DOCX, PDF). Each document
is parsed with `xxgk.service.parse_file` and compared with the report it came
from: template, agency, year, publication date and every cell. For the `glued`
layout (the digits of a row run together, as in realworld/pingtan-2019) exact
recovery is not always possible, so the rule there is weaker but strict: a
value that differs from the truth must be marked inferred and explained by a
PARSE_* finding, and a cell left null must be named by a PARSE_* finding.

A document the parser gets wrong because of a parser weakness is listed in
KNOWN_PARSER_GAPS with what goes wrong; listed documents are kept out of the
assertions (and reported), so the list shows exactly what remains to fix.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import pytest

from xxgk.check import check_report
from xxgk.extract.fold import squash
from xxgk.report import Report, Value
from xxgk.service import Outcome, check_bytes, parse_file
from xxgk.synth import LAYOUTS, WRITERS, Sample, corpus, printed_rows, random_report, sample
from xxgk.template import TEXT_SECTIONS, get_template
from xxgk.timelimit import LIMIT_VARIABLE

SEED = 20251121
COUNTS = {
    "cell_per_line_tabs": 100,
    "cell_per_line_blank": 100,
    "pipes": 100,
    "row_per_line": 100,
    "glued": 60,
    "html": 100,
    "docx": 30,
    "pdf": 120,
}
EXACT_LAYOUTS = tuple(layout for layout in LAYOUTS if layout != "glued")
META = ("template", "agency", "year", "published")
# CPU seconds one document may take to parse before it counts as hung (a typical parse takes 3 ms).
PARSE_BUDGET = 10.0


@dataclass(frozen=True, slots=True)
class Gap:
    """A known parser weakness shown by one generated document.

    `hangs`: parsing takes minutes, so the document is not parsed while listed.
    """

    reason: str
    hangs: bool = False


# Documents from larger sweeps (other seeds) that once showed a parser weakness; they
# join the corpus so that the weakness stays covered when the seeded sample misses it.
HARD_CASES: tuple[tuple[str, int, int], ...] = (
    ("glued", 1, 5),  # negative value glued to its neighbour: 行政事业性收费29-38
    ("glued", 1, 34),  # large report: 35 glued digits in table 四 (took minutes)
    ("glued", 1, 37),  # large report, full-width digits
    ("glued", 2, 195),  # spaces in some glued rows: table 二 read as not glued
    ("glued", 2, 268),
    ("cell_per_line_blank", 2, 32),  # 采购总金额 blank after a two-digit 采购项目数量
    ("row_per_line", 2, 125),
    ("html", 2, 187),  # the same with an explicit empty <td>
    ("html", 2, 277),
    ("pdf", 2, 75),
    ("pdf", 1, 3),  # narrow merged row-header column interleaving with wrapped labels: （六）
    ("pdf", 2, 186),  # （三） and 三、本年度办理结果 at once
    ("pdf", 2, 219),  # （五）
    ("pdf", 77, 63),  # wrapped labels around their values beside 三、本年度办理结果: values given one row early
)

_GLUED_AMBIGUOUS = (
    "glued text where rows keep stray spaces ('规章2626 26', '行政强制0-570', '15 010 0 016'): the document is "
    "read as glued, but table 二 rows have no equation to split by and a few table 三 rows split two ways that "
    "the column totals do not settle; those cells stay null with PARSE_AMBIGUOUS (never filled in silently)"
)
KNOWN_PARSER_GAPS: dict[str, Gap] = {
    "glued-2-00195": Gap(_GLUED_AMBIGUOUS),
    "glued-2-00268": Gap(_GLUED_AMBIGUOUS),
}


# --- the corpus, parsed once ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A cell or metadata field that did not come back as generated."""

    key: str
    expected: object
    got: object
    inferred: bool = False
    flagged: bool = False

    @property
    def silent(self) -> bool:
        """Wrong without a word: a value not marked inferred, or a null no finding names."""
        if self.got is None:
            return not self.flagged
        return not (self.inferred and self.flagged)


@dataclass(slots=True)
class Result:
    sample: Sample
    outcome: Outcome | None
    mismatches: list[Mismatch] = field(default_factory=list)
    cells: int = 0

    @property
    def name(self) -> str:
        return self.sample.name

    @property
    def exact(self) -> bool:
        return self.outcome is not None and self.outcome.report is not None and not self.mismatches

    @property
    def problem(self) -> str:
        if self.outcome is None:
            return "not parsed (listed as hanging)"
        if self.outcome.report is None:
            return f"no report: {self.outcome.error}"
        shown = "; ".join(f"{m.key}: expected {m.expected!r}, got {m.got!r}" for m in self.mismatches[:4])
        more = f" (+{len(self.mismatches) - 4} more)" if len(self.mismatches) > 4 else ""
        return shown + more


def _parse(path: Path) -> Outcome:
    """The parse, within PARSE_BUDGET seconds of CPU time (xxgk's own per-file limit): a
    document that takes longer comes back unread, "处理超时", and fails the accuracy tests.
    How fast each layout parses is measured by benchmarks/run.py, not here."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(LIMIT_VARIABLE, str(PARSE_BUDGET))
        return parse_file(path)


def _compare(expected: Report, outcome: Outcome) -> tuple[list[Mismatch], int]:
    report = outcome.report
    assert report is not None
    flagged = {cell for f in outcome.findings if f.code.startswith("PARSE_") for cell in f.cells}
    mismatches = [
        Mismatch(key, getattr(expected, key), getattr(report, key))
        for key in META
        if getattr(expected, key) != getattr(report, key)
    ]
    cells = expected.spec.cell_ids()
    for cell in cells:
        want, got = expected.cells.get(cell), report.cells.get(cell)
        if not _same(want, got):
            mismatches.append(Mismatch(cell, want, got, cell in report.inferred, cell in flagged))
    return mismatches, len(cells)


def _same(want: Value, got: Value) -> bool:
    if want is None or got is None:
        return want is got
    return abs(want - got) < 1e-9


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Result]]:
    folder = tmp_path_factory.mktemp("synth")
    by_layout: dict[str, list[Result]] = {layout: [] for layout in COUNTS}
    hard = (sample(layout, seed, index) for layout, seed, index in HARD_CASES)
    for generated in chain(corpus(SEED, COUNTS), hard):
        path = generated.write(folder)
        gap = KNOWN_PARSER_GAPS.get(generated.name)
        if gap is not None and gap.hangs:
            by_layout[generated.layout].append(Result(generated, None))
            continue
        outcome = _parse(path)
        result = Result(generated, outcome)
        if outcome.report is not None:
            result.mismatches, result.cells = _compare(generated.report, outcome)
        by_layout[generated.layout].append(result)
    return by_layout


def _unexpected(results: list[Result]) -> list[Result]:
    return [r for r in results if r.name not in KNOWN_PARSER_GAPS]


# --- the generator ------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("size", ["small", "large"])
def test_random_reports_satisfy_every_equation(template: str, size: str) -> None:
    spec = get_template(template)
    for seed in range(150):
        report = random_report(random.Random(seed), template, size=size)  # type: ignore[arg-type]
        for equation in spec.equations:
            left = sum(report.cells[c] or 0 for c in equation.left)
            right = sum(report.cells[c] or 0 for c in equation.right)
            assert left == right, f"seed {seed}: {equation}"


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_random_reports_are_complete_and_typed(template: str) -> None:
    spec = get_template(template)
    for seed in range(150):
        report = random_report(random.Random(seed), template, size="large" if seed % 3 == 0 else "small")
        assert set(report.cells) == set(spec.cell_ids())
        assert report.year is not None and (report.year in (2019, 2020)) == (template == "2019")
        assert report.agency and all(report.text[key] for key in TEXT_SECTIONS)
        assert report.published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", report.published)
        for table in spec.tables:
            printed = {row.key for row in printed_rows(report, table)}
            for row in table.rows:
                for cell, f in zip(row.cell_ids(table.key), row.fields, strict=True):
                    value = report.cells[cell]
                    if row.key not in printed:
                        assert value is None, cell
                    elif value is not None:
                        assert f.kind == "amount" or isinstance(value, int), cell
                        assert f.kind == "signed" or value >= 0, cell
            if table.key != "active":
                assert all(
                    report.cells[c] is not None for r in printed_rows(report, table) for c in r.cell_ids(table.key)
                )


def test_generator_varies_what_it_should() -> None:
    reports = [random_report(random.Random(seed), "2019", size="small") for seed in range(300)]
    changes = [r.cells["active.licensing.change"] for r in reports]
    assert any(c is not None and c < 0 for c in changes)
    assert any(r.cells["applications.new_received.total"] == 0 for r in reports)
    large = [random_report(random.Random(seed), "2021", size="large") for seed in range(20)]
    assert all((r.cells["applications.new_received.total"] or 0) >= 1000 for r in large)
    mixed = [random_report(random.Random(seed), "2021") for seed in range(300)]
    assert any(r.cells["applications.other_handling.total"] is not None for r in mixed)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generation_is_deterministic(layout: str) -> None:
    first, second = sample(layout, 7, 3), sample(layout, 7, 3)
    assert first.data == second.data
    assert first.report == second.report


def test_generation_does_not_depend_on_hash_seed() -> None:
    """Same bytes in another interpreter with another PYTHONHASHSEED (no set or hash order leaks in)."""
    script = (
        "import hashlib; from xxgk.synth import LAYOUTS, sample; "
        "print(' '.join(hashlib.sha256(sample(layout, 7, 3).data).hexdigest() for layout in LAYOUTS))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    here = " ".join(hashlib.sha256(sample(layout, 7, 3).data).hexdigest() for layout in LAYOUTS)
    assert other.stdout.strip() == here


# --- parsing the corpus back --------------------------------------------------------------


@pytest.mark.parametrize("layout", EXACT_LAYOUTS)
def test_documents_parse_back_exactly(results: dict[str, list[Result]], layout: str) -> None:
    failed = [r for r in _unexpected(results[layout]) if not r.exact]
    assert not failed, f"{len(failed)} of {len(results[layout])} {layout} documents differ:\n" + "\n".join(
        f"  {r.name}: {r.problem}" for r in failed[:15]
    )


def test_glued_documents_are_never_silently_wrong(results: dict[str, list[Result]]) -> None:
    failures = []
    for result in _unexpected(results["glued"]):
        if result.outcome is None or result.outcome.report is None:
            failures.append(f"  {result.name}: {result.problem}")
            continue
        silent = [m for m in result.mismatches if m.key in META or m.silent]
        failures += [f"  {result.name}: {m.key}: expected {m.expected!r}, got {m.got!r}" for m in silent]
    assert not failures, "glued documents with unmarked wrong or unflagged missing values:\n" + "\n".join(failures)


def test_accuracy_report(results: dict[str, list[Result]], capsys: pytest.CaptureFixture[str]) -> None:
    """Print the accuracy per layout (always shown, also without -s)."""
    lines = [
        "",
        f"synthetic corpus, seed {SEED}: parse accuracy per layout",
        f"{'layout':<20}{'docs':>6}{'exact':>8}{'cells ok':>10}{'inferred':>10}{'null':>7}{'prose ok':>10}",
    ]
    for layout, found in results.items():
        parsed = [r for r in found if r.outcome is not None and r.outcome.report is not None]
        cells = sum(r.cells for r in parsed)
        wrong = [m for r in parsed for m in r.mismatches if m.key not in META]
        inferred = sum(1 for m in wrong if m.inferred and m.got is not None)
        nulls = sum(1 for m in wrong if m.got is None)
        prose = sum(_prose_matches(r) for r in parsed)
        exact = sum(r.exact for r in found)
        lines.append(
            f"{layout:<20}{len(found):>6}{exact / len(found):>8.1%}{1 - len(wrong) / max(1, cells):>10.2%}"
            f"{inferred:>10}{nulls:>7}{prose / max(1, len(parsed)):>10.1%}"
        )
    listed = [r for found in results.values() for r in found if r.name in KNOWN_PARSER_GAPS]
    if listed:
        lines.append(f"known parser gaps ({len(listed)} documents, kept out of the assertions):")
        lines += [
            f"  {r.name}: " + ("FIXED, remove it from the list" if r.exact else KNOWN_PARSER_GAPS[r.name].reason)
            for r in listed
        ]
    with capsys.disabled():
        print("\n".join(lines))


def _prose_matches(result: Result) -> bool:
    assert result.outcome is not None and result.outcome.report is not None
    parsed = result.outcome.report.text
    return all(squash(result.sample.report.text[key]) == squash(parsed.get(key, "")) for key in TEXT_SECTIONS)


# --- what the checks say about what was read -------------------------------------------

# Errors about the document's arithmetic, as opposed to PARSE_INCOMPLETE (it was not fully read).
ARITHMETIC_ERRORS = {"R1", "R2", "R3", "R4", "PARSE_DIGITS_UNBALANCED"}
INJECTED = 60


def _all_findings(result: Result) -> list[str]:
    assert result.outcome is not None and result.outcome.report is not None
    checked = check_report(result.outcome.report, unread=result.outcome.unread)
    return [f.code for f in result.outcome.findings + checked if f.severity == "error"]


def test_consistent_documents_get_no_arithmetic_error(results: dict[str, list[Result]]) -> None:
    """Every generated report adds up: a glued one whose rows stay open must not be accused of breaking a sum."""
    accused = [
        f"  {r.name}: {sorted(set(_all_findings(r)) & ARITHMETIC_ERRORS)}"
        for found in results.values()
        for r in _unexpected(found)
        if r.outcome is not None and r.outcome.report is not None and set(_all_findings(r)) & ARITHMETIC_ERRORS
    ]
    assert not accused, "consistent documents with an arithmetic error:\n" + "\n".join(accused)


def test_a_report_not_fully_read_says_so_with_an_error(results: dict[str, list[Result]]) -> None:
    """Cells left open carry PARSE_INCOMPLETE (never "0 个错误"); a document read exactly never does."""
    wrong = []
    for found in results.values():
        for r in found:
            if r.outcome is None or r.outcome.report is None:
                continue
            incomplete = "PARSE_INCOMPLETE" in _all_findings(r)
            if bool(r.outcome.unread) != incomplete or (r.exact and incomplete):
                wrong.append(f"  {r.name}: {len(r.outcome.unread)} cells unread, PARSE_INCOMPLETE {incomplete}")
    assert not wrong, "\n".join(wrong)


def _injected(seed: int, index: int) -> tuple[bytes, str]:
    """A glued document whose table 三 or 四 breaks its own arithmetic by one changed cell."""
    generated = sample("glued", seed, index)
    rng = random.Random(f"inject:{seed}:{index}")
    cells = [c for c, v in generated.report.cells.items() if v is not None and not c.startswith("active.")]
    cell = rng.choice(cells)
    value = generated.report.cells[cell]
    assert isinstance(value, int)
    changed = {**generated.report.cells, cell: value + rng.choice((1, 2, 3, 5, 10))}
    broken = dataclasses.replace(generated.report, cells=changed)
    return WRITERS["glued"](broken, random.Random(f"w:{index}")), cell


# In seed 7, document 16 has a broken row that still splits to fit its own total while the
# other rows of its columns stay open: only reading the open rows together shows the break.
@pytest.mark.parametrize("seed", [SEED, 7])
def test_glued_documents_that_break_their_arithmetic_are_caught(seed: int) -> None:
    """Before: 0 of 18 such documents got an error; their rows were left null as if merely unreadable."""
    missed = []
    for index in range(INJECTED):
        data, cell = _injected(seed, index)
        outcome = check_bytes(data, f"injected-{index}.txt")
        if not {f.code for f in outcome.findings if f.severity == "error"} & ARITHMETIC_ERRORS:
            missed.append(f"  injected-{seed}-{index} ({cell}): {sorted({f.code for f in outcome.findings})}")
    assert not missed, f"{len(missed)} of {INJECTED} broken glued documents without an arithmetic error:\n" + "\n".join(
        missed
    )
