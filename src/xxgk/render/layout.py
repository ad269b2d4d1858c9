"""The official layout of a report, independent of any file format.

Every writer (DOCX, HTML, PDF, Markdown, XLSX) renders the same `Layout`, so the
formats differ only in serialisation: the title, the publication date, then the six
sections, the prose as printed (`xxgk.render.text`) and each table as its official
grid (`xxgk.render.tables`).
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.render.grid import Grid
from xxgk.render.tables import table_grid
from xxgk.render.text import BLANK, printable, prose_lines
from xxgk.report import Report
from xxgk.template import SECTIONS

TITLE = "{agency}{year}政府信息公开工作年度报告"
PUBLISHED_LABEL = "发布时间："


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered section: its heading, then its prose paragraphs or its table."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    grid: Grid | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    """The whole document: title, publication date (ISO), then the six sections in order."""

    title: str
    published: str | None
    sections: tuple[Section, ...]
    agency: str | None = None
    year: int | None = None
    template: str = ""

    @property
    def grids(self) -> tuple[Grid, ...]:
        return tuple(section.grid for section in self.sections if section.grid is not None)


def layout_report(report: Report, *, blank: str = BLANK) -> Layout:
    """The document for `report`; a null cell shows `blank` ("" for a form to fill in)."""
    sections = []
    for section in SECTIONS:
        heading = f"{section.number}、{section.title}"
        if section.table is None:
            sections.append(Section(section.key, heading, paragraphs=prose_lines(report.text.get(section.key, ""))))
        else:
            sections.append(Section(section.key, heading, grid=table_grid(report, section.table, blank)))
    return Layout(
        title=report_title(report),
        published=report.published,
        sections=tuple(sections),
        agency=printable(report.agency) if report.agency else None,
        year=report.year,
        template=report.template,
    )


def report_title(report: Report) -> str:
    """The official title; without agency or year, what is known of it."""
    return TITLE.format(agency=printable(report.agency or ""), year=f"{report.year}年" if report.year else "")
