"""Table 二 counted from the records: an imported catalogue and decisions (and fees, 事项, procurement)
ledgers give the same table 二 as a count made here from the input rows, in both formats; the
sources an agency keeps decide which cells are counted; the stock-flow check; drill-down; P6."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from conftest import run_xxgk
from disclosure_support import AGENCY, CODE, set_up
from xxgk.disclosure.importer import read_catalogue
from xxgk.disclosure.imports import import_catalogue
from xxgk.ledger.annual import year_report
from xxgk.records import service
from xxgk.records.checks import records_findings, stock_flow
from xxgk.store.agencies import Agency
from xxgk.store.database import Database, open_database
from xxgk.store.records import RecordDecision
from xxgk.store.transaction import in_transaction

OTHER = "某市人民政府"  # the lead organ of a joint issue the agency co-signs: not the agency's own document
HEADER = [
    "索引号",
    "名称",
    "文号",
    "发文机关",
    "联合发文机关",
    "成文日期",
    "发布日期",
    "有效期至",
    "主题分类",
    "体裁分类",
    "文件类型",
    "登记号",
    "有效性",
    "有效性变更日期",
    "修改的文件",
    "栏目",
]
COLUMNS = ("政策文件", "通知公告", "")
KINDS = ("规章", "行政规范性文件", "其他文件")
DECISION_TYPES = ("行政许可", "行政处罚", "行政强制")


@dataclass(frozen=True)
class Doc:
    """One catalogue row as this test wrote it."""

    number: str
    kind: str
    issuer: str
    written: date
    published: date
    valid_until: date | None
    validity: str
    changed: date | None
    amends: str = ""


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def catalogue(seed: int, first: int, last: int) -> list[Doc]:
    """Documents published from `first` to `last`, some repealed, expired, amended or with an 有效期."""
    rng = random.Random(seed)
    docs: list[Doc] = []
    for i in range(90):
        published = _day(rng, date(first, 1, 1), date(last, 12, 31))
        written = published - timedelta(days=rng.randrange(15))
        valid_until = published + timedelta(days=rng.randrange(200, 1200)) if rng.random() < 0.3 else None
        roll = rng.random()
        validity, changed = "现行有效", None
        if roll < 0.35:
            validity = rng.choice(("已废止", "已废止", "已失效", "已修改"))
            changed = _day(rng, published, date(last + 1, 6, 30))
        amends = ""
        earlier = [d for d in docs if d.validity == "现行有效" and d.published < published]
        if earlier and rng.random() < 0.08:  # a revision of an earlier document still printed 现行有效
            amends = rng.choice(earlier).number
        docs.append(
            Doc(
                f"{CODE}/{published.year}-{i + 1:05d}",
                rng.choice(KINDS),
                AGENCY if rng.random() < 0.8 else OTHER,
                written,
                published,
                valid_until,
                validity,
                changed,
                amends,
            )
        )
    return docs


def write_catalogue(path: Path, docs: list[Doc]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n, d in enumerate(docs, start=1):
            writer.writerow(
                [
                    d.number,
                    f"某市科技管理办法第{n}号",
                    f"某科规〔{d.written.year}〕{n}号",
                    d.issuer,
                    AGENCY if d.issuer == OTHER else "",
                    d.written.isoformat(),
                    d.published.isoformat(),
                    d.valid_until.isoformat() if d.valid_until else "",
                    "科技、教育",
                    "解读" if n % 7 == 0 else "通知",
                    d.kind,
                    f"DJ-{n}" if d.kind == "行政规范性文件" else "",
                    d.validity,
                    d.changed.isoformat() if d.changed else "",
                    d.amends,
                    COLUMNS[n % 3],
                ]
            )
    return path


# ---------------------------------------------------------------- the independent count


def out_of_force_on(d: Doc, docs: list[Doc]) -> date | None:
    """The first day the document is no longer 现行有效, by the test's own reading of the rows."""
    days = []
    if d.changed is not None:
        days.append(d.changed)
    if d.valid_until is not None:
        days.append(d.valid_until + timedelta(days=1))
    days += [r.published for r in docs if r.amends == d.number]
    return min(days) if days else None


