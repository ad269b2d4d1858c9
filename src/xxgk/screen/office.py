"""DOCX parts as segments: the body (tables by cell), tracked insertions and deletions, comments,
headers, footers, foot- and endnotes, and the core, app and custom document properties.

Read from the package's XML directly rather than through python-docx, which shows neither
comments, nor deleted text, nor every property: those are where personal data hides in files
that look clean when opened (an author's name and phone in a comment, an ID number deleted
with track changes on but still in the file).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from lxml import etree

from xxgk.screen.segments import Position, ScreenError, Segment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A text box is written twice (DrawingML and a VML fallback): the fallback is not read again.
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_PART_BYTES = 64 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_PARTS = (
    (re.compile(r"word/document\.xml$"), "body"),
    (re.compile(r"word/comments\.xml$"), "comment"),
    (re.compile(r"word/header\d*\.xml$"), "header"),
    (re.compile(r"word/footer\d*\.xml$"), "footer"),
    (re.compile(r"word/(?:footnotes|endnotes)\.xml$"), "note"),
)
PROPERTY_LABELS = {
    "title": "标题",
    "subject": "主题",
    "creator": "作者",
    "keywords": "关键词",
    "description": "备注",
    "lastModifiedBy": "最后修改者",
    "category": "类别",
    "contentStatus": "状态",
    "Company": "单位",
    "Manager": "经理",
}


def docx_segments(data: bytes, name: str) -> Iterator[Segment]:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ScreenError(f"{name}：不是有效的 Word（DOCX）文件") from None
    with archive:
        names = archive.namelist()
        for pattern, part in _PARTS:
            for member in sorted(n for n in names if pattern.match(n)):
                root = _parsed(archive, member, name)
                if part == "comment":
                    yield from _comments(root, name)
                else:
                    yield from _paragraphs(root, name, part)
        for member in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
            if member in names:
                yield from _properties(_parsed(archive, member, name), name)


def _parsed(archive: zipfile.ZipFile, member: str, name: str) -> Any:
    if archive.getinfo(member).file_size > MAX_PART_BYTES:
        raise ScreenError(f"{name}：文件中的 {member} 过大，无法审查")
    try:
        return etree.fromstring(archive.read(member), _PARSER)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError):
        raise ScreenError(f"{name}：文件已损坏（{member} 无法读取）") from None


def _paragraphs(root: Any, name: str, part: str) -> Iterator[Segment]:
    """Each paragraph's kept text (part `part`), and apart from it its inserted and deleted text.
    Hidden text (`w:vanish`) is read like any other: it is in the file whoever opens it."""
    cells = _cell_names(root)
    for number, paragraph in enumerate(root.iter(f"{W}p"), start=1):
        if _ancestor(paragraph, FALLBACK) is not None:
            continue
        kept, inserted, deleted = [], [], []
        for node in paragraph.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
            if _owner(node) is not paragraph:
                continue  # a text box's own paragraph: read on its own
            text = (node.text or "") if node.tag in (f"{W}t", f"{W}delText") else " "
            if node.tag == f"{W}delText" or _inside(node, f"{W}del", paragraph):
                deleted.append(text)
            elif _inside(node, f"{W}ins", paragraph):
                inserted.append(text)
            else:
                kept.append(text)
        cell = cells.get(_ancestor(paragraph, f"{W}tc"))
        for texts, where in ((kept, part), (inserted, "insertion"), (deleted, "deletion")):
            if "".join(texts).strip():
                yield Segment("".join(texts), Position(name, where, paragraph=number, cell=cell))


def _comments(root: Any, name: str) -> Iterator[Segment]:
    for number, comment in enumerate(root.iter(f"{W}comment"), start=1):
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in comment.iter(f"{W}p"))
        author = comment.get(f"{W}author") or ""
        for value in (text, author):
            if value.strip():
                yield Segment(value, Position(name, "comment", paragraph=number))


def _properties(root: Any, name: str) -> Iterator[Segment]:
    for element in root.iter():
        if not isinstance(element.tag, str) or len(element) or not (element.text or "").strip():
            continue
        local = etree.QName(element).localname
        label = PROPERTY_LABELS.get(local) or element.getparent().get("name") or local
        yield Segment(element.text, Position(name, "properties", name=label))


def _cell_names(root: Any) -> dict[Any, str]:
    """Each table cell of the part named "表N 第R行第C列" (tables numbered in document order)."""
    names: dict[Any, str] = {}
    for table_number, table in enumerate(root.iter(f"{W}tbl"), start=1):
        for row_number, row in enumerate(table.findall(f"{W}tr"), start=1):
            for column, cell in enumerate(row.findall(f"{W}tc"), start=1):
                names[cell] = f"表{table_number} 第{row_number}行第{column}列"
    return names


def _owner(node: Any) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != f"{W}p":
        parent = parent.getparent()
    return parent


def _inside(node: Any, tag: str, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _ancestor(node: Any, tag: str) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent
