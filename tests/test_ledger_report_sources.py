"""`xxgk ledger report --format json|csv` says, per table 二 cell, whether it was counted from a
ledger the agency keeps in xxgk or typed by hand — as the text output's provenance lines do —
so a supervisor reading the machine form can tell a counted 0 from a typed one."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from disclosure_support import AGENCY, set_up
from test_records import DECISION_HEADER, expected_decisions, write_rows, xxgk
from xxgk.store.database import open_database
from xxgk.template import get_template

DECISIONS_2024 = [
    ["行政许可", "SX-001", "某科许〔2024〕1号", "2024-03-03", "准予许可"],
    ["行政许可", "SX-002", "某科许〔2024〕2号", "2024-05-06", "不予许可"],
    ["行政处罚", "CF-001", "某科罚〔2024〕1号", "2024-07-01", "警告"],
]
DECISIONS_2019 = [["行政许可", "SX-001", "某科许〔2019〕1号", "2019-04-01", "准予许可"]]


@pytest.fixture
def url(database_url: str) -> str:
    set_up(open_database(database_url))
    return database_url


def kept_decisions_typed_fees(url: str, tmp_path: Path) -> None:
    """2024: the decisions ledger kept in xxgk; fees and documents typed (regulations left blank)."""
    ledger = write_rows(tmp_path / "决定.csv", DECISION_HEADER, DECISIONS_2019 + DECISIONS_2024)
    xxgk(url, "ledger", "decisions", "import", str(ledger), "-a", AGENCY)
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2024", "decisions")
    xxgk(url, "ledger", "active", "-a", AGENCY, "-y", "2024", "fees.amount=3.5", "licensing.decisions=99")


def test_the_json_report_marks_each_table_two_cell_counted_or_typed(url: str, tmp_path: Path) -> None:
    kept_decisions_typed_fees(url, tmp_path)
    data = json.loads(xxgk(url, "ledger", "report", "-a", AGENCY, "-y", "2024", "--format", "json"))
    sources = data["cell_sources"]
    decided = expected_decisions(DECISIONS_2024, 2024)
    assert {cell: sources[cell] for cell in decided} == dict.fromkeys(decided, "decisions")
    assert data["active"]["licensing"]["decisions"] == 2  # counted: the typed 99 is not used
    assert (sources["active.fees.amount"], data["active"]["fees"]["amount"]) == ("typed", 3.5)
    assert sources["active.regulations.issued"] == "typed" and data["active"]["regulations"]["issued"] is None
    assert sources["applications.granted.total"] == "ledger"
    table_two = [c for c in get_template("2021").cell_ids(include_optional=False) if c.startswith("active.")]
    counted = [c for c in table_two if sources[c] != "typed"]
    assert sorted(counted) == sorted(decided)  # every other table 二 cell typed


def test_the_csv_report_has_a_source_column_and_2019_marks_section_one(url: str, tmp_path: Path) -> None:
    kept_decisions_typed_fees(url, tmp_path)
    text = xxgk(url, "ledger", "report", "-a", AGENCY, "-y", "2024", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["cell", "value", "source"]
    by_cell = {row["cell"]: (row["value"], row["source"]) for row in rows}
    assert by_cell["active.licensing.decisions"] == ("2", "decisions")
    assert by_cell["active.punishment.decisions"] == ("1", "decisions")
    assert by_cell["active.fees.amount"] == ("3.5", "typed")
    assert by_cell["active.regulations.issued"] == ("", "typed")
    assert by_cell["applications.granted.total"][1] == "ledger"
    assert len(rows) == len(get_template("2021").cell_ids(include_optional=False))

    # 2019 format, section 一: decisions not kept that year, so typed; once kept, counted
    def section_one() -> dict[str, tuple[str, str]]:
        text = xxgk(url, "ledger", "report", "-a", AGENCY, "-y", "2019", "-f", "csv")
        return {r["cell"]: (r["value"], r["source"]) for r in csv.DictReader(io.StringIO(text))}

    assert section_one()["active.licensing.decisions"] == ("", "typed")
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2019", "decisions")
    assert section_one()["active.licensing.decisions"] == ("1", "decisions")
    assert section_one()["active.licensing.previous_items"][1] == "typed"
