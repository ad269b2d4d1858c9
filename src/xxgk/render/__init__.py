"""Writing a report in the official layout: DOCX, PDF, HTML, Markdown and XLSX.

`layout` derives the document (title, sections, the official table grids of
`tables`) from the template; each writer serialises that one layout in its format, and
`render_report` picks the writer. What is written reads back with `xxgk parse`
to the same report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from xxgk.errors import XxgkError
from xxgk.render.layout import Layout, layout_report
from xxgk.render.text import BLANK
from xxgk.report import Report

__all__ = ["FORMATS", "SUFFIXES", "RenderError", "UnknownFormatError", "format_for", "render_report"]

Writer = Callable[[Layout], bytes]

# Output format by file suffix.
SUFFIXES: dict[str, str] = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "xlsx",
}
FORMATS = tuple(dict.fromkeys(SUFFIXES.values()))


class UnknownFormatError(XxgkError):
    """The output file's suffix names no format xxgk writes."""


def format_for(path: Path, extra: tuple[str, ...] = ()) -> str:
    """The format a file name asks for (by its suffix), or an error listing the choices."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix.lstrip(".") in extra:
        return suffix.lstrip(".")
    choices = "、".join(sorted({*SUFFIXES, *(f".{e}" for e in extra)}))
    raise UnknownFormatError(f"{path}：无法从扩展名“{suffix or '（无）'}”判断输出格式，应为 {choices}")


class RenderError(XxgkError):
    """A writer failed on this report; the message says which format and why, in one line."""


def render_report(report: Report, fmt: str, *, blank: str = BLANK) -> bytes:
    """`report` as a document in `fmt`; null cells show `blank` ("" for a form to fill in)."""
    writer = _writer(fmt)
    try:
        return writer(layout_report(report, blank=blank))
    except (ValueError, TypeError, OSError, RecursionError, MemoryError) as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise RenderError(f"生成 {fmt} 文件失败：{reason}") from None


def _writer(fmt: str) -> Writer:
    if fmt == "docx":
        from xxgk.render.docx import write_docx

        return write_docx
    if fmt == "pdf":
        from xxgk.render.pdf import write_pdf

        return write_pdf
    if fmt == "html":
        from xxgk.render.html import write_html

        return write_html
    if fmt == "markdown":
        from xxgk.render.markdown import write_markdown

        return write_markdown
    if fmt == "xlsx":
        from xxgk.render.xlsx import write_xlsx

        return write_xlsx
    raise UnknownFormatError(f"不支持的输出格式：{fmt}")
