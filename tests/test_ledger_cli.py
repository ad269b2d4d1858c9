"""The ledger's command line, run as real processes against a real database."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA, run_xxgk
from xxgk.check import check_report
from xxgk.ledger.exporter import write_ledger
from xxgk.ledger.generate import generate_ledger
from xxgk.schema import validate_report_dict

AGENCY = "某县人民政府办公室"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


def ok(*args: str, cwd: Path | None = None) -> str:
    result = run_xxgk(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_deadline_prints_the_due_date_and_its_steps_as_json(tmp_path: Path) -> None:
    data = json.loads(ok("deadline", "2025-09-26", "--format", "json", cwd=tmp_path))
    assert data["due"] == "2025-10-30"
    assert any("第三十一条" in step["basis"] for step in data["steps"])
    assert not (tmp_path / "xxgk.db").exists()  # computing a date creates no database
    data = json.loads(
        ok(
            "deadline",
            "2025-09-26",
            "--correction-notice",
            "2025-10-09",
            "--correction-received",
            "2025-10-20",
            "--consultation",
            "2025-10-22",
            "2025-10-24",
            "--extension",
            "5",
            "--format",
            "json",
            cwd=tmp_path,
        )
    )
    # 20 working days from 20 Oct skipping 22–24 Oct → 20 Nov; +5 → 27 Nov.
    assert data["due"] == "2025-11-27"
    paused = json.loads(
        ok("deadline", "2025-09-26", "--consultation-open", "2025-10-09", "--format", "json", cwd=tmp_path)
    )
    assert paused["due"] is None and paused["state"] == "consulting"


def test_deadline_refuses_bad_input_and_unknown_years_in_one_line(tmp_path: Path) -> None:
    for args, reason in (
        (("2025-02-30",), "不是有效日期"),
        (("2025-09-26", "--extension", "25"), "最长不得超过 20"),
        (("2199-12-20",), "2200 年超出可计算的范围"),
    ):
        result = run_xxgk("deadline", *args, cwd=tmp_path)
        assert result.returncode == 2 and reason in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_calendar_overrides_are_stored_and_used(db: str, tmp_path: Path) -> None:
    estimated = json.loads(ok("deadline", "2026-12-20", "--format", "json", "--db", db))
    assert (estimated["due"], estimated["estimated"]) == ("2027-01-18", True)
    # A local correction in the estimated year (4 Jan off) moves the date and leaves 2027 estimated.
    result = run_xxgk("calendar", "set", "2027-01-04", "holiday", "--note", "临时放假", "--db", db)
    assert result.returncode == 0 and "2027 年的国务院放假安排尚未导入" in result.stderr
    corrected = json.loads(ok("deadline", "2026-12-20", "--format", "json", "--db", db))
    assert (corrected["due"], corrected["estimated_years"]) == ("2027-01-19", [2027])
    assert ok("calendar", "list", "--db", db).strip() == "2027-01-04\tholiday\t临时放假"
    ok("calendar", "unset", "2027-01-04", "--db", db)
    assert run_xxgk("calendar", "unset", "2027-01-04", "--db", db).returncode == 2


def test_import_refuses_a_file_with_any_bad_row_and_lists_each(db: str, tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text(
        "申请编号,收到日期,申请方式,申请人类型,申请内容,补正告知日期,补正收到日期,征求意见开始日期,征求意见结束日期,"
        "延期天数,办结日期,办理结果\n"
        "1,2025-03-03,网上,自然人,预算,,,,,,2025-03-10,予以公开\n"
        "2,2025-03-03,网上,自然人,预算,,,,,30,2025-03-10,予以公开\n"
        "3,2025-03-03,网上,企业,预算,,,,,,2025-03-10,同意公开\n",
        encoding="utf-8",
    )
    result = run_xxgk("ledger", "import", str(path), "--agency", AGENCY, "--db", db)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any("第 3 行" in line and "20" in line for line in lines)
    assert any("第 4 行「申请人类型」" in line for line in lines)
    assert any("第 4 行「办理结果」" in line for line in lines)
    assert "未导入任何记录" in lines[-1]
    assert run_xxgk("ledger", "report", "--agency", AGENCY, "--year", "2025", "--db", db).returncode == 2  # no agency
    out = ok("ledger", "import", str(path), "--agency", AGENCY, "--skip-invalid", "--db", db)
    assert "新增 1" in out and "跳过 2" in out


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01\x02binary", b"PK\x03\x04broken zip", "姓名,电话\n张三,1\n".encode()]
)
def test_a_file_that_is_not_a_ledger_gets_one_line(db: str, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    result = run_xxgk("ledger", "import", str(path), "--agency", AGENCY, "--db", db)
    assert result.returncode == 2 and str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_report_cell_due_and_export_from_an_imported_excel_ledger(db: str, tmp_path: Path) -> None:
    ledger = generate_ledger(5, range(2020, 2023), 200, closing=date(2023, 1, 6))
    path = tmp_path / "ledger.xlsx"
    write_ledger(path, ledger.rows, mask=False)
    assert "新增 600" in ok("ledger", "import", str(path), "--agency", AGENCY, "--db", db)
    ok("ledger", "active", "--agency", AGENCY, "--year", "2022", "regulations.issued=1", "fees.amount=2.5", "--db", db)
    report = ok("ledger", "report", "--agency", AGENCY, "--year", "2022", "--format", "json", "--db", db)
    data = json.loads(report)
    assert data["template"] == "2021" and data["applications"]["new_received"]["total"] == 200
    assert data["active"]["fees"]["amount"] == 2.5
    parsed = validate_report_dict(data)  # the canonical JSON, valid against the schema
    assert [f for f in check_report(parsed) if f.severity == "error"] == []
    old = json.loads(ok("ledger", "report", "--agency", AGENCY, "--year", "2020", "--format", "json", "--db", db))
    assert old["template"] == "2019" and "other_handling" in old["applications"]
    members = ok(
        "ledger",
        "cell",
        "applications.granted.total",
        "--agency",
        AGENCY,
        "--year",
        "2022",
        "--format",
        "json",
        "--db",
        db,
    )
    assert len(members.splitlines()) == data["applications"]["granted"]["total"]
    due = [
        json.loads(line)
        for line in ok(
            "ledger", "due", "--agency", AGENCY, "--today", "2023-01-06", "--format", "json", "--db", db
        ).splitlines()
    ]
    assert due and due == sorted(due, key=lambda d: (d["left"] is None, d["left"] if d["left"] is not None else 0))
    exported = tmp_path / "export.csv"
    ok("ledger", "export", str(exported), "--agency", AGENCY, "--db", db)
    with exported.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 600 and list(rows[0])[:3] == ["申请编号", "收到日期", "申请方式"]
    assert all("*" in r["联系方式"] for r in rows)
    names = {r.number: r.applicant_name for r in ledger.rows if r.applicant_type == "natural_person"}
    assert all(r["申请人姓名（名称）"] != names[r["申请编号"]] for r in rows if r["申请编号"] in names)


def test_the_desk_registers_an_application_its_events_and_decision(db: str) -> None:
    number = ok(
        "ledger",
        "add",
        "--agency",
        AGENCY,
        "--received",
        "2025-09-26",
        "--applicant-type",
        "自然人",
        "--name",
        "李四",
        "--db",
        db,
    ).strip()
    assert number == "2025-00001"
    out = ok("ledger", "event", number, "consultation", "--agency", AGENCY, "--on", "2025-10-09", "--db", db)
    assert "计时暂停" in out
    out = ok(
        "ledger",
        "event",
        number,
        "consultation",
        "--agency",
        AGENCY,
        "--on",
        "2025-10-09",
        "--until",
        "2025-10-15",
        "--db",
        db,
    )
    assert "答复期限：2025-11-07" in out
    refused = run_xxgk(
        "ledger", "event", number, "extension", "--agency", AGENCY, "--on", "2025-10-20", "--days", "5", "--db", db
    )
    assert refused.returncode == 2 and "审批人" in refused.stderr
    ok(
        "ledger",
        "case",
        "--agency",
        AGENCY,
        "--kind",
        "行政复议",
        "--filed",
        "2025-11-20",
        "--application",
        number,
        "--db",
        db,
    )
    decide = ("ledger", "decide", number, "--agency", AGENCY, "--on", "2025-11-05", "--outcome", "部分公开", "--db", db)
    refused = run_xxgk(*decide)
    assert refused.returncode == 2 and "须写明理由" in refused.stderr and "Traceback" not in refused.stderr
    ok(*decide, "--reasons", "合同中的银行账号属于商业秘密", "--basis", "第十五条")
    again = run_xxgk("ledger", "event", number, "fee_notice", "--agency", AGENCY, "--on", "2025-11-06", "--db", db)
    assert again.returncode == 2 and "已于 2025-11-05 办结" in again.stderr
    data = json.loads(ok("ledger", "report", "--agency", AGENCY, "--year", "2025", "--format", "json", "--db", db))
    assert data["applications"]["partially_granted"]["natural_person"] == 1
    assert data["review_litigation"]["review"]["pending"] == 1


def test_backup_and_restore_from_the_command_line(db: str, tmp_path: Path) -> None:
    ok("ledger", "add", "--agency", AGENCY, "--received", "2025-09-26", "--applicant-type", "其他", "--db", db)
    backup = tmp_path / "backup.db"
    assert "SQLite" in ok("db", "backup", str(backup), "--db", db)
    ok("ledger", "add", "--agency", AGENCY, "--received", "2025-09-27", "--applicant-type", "其他", "--db", db)
    ok("db", "restore", str(backup), "--db", db)
    data = json.loads(ok("ledger", "report", "--agency", AGENCY, "--year", "2025", "--format", "json", "--db", db))
    assert data["applications"]["new_received"]["total"] == 1
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00junk")
    result = run_xxgk("db", "restore", str(junk), "--db", db)
    assert result.returncode == 2 and "不是 xxgk 的备份文件" in result.stderr


def test_table_two_is_imported_from_a_published_report(db: str) -> None:
    seed = next((DATA / "seeds").glob("003_*.txt"))
    gold = json.loads(next((DATA / "gold").glob("003_*.json")).read_text(encoding="utf-8"))["report"]
    ok("ledger", "active", "--agency", AGENCY, "--year", "2019", "--from", str(seed), "--db", db)
    data = json.loads(ok("ledger", "report", "--agency", AGENCY, "--year", "2019", "--format", "json", "--db", db))
    assert data["active"] == gold["active"]
    refused = run_xxgk("ledger", "active", "--agency", AGENCY, "--year", "2023", "--from", str(seed), "--db", db)
    assert refused.returncode == 2 and "2019 年版格式" in refused.stderr
