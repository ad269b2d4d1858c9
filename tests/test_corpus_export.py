"""Exports read back: CSV with BOM (as Excel reads it), XLSX (openpyxl), Parquet (polars); long and wide."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from conftest import run_xxgk
from corpus_helpers import outcomes, write_report
from xxgk.corpus import export
from xxgk.corpus.export import export_corpus
from xxgk.corpus.formats import ExportFormat, Layout
from xxgk.corpus.ingest import ingest
from xxgk.store import open_database
from xxgk.template import get_template


@pytest.fixture
def corpus_db(tmp_path: Path, database_url: str) -> str:
    docs = tmp_path / "docs"
    fees = outcomes("江西省乙县科技局", 2023, granted=9, not_held=1)
    fees.cells["active.fees.amount"] = 12.5
    write_report(docs / "b23.txt", fees)
    write_report(docs / "b22.txt", outcomes("乙县科学技术局", 2022, granted=3, not_held=7))
    write_report(docs / "a19.txt", outcomes("甲县教育局", 2019, granted=4, template="2019"))
    ingest(open_database(database_url), [docs])
    return database_url


def cells_per_report() -> dict[str, int]:
    """Cells a report prints: every required row of its template (no optional （六） row here)."""
    return {key: len(get_template(key).cell_ids(include_optional=False)) for key in ("2019", "2021")}


def test_long_csv_has_a_bom_and_one_row_per_cell(tmp_path: Path, corpus_db: str) -> None:
    out = tmp_path / "long.csv"
    done = run_xxgk("export", "--db", corpus_db, "--format", "csv", "--layout", "long", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sizes = cells_per_report()
    assert len(rows) == sizes["2019"] + 2 * sizes["2021"]
    assert done.stdout.strip() == f"已导出 3 份报告，共 {len(rows)} 行：{out}"
    assert list(rows[0]) == [
        "agency", "year", "template", "source", "cell", "label", "value", "inferred", "inferred_reason",
    ]  # fmt: skip
    by_key = {(r["agency"], r["year"], r["cell"]): r for r in rows}
    granted = by_key["乙县科学技术局", "2023", "applications.granted.total"]
    assert (granted["value"], granted["label"], granted["inferred"]) == ("9", "表三 （一）予以公开 · 总计", "false")
    assert granted["source"].endswith("b23.txt")
    assert by_key["乙县科学技术局", "2023", "active.fees.amount"]["value"] == "12.5"
    assert by_key["甲县教育局", "2019", "active.procurement.amount"]["template"] == "2019"


def test_wide_parquet_has_one_row_per_report_and_typed_values(tmp_path: Path, corpus_db: str) -> None:
    out = tmp_path / "wide.parquet"
    done = run_xxgk("export", "--db", corpus_db, "-f", "parquet", "--layout", "wide", "-o", str(out))
    assert done.returncode == 0, done.stderr
    frame = pl.read_parquet(out)
    assert frame.height == 3
    assert sorted(frame["year"].to_list()) == [2019, 2022, 2023]
    row = frame.filter(pl.col("year") == 2023).row(0, named=True)
    assert (row["agency"], row["printed_name"]) == ("乙县科学技术局", "江西省乙县科技局")  # first name seen, as printed
    assert row["sha256"] and row["errors"] == 0
    assert row["applications.granted.total"] == 9.0 and row["active.fees.amount"] == 12.5
    assert row["active.procurement.amount"] is None  # a 2019 cell on a 2021 report
    old = frame.filter(pl.col("year") == 2019).row(0, named=True)
    assert old["active.regulations.issued"] is None and old["applications.other_handling.total"] == 0


def test_long_parquet_and_year_filter(tmp_path: Path, corpus_db: str) -> None:
    out = tmp_path / "long.parquet"
    assert run_xxgk("export", "--db", corpus_db, "-f", "parquet", "--year", "2022", "-o", str(out)).returncode == 0
    frame = pl.read_parquet(out)
    assert set(frame["year"]) == {2022} and frame.height == cells_per_report()["2021"]
    assert frame.schema["value"] == pl.Float64 and frame.schema["inferred"] == pl.Boolean


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_xlsx_opens_with_headers_and_numbers(tmp_path: Path, corpus_db: str, layout: str) -> None:
    out = tmp_path / f"{layout}.xlsx"
    done = run_xxgk("export", "--db", corpus_db, "-f", "xlsx", "--layout", layout, "--region", "乙县", "-o", str(out))
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:3] == (("agency", "printed_name", "year") if layout == "wide" else ("agency", "year", "template"))
    assert {r[0] for r in body} == {"乙县科学技术局"}
    if layout == "wide":
        assert len(body) == 2
        column = header.index("applications.granted.total")
        assert sorted(r[column] for r in body) == [3, 9]
    else:
        assert len(body) == 2 * cells_per_report()["2021"]
        value = header.index("value")
        assert all(isinstance(r[value], (int, float)) or r[value] is None for r in body)


def test_cli_agencies_compare_and_rank(corpus_db: str) -> None:
    agencies = run_xxgk("agencies", "--db", corpus_db, "--format", "json")
    assert agencies.returncode == 0, agencies.stderr
    listed = [json.loads(line) for line in agencies.stdout.splitlines()]
    assert {a["agency"]: (a["years"], a["missing"]) for a in listed} == {
        "乙县科学技术局": ([2022, 2023], [2019, 2020, 2021]),
        "甲县教育局": ([2019], [2020, 2021, 2022, 2023]),
    }
    assert sorted(listed[0]["names"]) == ["乙县科学技术局", "江西省乙县科技局"]
    compared = run_xxgk("compare", "--agency", "乙县科学技术局", "--db", corpus_db)
    assert compared.returncode == 0 and "实质公开率" in compared.stdout and "+60.0 个百分点" in compared.stdout
    unknown = run_xxgk("compare", "--agency", "不存在局", "--db", corpus_db)
    assert unknown.returncode == 2 and unknown.stderr.strip() == "库中没有名为“不存在局”的机关"
    ranked = run_xxgk("rank", "--metric", "实质公开率", "--year", "2023", "--db", corpus_db, "--format", "json")
    assert [json.loads(line)["place"] for line in ranked.stdout.splitlines()] == [1]
    bad = run_xxgk("rank", "--metric", "透明度", "--db", corpus_db)
    assert bad.returncode == 2 and bad.stderr.startswith("未知指标 '透明度'")


def test_export_to_a_missing_folder_is_one_line(tmp_path: Path, corpus_db: str) -> None:
    done = run_xxgk("export", "--db", corpus_db, "-o", str(tmp_path / "no" / "x.csv"))
    assert done.returncode == 2 and done.stderr.strip() == f"{tmp_path / 'no' / 'x.csv'}: 所在文件夹不存在"


def test_exports_in_many_batches_and_sheets_hold_every_row_once(
    tmp_path: Path, corpus_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(corpus_db)
    with db.sessions() as session:
        export_corpus(session, tmp_path / "one.parquet", ExportFormat.parquet, Layout.long)
        monkeypatch.setattr(export, "REPORTS_PER_BATCH", 1)
        monkeypatch.setattr(export, "SHEET_ROWS", 100)
        export_corpus(session, tmp_path / "many.parquet", ExportFormat.parquet, Layout.long)
        done = export_corpus(session, tmp_path / "many.xlsx", ExportFormat.xlsx, Layout.long)
        empty = export_corpus(session, tmp_path / "none.csv", ExportFormat.csv, Layout.wide, year=1999)
    assert pl.read_parquet(tmp_path / "many.parquet").equals(pl.read_parquet(tmp_path / "one.parquet"))
    book = openpyxl.load_workbook(tmp_path / "many.xlsx", read_only=True)
    assert book.sheetnames[:3] == ["单元格", "单元格2", "单元格3"]
    sheets = [list(book[name].iter_rows(values_only=True)) for name in book.sheetnames]
    assert all(rows[0][0] == "agency" and len(rows) <= 101 for rows in sheets)
    assert sum(len(rows) - 1 for rows in sheets) == done.rows == pl.read_parquet(tmp_path / "one.parquet").height
    assert (empty.rows, empty.reports) == (0, 0)
    assert (tmp_path / "none.csv").read_text(encoding="utf-8-sig").startswith("agency,printed_name,year")
