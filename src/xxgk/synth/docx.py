"""DOCX documents as agencies write them in Word or WPS.

Tables carry real merged cells (gridSpan and vMerge, made by python-docx's
merge), so a reader must take the spans from the XML. Wrapped header labels are
either a line break inside one paragraph or two paragraphs in the cell. The
package is rewritten with fixed timestamps so that a seed always gives the same
bytes.
"""

from __future__ import annotations

import random
import zipfile
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from xxgk.render.grid import GridCell
from xxgk.report import Report
from xxgk.synth.outline import Grid, Paragraph, build_outline
from xxgk.synth.style import random_style

FONTS = ("宋体", "仿宋_GB2312", "仿宋", "方正仿宋_GBK")
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def write_docx(report: Report, rng: random.Random) -> bytes:
    """A Word document holding the report."""
    outline = build_outline(report, random_style(rng), rng)
    document = Document()
    _set_font(document, rng.choice(FONTS))
    if rng.random() < 0.3:
        document.core_properties.title = outline.title
    for block in outline.blocks:
        if isinstance(block, Grid):
            _table(document, block, rng)
        else:
            _paragraph(document, block, rng)
    buffer = BytesIO()
    document.save(buffer)
    return _with_fixed_times(buffer.getvalue())


def _set_font(document: Any, name: str) -> None:
    normal = document.styles["Normal"]
    normal.font.name = name
    normal.font.size = Pt(_body_size(name))
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _body_size(name: str) -> float:
    """Body size by font: 仿宋 documents are set in 三号 (16 pt), others in 小四 (12 pt)."""
    return 16.0 if "仿宋" in name else 12.0


def _paragraph(document: Any, block: Paragraph, rng: random.Random) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.role == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run.bold = True
        run.font.size = Pt(18)
    elif block.role in ("agency", "date"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif block.role == "heading":
        run.bold = rng.random() < 0.7
    else:
        paragraph.paragraph_format.first_line_indent = Pt(24)


def _table(document: Any, grid: Grid, rng: random.Random) -> None:
    table = document.add_table(rows=grid.rows, cols=grid.cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    slots = [[row.cells[c] for c in range(grid.cols)] for row in table.rows]
    two_paragraphs = rng.random() < 0.5
    for cell in grid.cells:
        target = slots[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(slots[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
        _fill(target, cell, two_paragraphs)


def _fill(target: Any, cell: GridCell, two_paragraphs: bool) -> None:
    lines = cell.text.split("\n")
    first = target.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if two_paragraphs:
        first.add_run(lines[0])
        for line in lines[1:]:
            target.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        first.add_run("\n".join(lines))


def _with_fixed_times(data: bytes) -> bytes:
    """The same package with every member dated FIXED_TIME, so output is reproducible."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