def in_force(d: Doc, docs: list[Doc], day: date) -> bool:
    gone = out_of_force_on(d, docs)
    return d.published <= day and (gone is None or gone > day)


def repealed_in(d: Doc, year: int, expiry_is_repeal: bool) -> bool:
    if d.changed is not None and d.changed.year == year and d.validity == "已废止":
        return True
    if not expiry_is_repeal:
        return False
    days = [d.changed] if d.changed is not None and d.validity == "已失效" else []
    days += [d.valid_until + timedelta(days=1)] if d.valid_until is not None else []
    return bool(days) and min(days).year == year


def expected_documents(docs: list[Doc], year: int, fmt: str, expiry_is_repeal: bool = False) -> dict[str, int]:
    end = date(year, 12, 31)
    cells: dict[str, int] = {}
    for row, kind in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        own = [d for d in docs if d.kind == kind and d.issuer == AGENCY]
        if fmt == "2021":
            cells[f"active.{row}.issued"] = sum(d.published.year == year for d in own)
            cells[f"active.{row}.repealed"] = sum(repealed_in(d, year, expiry_is_repeal) for d in own)
            cells[f"active.{row}.in_force"] = sum(in_force(d, docs, end) for d in own)
        else:
            cells[f"active.{row}.made"] = sum(d.written.year == year for d in own)
            cells[f"active.{row}.published"] = sum(d.published.year == year for d in own)
            cells[f"active.{row}.total_published"] = sum(d.published <= end for d in own)
    return cells


def decisions(seed: int, years: tuple[int, ...], count: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [
            rng.choice(DECISION_TYPES),
            f"SX-{rng.randrange(40):03d}",
            f"某科决〔{year}〕{i + 1}号",
            _day(rng, date(year, 1, 1), date(year, 12, 31)).isoformat(),
            rng.choice(("准予许可", "不予许可", "罚款", "查封")),
        ]
        for year in years
        for i in range(count)
    ]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [header, *rows]:
            sheet.append(row)
        book.save(path)
        return path
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


DECISION_HEADER = ["类型", "事项编码", "决定文书号", "决定日期", "决定结果"]


def expected_decisions(rows: list[list[str]], year: int) -> dict[str, int]:
    rows_of = {"行政许可": "licensing", "行政处罚": "punishment", "行政强制": "coercion"}
    counts = dict.fromkeys((f"active.{r}.decisions" for r in rows_of.values()), 0)
    for kind, _, _, day, _ in rows:
        if date.fromisoformat(day).year == year:
            counts[f"active.{rows_of[kind]}.decisions"] += 1
    return counts


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def url(database_url: str) -> str:
    set_up(open_database(database_url))
    return database_url


def db_of(url: str) -> Database:
    return open_database(url)


def agency_of(session: Session) -> Agency:
    return session.scalars(select(Agency).where(Agency.name == AGENCY)).one()


def import_docs(url: str, path: Path) -> None:
    parsed = read_catalogue(path)
    assert parsed.problems == []
    in_transaction(db_of(url), lambda s: import_catalogue(s, agency_of(s), "测试", parsed.rows))


def xxgk(url: str, *args: str) -> str:
    result = run_xxgk(*args, "--db", url)
    assert result.returncode == 0, result.stderr
    return result.stdout


def active_cells(url: str, year: int) -> dict[str, float | int | None]:
    def work(session: Session) -> dict[str, float | int | None]:
        report = year_report(session, agency_of(session), year)
        return {c: v for c, v in report.cells.items() if c.startswith("active.")}

    return in_transaction(db_of(url), work)


# ---------------------------------------------------------------- tests


