"""The parts of a .docx package every rendered report shares, built once per process.

python-docx makes the package (styles, page setup, settings); what a report adds
is only its `word/document.xml` and its core properties. So the package is
built once: the styles xxgk uses are set up and every other style is removed,
along with the parts a report does not need (Word 2010 style effects, the
thumbnail, custom XML), which leaves a small package that is quick to zip. Each
report's document is then zipped together with these parts.

Styles: 标题 (Title), 副标题 (Subtitle, the publication date), 标题 1 (Heading 1)
for the six sections, 正文 (Normal: 仿宋 三号, 28 pt lines, two-character
first-line indent) and 表格文字 for table text. Chinese faces are set through
`w:rFonts/@w:eastAsia` (Word ignores the Latin font name for Chinese text) with
the language zh-CN, so that a substitute face is a Simplified Chinese one; the
font table names Noto CJK as the alternative to each official face.
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

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
# A4 with the margins of GB/T 9704 (天头 37 mm, 订口 28 mm).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
TABLE_STYLE = "表格文字"
# Style ids the rendered document uses (python-docx names a new style's id after its name).
STYLE_IDS = {"title": "Title", "subtitle": "Subtitle", "heading": "Heading1", "table": TABLE_STYLE}
# Every member of the package gets this date, so the same report gives the same bytes.
FIXED_TIME = (2020, 1, 1, 0, 0, 0)

DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
UNUSED_PARTS = frozenset(
    {
        "word/stylesWithEffects.xml",
        "docProps/thumbnail.jpeg",
        "customXml/item1.xml",
        "customXml/_rels/item1.xml.rels",
        "customXml/itemProps1.xml",
    }
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def assemble(document_xml: str, core_xml: str) -> bytes:
    """The shared parts with this report's document and core properties, as a .docx file."""
    parts = shared_parts()
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            if name == DOCUMENT_PART:
                content = document_xml.encode("utf-8")
            elif name == CORE_PART:
                content = core_xml.encode("utf-8")
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@lru_cache(maxsize=1)
def section_properties() -> str:
    """The page setup (`w:sectPr`) the document body ends with."""
    root = etree.fromstring(shared_parts()[DOCUMENT_PART])
    sect = root.find(f"{W}body/{W}sectPr")
    return str(etree.tostring(sect, encoding="unicode"))


@lru_cache(maxsize=1)
def shared_parts() -> dict[str, bytes]:
    document = Document()
    _page_setup(document)
    _styles(document)
    buffer = BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name not in UNUSED_PARTS}
    parts["word/styles.xml"] = _used_styles_only(parts["word/styles.xml"])
    parts["word/fontTable.xml"] = _with_alternatives(parts["word/fontTable.xml"])
    for name in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
        parts[name] = _without_unused_references(parts[name])
    return parts


# --- styles --------------------------------------------------------------------------------


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


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
    rpr = style.element.get_or_add_rPr()
    for element in rpr.findall(qn("w:lang")):
        rpr.remove(element)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="zh-CN" w:eastAsia="zh-CN"/>'))


def _used_styles_only(content: bytes) -> bytes:
    """styles.xml with the styles the document uses, those they are based on or linked to, and the defaults."""
    root = etree.fromstring(content)
    styles = {element.get(f"{W}styleId"): element for element in root.iter(f"{W}style")}
    keep = {*STYLE_IDS.values(), "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
    pending = list(keep)
    while pending:
        style = styles.get(pending.pop())
        links = (
            [] if style is None else [link for tag in ("basedOn", "link", "next") for link in style.iterfind(W + tag)]
        )
        for link in links:
            target = link.get(f"{W}val")
            if target not in keep:
                keep.add(target)
                pending.append(target)
    for style_id, element in styles.items():
        if style_id not in keep:
            root.remove(element)
    for latent in root.findall(f"{W}latentStyles"):
        root.remove(latent)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _with_alternatives(content: bytes) -> bytes:
    entries = "".join(
        f'<w:font w:name="{escape(face)}"><w:altName w:val="{escape(alternative)}"/>'
        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for face, alternative in ALTERNATIVES.items()
    )
    closing = b"</w:fonts>"
    return content.replace(closing, entries.encode("utf-8") + closing)


def _without_unused_references(content: bytes) -> bytes:
    """A relationships or content-types part without the entries for the removed parts."""
    root = etree.fromstring(content)
    for element in list(root):
        target = (element.get("Target") or element.get("PartName") or "").lstrip("/").replace("../", "")
        if any(target == part or target == part.removeprefix("word/") for part in UNUSED_PARTS):
            root.remove(element)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
