"""The operations the CLI and the web app share: read, extract and check one input.

Every failure of one input becomes an `Outcome` with a one-line reason, so a batch
never stops for a bad file and never shows a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xxgk.check import check_report, sort_findings
from xxgk.errors import XxgkError
from xxgk.extract import extract_report
from xxgk.findings import Finding
from xxgk.read import Document, read_bytes, read_path
from xxgk.report import Report
from xxgk.timelimit import cpu_limit, file_cpu_seconds


@dataclass(slots=True)
class Outcome:
    """The result for one input: a report with findings, or the reason there is none."""

    source: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    # Cells the document prints whose values could not be placed (`Extraction.unread`).
    unread: frozenset[str] = frozenset()

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def report_json(self) -> dict[str, Any]:
        """The canonical report object with `source` (the `parse --format json` line)."""
        assert self.report is not None
        return {"source": self.source, **self.report.to_dict()}

    def check_json(self) -> dict[str, Any]:
        """The `check --format json` line: source, report and findings."""
        return {
            "source": self.source,
            "report": self.report.to_dict() if self.report else None,
            "findings": [f.to_dict() for f in sort_findings(self.findings)],
        }


def parse_file(path: Path) -> Outcome:
    """Read and extract one file; findings are those of extraction only."""
    return _parse(str(path), lambda: read_path(path))


def parse_bytes(data: bytes, source: str) -> Outcome:
    """As `parse_file`, for a document already in memory (sent to a worker on another machine)."""
    return _parse(source, lambda: read_bytes(data, source))


def check_bytes(data: bytes, source: str) -> Outcome:
    """As `check_file`, for a document already in memory; no previous year."""
    outcome = parse_bytes(data, source)
    if outcome.report is not None:
        outcome.findings = outcome.findings + check_report(outcome.report, unread=outcome.unread)
    return outcome


def _parse(source: str, read: Callable[[], Document]) -> Outcome:
    try:
        with cpu_limit(file_cpu_seconds()):
            extraction = extract_report(read())
    except XxgkError as exc:
        return Outcome(source, error=str(exc))
    except RecursionError:
        return Outcome(source, error="文档结构嵌套过深，无法读取")
    except MemoryError:
        return Outcome(source, error="文档过大，读取时内存不足")
    except Exception as exc:
        return Outcome(source, error=f"读取失败（{type(exc).__name__}: {str(exc)[:200]}）")
    return Outcome(source, extraction.report, extraction.findings, unread=extraction.unread)


def check_file(path: Path, previous: Report | None = None) -> Outcome:
    """Parse one file and apply every check to it."""
    outcome = parse_file(path)
    if outcome.report is not None:
        outcome.findings = outcome.findings + check_report(outcome.report, previous, unread=outcome.unread)
    return outcome
