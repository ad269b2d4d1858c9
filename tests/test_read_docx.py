"""DOCX reader: the official blank form, merged cells, paragraph content and hostile packages."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from conftest import DATA
from xxgk.errors import ReadError
from xxgk.read import read_bytes, read_path
from xxgk.read.document import Document, Paragraph, Table
from xxgk.read.docx import read_docx
from xxgk.service import Outcome, parse_file

BLANK_TEMPLATE = DATA / "realworld" / "blank-template-2021.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"


def built(build: Callable[[Any], None]) -> bytes:
    """A DOCX made with python-docx, the way a report author's tools would write it."""
    document = docx.Document()
    build(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def append_xml(document: Any, xml: str) -> None:
    """Add a raw body element (paragraph or table) before the section properties."""
    document.element.body.sectPr.addprevious(parse_xml(xml))


def raw_paragraph(inner: str) -> str:
    return f"<w:p {nsdecls('w')}>{inner}</w:p>"


def repacked(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The package with some members replaced (or removed when None)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replace:
                continue
            target.writestr(info.filename, source.read(info.filename))
        for name, content in replace.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def with_document_xml(body: str) -> bytes:
    base = built(lambda document: None)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>{body}'
    return repacked(base, {"word/document.xml": xml.encode()})


def assert_tiles_grid(table: Table, rows: int, cols: int) -> None:
    """Origin cells cover every grid position exactly once."""
    covered = [
        (row, col)
        for cell in table.cells
        for row in range(cell.row, cell.row + cell.rowspan)
        for col in range(cell.col, cell.col + cell.colspan)
    ]
    assert sorted(covered) == [(row, col) for row in range(rows) for col in range(cols)]


# --- The official blank 2021 form ------------------------------------------------------------


@pytest.fixture(scope="module")
def blank() -> Document:
    return read_path(BLANK_TEMPLATE)


def test_blank_form_blocks_in_document_order(blank: Document) -> None:
    assert blank.format == "docx"
    kinds = ["T" if isinstance(block, Table) else block.text for block in blank.blocks]
    assert kinds == [
        "政府信息公开工作年度报告格式模板",
        "一、总体情况",
        "（文字描述）",
        "二、主动公开政府信息情况",
        "T",
        "三、收到和处理政府信息公开申请情况",
        "T",
        "四、政府信息公开行政复议、行政诉讼情况",
        "T",
        "五、存在的主要问题及改进情况",
        "（文字描述）",
        "六、其他需要报告的事项",
        "（文字描述，收取信息处理费情况在此处报告。）",
    ]


def test_blank_form_table_three_header_is_one_merged_origin_cell(blank: Document) -> None:
    table = blank.tables()[1]
    corner = table.cell_at(0, 0)
    assert "勾稽关系" in corner.text
    assert (corner.rowspan, corner.colspan) == (3, 3)
    applicant = table.cell_at(0, 3)
    assert (applicant.text, applicant.rowspan, applicant.colspan) == ("申请人情况", 1, 7)
    natural = table.cell_at(1, 3)
    assert (natural.text, natural.rowspan) == ("自然人", 2)
    assert (table.cell_at(1, 4).text, table.cell_at(1, 4).colspan) == ("法人或其他组织", 5)
    assert (table.cell_at(1, 9).text, table.cell_at(1, 9).rowspan) == ("总计", 2)
    # Two paragraphs in one cell stay two lines.
    assert table.cell_at(2, 4).text == "商业\n企业"


def test_blank_form_table_three_row_labels_and_spans(blank: Document) -> None:
    table = blank.tables()[1]
    spans = {cell.text: (cell.row, cell.col, cell.rowspan, cell.colspan) for cell in table.cells if cell.text}
    assert spans["一、本年新收政府信息公开申请数量"] == (3, 0, 1, 3)
    assert spans["三、本年度办理结果"] == (5, 0, 22, 1)
    assert spans["（一）予以公开"] == (5, 1, 1, 2)
    assert spans["（三）不予公开"] == (7, 1, 8, 1)
    assert spans["1.属于国家秘密"] == (7, 2, 1, 1)
    assert spans["（六）其他处理"] == (23, 1, 3, 1)
    assert spans["（七）总计"] == (26, 1, 1, 2)
    assert spans["四、结转下年度继续办理"] == (27, 0, 1, 3)
    assert_tiles_grid(table, 28, 10)


def test_blank_form_other_tables_tile_their_grids(blank: Document) -> None:
    active, _, review = blank.tables()
    assert_tiles_grid(active, 14, 4)
    assert_tiles_grid(review, 4, 15)
    assert (review.cell_at(0, 5).text, review.cell_at(0, 5).colspan) == ("行政诉讼", 10)
    assert (review.cell_at(1, 0).text, review.cell_at(1, 0).rowspan) == ("结果维持", 2)
    # Full-width spaces typed into empty cells are not content.
    assert active.cell_at(2, 1).text == ""


def test_blank_form_metadata_is_the_creation_date_on_china_time(blank: Document) -> None:
    assert blank.metadata == {"created": "2025-12-03"}


def test_read_bytes_dispatches_docx(blank: Document) -> None:
    assert read_bytes(BLANK_TEMPLATE.read_bytes(), "x.docx").blocks == blank.blocks


# --- Documents built with python-docx ----------------------------------------------------------


def _merged_table(document: Any) -> None:
    document.add_paragraph("表前段落")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "横向合并"
    table.cell(0, 3).text = "右上"
    table.cell(1, 0).merge(table.cell(3, 0)).text = "纵向合并"
    table.cell(1, 1).merge(table.cell(2, 2)).text = "块合并"
    for row, col in ((1, 3), (2, 3), (3, 1), (3, 2), (3, 3)):
        table.cell(row, col).text = f"{row}{col}"
    document.add_paragraph("表后段落")


def test_merged_cells_become_single_origin_cells_with_spans() -> None:
    document = read_docx(built(_merged_table), "merged.docx")
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "Table", "Paragraph"]
    table = document.tables()[0]
    assert [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in table.cells] == [
        ("横向合并", 0, 0, 1, 3),
        ("右上", 0, 3, 1, 1),
        ("纵向合并", 1, 0, 3, 1),
        ("块合并", 1, 1, 2, 2),
        ("13", 1, 3, 1, 1),
        ("23", 2, 3, 1, 1),
        ("31", 3, 1, 1, 1),
        ("32", 3, 2, 1, 1),
        ("33", 3, 3, 1, 1),
    ]


def test_paragraph_text_from_runs_links_fields_and_insertions_only() -> None:
    xml = raw_paragraph(
        "<w:r><w:t>本年</w:t></w:r>"
        '<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:r><w:t>收到</w:t></w:r></w:hyperlink>"
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>申请</w:t></w:r></w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> = 1+1 </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>14069</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>9999</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>件</w:t></w:r></w:ins>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>"
        "<w:r><w:tab/><w:t>合计</w:t><w:br/><w:t>下一行</w:t></w:r>"
    )
    document = read_docx(built(lambda d: append_xml(d, xml)), "fields.docx")
    assert document.paragraphs() == ["本年收到申请14069件\t合计\n下一行"]


def test_nested_table_text_is_flattened_into_the_cell() -> None:
    def build(document: Any) -> None:
        outer = document.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "外层"
        inner = outer.cell(0, 0).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "甲"
        inner.cell(0, 1).text = "乙"
        outer.cell(0, 1).text = "7"

    table = read_docx(built(build), "nested.docx").tables()[0]
    assert [cell.text for cell in table.cells] == ["外层\n甲\n乙", "7"]


def test_grid_before_shifts_cells_right() -> None:
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>"
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:del w:id="3" w:author="a"/></w:trPr><w:tc><w:p><w:r><w:t>deleted</w:t></w:r></w:p></w:tc></w:tr>'
        "</w:tbl>"
    )
    table = read_docx(built(lambda d: append_xml(d, xml)), "grid.docx").tables()[0]
    assert [(c.text, c.row, c.col, c.colspan) for c in table.cells] == [
        ("a", 0, 0, 1),
        ("b", 0, 1, 2),
        ("c", 1, 1, 1),
        ("d", 1, 2, 1),
    ]


