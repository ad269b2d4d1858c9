"""`xxgk render` and `xxgk new` as a user runs them: formats by extension, the publication gate, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, load_gold, run_xxgk
from reports import consistent_report
from xxgk.render import FORMATS, SUFFIXES
from xxgk.report import Report
from xxgk.schema import validate_report_dict

SUFFIX = {fmt: next(s for s, f in SUFFIXES.items() if f == fmt) for fmt in FORMATS}
GOLD = DATA / "gold" / "002_d877435a35f1f3b3.json"


def write_json(path: Path, report: Report | dict) -> Path:
    data = report.to_dict() if isinstance(report, Report) else report
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def parsed(*paths: Path) -> list[dict]:
    result = run_xxgk("parse", "--format", "json", *map(str, paths))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def without_source(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in ("source", "inferred")}


def assert_one_line_error(result, *phrases: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def test_render_picks_the_format_from_the_extension_and_every_file_parses_back(tmp_path: Path) -> None:
    gold = load_gold(GOLD)["report"]
    source = write_json(tmp_path / "report.json", gold)
    outputs = []
    for fmt in FORMATS:
        out = tmp_path / f"report{SUFFIX[fmt]}"
        result = run_xxgk("render", str(source), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert str(out) in result.stdout and "2021 年版格式" in result.stdout
        outputs.append(out)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    for data in parsed(*outputs):
        assert without_source(data) == {**gold, "text": {"overview": "", "problems": "", "other_matters": ""}}


def test_render_takes_any_document_xxgk_reads(tmp_path: Path) -> None:
    seed = DATA / "seeds" / "002_d877435a35f1f3b3.txt"
    out = tmp_path / "yangcheng.docx"
    result = run_xxgk("render", str(seed), "-o", str(out))
    assert result.returncode == 0, result.stderr
    [original] = parsed(seed)
    [rendered] = parsed(out)
    assert without_source(rendered)["applications"] == without_source(original)["applications"]
    assert rendered["text"]["overview"].startswith("2023年,县科技局在县委、县政府的正确领导下")


def broken_report() -> Report:
    """A report whose 一 + 二 no longer equals （七） + 四 in the 自然人 column (rule R1)."""
    report = consistent_report("2021")
    report.cells["applications.new_received.natural_person"] = 99
    report.cells["applications.new_received.total"] = 99 + 1 + 0
    return report


def test_render_refuses_a_report_with_errors_and_names_them(tmp_path: Path) -> None:
    source = write_json(tmp_path / "broken.json", broken_report())
    out = tmp_path / "broken.pdf"
    result = run_xxgk("render", str(source), "-o", str(out))
    assert result.returncode == 1
    assert "错误" in result.stderr and "[R1]" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".broken.pdf.*"))


def test_render_with_force_writes_it_and_says_so(tmp_path: Path) -> None:
    source = write_json(tmp_path / "broken.json", broken_report())
    out = tmp_path / "broken.docx"
    result = run_xxgk("render", str(source), "-o", str(out), "--force")
    assert result.returncode == 0, result.stderr
    assert "--force" in result.stderr and "强制生成" in result.stderr and "[R1]" in result.stderr
    [data] = parsed(out)
    assert data["applications"]["new_received"]["natural_person"] == 99


@pytest.mark.parametrize(
    ("content", "phrases"),
    [
        ('{"template": "2021", "agency": "某局"', ("bad.json", "不是有效的 JSON", "第 1 行")),
        ("[1, 2]", ("bad.json", "必须是一个对象")),
        ('{"template": "2020"}', ("bad.json", "template")),
        ('{"template":"2021"}\n{"template":"2021"}\n', ("bad.json", "多个")),
    ],
    ids=["truncated", "not-an-object", "unknown-template", "two-reports"],
)
def test_invalid_json_is_one_line_naming_the_problem(tmp_path: Path, content: str, phrases: tuple[str, ...]) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    assert_one_line_error(run_xxgk("render", str(source), "-o", str(tmp_path / "x.html")), *phrases)


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (("applications", "granted", "total"), "abc", "applications.granted.total"),
        (("active", "fees", "amount"), -3.5, "active.fees.amount"),
        (("review_litigation", "review", "upheld"), 1.5, "review_litigation.review.upheld"),
        (("applications", "granted", "everyone"), 1, "applications.granted.everyone"),
    ],
)
def test_an_invalid_value_names_its_field_path(
    tmp_path: Path, path: tuple[str, str, str], value: object, named: str
) -> None:
    data = load_gold(GOLD)["report"]
    data[path[0]][path[1]][path[2]] = value
    source = write_json(tmp_path / "bad.json", data)
    assert_one_line_error(run_xxgk("render", str(source), "-o", str(tmp_path / "x.md")), named)


def test_unusable_arguments_are_one_line_errors(tmp_path: Path) -> None:
    source = write_json(tmp_path / "r.json", consistent_report("2019"))
    assert_one_line_error(run_xxgk("render", str(source), "-o", str(tmp_path / "r.txt")), "r.txt", ".docx")
    assert_one_line_error(
        run_xxgk("render", str(tmp_path / "missing.json"), "-o", str(tmp_path / "r.pdf")), "missing.json"
    )
    assert_one_line_error(
        run_xxgk("render", str(source), "-o", str(tmp_path / "no" / "such" / "dir.docx")), "dir.docx", "无法写入"
    )
    binary = tmp_path / "noise.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    assert_one_line_error(run_xxgk("render", str(binary), "-o", str(tmp_path / "r.html")), "noise.bin")


# --- xxgk new ---------------------------------------------------------------------------------


def test_new_json_is_a_valid_blank_report(tmp_path: Path) -> None:
    out = tmp_path / "draft.json"
    result = run_xxgk("new", "--template", "2019", "--agency", "某县科学技术局", "--year", "2020", "-o", str(out))
    assert result.returncode == 0, result.stderr
    report = validate_report_dict(json.loads(out.read_text(encoding="utf-8")))
    assert (report.template, report.agency, report.year) == ("2019", "某县科学技术局", 2020)
    assert set(report.cells.values()) == {None}
    assert "active.procurement.amount" in report.cells


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".html", ".md", ".pdf"])
def test_new_document_forms_read_back_as_blank_reports(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"draft{suffix}"
    result = run_xxgk("new", "--agency", "某县科学技术局", "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    [data] = parsed(out)
    assert (data["template"], data["agency"], data["year"]) == ("2021", "某县科学技术局", 2025)
    cells = [
        v
        for table in ("active", "applications", "review_litigation")
        for row in data[table].values()
        for v in row.values()
    ]
    assert cells and all(v is None for v in cells)


def test_new_rejects_what_it_cannot_make(tmp_path: Path) -> None:
    assert_one_line_error(
        run_xxgk("new", "--agency", " ", "--year", "2025", "-o", str(tmp_path / "a.json")), "--agency"
    )
    assert_one_line_error(run_xxgk("new", "--agency", "某局", "--year", "2025", "-o", str(tmp_path / "a.csv")), "a.csv")
    result = run_xxgk("new", "--agency", "某局", "--year", "2025", "--template", "2020", "-o", str(tmp_path / "a.json"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_render_takes_a_line_of_check_json(tmp_path: Path) -> None:
    seed = DATA / "seeds" / "000_3eb4594ffb8760d4.txt"
    checked = run_xxgk("check", "--format", "json", str(seed))
    source = tmp_path / "checked.json"
    source.write_text(checked.stdout, encoding="utf-8")
    out = tmp_path / "panjin.md"
    result = run_xxgk("render", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    [rendered] = parsed(out)
    assert without_source(rendered)["active"] == json.loads(checked.stdout)["report"]["active"]
