"""DOCX: the report as a Word document a clerk can open, edit and print.

A4 in the layout of GB/T 9704 (小标宋 title, 黑体 headings, 仿宋 body in 三号,
28 pt lines), with styles rather than direct formatting, so the document stays
editable: 标题 (Title), 标题 1 (Heading 1) for the six sections, 正文 (Normal)
with a two-character first-line indent, and 表格文字 for table text. Chinese
faces are set through `w:rFonts/@w:eastAsia` (Word ignores the Latin font name
for Chinese text); where an official face is not installed, Word and
LibreOffice substitute, and the font table names Noto CJK as the alternative.

Tables are written as WordprocessingML directly: each origin cell of the grid
becomes a `w:tc` with `w:gridSpan`, and the positions a row span covers below
it become `w:vMerge` continuations, exactly the structure Word writes (and
`xxgk.read.docx` reads back). The column header rows repeat on every page
(`w:tblHeader`), no row splits over a page break (`w:cantSplit`), and a short
table is kept on one page (`w:keepNext` on all but its last row).
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from functools import cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from xxgk.render.layout import PUBLISHED_LABEL, Grid, GridCell, Layout

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# The installed faces the font table offers where an official one is missing.
ALTERNATIVES = {
    BODY_FONT: "Noto Serif CJK SC",
    TITLE_FONT: "Noto Serif CJK SC",
    TABLE_FONT: "Noto Serif CJK SC",
    HEADING_FONT: "Noto Sans CJK SC",
}
BODY_PT = 16.0
TITLE_PT = 22.0
TABLE_PT = 9.0
LINE_PT = 28.0
TEXT_WIDTH_MM = 156.0
TABLE_STYLE = "表格文字"
# Twentieths of a point per millimetre.
TWIPS_PER_MM = 1440 / 25.4
# Every member of the package gets this date, so the same report gives the same bytes.
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
FIXED_DATE = datetime(*FIXED_TIME)


def write_docx(layout: Layout) -> bytes:
    """The report as a .docx package."""
    document = Document()
    _page_setup(document)
    _styles(document)
    document.core_properties.title = layout.title
    document.core_properties.author = layout.agency or ""
    document.core_properties.revision = 1
    document.core_properties.created = document.core_properties.modified = FIXED_DATE
    document.add_paragraph(layout.title, style="Title")
    if layout.published:
        document.add_paragraph(PUBLISHED_LABEL + layout.published, style="Subtitle")
    body = document.element.body
    for section in layout.sections:
        document.add_paragraph(section.heading, style="Heading 1")
        for text in section.paragraphs:
            document.add_paragraph(text)
        if section.grid is not None:
            body.insert(len(body) - 1, parse_xml(_table_xml(section.grid)))
            document.add_paragraph()
    buffer = BytesIO()
    document.save(buffer)
    return _repackaged(buffer.getvalue())


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _styles(document: Any) -> None:
    styles = document.styles
    _font(styles["Normal"], BODY_FONT, BODY_PT)
    normal = styles["Normal"].paragraph_format
    normal.first_line_indent = Pt(2 * BODY_PT)
    normal.line_spacing_rule, normal.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
    normal.space_before = normal.space_after = Pt(0)
    _heading(styles["Title"], TITLE_FONT, TITLE_PT, centred=True)
    _heading(styles["Subtitle"], BODY_FONT, BODY_PT, centred=True)
    _heading(styles["Heading 1"], HEADING_FONT, BODY_PT, centred=False)
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = styles["Normal"]
    _font(table, TABLE_FONT, TABLE_PT)
    fmt = table.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.0
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _heading(style: Any, face: str, size: float, *, centred: bool) -> None:
    _font(style, face, size)
    style.font.bold = False
    style.font.italic = False
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    fmt.first_line_indent = Pt(0 if centred else 2 * BODY_PT)
    fmt.space_before, fmt.space_after = Pt(6 if not centred else 0), Pt(6 if centred else 0)
    fmt.keep_with_next = True
    # The built-in heading styles carry a theme colour and border; the official form is plain black.
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:u"):
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)
    ppr = style.element.get_or_add_pPr()
    for element in ppr.findall(qn("w:pBdr")):
        ppr.remove(element)


def _font(style: Any, face: str, size: float) -> None:
    style.font.name = LATIN_FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    # Chinese, so that a substitute face is a Simplified Chinese one (Noto CJK SC, not JP).
    rpr = style.element.get_or_add_rPr()
    for element in rpr.findall(qn("w:lang")):
        rpr.remove(element)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="zh-CN" w:eastAsia="zh-CN"/>'))


# --- tables -------------------------------------------------------------------------------


def _table_xml(grid: Grid) -> str:
    widths = [round(share * TEXT_WIDTH_MM * TWIPS_PER_MM) for share in grid.column_shares()]
    origin = _origins(grid)
    rows = []
    for r in range(grid.rows):
        cells = []
        c = 0
        while c < grid.cols:
            cell = origin[r][c]
            span_width = sum(widths[cell.col : cell.col + cell.colspan])
            cells.append(_tc(cell, span_width, continued=cell.row != r))
            c += cell.colspan
        header = "<w:tblHeader/>" if r < grid.header_rows else ""
        if grid.keep_together and r < grid.rows - 1:
            cells = [tc.replace("<w:pPr>", "<w:pPr><w:keepNext/>", 1) for tc in cells]
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>")
    columns = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f"<w:tbl {nsdecls('w')}>"
        '<w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>' + _BORDERS + '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="40" w:type="dxa"/><w:right w:w="40" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{columns}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def _origins(grid: Grid) -> list[list[GridCell]]:
    """The origin cell covering each grid position."""
    origin: list[list[Any]] = [[None] * grid.cols for _ in range(grid.rows)]
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                origin[r][c] = cell
    return origin


def _tc(cell: GridCell, width: int, *, continued: bool) -> str:
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    merge = ""
    if cell.rowspan > 1:
        merge = "<w:vMerge/>" if continued else '<w:vMerge w:val="restart"/>'
    align = "left" if cell.kind in ("label", "caption") else "center"
    props = (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{_style_id()}"/><w:jc w:val="{align}"/></w:pPr>'
    )
    text = "" if continued or not cell.text else f'<w:r><w:t xml:space="preserve">{escape(cell.text)}</w:t></w:r>'
    return f"<w:tc>{props}{text}</w:p></w:tc>"


@cache
def _style_id() -> str:
    """python-docx names a new style's id after its name without spaces."""
    return TABLE_STYLE.replace(" ", "")


# --- package ------------------------------------------------------------------------------


def _repackaged(data: bytes) -> bytes:
    """The package with every member dated FIXED_TIME (the same report gives the same bytes) and the
    official faces in its font table, each naming its Noto CJK alternative."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "word/fontTable.xml":
                content = _font_table(content)
            info = zipfile.ZipInfo(member.filename, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _font_table(content: bytes) -> bytes:
    entries = "".join(
        f'<w:font w:name="{escape(face)}"><w:altName w:val="{escape(alternative)}"/>'
        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for face, alternative in ALTERNATIVES.items()
    )
    closing = b"</w:fonts>"
    return content.replace(closing, entries.encode("utf-8") + closing)
