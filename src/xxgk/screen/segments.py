"""Where screened text comes from: a `Segment` is one paragraph, line, cell or property with its
`Position`, which every hit carries so that a reviewer can find it in the file."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from xxgk.errors import XxgkError

PART_LABELS = {
    "body": "正文",
    "comment": "批注",
    "insertion": "修订（插入的文字）",
    "deletion": "修订（删除的文字）",
    "header": "页眉",
    "footer": "页脚",
    "note": "脚注或尾注",
    "properties": "文档属性",
    "sheet": "工作表",
    "hidden_sheet": "隐藏的工作表",
    "field": "信息项目",
}


class ScreenError(XxgkError):
    """A file that cannot be screened (unreadable, or a scan without text), its name in the message."""


@dataclass(frozen=True, slots=True)
class Position:
    """`file` is empty for the item's own fields; `page` and `line` for PDF, `line` for text,
    `paragraph` for DOCX (a comment's number for comments), `cell` for tables and sheets ("表1 第2行第3列", "B7"), `name` for a property,
    a sheet or a field."""

    file: str = ""
    part: str = "body"
    page: int | None = None
    paragraph: int | None = None
    cell: str | None = None
    name: str | None = None
    line: int | None = None

    def describe(self) -> str:
        """The position in words, as pages and messages show it."""
        bits = [f"《{self.file}》"] if self.file else []
        if self.part == "field":
            bits.append(f"“{self.name}”栏")
        elif self.part in ("sheet", "hidden_sheet"):
            bits.append(f"{PART_LABELS[self.part]}“{self.name}”")
        elif self.part == "properties":
            bits.append(f"文档属性“{self.name}”")
        elif self.part != "body" or not self.file:
            bits.append(PART_LABELS.get(self.part, self.part))
        if self.page is not None:
            bits.append(f"第 {self.page} 页")
        if self.cell:
            bits.append(self.cell if self.part not in ("sheet", "hidden_sheet") else f"单元格 {self.cell}")
        if self.paragraph is not None:
            bits.append(f"第 {self.paragraph} {'条' if self.part == 'comment' else '段'}")
        if self.line is not None:
            bits.append(f"第 {self.line} 行")
        return " ".join(bits)

    def as_dict(self) -> dict[str, object]:
        return {key: value for key, value in asdict(self).items() if value is not None} | {"where": self.describe()}


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    position: Position