def test_table_two_2021_from_an_imported_catalogue_and_decisions_ledger_equals_an_independent_count(
    url: str, tmp_path: Path
) -> None:
    docs = catalogue(19, 2021, 2024)
    import_docs(url, write_catalogue(tmp_path / "目录.csv", docs))
    rows = decisions(7, (2023, 2024), 150)
    out = xxgk(
        url,
        "ledger",
        "decisions",
        "import",
        str(write_rows(tmp_path / "决定.xlsx", DECISION_HEADER, rows)),
        "-a",
        AGENCY,
    )
    assert "已导入 300 条" in out
    xxgk(url, "ledger", "active", "-a", AGENCY, "-y", "2024", "fees.amount=3.5", "regulations.issued=99")
    shown = xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2024", "catalogue", "decisions")

    expected = expected_documents(docs, 2024, "2021") | expected_decisions(rows, 2024)
    cells = active_cells(url, 2024)
    assert {c: cells[c] for c in expected} == expected
    assert cells["active.fees.amount"] == 3.5  # not kept: stays as typed
    assert sum(expected.values()) > 40 and expected["active.regulations.repealed"] > 0
    assert "由记录计算的单元格（9 个）" in shown and "录入的单元格（1 个）：fees.amount" in shown

    report = xxgk(url, "ledger", "report", "-a", AGENCY, "-y", "2024")
    assert "政府信息目录（规章、规范性文件）：regulations.issued" in report and "录入的单元格（1 个）" in report

    # the agency counts expiry as repeal: 本年废止 follows
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2024", "--expiry-is-repeal")
    with_expiry = expected_documents(docs, 2024, "2021", expiry_is_repeal=True)
    cells = active_cells(url, 2024)
    assert {c: cells[c] for c in with_expiry} == with_expiry
    assert with_expiry["active.regulations.repealed"] + with_expiry["active.normative_documents.repealed"] > (
        expected["active.regulations.repealed"] + expected["active.normative_documents.repealed"]
    )


def test_table_two_2019_from_catalogue_decisions_matters_and_procurement(url: str, tmp_path: Path) -> None:
    docs = catalogue(23, 2017, 2020)
    import_docs(url, write_catalogue(tmp_path / "目录.csv", docs))
    rows = decisions(8, (2020,), 120)
    rng = random.Random(5)
    matters = []
    for i in range(60):
        start = _day(rng, date(2016, 1, 1), date(2020, 12, 31))
        end = _day(rng, start, date(2022, 12, 31)) if rng.random() < 0.3 else None
        kind = rng.choice(("行政许可", "行政处罚", "行政强制", "其他对外管理服务事项", "行政事业性收费"))
        matters.append([kind, f"QZ-{i:04d}", f"事项{i}", start.isoformat(), end.isoformat() if end else ""])
    projects = [
        [
            f"CG-{i}",
            f"采购项目{i}",
            _day(rng, date(2019, 6, 1), date(2021, 6, 30)).isoformat(),
            f"{rng.randrange(10**4, 10**7)}.50",
        ]
        for i in range(25)
    ]
    xxgk(url, "ledger", "decisions", "import", str(write_rows(tmp_path / "d.csv", DECISION_HEADER, rows)), "-a", AGENCY)
    matter_header = ["事项类型", "事项编码", "事项名称", "起始日期", "截止日期"]
    xxgk(url, "ledger", "matters", "import", str(write_rows(tmp_path / "m.xlsx", matter_header, matters)), "-a", AGENCY)
    project_header = ["项目编号", "项目名称", "合同日期", "金额（元）"]
    xxgk(
        url,
        "ledger",
        "procurement",
        "import",
        str(write_rows(tmp_path / "p.csv", project_header, projects)),
        "-a",
        AGENCY,
    )
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2020", "catalogue", "decisions", "matters", "procurement")

    keys = {"行政许可": "licensing", "行政处罚": "punishment", "行政强制": "coercion"}
    keys |= {"其他对外管理服务事项": "other_services", "行政事业性收费": "fees"}
    expected: dict[str, int | float] = dict(expected_documents(docs, 2020, "2019"))
    expected |= expected_decisions(rows, 2020) | {"active.other_services.decisions": 0}

    def listed(m: list[str], day: date) -> bool:
        return date.fromisoformat(m[3]) <= day and (not m[4] or date.fromisoformat(m[4]) >= day)

    for label, row in keys.items():
        mine = [m for m in matters if m[0] == label]
        before = sum(listed(m, date(2019, 12, 31)) for m in mine)
        expected[f"active.{row}.previous_items"] = before
        expected[f"active.{row}.change"] = sum(listed(m, date(2020, 12, 31)) for m in mine) - before
    in_2020 = [p for p in projects if p[2].startswith("2020")]
    expected["active.procurement.items"] = len(in_2020)
    expected["active.procurement.amount"] = sum(float(p[3]) for p in in_2020)
    cells = active_cells(url, 2020)
    assert {c: cells[c] for c in expected} == pytest.approx(expected)
    assert set(expected) == {c for c in cells}  # every 2019 cell counted
    assert any(expected[f"active.{r}.change"] for r in keys.values())


