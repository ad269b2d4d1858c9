"""The letter as a Word document: A4 with the margins of GB/T 9704, 仿宋 三号 body, 黑体 title.

python-docx writes it with direct run fonts (the East Asian face in
`w:rFonts/@w:eastAsia`, which Word uses for Chinese text); a machine without the
official faces shows the Noto CJK faces installed in their place.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from xxgk.letters.model import Letter
from xxgk.render.docx_package import BODY_FONT, BODY_PT, HEADING_FONT, LATIN_FONT, LINE_PT, MARGINS_MM, PAGE_MM

TITLE_PT = 22.0


def write_letter_docx(letter: Letter) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    document.core_properties.title = letter.title
    document.core_properties.author = letter.agency
    _line(document.add_paragraph(), letter.title, HEADING_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
    _line(document.add_paragraph(), letter.number, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER)
    _line(document.add_paragraph(), f"{letter.addressee}：", BODY_FONT, BODY_PT)
    for text in letter.paragraphs():
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        _line(paragraph, text, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY)
    document.add_paragraph()
    _line(document.add_paragraph(), "（印章）", BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document.add_paragraph(), letter.agency, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document.add_paragraph(), letter.written, BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _line(
    paragraph: Paragraph, text: str, face: str, size: float, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT
) -> None:
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = Pt(LINE_PT)
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
