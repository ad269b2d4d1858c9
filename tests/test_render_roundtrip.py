"""What xxgk renders, xxgk reads back: parse(render(r)) == r for every format and both templates.

Every cell (blanks, decimals, negative 本年增/减, numbers in the millions),
template, agency, year, publication date and the three prose sections. Reports
come from hypothesis (over `xxgk.synth.random_report`, then perturbed) and from
every seed and real-world gold file, rendered from the gold JSON and from the
parse of the original document.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import gold_pairs, load_gold
from reports import consistent_report
from xxgk.extract import extract_report
from xxgk.read import read_bytes
from xxgk.render import FORMATS, render_report
from xxgk.render.text import canonical_text
from xxgk.report import Report
from xxgk.schema import validate_report_dict
from xxgk.service import parse_file
from xxgk.synth import random_report
from xxgk.template import TEXT_SECTIONS

PAIRS = gold_pairs()
# Examples per format: the PDF goes through a typesetter and takes a few hundred ms.
EXAMPLES = {"docx": 40, "pdf": 12, "html": 60, "markdown": 60, "xlsx": 40}
# Prose drawn from these characters cannot spell a section heading ("五、存在的主要问题") by accident;
# the ASCII punctuation is Markdown and HTML syntax that must come back as text.
PROSE_ALPHABET = (
    "政府信息公开工作年度我局全年共收到申请件条依法予以答复并加强规范平台建设网站栏目"
    "，。；：、（）“”《》—0123456789abcXYZ *_#<>&[]|\\-+.!`~=()"
)


def readback(report: Report, fmt: str) -> Report:
    data = render_report(report, fmt)
    return extract_report(read_bytes(data, f"rendered.{fmt}")).report


def view(report: Report) -> dict[str, Any]:
    """Everything a round trip must keep: the canonical JSON without the inference notes."""
    data = report.to_dict()
    data.pop("inferred")
    return data


def assert_same(got: Report, want: Report) -> None:
    """Equal views, or a failure naming each field and cell that differs."""
    have, expected = view(got), view(want)
    differences = [
        f"{key}: {expected[key]!r} → {have.get(key)!r}"
        for key in expected
        if not isinstance(expected[key], dict) and have.get(key) != expected[key]
    ]
    differences += [
        f"{key}.{part}: {value!r} → {have[key].get(part)!r}"
        for key in expected
        if isinstance(expected[key], dict)
        for part, value in expected[key].items()
        if have[key].get(part) != value
    ]
    assert not differences, "\n".join(differences)


def canonical(report: Report) -> Report:
    """The report with its prose as any document shows it (paragraph per line, single spaces)."""
    text = {key: canonical_text(report.text.get(key, "")) for key in TEXT_SECTIONS}
    return Report(report.template, report.agency, report.year, report.published, text, dict(report.cells))


# --- reports drawn by hypothesis ------------------------------------------------------------


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """A consistent random report, perturbed: blanks anywhere, odd table 二 values, scaled tables, new prose."""
    template = draw(st.sampled_from(("2019", "2021")))
    size = draw(st.sampled_from(("small", "large")))
    report = random_report(random.Random(draw(st.integers(0, 2**32 - 1))), template, size=size)
    spec = report.spec
    scale = draw(st.sampled_from((1, 1, 1000, 1_000_000)))
    for cell_id in spec.cell_ids():
        value = report.cells.get(cell_id)
        if value is not None and not cell_id.startswith("active."):
            report.cells[cell_id] = value * scale  # tables 三 and 四 are linear: still consistent
    for cell_id in draw(st.lists(st.sampled_from([c for c in spec.cell_ids() if c.startswith("active.")]), max_size=6)):
        kind = spec.field_of(cell_id).kind
        if kind == "signed":
            report.cells[cell_id] = draw(st.integers(-(10**7), 10**7))
        elif kind == "amount":
            amount = draw(st.decimals(min_value=0, max_value=10**10, places=draw(st.integers(0, 4))))
            report.cells[cell_id] = int(amount) if amount == amount.to_integral_value() else float(amount)
        else:
            report.cells[cell_id] = draw(st.integers(0, 10**9))
    printed = [c for t in spec.tables for key in report.printed_rows(t.key) for c in t.row(key).cell_ids(t.key)]
    for cell_id in draw(st.lists(st.sampled_from(printed), max_size=10)):
        report.cells[cell_id] = None
    report.published = draw(st.none() | st.dates(date(2019, 1, 1), date(2030, 12, 31)).map(date.isoformat))
    if draw(st.booleans()):
        report.text = {key: canonical_text(draw(_prose)) for key in TEXT_SECTIONS}
    return report


_prose = st.lists(st.text(PROSE_ALPHABET, min_size=1, max_size=160), max_size=4).map("\n".join)


@pytest.mark.parametrize("fmt", FORMATS)
def test_random_reports_read_back_identical(fmt: str) -> None:
    @settings(
        max_examples=EXAMPLES[fmt],
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(reports())
    def round_trip(report: Report) -> None:
        assert_same(readback(report, fmt), report)

    round_trip()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_an_empty_report_reads_back_blank(fmt: str, template: str) -> None:
    report = Report(template=template, agency="某县科学技术局", year=2020 if template == "2019" else 2025)
    report.cells = dict.fromkeys(report.spec.cell_ids(include_optional=False))
    assert_same(readback(report, fmt), report)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("agency", "year"), [(None, 2023), ("某县科学技术局", None), (None, None)])
def test_a_report_without_agency_or_year_reads_back_without_them(
    fmt: str, agency: str | None, year: int | None
) -> None:
    report = consistent_report("2021")
    report.agency, report.year = agency, year
    assert_same(readback(report, fmt), report)


# --- gold reports -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("gold_file", [g for _, g in PAIRS], ids=[d.name for d, _ in PAIRS])
def test_gold_reports_read_back_identical(gold_file: Path, fmt: str) -> None:
    gold = validate_report_dict(load_gold(gold_file)["report"])
    assert_same(readback(gold, fmt), gold)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("document", [d for d, _ in PAIRS], ids=[d.name for d, _ in PAIRS])
def test_parsed_documents_render_and_read_back_with_their_prose(document: Path, fmt: str) -> None:
    """The seeds' and real reports' own prose, not just their numbers, survives rendering."""
    parsed = parse_file(document).report
    assert parsed is not None
    expected = canonical(parsed)
    assert_same(readback(parsed, fmt), expected)


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_prose_of_bare_numbers_after_a_table_four_with_blanks_stays_prose(fmt: str) -> None:
    """Found by hypothesis: table 四 with a blank cell, then a 五 paragraph of bare numbers. Those numbers
    are the next section's text; only lines carrying pieces of table 四's headers may run on into it."""
    report = canonical(consistent_report())
    report.cells["review_litigation.review.upheld"] = None
    report.text = {**report.text, "problems": "0\n0\n0\n0"}
    assert_same(readback(report, fmt), report)
