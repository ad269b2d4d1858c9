"""The export a supervisor hands on: one row per report, Chinese headers from the template, no server
path; sheets of findings and of metric definitions; CSV with a byte-order mark."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from conftest import run_xxgk
from reports import consistent_report
from webapp import WebApp, faulty_report, report_text, signed_in, store_upload
from xxgk.corpus.labels import cell_label
from xxgk.corpus.metrics import METRICS
from xxgk.template import get_template


def _stored(web: WebApp) -> None:
    clean = consistent_report()
    clean.agency, clean.year = "甲市科学技术局", 2024
    faulty = faulty_report(2025)
    faulty.agency = "甲市科学技术局"
    response = store_upload(
        signed_in(web, "sup-a"),
        [("科技局2024年报.txt", report_text(clean)), ("科技局2025年报.txt", report_text(faulty))],
    )
    assert response.status_code == 303
    web.context.library.wait(120)


def test_the_xlsx_has_a_row_per_report_chinese_headers_findings_and_definitions(web: WebApp) -> None:
    _stored(web)
    response = signed_in(web, "sup-a").get("/console/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["报告", "检查结果", "指标定义"]
    rows = list(book["报告"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 2  # one row per report
    assert header[:12] == (
        "机关",
        "报告所署名称",
        "层级",
        "类型",
        "地区",
        "年度",
        "格式",
        "状态",
        "发布日期",
        "错误数",
        "警告数",
        "来源文件",
    )
    template = get_template("2021")
    label = cell_label(template, "applications.new_received.total")
    assert label in header and "applications.new_received.total" not in header
    assert all(not (isinstance(h, str) and h.isascii()) for h in header)  # every header in Chinese
    by = [dict(zip(header, row, strict=True)) for row in body]
    assert [r["年度"] for r in by] == [2024, 2025]
    assert [r["来源文件"] for r in by] == ["科技局2024年报.txt", "科技局2025年报.txt"]
    assert all("/" not in r["来源文件"] and "\\" not in r["来源文件"] for r in by)
    assert by[0]["错误数"] == 0 and by[1]["错误数"] > 0 and by[0]["状态"] == "已入库（未公开）"
    assert by[0][label] == consistent_report().cells["applications.new_received.total"]
    assert by[1][cell_label(template, "applications.granted.total")] == 9
    findings = list(book["检查结果"].iter_rows(values_only=True))
    assert findings[0] == ("机关", "年度", "级别", "规则代码", "检查规则", "说明", "涉及单元格")
    r3 = [f for f in findings[1:] if f[3] == "R3"]
    assert r3 and r3[0][4] == "总计栏不等于各类申请人之和" and r3[0][2] == "错误" and "予以公开" in r3[0][6]
    definitions = list(book["指标定义"].iter_rows(values_only=True))
    assert [d[0] for d in definitions[1:]] == [m.name for m in METRICS]


def test_the_csv_has_the_reports_sheet_with_a_bom(web: WebApp) -> None:
    _stored(web)
    content = signed_in(web, "sup-a").get("/console/export.csv?year=2024").content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["机关"] == "甲市科学技术局" and rows[0]["来源文件"] == "科技局2024年报.txt"
    assert rows[0][cell_label(get_template("2021"), "applications.new_received.total")] == str(
        consistent_report().cells["applications.new_received.total"]
    )
    assert signed_in(web, "sup-c").get("/console/export.csv").content.decode("utf-8-sig").count("\n") == 1


def test_the_command_line_hands_on_the_same_workbook(web: WebApp, tmp_path: Path) -> None:
    _stored(web)
    console = load_workbook(io.BytesIO(signed_in(web, "admin").get("/console/export.xlsx").content), read_only=True)
    output = tmp_path / "年度报告.xlsx"
    done = run_xxgk("export", "--layout", "reports", "--format", "xlsx", "-o", str(output), "--db", web.context.db.url)
    assert done.returncode == 0, done.stderr
    assert "已导出 2 份报告" in done.stdout
    cli = load_workbook(output, read_only=True)
    assert cli.sheetnames == console.sheetnames
    for name in cli.sheetnames:
        assert list(cli[name].iter_rows(values_only=True)) == list(console[name].iter_rows(values_only=True))
    refused = run_xxgk("export", "--layout", "reports", "--format", "parquet", "-o", str(tmp_path / "x.parquet"))
    assert refused.returncode == 2 and "只能导出 csv 或 xlsx" in refused.stderr