def test_an_empty_kept_ledger_gives_zero_and_a_bad_file_stores_nothing(url: str, tmp_path: Path) -> None:
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2024", "decisions", "fees")
    cells = active_cells(url, 2024)
    assert cells["active.licensing.decisions"] == 0 and cells["active.fees.amount"] == 0
    assert cells["active.regulations.issued"] is None  # catalogue not kept: typed, and nothing typed

    bad = write_rows(
        tmp_path / "决定.csv",
        DECISION_HEADER,
        [
            ["行政许可", "SX-1", "某科决〔2024〕1号", "2024-03-01", "准予许可"],
            ["行政审批", "SX-1", "某科决〔2024〕2号", "2024-13-01", "准予许可"],
            ["行政处罚", "SX-2", "某科决〔2024〕1号", "2024-04-01", "罚款"],
        ],
    )
    result = run_xxgk("ledger", "decisions", "import", str(bad), "-a", AGENCY, "--db", url)
    assert result.returncode == 2
    assert "第 3 行「类型」：“行政审批”不是可选的类型" in result.stderr
    assert "第 3 行「决定日期」：“2024-13-01”不是有效日期" in result.stderr
    assert "第 4 行「决定文书号」：“某科决〔2024〕1号”与第 2 行重复" in result.stderr
    with db_of(url).sessions() as session:
        assert session.scalar(select(func.count()).select_from(RecordDecision)) == 0
    fees = write_rows(
        tmp_path / "收费.csv",
        ["票据号", "收费项目", "收费日期", "金额（元）"],
        [["P1", "工本费", "2024-05-01", "12345"], ["P2", "工本费", "2023-05-01", "7"]],
    )
    xxgk(url, "ledger", "fees", "import", str(fees), "-a", AGENCY)
    assert active_cells(url, 2024)["active.fees.amount"] == pytest.approx(1.2345)


def test_stock_flow_reconciles_and_fires_on_a_broken_year(url: str, tmp_path: Path) -> None:
    docs = catalogue(31, 2021, 2024)
    import_docs(url, write_catalogue(tmp_path / "目录.csv", docs))
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2023", "catalogue")
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2024", "catalogue")
    out = xxgk(url, "ledger", "stock-flow", "-a", AGENCY, "-y", "2024")
    assert out.count("（衔接）") == 2

    db = db_of(url)
    flows = in_transaction(db, lambda s: stock_flow(s, agency_of(s), 2024))
    regulations = next(f for f in flows if f.row == "regulations")
    own = [d for d in docs if d.kind == "规章" and d.issuer == AGENCY]
    end_2023, end_2024 = date(2023, 12, 31), date(2024, 12, 31)
    entered = {d.number for d in own if in_force(d, docs, end_2024) and not in_force(d, docs, end_2023)}
    left = {d.number for d in own if in_force(d, docs, end_2023) and not in_force(d, docs, end_2024)}
    assert [m.reference for m in regulations.entered] == sorted(
        entered, key=[m.reference for m in regulations.entered].index
    )
    assert {m.reference for m in regulations.entered} == entered and len(regulations.entered) == len(entered)
    assert {m.reference for m in regulations.left} == left and len(regulations.left) == len(left)
    assert entered and left

    # 2023 typed by hand, two more than the records held: the check fires, naming the difference
    right = sum(in_force(d, docs, end_2023) for d in own)
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2023", "--none")
    xxgk(url, "ledger", "active", "-a", AGENCY, "-y", "2023", f"regulations.in_force={right + 2}")
    broken = run_xxgk("ledger", "stock-flow", "-a", AGENCY, "-y", "2024", "--db", url)
    assert broken.returncode == 1
    assert f"上年现行有效 {right + 2} 件" in broken.stdout and "相差 -2 件" in broken.stdout
    findings = in_transaction(db, lambda s: records_findings(s, agency_of(s), 2024))
    assert [f.code for f in findings] == ["X5"] and findings[0].cells == ("active.regulations.in_force",)


