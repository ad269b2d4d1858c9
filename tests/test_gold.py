"""Every seed and real-world report parses to its gold values, probes and known errors.

The reports of tests/data/realworld-extra and tests/data/realworld-new are public reports
nobody tuned the parser on. Their gold files may carry `known_gaps`: cells the parser cannot
read from that document (with the printed value and why). Those cells must come out null —
missed and reported, never a wrong number — and the gap's error finding must be raised; every
other cell must equal what the document prints.

A realworld-new document the parser reads wrong (a value or a title field that differs from
what the page prints) is not hidden in `known_gaps`: it is named in NEW_READ_WRONG with what
goes wrong, kept out of these tests until the parser reads it, and still scored by
benchmarks/realworld.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import extra_gold_pairs, gold_pairs, load_gold, read_as_gold, report_cells
from xxgk.service import check_file

PAIRS = gold_pairs()
# realworld-new documents xxgk reads wrong today (gold file stem: what it reads otherwise).
NEW_READ_WRONG: dict[str, str] = {}
NEW = [(d, g) for d, g in extra_gold_pairs("realworld-new") if g.name[: -len(".gold.json")] not in NEW_READ_WRONG]
EXTRA = extra_gold_pairs() + NEW


def _read_with_metadata(document: Path, gold: dict) -> tuple[dict, dict[str, object]]:
    """The parse of `document` (as `xxgk check` reads it) and its cells, its metadata asserted equal to the gold's."""
    outcome = check_file(document)
    assert outcome.report is not None, outcome.error
    got = outcome.report.to_dict()
    for key in ("template", "agency", "year", "published"):
        assert got[key] == gold["report"][key], key
    return got, report_cells(got)


def _wrong_cells(
    gold: dict,
    have: dict[str, object],
    ignore: frozenset[str] | set[str] = frozenset(),
    inferred: frozenset[str] | set[str] = frozenset(),
) -> dict[str, tuple[object, object]]:
    """The gold cells (but `ignore`) read otherwise: (gold value, value read or MISSING)."""
    return {
        cell: (value, have.get(cell, "MISSING"))
        for cell, value in report_cells(gold["report"]).items()
        if cell not in ignore and not read_as_gold(gold, cell, have.get(cell, "MISSING"), inferred)
    }


def test_every_gold_file_is_covered() -> None:
    assert len(PAIRS) >= 9


@pytest.mark.parametrize(("document", "gold_file"), PAIRS, ids=[d.name for d, _ in PAIRS])
def test_document_matches_gold(document: Path, gold_file: Path) -> None:
    gold = load_gold(gold_file)
    got, have = _read_with_metadata(document, gold)
    wrong = _wrong_cells(gold, have)
    assert not wrong, wrong
    for section, phrases in gold.get("text_probes", {}).items():
        for phrase in phrases:
            assert phrase in got["text"][section], (section, phrase)


@pytest.mark.parametrize(("document", "gold_file"), PAIRS, ids=[d.name for d, _ in PAIRS])
def test_known_inconsistencies_are_errors_and_nothing_else_is(document: Path, gold_file: Path) -> None:
    gold = load_gold(gold_file)
    outcome = check_file(document)
    errors = {f.code for f in outcome.findings if f.severity == "error"}
    expected = {item["rule"] if isinstance(item, dict) else str(item) for item in gold.get("known_inconsistencies", [])}
    assert expected <= errors
    if not expected:
        assert not errors, [f.message for f in outcome.findings if f.severity == "error"]


def test_scope_difference_in_prose_is_not_an_error() -> None:
    """洪泽: the office counts its own 17 applications, the table the whole district's 95."""
    document = next(d for d, _ in PAIRS if d.name.startswith("hongze"))
    outcome = check_file(document)
    assert not [f for f in outcome.findings if f.code.startswith("T") and f.severity == "error"]


def _gap_cells(gold: dict) -> set[str]:
    return {cell for gap in gold.get("known_gaps", {}).get("gaps", []) for cell in gap["cells"]}


def test_realworld_extra_is_covered() -> None:
    assert len(EXTRA) >= 6


def test_realworld_new_exclusions_name_real_documents() -> None:
    stems = {g.name[: -len(".gold.json")] for _, g in extra_gold_pairs("realworld-new")}
    assert set(NEW_READ_WRONG) <= stems


@pytest.mark.parametrize(("document", "gold_file"), EXTRA, ids=[d.name for d, _ in EXTRA])
def test_unseen_report_matches_gold_or_misses_a_known_gap(document: Path, gold_file: Path) -> None:
    gold = load_gold(gold_file)
    got, have = _read_with_metadata(document, gold)
    gaps = _gap_cells(gold)
    wrong = _wrong_cells(gold, have, gaps, set(got["inferred"]))
    assert not wrong, wrong
    read_gaps = {cell: have.get(cell, "MISSING") for cell in gaps if have.get(cell, "MISSING") is not None}
    assert not read_gaps, f"known gap now read (right? then drop it from known_gaps): {read_gaps}"
    for section, phrases in gold.get("text_probes", {}).items():
        for phrase in phrases:
            assert phrase in got["text"][section], (section, phrase)


@pytest.mark.parametrize(("document", "gold_file"), EXTRA, ids=[d.name for d, _ in EXTRA])
def test_unseen_report_errors_are_its_inconsistencies_and_gaps(document: Path, gold_file: Path) -> None:
    gold = load_gold(gold_file)
    outcome = check_file(document)
    errors = {f.code for f in outcome.findings if f.severity == "error"}
    expected = {item["rule"] for item in gold.get("known_inconsistencies", [])}
    if _gap_cells(gold):
        expected.add(gold["known_gaps"]["rule"])
    assert errors == expected, [f.message for f in outcome.findings if f.severity == "error"]
