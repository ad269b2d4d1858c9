"""Publishing a report: load it, check it, and render it only when it is fit to publish.

These are the operations `xxgk render` and `xxgk new` (and later the web app)
share. A report with an error finding is not rendered unless the caller forces
it; the findings are returned either way so the caller can show them.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xxgk.check import check_report, sort_findings
from xxgk.errors import XxgkError
from xxgk.findings import Finding
from xxgk.render import render_report
from xxgk.report import Report
from xxgk.schema import ReportFormatError, validate_report_dict
from xxgk.service import parse_file
from xxgk.template import TEXT_SECTIONS, get_template

# A canonical report starts with "{" after at most this much white space (and a BOM).
JSON_SNIFF_BYTES = 4096


class ReportInputError(XxgkError):
    """The input is neither a canonical report JSON nor a readable report document."""


@dataclass(slots=True)
class Publication:
    """The outcome of rendering: the document (None when refused) and the findings that decided it."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    data: bytes | None = None
    forced: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def refused(self) -> bool:
        return self.data is None


def load_report(path: Path) -> tuple[Report, list[Finding], frozenset[str]]:
    """The report in `path`, canonical JSON or any document xxgk reads, with the findings of reading it
    and the cells it prints that reading could not place (`Outcome.unread`)."""
    try:
        with path.open("rb") as file:
            head = file.read(JSON_SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise ReportInputError(f"{path}：无法打开文件：{exc.strerror or exc}") from None
    if head.startswith((b"{", b"[")):
        return report_from_json(path), [], frozenset()
    outcome = parse_file(path)
    if outcome.report is None:
        raise ReportInputError(f"{path}：{outcome.error}")
    return outcome.report, outcome.findings, outcome.unread


def report_from_json(path: Path) -> Report:
    """A canonical report JSON file (or a `check --format json` line holding one) as a `Report`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportInputError(f"{path}：无法读取为 UTF-8 文本：{exc}") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            raise ReportInputError(f"{path}：文件包含多个 JSON 对象，一次只能生成一份报告") from None
        raise ReportInputError(f"{path}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    if isinstance(data, dict) and "template" not in data and isinstance(data.get("report"), dict):
        data = data["report"]
    try:
        return validate_report_dict(data)
    except ReportFormatError as exc:
        raise ReportInputError(f"{path}：{exc}") from None


def publish(
    report: Report,
    fmt: str,
    *,
    force: bool = False,
    findings: list[Finding] | None = None,
    unread: frozenset[str] = frozenset(),
) -> Publication:
    """Check `report` and render it in `fmt`, unless an error finding stops it and `force` is not given."""
    found = sort_findings([*(findings or []), *check_report(report, unread=unread)])
    publication = Publication(report, found)
    if publication.errors and not force:
        return publication
    publication.data = render_report(report, fmt)
    publication.forced = bool(publication.errors)
    return publication


def blank_report(template: str, agency: str, year: int) -> Report:
    """An empty report to fill in: every cell blank, every prose section empty."""
    spec = get_template(template)
    return Report(
        template=spec.key,
        agency=agency,
        year=year,
        text=dict.fromkeys(TEXT_SECTIONS, ""),
        cells=dict.fromkeys(spec.cell_ids(include_optional=False)),
    )


def form_bytes(report: Report, fmt: str) -> bytes:
    """A report as a form to fill in: JSON with nulls, or a document whose blank cells are empty."""
    if fmt == "json":
        return (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return render_report(report, fmt, blank="")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so a failure never leaves half a document."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise ReportInputError(f"{path}：无法写入：{exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ReportInputError(f"{path}：无法写入：{exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
