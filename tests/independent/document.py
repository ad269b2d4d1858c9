"""A report as a word processor lays it out: paragraphs and tables as grids with merged cells.

The grids follow the national forms cell by cell (the 2021 Word form in
realworld/blank-template-2021.docx: table 三 has three label columns, the 三、本年度办理结果
and （三）不予公开 headers merged down, single-value blocks of table 二 stretched over three
columns). Every writer (DOCX, HTML) renders the same `Page`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from independent.formats import (
    APPLICANT_COLUMNS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    Wording,
)
from independent.values import Number, Truth


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number: bool = False


@dataclass(slots=True)
class Grid:
    """A table: `widths` are relative column widths."""

    rows: int
    widths: list[float]
    cells: list[Cell] = field(default_factory=list)

    def add(self, row: int, col: int, text: str, rowspan: int = 1, colspan: int = 1, **kw: bool) -> None:
        self.cells.append(Cell(row, col, text, rowspan, colspan, **kw))
        self.rows = max(self.rows, row + rowspan)

    def header_rows(self) -> int:
        """How many rows at the top hold only header cells (what a word processor repeats on each page)."""
        count = 0
        while count < self.rows and all(c.header for c in self.cells if c.row == count):
            count += 1
        return count


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(slots=True)
class Page:
    title: str
    furniture: list[str]
    blocks: list[str | Heading | Grid]
    font_pt: float
    repeat_header: bool = False


PROSE = (
    "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，持续深化政务公开。",
    "围绕中心工作，及时准确发布政策文件、规划计划、财政预决算等信息，主动回应社会关切。",
    "严格执行依申请公开办理流程，规范登记、审核、答复各环节，确保在法定期限内答复。",
    "加强政府信息管理，落实公开属性源头认定和保密审查机制，动态更新政府信息公开目录。",
    "依托政府门户网站、政务新媒体等平台，拓宽公开渠道，提升信息发布的时效性和可读性。",
    "健全监督保障机制，将政务公开纳入年度绩效考核，开展业务培训，提升工作人员业务能力。",
    "公开内容的解读回应仍需加强，部分栏目更新不够及时，政策解读形式较为单一。",
    "下一步将进一步完善制度，加强业务培训和督促检查，推动政务公开工作提质增效。",
)


def show(value: Number | None, thousands: bool) -> str:
    """How the document prints one value; a blank cell prints nothing."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}" if thousands else f"{value}"
    number = int(value)
    return f"{number:,}" if thousands else str(number)


