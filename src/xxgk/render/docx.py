"""DOCX: the report as a Word document a clerk can open, edit and print.

The document is written as WordprocessingML into the package `docx_package`
prepares once (A4 in the layout of GB/T 9704, styles rather than direct
formatting, so it stays editable). Each origin cell of a table grid becomes a
`w:tc` with `w:gridSpan`, and the positions a row span covers below it become
`w:vMerge` continuations, exactly the structure Word writes (and
`xxgk.read.docx` reads back). The column header rows repeat on every page
(`w:tblHeader`), no row splits over a page break (`w:cantSplit`), a short table
is kept on one page (`w:keepNext` on all but its last row), and a number too
long for its column is set tighter (`w:spacing`) rather than wrapped.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.oxml.ns import nsdecls

from xxgk.render.docx_package import STYLE_IDS, TABLE_PT, TEXT_WIDTH_MM, assemble, section_properties
from xxgk.render.fit import fit_number
from xxgk.render.grid import Grid, GridCell
from xxgk.render.layout import PUBLISHED_LABEL, Layout

# Twentieths of a point per millimetre.
TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN_TWIPS = 40
FIXED_DATE = "2020-01-01T00:00:00Z"
# Characters XML 1.0 cannot hold; a report's text loses them rather than the document breaking.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def write_docx(layout: Layout) -> bytes:
    """The report as a .docx package."""
    body = [_paragraph(layout.title, STYLE_IDS["title"])]
    if layout.published:
        body.append(_paragraph(PUBLISHED_LABEL + layout.published, STYLE_IDS["subtitle"]))
    for section in layout.sections:
        body.append(_paragraph(section.heading, STYLE_IDS["heading"]))
        body.extend(_paragraph(text) for text in section.paragraphs)
        if section.grid is not None:
            body.append(_table(section.grid))
            body.append(_paragraph(""))
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {nsdecls("w")}><w:body>'
        + "".join(body)
        + section_properties()
        + "</w:body></w:document>"
    )
    return assemble(document, _core(layout))


def _text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _paragraph(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{_text(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{props}{run}</w:p>"


def _core(layout: Layout) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(layout.title)}</dc:title><dc:creator>{_text(layout.agency or '')}</dc:creator>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified>'
        "</cp:coreProperties>"
    )


# --- tables -------------------------------------------------------------------------------


def _table(grid: Grid) -> str:
    widths = [round(share * TEXT_WIDTH_MM * TWIPS_PER_MM) for share in grid.column_shares()]
    origin = _origins(grid)
    rows = []
    for r in range(grid.rows):
        cells = []
        c = 0
        while c < grid.cols:
            cell = origin[r][c]
            cells.append(_tc(cell, sum(widths[cell.col : cell.col + cell.colspan]), continued=cell.row != r))
            c += cell.colspan
        keep = "<w:keepNext/>" if grid.keep_together and r < grid.rows - 1 else ""
        header = "<w:tblHeader/>" if r < grid.header_rows else ""
        row = "".join(cells).replace("<w:pPr>", f"<w:pPr>{keep}") if keep else "".join(cells)
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{row}</w:tr>")
    columns = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>{_BORDERS}'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/><w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{columns}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def _origins(grid: Grid) -> list[list[GridCell]]:
    """The origin cell covering each grid position."""
    origin: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                origin[r, c] = cell
    return [[origin[r, c] for c in range(grid.cols)] for r in range(grid.rows)]


def _tc(cell: GridCell, width: int, *, continued: bool) -> str:
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    merge = ""
    if cell.rowspan > 1:
        merge = "<w:vMerge/>" if continued else '<w:vMerge w:val="restart"/>'
    align = "left" if cell.kind in ("label", "caption") else "center"
    props = (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{STYLE_IDS["table"]}"/><w:jc w:val="{align}"/></w:pPr>'
    )
    if continued or not cell.text:
        return f"<w:tc>{props}</w:p></w:tc>"
    return (
        f'<w:tc>{props}<w:r>{_fitted(cell, width)}<w:t xml:space="preserve">{_text(cell.text)}</w:t></w:r></w:p></w:tc>'
    )


def _fitted(cell: GridCell, width_twips: int) -> str:
    """Run properties tightening (or shrinking) a number too long for its column, else nothing."""
    if cell.kind != "value":
        return ""
    fit = fit_number(cell.text, (width_twips - 2 * CELL_MARGIN_TWIPS) / TWIPS_PER_MM, TABLE_PT)
    spacing = f'<w:spacing w:val="{round(fit.spacing_em * fit.size_pt * 20)}"/>' if fit.spacing_em else ""
    size = f'<w:sz w:val="{round(fit.size_pt * 2)}"/>' if fit.size_pt != TABLE_PT else ""
    return f"<w:rPr>{spacing}{size}</w:rPr>" if spacing or size else ""