def test_each_cell_lists_its_records(url: str, tmp_path: Path) -> None:
    docs = catalogue(41, 2022, 2024)
    import_docs(url, write_catalogue(tmp_path / "目录.csv", docs))
    rows = decisions(3, (2024,), 40)
    xxgk(url, "ledger", "decisions", "import", str(write_rows(tmp_path / "d.csv", DECISION_HEADER, rows)), "-a", AGENCY)
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2024", "catalogue", "decisions")

    def members(cell: str) -> list[str]:
        found = in_transaction(db_of(url), lambda s: service.cell_records(s, agency_of(s), 2024, cell))
        return [m.reference for m in found]

    own = [d for d in docs if d.issuer == AGENCY]
    issued = sorted(
        (d for d in own if d.kind == "行政规范性文件" and d.published.year == 2024), key=lambda d: d.published
    )
    assert members("active.normative_documents.issued") == [d.number for d in issued]
    repealed = {d.number for d in own if d.kind == "规章" and repealed_in(d, 2024, False)}
    assert set(members("active.regulations.repealed")) == repealed
    punished = {r[2] for r in rows if r[0] == "行政处罚"}
    assert set(members("active.punishment.decisions")) == punished
    out = xxgk(url, "ledger", "records", "punishment.decisions", "-a", AGENCY, "-y", "2024")
    assert out.startswith(f"active.punishment.decisions：{len(punished)} 条")
    typed = run_xxgk("ledger", "records", "fees.amount", "-a", AGENCY, "-y", "2024", "--db", url)
    assert typed.returncode == 2 and "是录入的" in typed.stderr


def test_items_typed_where_decision_counts_belong_are_flagged(url: str, tmp_path: Path) -> None:
    """沈阳 2019 typed 4138 / −675 / 3463: the decisions of two years, not 事项."""
    rows = [r for r in decisions(11, (2018,), 300) + decisions(12, (2019,), 270) if r[0] == "行政许可"]
    licensing = {y: sum(r[3].startswith(str(y)) for r in rows) for y in (2018, 2019)}
    xxgk(url, "ledger", "decisions", "import", str(write_rows(tmp_path / "d.csv", DECISION_HEADER, rows)), "-a", AGENCY)
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2019", "decisions")
    change = licensing[2019] - licensing[2018]
    xxgk(
        url,
        "ledger",
        "active",
        "-a",
        AGENCY,
        "-y",
        "2019",
        f"licensing.previous_items={licensing[2018]}",
        f"licensing.change={change}",
    )
    findings = in_transaction(db_of(url), lambda s: records_findings(s, agency_of(s), 2019))
    assert [f.code for f in findings] == ["P6"]
    assert (
        f"录入的项目数量 {licensing[2018]} 与行政决定台账 2018 年的处理决定数 {licensing[2018]} 接近"
        in findings[0].message
    )
    report = xxgk(url, "ledger", "report", "-a", AGENCY, "-y", "2019")
    assert "[P6]" in report

    # typed 事项 far from the decisions: no warning
    xxgk(url, "ledger", "active", "-a", AGENCY, "-y", "2019", "licensing.previous_items=12", "licensing.change=1")
    assert in_transaction(db_of(url), lambda s: records_findings(s, agency_of(s), 2019)) == []