def build_page(truth: Truth) -> Page:
    """The whole document: title, furniture, six sections, three tables."""
    rng = random.Random(truth.seed * 7 + 1)
    say = Wording(rng, truth.style.variety)
    titles = (
        f"{truth.agency}{truth.year}年政府信息公开工作年度报告",
        f"{truth.agency}{truth.year}年度政府信息公开工作报告",
        f"{truth.agency}政府信息公开工作年度报告（{truth.year}年度）",
    )
    furniture = [f"发布时间：{truth.published}"] if truth.published else []
    blocks: list[str | Heading | Grid] = [_prose(rng, 1)]
    blocks.append(Heading(say("section", "overview")))
    blocks += [_prose(rng, 3) for _ in range(truth.style.paragraphs)]
    blocks.append(Heading(say("section", "active")))
    blocks.append(active_grid(truth, say))
    blocks.append(Heading(say("section", "applications")))
    blocks.append(applications_grid(truth, say))
    blocks.append(Heading(say("section", "review_litigation")))
    blocks.append(review_grid(truth, say))
    blocks.append(Heading(say("section", "problems")))
    blocks += [_prose(rng, 2) for _ in range(max(1, truth.style.paragraphs // 2))]
    blocks.append(Heading(say("section", "other_matters")))
    blocks.append("本年度未收取信息处理费。")
    return Page(titles[truth.style.title], furniture, blocks, truth.style.font_pt, truth.style.repeat_header)


def _prose(rng: random.Random, sentences: int) -> str:
    return "".join(rng.sample(PROSE, sentences))


def _value(truth: Truth, cell: str) -> str:
    return show(truth.printed[cell], truth.style.thousands)


def active_grid(truth: Truth, say: Wording) -> Grid:
    """Table 二, four columns wide; blocks with fewer fields stretch their last cell."""
    w = truth.style.label_width
    grid = Grid(0, [1.4 * w, 1.0, 1.0, 1.0])
    row = 0
    for block in truth.format.active:
        grid.add(row, 0, say("active", block.caption), colspan=4, header=True)
        spans = _spans(len(block.columns))
        grid.add(row + 1, 0, say("active", "column.content"), header=True)
        col = 1
        for label, span in zip(block.columns, spans, strict=True):
            grid.add(row + 1, col, say("active", label), colspan=span, header=True)
            col += span
        row += 2
        for key, label in block.rows:
            grid.add(row, 0, say("active", label))
            col = 1
            for name, span in zip(block.fields, spans, strict=True):
                grid.add(row, col, _value(truth, f"active.{key}.{name}"), colspan=span, number=True)
                col += span
            row += 1
    return grid


def _spans(fields: int) -> list[int]:
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[fields]


def applications_grid(truth: Truth, say: Wording) -> Grid:
    """Table 三 as the Word form draws it: three label columns, a three-row header."""
    w = truth.style.label_width
    grid = Grid(0, [0.7 * w, 1.0 * w, 1.9 * w] + [0.75] * 7)
    grid.add(0, 0, say("applications", "note"), rowspan=3, colspan=3, header=True)
    grid.add(0, 3, say("applications", "column.applicants"), colspan=7, header=True)
    grid.add(1, 3, say("applications", "column.natural_person"), rowspan=2, header=True)
    grid.add(1, 4, say("applications", "column.legal_persons"), colspan=5, header=True)
    grid.add(1, 9, say("applications", "column.total"), rowspan=2, header=True)
    for i, col in enumerate(APPLICANT_COLUMNS[1:]):
        grid.add(2, 4 + i, say("applications", f"column.{col}"), header=True)
    row = 3
    outcomes = truth.format.outcomes

    def values(key: str) -> None:
        for i, col in enumerate((*APPLICANT_COLUMNS, "total")):
            grid.add(row, 3 + i, _value(truth, f"applications.{key}.{col}"), number=True)

    for key in ("new_received", "carried_over"):
        grid.add(row, 0, say("applications", f"row.{key}"), colspan=3)
        values(key)
        row += 1
    grid.add(row, 0, say("applications", "group.results"), rowspan=len(outcomes) + 1)
    index = 0
    while index < len(outcomes):
        group = outcomes[index].group
        if group is None:
            grid.add(row, 1, say("applications", f"row.{outcomes[index].key}"), colspan=2)
            values(outcomes[index].key)
            row += 1
            index += 1
            continue
        end = index
        while end < len(outcomes) and outcomes[end].group == group:
            end += 1
        members = outcomes[index:end]
        grid.add(row, 1, say("applications", group), rowspan=len(members))
        for member in members:
            grid.add(row, 2, say("applications", f"row.{member.key}"))
            values(member.key)
            row += 1
        index += len(members)
    grid.add(row, 1, say("applications", "row.total_processed"), colspan=2)
    values("total_processed")
    row += 1
    grid.add(row, 0, say("applications", "row.carried_forward"), colspan=3)
    values("carried_forward")
    return grid


def review_grid(truth: Truth, say: Wording) -> Grid:
    """Table 四: fifteen columns under a three-row header."""
    grid = Grid(0, [1.0] * 15)
    grid.add(0, 0, say("review_litigation", "column.review"), colspan=5, header=True)
    grid.add(0, 5, say("review_litigation", "column.litigation"), colspan=10, header=True)
    for i, name in enumerate(REVIEW_FIELDS):
        grid.add(1, i, say("review_litigation", f"column.{name}"), rowspan=2, header=True)
    grid.add(1, 5, say("review_litigation", "column.direct"), colspan=5, header=True)
    grid.add(1, 10, say("review_litigation", "column.after_review"), colspan=5, header=True)
    for block in range(2):
        for i, name in enumerate(REVIEW_FIELDS):
            grid.add(2, 5 + 5 * block + i, say("review_litigation", f"column.{name}"), header=True)
    for g, group in enumerate(REVIEW_GROUPS):
        for i, name in enumerate(REVIEW_FIELDS):
            grid.add(3, 5 * g + i, _value(truth, f"review_litigation.{group}.{name}"), number=True)
    return grid
