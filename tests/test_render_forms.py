"""A blank form from `xxgk new`, filled in by hand (here: by python-docx and openpyxl), reads back with `xxgk parse`."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import run_xxgk
from reports import consistent_report
from xxgk.render.tables import table_grid
from xxgk.render.text import value_text
from xxgk.report import Report
from xxgk.template import SECTIONS

PROSE = {
    "overview": "2025年，我局认真贯彻落实《条例》。\n全年共收到政府信息公开申请 11 件。",
    "problems": "一是公开内容还不够全面。\n二是解读形式较为单一。",
    "other_matters": "本年度未收取信息处理费。",
}


def filled_report(template: str) -> Report:
    report = consistent_report(template)
    report.agency, report.year = "某县科学技术局", 2025 if template == "2021" else 2020
    report.text = dict(PROSE)
    amount = "active.fees.amount" if template == "2021" else "active.procurement.amount"
    report.cells[amount] = 12.75
    if template == "2019":
        report.cells["active.licensing.change"] = -3
    return report


def new_form(tmp_path: Path, template: str, suffix: str, report: Report) -> Path:
    out = tmp_path / f"form{suffix}"
    result = run_xxgk(
        "new", "--template", template, "--agency", report.agency or "", "--year", str(report.year), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    return out


def read_back(path: Path) -> dict:
    result = run_xxgk("parse", "--format", "json", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    data.pop("source")
    data.pop("inferred")
    return data


def expected(report: Report) -> dict:
    data = report.to_dict()
    data.pop("inferred")
    return data


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_a_filled_in_docx_form_reads_back(tmp_path: Path, template: str) -> None:
    report = filled_report(template)
    path = new_form(tmp_path, template, ".docx", report)
    document = docx.Document(str(path))
    for table, key in zip(document.tables, ("active", "applications", "review_litigation"), strict=True):
        for cell in table_grid(report, key).value_cells():
            assert cell.cell_id is not None
            target = table.cell(cell.row, cell.col)
            assert target.text == "", "a form's value cells are empty"
            target.paragraphs[0].add_run(value_text(report.get(cell.cell_id)))
    headings = {p.text: p for p in document.paragraphs}
    for index, section in enumerate(SECTIONS):
        if section.table is None:
            following = headings[f"{SECTIONS[index + 1].number}、{SECTIONS[index + 1].title}"] if index < 5 else None
            for line in PROSE[section.key].split("\n"):
                if following is not None:
                    following.insert_paragraph_before(line)
                else:
                    document.add_paragraph(line)
    document.save(str(path))
    assert read_back(path) == expected(report)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_a_filled_in_xlsx_form_reads_back(tmp_path: Path, template: str) -> None:
    report = filled_report(template)
    path = new_form(tmp_path, template, ".xlsx", report)
    workbook = openpyxl.load_workbook(str(path))
    assert workbook.sheetnames == [f"{s.number}、{s.title}" for s in SECTIONS]
    for section in SECTIONS:
        sheet = workbook[f"{section.number}、{section.title}"]
        heading = next(row for row in range(1, 10) if sheet.cell(row, 1).value == f"{section.number}、{section.title}")
        top = heading + 2
        if section.table is None:
            sheet.cell(top, 1).value = PROSE[section.key]  # several lines in one cell (Alt+Enter)
            continue
        for cell in table_grid(report, section.table).value_cells():
            assert cell.cell_id is not None
            target = sheet.cell(top + cell.row, 1 + cell.col)
            assert target.value is None, "a form's value cells are empty"
            target.value = report.get(cell.cell_id)
    workbook.save(str(path))
    assert read_back(path) == expected(report)


def test_the_xlsx_form_accepts_only_numbers_of_each_column(tmp_path: Path) -> None:
    """Data validation: counts are whole numbers ≥ 0, 本年增/减 any whole number, amounts any number ≥ 0."""
    report = filled_report("2019")
    path = new_form(tmp_path, "2019", ".xlsx", report)
    workbook = openpyxl.load_workbook(str(path))
    rules = workbook["二、主动公开政府信息情况"].data_validations.dataValidation
    kinds = {(rule.type, rule.operator or "between") for rule in rules}  # "between" is the default, left out
    assert ("whole", "greaterThanOrEqual") in kinds
    assert ("whole", "between") in kinds
    assert ("decimal", "greaterThanOrEqual") in kinds
    assert all(rule.error for rule in rules)
