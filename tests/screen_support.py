"""Documents for the screening tests: valid and nearly valid numbers, and real DOCX files with
comments, tracked changes and properties (python-docx plus the XML parts it lacks)."""

from __future__ import annotations

import copy
import subprocess
from io import BytesIO
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from stdnum import luhn
from stdnum.cn import ric


def id_number(first17: str = "11010519900307123") -> str:
    """An 18-digit 身份证号 (东城区… area 110105, born 1990-03-07) with its right check digit."""
    return first17 + ric.calc_check_digit(first17 + "0")


def wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def card_number(first: str = "622202020011234567") -> str:
    """A UnionPay card number passing Luhn."""
    return first + luhn.calc_check_digit(first)


ID = id_number()
ID_X = next(n for n in (id_number(f"44030519850620{i:03d}") for i in range(1000)) if n.endswith("X"))
CARD = card_number()

# Text that holds nothing to block: the look-alikes of every check.
LOOK_ALIKES = "\n".join(
    [
        "索引号：11210100MB0000000P/2026-00012",
        "文号：某科发〔2026〕3号",
        "统一社会信用代码：91210100MA0000000X",
        "统一社会信用代码 911101080000000000",
        "成文日期：2026年3月7日，20260307",
        "金额：1234567.89元，合计 12,345,678 元",
        "项目编号：20260312000123456，XM-0101-20260001，合同号 2026031200012345678",
        f"编号 {wrong_check_digit(ID)}",
        "商业秘密、个人隐私依法不予公开；保守国家秘密",
        "户籍管理制度改革，家住农村的学生享受补助",
        "★重点项目 ★2026年工作要点",
        "咨询电话 12345，服务热线 400-810-8888",
    ]
)


def docx_document(*paragraphs: str) -> docx.document.Document:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return document


def saved(document: docx.document.Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_tracked_change(document: docx.document.Document, inserted: str = "", deleted: str = "") -> None:
    """A paragraph with a tracked insertion and/or deletion (w:ins / w:del), as Word writes them."""
    paragraph = document.add_paragraph("修订如下：")
    for tag, text, text_tag in (("w:ins", inserted, "w:t"), ("w:del", deleted, "w:delText")):
        if not text:
            continue
        change = OxmlElement(tag)
        change.set(qn("w:id"), str(len(tag) + len(text)))
        change.set(qn("w:author"), "审核人")
        change.set(qn("w:date"), "2026-03-01T09:00:00Z")
        run = OxmlElement("w:r")
        node = OxmlElement(text_tag)
        node.text = text
        run.append(node)
        change.append(run)
        paragraph._p.append(change)


def add_comment(document: docx.document.Document, text: str) -> None:
    paragraph = document.add_paragraph("请审核此段。")
    document.add_comment(paragraph.runs, text=text, author="经办人")


def add_table(document: docx.document.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def to_pdf(docx_data: bytes, folder: Path, stem: str = "doc") -> bytes:
    """The DOCX printed to PDF by LibreOffice, as an agency's office would."""
    source = folder / f"{stem}.docx"
    source.write_bytes(docx_data)
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / f"{stem}.pdf").read_bytes()


def clone(document: docx.document.Document) -> docx.document.Document:
    return copy.deepcopy(document)