def test_text_boxes_and_content_controls_are_read_once() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent>"
    xml = raw_paragraph(
        f"<w:r><w:t>锚定段落</w:t><mc:AlternateContent xmlns:mc='{MC_NS}'>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx xmlns:wps='{WPS_NS}'>{box}</wps:txbx></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v='{V_NS}'>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    control = (
        f"<w:sdt {nsdecls('w')}><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>内容控件段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )

    def build(document: Any) -> None:
        append_xml(document, xml)
        append_xml(document, control)

    assert read_docx(built(build), "boxes.docx").paragraphs() == ["锚定段落", "文本框内容", "内容控件段落"]


def test_core_properties_title_and_created_date() -> None:
    def build(document: Any) -> None:
        document.core_properties.title = " 某县2024年政府信息公开工作年度报告 "
        document.core_properties.created = dt.datetime(2025, 1, 20, 17, 0, tzinfo=dt.UTC)
        document.add_paragraph("正文")

    document = read_docx(built(build), "meta.docx")
    assert document.metadata == {"title": "某县2024年政府信息公开工作年度报告", "created": "2025-01-21"}


def test_macro_enabled_content_type_is_still_read() -> None:
    data = built(lambda d: d.add_paragraph("宏文档正文"))
    with zipfile.ZipFile(BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        )
    assert read_docx(repacked(data, {"[Content_Types].xml": types}), "x.docm").paragraphs() == ["宏文档正文"]


def test_same_report_as_html_and_docx_gives_identical_tables() -> None:
    """The city sample, retyped in Word with the same merges, reads back cell for cell."""
    html = read_path(DATA / "realworld" / "city-2025-sample.html")

    def build(document: Any) -> None:
        for block in html.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(block.text)
                continue
            rows = max(cell.row + cell.rowspan for cell in block.cells)
            cols = max(cell.col + cell.colspan for cell in block.cells)
            table = document.add_table(rows=rows, cols=cols)
            for cell in block.cells:
                target = table.cell(cell.row, cell.col)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
                target.text = cell.text

    assert read_docx(built(build), "city.docx").blocks == html.blocks


# --- Damaged and hostile packages -----------------------------------------------------------------


def _bomb(size_mb: int) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(size_mb):
                member.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb_300mb() -> bytes:
    return _bomb(300)


class _Counted:
    """A zipfile decompressor that adds the bytes it hands out to `inflated[index]`."""

    def __init__(self, inner: Any, inflated: list[int]) -> None:
        self._inner, self._inflated, self._index = inner, inflated, len(inflated)
        inflated.append(0)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        return self._counted(self._inner.decompress(data, max_length))

    def flush(self, *length: int) -> bytes:
        return self._counted(self._inner.flush(*length))

    def __getattr__(self, name: str) -> Any:  # eof, unconsumed_tail
        return getattr(self._inner, name)

    def _counted(self, out: bytes) -> bytes:
        self._inflated[self._index] += len(out)
        return out


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bytes inflated out of each compressed member zipfile opens during the test, in order."""
    counts: list[int] = []
    real = zipfile._get_decompressor  # type: ignore[attr-defined]

    def counting(compress_type: int) -> Any:
        inner = real(compress_type)
        return None if inner is None else _Counted(inner, counts)

    monkeypatch.setattr(zipfile, "_get_decompressor", counting)
    return counts


def _refusal(folder: Path, name: str, data: bytes) -> Outcome:
    """What `xxgk check` reports for the file `name` holding `data`: no report, and the one-line reason it
    prints after the file's name."""
    path = folder / name
    path.write_bytes(data)
    outcome = parse_file(path)
    assert outcome.report is None and outcome.source == str(path)
    return outcome


@pytest.mark.parametrize("size", ["300mb", "20mb"])
def test_zip_bomb_is_refused_without_decompressing(
    size: str, bomb_300mb: bytes, inflated: list[int], tmp_path: Path
) -> None:
    """The refusal comes from the sizes the ZIP directory declares (package.MAX_TOTAL_BYTES, MAX_RATIO):
    not one byte is inflated."""
    data = bomb_300mb if size == "300mb" else _bomb(20)
    assert len(data) < 2_000_000
    outcome = _refusal(tmp_path, "bomb.docx", data)
    assert sum(inflated) == 0, inflated
    assert outcome.error == "DOCX 文件解压后过大（疑似压缩炸弹），拒绝读取"


def test_member_lying_about_its_size_is_not_inflated_past_it(
    bomb_300mb: bytes, inflated: list[int], tmp_path: Path
) -> None:
    """300 MB of spaces declared as 1 KB: the reader asks zipfile for the declared 1 KB, zipfile inflates
    one step of at most MIN_READ_SIZE, and the CRC check fails; `ZipFile.read` would inflate all 300 MB."""
    data = bytearray(bomb_300mb)
    with zipfile.ZipFile(BytesIO(bomb_300mb)) as archive:
        info = archive.getinfo("word/document.xml")
    central = data.rfind(b"PK\x01\x02")  # the last directory entry is word/document.xml
    assert data[central + 46 : central + 46 + len(info.filename)] == info.filename.encode()
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = (1024).to_bytes(4, "little")
    outcome = _refusal(tmp_path, "liar.docx", bytes(data))
    assert inflated and max(inflated) <= 1024 + zipfile.ZipExtFile.MIN_READ_SIZE, inflated
    assert outcome.error == "DOCX 文件已损坏，无法读取"


def test_truncated_file_is_reported_as_corrupt() -> None:
    data = BLANK_TEMPLATE.read_bytes()
    with pytest.raises(ReadError) as raised:
        read_docx(data[: len(data) // 2], "half.docx")
    assert str(raised.value) == "DOCX 文件已损坏，无法读取"


def test_corrupt_compressed_body_is_reported_as_corrupt() -> None:
    data = bytearray(built(lambda d: d.add_paragraph("正文" * 2000)))
    with zipfile.ZipFile(BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10 : start + 60] = b"\xff" * 50
    with pytest.raises(ReadError, match="DOCX 文件已损坏"):
        read_docx(bytes(data), "bad.docx")


def test_missing_document_part_is_reported() -> None:
    data = repacked(BLANK_TEMPLATE.read_bytes(), {"word/document.xml": None})
    with pytest.raises(ReadError, match=r"缺少正文 word/document\.xml"):
        read_docx(data, "empty.docx")


def test_malformed_xml_is_reported_as_corrupt() -> None:
    data = with_document_xml(f"<w:document {nsdecls('w')}><w:body><w:p></w:body>")
    with pytest.raises(ReadError, match=r"DOCX 文件已损坏.*word/document\.xml 不是有效的 XML"):
        read_docx(data, "bad.docx")


def _laughs(levels: int) -> str:
    """A document.xml whose one w:t holds an entity that expands to 10**levels times "lol"."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, levels + 1)
    )
    return (
        f"<!DOCTYPE w:document [{entities}]><w:document xmlns:w='{W_NS}'><w:body>"
        f"<w:p><w:r><w:t>前&lol{levels};</w:t></w:r></w:p></w:body></w:document>"
    )


def test_billion_laughs_entities_are_refused_in_one_line(tmp_path: Path) -> None:
    """3 GB of "lol" from a 1 KB body: the parser stops at its amplification limit (work bounded by the
    body's bytes) and the user is told why in Chinese, not in libxml2's English."""
    outcome = _refusal(tmp_path, "laughs.docx", with_document_xml(_laughs(9)))
    assert outcome.error == (
        "DOCX 文件已损坏，无法读取（word/document.xml 超出解析器的安全上限：实体展开过大、嵌套过深或单段文字过长，疑似恶意构造）"
    )


def test_entities_below_the_parsers_limit_are_not_expanded_either() -> None:
    """10,000 "lol"s would pass libxml2's amplification limit: the text read stays what the body spells out."""
    body = _laughs(4)
    document = read_docx(with_document_xml(body), "laughs.docx")
    text = "".join(document.lines())
    assert "lol" not in text and len(text) < len(body)


def test_external_entities_are_not_fetched() -> None:
    body = (
        "<!DOCTYPE w:document [<!ENTITY secret SYSTEM 'file:///etc/passwd'>]>"
        f"<w:document xmlns:w='{W_NS}'><w:body><w:p><w:r><w:t>前&secret;后</w:t></w:r></w:p></w:body></w:document>"
    )
    document = read_docx(with_document_xml(body), "xxe.docx")
    assert "root:" not in "\n".join(document.lines())


def test_strict_open_xml_body_gets_a_clear_message() -> None:
    body = "<w:document xmlns:w='http://purl.oclc.org/ooxml/wordprocessingml/main'><w:body/></w:document>"
    with pytest.raises(ReadError, match="Strict Open XML"):
        read_docx(with_document_xml(body), "strict.docx")
