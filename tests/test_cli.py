"""The command line as the spec's contract describes it, run as a real process."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from conftest import DATA, run_xxgk
from reports import consistent_report, row_per_line_text

SEED = DATA / "seeds" / "002_d877435a35f1f3b3.txt"
TOP_KEYS = {"template", "agency", "year", "published", "text", "active", "applications", "review_litigation"}


def test_parse_json_is_one_canonical_object_per_input() -> None:
    result = run_xxgk("parse", "--format", "json", str(SEED), str(DATA / "realworld" / "city-2025-sample.html"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert TOP_KEYS | {"source", "inferred"} <= first.keys()
    assert first["source"] == str(SEED)
    assert first["applications"]["granted"]["total"] == 0
    assert set(first["text"]) == {"overview", "problems", "other_matters"}


def test_check_json_contract_and_exit_status_zero_when_clean() -> None:
    result = run_xxgk("check", "--format", "json", str(SEED))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"source", "report", "findings"}
    assert data["report"].keys() >= TOP_KEYS


def test_check_exit_status_one_on_an_error_with_cells_named(tmp_path: Path) -> None:
    report = consistent_report()
    report.cells["applications.granted.total"] = 99
    path = tmp_path / "broken.txt"
    path.write_text(row_per_line_text(report), encoding="utf-8")
    result = run_xxgk("check", "--format", "json", str(path))
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    r3 = [f for f in findings if f["code"] == "R3"]
    assert r3 and r3[0]["severity"] == "error" and "applications.granted.total" in r3[0]["cells"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r3[0]["message"])


def test_check_exit_status_two_when_an_input_is_unreadable_and_others_still_checked(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run_xxgk("check", "--format", "json", str(empty), str(SEED))
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.strip().splitlines() == [f"{empty}: 文件为空"]


def test_csv_is_one_row_per_cell() -> None:
    result = run_xxgk("parse", "--format", "csv", str(SEED))
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["source", "cell", "value", "inferred"]
    cells = {row[1]: row for row in rows[1:]}
    assert len(cells) == 200
    assert cells["active.fees.amount"][2] == "0"
    assert cells["applications.carried_forward.total"][3] == "False"


def test_text_view_names_the_agency_and_highlights_findings(tmp_path: Path) -> None:
    result = run_xxgk("check", str(DATA / "seeds" / "003_c6cf585c495c9a5f.txt"))
    assert "沈阳市科学技术局" in result.stdout
    assert "P3" in result.stdout and "三、收到和处理政府信息公开申请情况" in result.stdout


def test_previous_year_option_compares_carry_over(tmp_path: Path) -> None:
    previous = consistent_report()
    previous.year = 2022
    previous.cells["applications.carried_forward.natural_person"] = 7
    previous_path = tmp_path / "prev.json"
    previous_path.write_text(json.dumps(previous.to_dict(), ensure_ascii=False), encoding="utf-8")
    current = tmp_path / "now.txt"
    current.write_text(row_per_line_text(consistent_report()), encoding="utf-8")
    result = run_xxgk("check", "--format", "json", "--previous", str(previous_path), str(current))
    assert "X1" in {f["code"] for f in json.loads(result.stdout)["findings"]}


def test_folder_batch_links_years_of_one_agency(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    earlier = consistent_report()
    earlier.year = 2022
    earlier.agency = "测试县科技局"  # the same agency as 测试县科学技术局
    earlier.cells["applications.carried_forward.natural_person"] = 5
    (folder / "a_2022.txt").write_text(row_per_line_text(earlier), encoding="utf-8")
    (folder / "b_2023.txt").write_text(row_per_line_text(consistent_report()), encoding="utf-8")
    shutil.copy(SEED, folder / "c_seed.txt")
    result = run_xxgk("check", "--format", "json", "--jobs", "2", str(folder))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(line["source"]).name for line in lines] == ["a_2022.txt", "b_2023.txt", "c_seed.txt"]
    assert "X1" in {f["code"] for f in lines[1]["findings"]}


def test_rules_lists_the_catalogue() -> None:
    result = run_xxgk("rules", "--format", "json")
    rules = json.loads(result.stdout)
    assert {"R1", "R2", "R3", "R4", "X1", "T1", "P1", "PARSE_RECONSTRUCTED"} <= {r["code"] for r in rules}


def test_schema_validates_a_gold_report() -> None:
    schema = json.loads(run_xxgk("schema").stdout)
    assert len(schema["oneOf"]) == 2
    titles = json.dumps(schema, ensure_ascii=False)
    assert "本年新收政府信息公开申请数量" in titles and "结转下年度继续办理" in titles
