"""Reports as a word processor makes them: the official blank form filled with python-docx,
exported by LibreOffice (headless) to PDF and HTML.

Nothing here comes from the parser: the form is the one the State Council office
published (../shared/realworld/blank-template-2021.docx, copied to tests/data), the
values are written into its cells, and LibreOffice lays the pages out. Options give
the variants real reports have: zero printed as a blank cell, thousands separators,
a narrow label column that wraps every label over several lines, and long prose that
pushes the tables over page breaks.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from xxgk.report import Report
from xxgk.synth import random_report
from xxgk.template import get_template

BLANK_FORM = Path(__file__).parent / "data" / "blank-template-2021.docx"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"

# Data cells of the blank form: (table index, grid row, first grid column) per template row.
_APPLICATION_FIRST_ROW = 3
_APPLICATION_FIRST_COL = 3
_ACTIVE_CELLS = {
    "regulations": (2, 1),
    "normative_documents": (3, 1),
    "licensing": (6, 1),
    "punishment": (9, 1),
    "coercion": (10, 1),
    "fees": (13, 1),
}


@dataclass(frozen=True, slots=True)
class Style:
    """How the form is filled."""

    blank_zero: bool = False
    thousands: bool = False
    narrow_labels: bool = False
    long_prose: bool = False
    repeat_header: bool = False


def filled_report(seed: int) -> Report:
    """A 2021 report whose tables satisfy every equation, with some large numbers."""
    return random_report(random.Random(seed), "2021", size="large")


def printed(value: object, style: Style) -> str:
    """A cell's text as the style prints it."""
    if value is None or (value == 0 and style.blank_zero):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}" if style.thousands else f"{value:.2f}"
    assert isinstance(value, int)
    return f"{value:,}" if style.thousands else str(value)


def write_form(report: Report, style: Style) -> bytes:
    """The blank form with the report's values, prose and title written in."""
    document = docx.Document(str(BLANK_FORM))
    template = get_template("2021")
    tables = document.tables
    _fill_active(tables[0], report, style)
    rows = [r for r in template.table("applications").rows if not r.optional]
    for index, row in enumerate(rows):
        grid_row = _APPLICATION_FIRST_ROW + index
        for offset, field in enumerate(row.fields):
            value = report.cells[f"applications.{row.key}.{field.key}"]
            _write(tables[1], grid_row, _APPLICATION_FIRST_COL + offset, printed(value, style))
    review = template.table("review_litigation")
    col = 0
    for row in review.rows:
        for field in row.fields:
            _write(tables[2], 3, col, printed(report.cells[f"review_litigation.{row.key}.{field.key}"], style))
            col += 1
    if style.narrow_labels:
        _narrow(tables[1], (0, 1, 2), 700)
        _narrow(tables[0], (0,), 900)
    if style.repeat_header:
        for row in tables[1].rows[:3]:
            row._tr.get_or_add_trPr().append(_on("w:tblHeader"))
    _write_prose(document, report, style)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _on(tag: str) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element


def _fill_active(table: Any, report: Report, style: Style) -> None:
    spec = get_template("2021").table("active")
    for row in spec.rows:
        grid_row, col = _ACTIVE_CELLS[row.key]
        for offset, field in enumerate(row.fields):
            _write(table, grid_row, col + offset, printed(report.cells[f"active.{row.key}.{field.key}"], style))


def _write(table: Any, row: int, col: int, text: str) -> None:
    cell = table.cell(row, col)
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs:
        run.text = ""
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(10)


def _narrow(table: Any, columns: tuple[int, ...], twips: int) -> None:
    """Make the label columns narrow (in twentieths of a point) so that labels wrap."""
    grid = table._tbl.tblGrid
    cols = grid.findall(qn("w:gridCol"))
    for index in columns:
        cols[index].set(qn("w:w"), str(twips))
    for tr in table._tbl.tr_lst:
        position = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            if position in columns and span == 1:
                tcpr = tc.get_or_add_tcPr()
                width = tcpr.find(qn("w:tcW"))
                if width is not None:
                    width.set(qn("w:w"), str(twips))
                    width.set(qn("w:type"), "dxa")
            position += span


def _write_prose(document: Any, report: Report, style: Style) -> None:
    paragraphs = document.paragraphs
    paragraphs[1].runs[0].text = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    texts = {
        "一、总体情况": "overview",
        "五、存在的主要问题及改进情况": "problems",
        "六、其他需要报告的事项": "other_matters",
    }
    for index, paragraph in enumerate(paragraphs):
        key = texts.get(paragraph.text.strip())
        if key is None or index + 1 >= len(paragraphs):
            continue
        body = paragraphs[index + 1]
        text = report.text.get(key, "") or "无。"
        if style.long_prose and key == "overview":
            text = "\n".join([text] * 6)
        for run in body.runs:
            run.text = ""
        if body.runs:
            body.runs[0].text = text
        else:
            body.add_run(text)


def converted(documents: dict[str, bytes], target: str, workdir: Path) -> dict[str, bytes]:
    """Each DOCX of `documents` (by name) converted by LibreOffice headless to `target`
    ("pdf", "html" or "xhtml"), in one run with a profile of its own."""
    workdir.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, data in documents.items():
        source = workdir / f"{name}.docx"
        source.write_bytes(data)
        sources.append(str(source))
    profile = tempfile.mkdtemp(prefix="lo-profile-", dir=workdir)
    filters = {"pdf": "pdf", "html": "html:HTML (StarWriter)", "xhtml": "xhtml:XHTML Writer File"}
    out = workdir / target
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            filters[target],
            "--outdir",
            str(out),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {name: (out / f"{name}.{target}").read_bytes() for name in documents}
