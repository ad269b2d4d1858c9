"""Importing an existing site's catalogue: every row checked first, nothing stored on error unless asked,
索引号 kept as printed, new numbers continuing above the highest standard-form one; and the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from conftest import run_xxgk
from disclosure_support import AGENCY, CODE, agency, approved, publish, set_up
from xxgk.disclosure.importer import read_catalogue
from xxgk.disclosure.imports import ImportRefused, import_catalogue
from xxgk.now import today
from xxgk.store.database import Database, open_database
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.transaction import in_transaction

HEADER = [
    "索引号",
    "名称",
    "文号",
    "发文机关",
    "成文日期",
    "发布日期",
    "主题分类",
    "体裁分类",
    "文件类型",
    "登记号",
    "有效性",
    "解读的文件",
]


def rows(year: int) -> list[list[str]]:
    return [
        [
            f"{CODE}/{year}-00041",
            "某市科技创新券管理办法",
            f"某科规〔{year}〕1号",
            AGENCY,
            f"{year}-03-01",
            f"{year}-03-05",
            "科技、教育",
            "通知",
            "行政规范性文件",
            "DLSR-2026-001",
            "现行有效",
            "",
        ],
        [
            "113417020032563511/202504-00057",
            "《科技创新券管理办法》政策解读",
            "",
            AGENCY,
            f"{year}-03-05",
            f"{year}-03-06",
            "科技、教育",
            "解读",
            "其他文件",
            "",
            "现行有效",
            f"{CODE}/{year}-00041",
        ],
        [
            "连政办发〔2008〕9号",
            "关于印发旧办法的通知",
            "连政办发〔2008〕9号",
            AGENCY,
            "2008-05-01",
            "2008-05-02",
            "科技、教育",
            "通知",
            "其他文件",
            "",
            "已废止",
            "",
        ],
    ]


def write_csv(path: Path, lines: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *lines])
    return path


@pytest.fixture
def db(database_url: str) -> Database:
    opened = open_database(database_url)
    set_up(opened)
    return opened


def test_an_import_keeps_printed_numbers_and_new_numbers_continue_above_them(db: Database, tmp_path: Path) -> None:
    year = today().year
    parsed = read_catalogue(write_csv(tmp_path / "目录.csv", rows(year)))
    assert parsed.problems == []
    summary = in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", parsed.rows))
    assert summary.created == 3
    with db.sessions() as session:
        stored = {i.index_number: i for i in session.scalars(select(DisclosureItem))}
        assert set(stored) == {r[0] for r in rows(year)}
        interpretation = stored["113417020032563511/202504-00057"]
        assert interpretation.interprets_id == stored[f"{CODE}/{year}-00041"].id
        assert stored["连政办发〔2008〕9号"].validity == "已废止"
    assert publish(db, approved(db)) == f"{CODE}/{year}-00042"


def test_one_bad_row_stops_the_whole_import_unless_told_to_skip_it(db: Database, tmp_path: Path) -> None:
    year = today().year
    bad = rows(year)
    bad[2][2] = "连政办发[2008]9号"  # square brackets instead of 〔〕
    bad.append(["", "", "", AGENCY, "2026-02-30", "2026-03-01", "科技", "通知", "其他文件", "", "", ""])
    parsed = read_catalogue(write_csv(tmp_path / "目录.csv", bad))
    assert [str(p) for p in parsed.problems] == ["第 5 行「名称」：不能为空"]
    with pytest.raises(ImportRefused) as refused:
        in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", parsed.rows))
    assert [str(p) for p in refused.value.problems] == [
        "第 4 行「文号」：文号“连政办发[2008]9号”的年份应使用六角括号〔〕（如 某政发〔2025〕3号）"
    ]
    assert _count(db) == 0
    summary = in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", parsed.rows, skip_invalid=True))
    assert (summary.created, summary.skipped_rows, _count(db)) == (2, {4}, 2)


def test_a_number_already_in_the_catalogue_is_a_row_problem(db: Database, tmp_path: Path) -> None:
    parsed = read_catalogue(write_csv(tmp_path / "目录.csv", rows(today().year)[:1]))
    in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", parsed.rows))
    with pytest.raises(ImportRefused, match="1 处问题") as refused:
        in_transaction(db, lambda s: import_catalogue(s, agency(s), "测试", parsed.rows))
    assert "已在目录中" in str(refused.value.problems[0])


def test_the_command_line_imports_xlsx_refuses_a_bad_file_and_exports_what_it_holds(
    database_url: str, tmp_path: Path
) -> None:
    db = open_database(database_url)
    set_up(db)
    year = today().year
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in [HEADER, *rows(year)]:
        sheet.append(line)
    book.save(tmp_path / "目录.xlsx")
    bad = write_csv(
        tmp_path / "坏.csv",
        [
            [
                f"{CODE}/{year}-00001",
                "名称",
                "",
                AGENCY,
                "2026-13-01",
                "2026-03-01",
                "其他",
                "通知",
                "其他文件",
                "",
                "",
                "",
            ]
        ],
    )
    refused = run_xxgk("disclosure", "import", str(bad), "--agency", AGENCY, "--db", database_url)
    assert refused.returncode == 2
    assert "第 2 行「成文日期」：“2026-13-01”不是有效日期" in refused.stderr and "未导入任何记录" in refused.stderr
    done = run_xxgk("disclosure", "import", str(tmp_path / "目录.xlsx"), "--agency", AGENCY, "--db", database_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "已导入 3 条（其中 0 条新编索引号，跳过 0 行）"
    found = run_xxgk("disclosure", "search", "某科规", "--db", database_url)
    assert [line.split("\t")[0] for line in found.stdout.splitlines()] == [f"{CODE}/{year}-00041"]
    out = tmp_path / "导出.xlsx"
    exported = run_xxgk("disclosure", "export", str(out), "--agency", AGENCY, "--db", database_url)
    assert exported.returncode == 0, exported.stderr
    sheet = load_workbook(out).worksheets[0]
    table = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert table[0][0] == "索引号" and sorted(r[0] for r in table[1:]) == sorted(r[0] for r in rows(year))
    interpretation = next(r for r in table[1:] if r[0].startswith("1134"))
    assert f"{CODE}/{year}-00041" in interpretation


def _count(db: Database) -> int:
    with db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(DisclosureItem)) or 0)
