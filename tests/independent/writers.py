"""Writers of a `Page`: a Word document through python-docx, and a page as government sites serve it."""

from __future__ import annotations

import html
import random
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from independent.document import Grid, Heading, Page

TEXT_WIDTH_CM = 16.0


def write_docx(page: Page, path: Path) -> None:
    """A DOCX as an office worker fills the form: A4, 宋体, bold headings, merged header cells."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.54)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(page.font_pt)
    normal.font.name = "宋体"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(page.title)
    run.bold = True
    run.font.size = Pt(page.font_pt + 6)
    for line in page.furniture:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in page.blocks:
        if isinstance(block, Heading):
            doc.add_paragraph().add_run(block.text).bold = True
        elif isinstance(block, Grid):
            _docx_table(doc.add_table(rows=block.rows, cols=len(block.widths)), block, page.repeat_header)
            doc.add_paragraph()
        else:
            doc.add_paragraph(block).paragraph_format.first_line_indent = Pt(page.font_pt * 2)
    doc.save(str(path))


def _docx_table(table: Table, grid: Grid, repeat_header: bool) -> None:
    """Widths and text set on the element of each grid cell, taken before merging (python-docx's
    table.cell() rescans the whole table on every call, far too slow for 280 cells)."""
    table.style = "Table Grid"
    table.autofit = False
    scale = TEXT_WIDTH_CM / sum(grid.widths)
    widths = [Cm(w * scale) for w in grid.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    elements = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    for row in elements:
        for tc, width in zip(row, widths, strict=True):
            tc.width = width
    for tr in table._tbl.tr_lst[: grid.header_rows() if repeat_header else 0]:
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        tr.get_or_add_trPr().append(flag)
    for spec in grid.cells:
        cell = _Cell(elements[spec.row][spec.col], table)
        if spec.rowspan > 1 or spec.colspan > 1:
            far = _Cell(elements[spec.row + spec.rowspan - 1][spec.col + spec.colspan - 1], table)
            cell = cell.merge(far)
        cell.text = spec.text
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if spec.header or spec.number:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


SITE_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: %(pt)spt; margin: 0 2em; }
.nav, .foot { color: #666; font-size: 9pt; }
h1 { text-align: center; font-size: 16pt; }
.info { text-align: center; color: #555; }
table { border-collapse: collapse; width: 100%%; margin: 0.5em 0 1em; }
td { border: 1px solid #000; padding: 2px 3px; text-align: center; }
td.label { text-align: left; }
p.h { font-weight: bold; }
"""


def write_site_html(page: Page, path: Path, seed: int, agency: str) -> None:
    """The report as a government site page: navigation, title, 发布时间 furniture, tables with spans."""
    rng = random.Random(seed)
    empty = rng.choice(("", "&nbsp;", "\u3000"))
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html.escape(page.title)}</title><style>{SITE_STYLE % {'pt': page.font_pt}}</style></head><body>",
        '<div class="nav">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>',
        f"<h1>{html.escape(page.title)}</h1>",
    ]
    info = "　".join([f"来源：{html.escape(agency)}", *map(html.escape, page.furniture)])
    parts.append(f'<div class="info">{info}</div><div class="content">')
    for block in page.blocks:
        if isinstance(block, Heading):
            parts.append(f'<p class="h">{html.escape(block.text)}</p>')
        elif isinstance(block, Grid):
            parts.append(_html_table(block, empty, page.repeat_header))
        else:
            parts.append(f"<p>{html.escape(block)}</p>")
    parts.append('</div><div class="foot">主办单位：本站　技术支持：信息中心</div></body></html>')
    path.write_text("\n".join(parts), encoding="utf-8")


def _html_table(grid: Grid, empty: str, repeat_header: bool) -> str:
    """Rows with spans; with `repeat_header`, the header rows in <thead> (Chromium repeats them on each page)."""
    total = sum(grid.widths)
    out = ["<table>", "<colgroup>"]
    out += [f'<col style="width:{100 * w / total:.1f}%">' for w in grid.widths]
    out.append("</colgroup>")
    head = grid.header_rows() if repeat_header else 0
    for r in range(grid.rows):
        if r == 0 and head:
            out.append("<thead>")
        if r == head:
            out.append("</thead><tbody>" if head else "<tbody>")
        out.append("<tr>")
        for cell in sorted((c for c in grid.cells if c.row == r), key=lambda c: c.col):
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            )
            css = "" if cell.header or cell.number else ' class="label"'
            text = html.escape(cell.text).replace("\n", "<br>") or empty
            out.append(f"<td{spans}{css}>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)