def test_p6_on_a_published_2019_report() -> None:
    from xxgk.check import check_report
    from xxgk.report import Report
    from xxgk.template import get_template

    cells: dict[str, int | float | None] = dict.fromkeys(get_template("2019").cell_ids(include_optional=False), 0)
    cells |= {
        "active.licensing.previous_items": 4138,
        "active.licensing.change": -675,
        "active.licensing.decisions": 3500,
    }
    codes = [f.code for f in check_report(Report(template="2019", agency="沈阳市科学技术局", year=2019, cells=cells))]
    assert "P6" in codes and "P3" not in codes
    cells["active.licensing.decisions"] = 3463  # exactly the sum: P3 says it, P6 does not repeat it
    codes = [f.code for f in check_report(Report(template="2019", agency="沈阳市科学技术局", year=2019, cells=cells))]
    assert "P3" in codes and "P6" not in codes
    cells |= {
        "active.licensing.previous_items": 1,
        "active.licensing.change": 1,
        "active.licensing.decisions": 43,
    }  # 盘锦
    assert "P6" not in [f.code for f in check_report(Report(template="2019", agency="盘锦", year=2019, cells=cells))]


def test_decimal_amounts_are_kept_exactly(url: str, tmp_path: Path) -> None:
    projects = [["CG-1", "电脑", "2020-03-01", "1234567.89"], ["CG-2", "桌椅", "2020-04-01", "0.11"]]
    path = write_rows(tmp_path / "p.csv", ["项目编号", "项目名称", "合同日期", "金额"], projects)
    xxgk(url, "ledger", "procurement", "import", str(path), "-a", AGENCY)
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2020", "procurement")

    def work(session: Session) -> Decimal | None:
        return service.table_two(session, agency_of(session), 2020).values["active.procurement.amount"]

    assert in_transaction(db_of(url), work) == Decimal("1234568.00")


def test_the_exported_catalogue_keeps_the_day_each_document_left_force(url: str, tmp_path: Path) -> None:
    docs = catalogue(47, 2022, 2024)
    import_docs(url, write_catalogue(tmp_path / "目录.csv", docs))
    out = tmp_path / "导出.csv"
    xxgk(url, "disclosure", "export", str(out), "-a", AGENCY)
    with out.open(encoding="utf-8-sig") as handle:
        exported = {row["索引号"]: row["有效性变更日期"] for row in csv.DictReader(handle)}
    assert exported == {d.number: d.changed.isoformat() if d.changed else "" for d in docs}


def test_section_one_figures_come_with_their_sources(url: str, tmp_path: Path) -> None:
    from xxgk.records.overview import overview_figures

    docs = catalogue(53, 2023, 2024)
    import_docs(url, write_catalogue(tmp_path / "目录.csv", docs))
    xxgk(url, "ledger", "sources", "-a", AGENCY, "-y", "2024", "catalogue")
    figures = in_transaction(db_of(url), lambda s: overview_figures(s, agency_of(s), 2024))
    shown = {f.what: (f.value, f.source) for f in figures}
    in_2024 = [n for n, d in enumerate(docs, start=1) if d.published.year == 2024]
    assert shown["2024 年主动公开政府信息（条）"] == (str(len(in_2024)), "政府信息目录")
    assert shown["栏目“政策文件”（条）"][0] == str(sum(n % 3 == 0 for n in in_2024))
    assert shown["栏目“未设栏目”（条）"][0] == str(sum(n % 3 == 2 for n in in_2024))
    assert shown["其中政策解读（条）"][0] == str(sum(n % 7 == 0 for n in in_2024))
    issued = sum(d.published.year == 2024 and d.kind == "规章" and d.issuer == AGENCY for d in docs)
    assert shown["表二“规章”行“本年制发件数”栏"] == (str(issued), "政府信息目录（规章、规范性文件）")
