"""Reading a clerk's ledger file (Excel .xlsx or CSV, recognised by content) into rows.

The whole file is read and every row validated before anything is stored, so a
file with bad rows can be refused as a whole with every problem listed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xxgk.errors import XxgkError
from xxgk.extract.fold import squash
from xxgk.ledger.layout import BY_HEADER, COLUMNS, LedgerRow, Problem, parse_row

MAX_BYTES = 512 * 1024 * 1024
_HEADERS = {squash(header): column.key for header, column in BY_HEADER.items()}


class LedgerFileError(XxgkError):
    """The file as a whole cannot be read as a ledger."""


@dataclass(frozen=True, slots=True)
class ReadLedger:
    """The valid rows of a file and the problems of the others."""

    rows: list[LedgerRow]
    problems: list[Problem]


def read_ledger(path: Path) -> ReadLedger:
    """Every row of the ledger at `path`, validated (duplicated 申请编号 are problems too)."""
    rows: list[LedgerRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, cells in _records(path):
        parsed = parse_row(number, cells)
        if isinstance(parsed, list):
            problems += parsed
        elif parsed.number in seen:
            problems.append(Problem(number, "申请编号", f"“{parsed.number}”与第 {seen[parsed.number]} 行重复"))
        else:
            seen[parsed.number] = number
            rows.append(parsed)
    return ReadLedger(rows, problems)


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, cells by column key) for every non-blank row after the header."""
    return table_records(path, _header, LedgerFileError)


def table_records(
    path: Path, header_of: Callable[[Path, Sequence[Any]], dict[int, str]], error: type[LedgerFileError]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, cells by key) of a CSV or XLSX table: `header_of` maps the first non-blank row's
    columns to keys (raising `error` when it cannot); unreadable, empty or oversized files raise `error`."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise error(f"{path}: 无法打开（{exc.strerror or exc}）") from None
    if size == 0:
        raise error(f"{path}: 文件是空的")
    if size > MAX_BYTES:
        raise error(f"{path}: 文件过大（{size // 2**20} MB）")
    lines = _xlsx_lines(path) if head.startswith(b"PK\x03\x04") else _csv_lines(path)
    header: dict[int, str] | None = None
    for number, values in enumerate(lines, start=1):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if header is None:
            header = header_of(path, values)
            continue
        yield number, {key: values[i] if i < len(values) else None for i, key in header.items()}
    if header is None:
        raise error(f"{path}: 没有表头行，也没有数据")


def _header(path: Path, values: Sequence[Any]) -> dict[int, str]:
    found = {i: _HEADERS[squash(str(v))] for i, v in enumerate(values) if v is not None and squash(str(v)) in _HEADERS}
    missing = [c.header for c in COLUMNS if c.required and c.key not in found.values()]
    if missing:
        raise LedgerFileError(
            f"{path}: 表头缺少必需的列：{'、'.join(missing)}（第一行应为列名，如 申请编号、收到日期…）"
        )
    return found


def _csv_lines(path: Path) -> Iterator[Sequence[Any]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise LedgerFileError(f"{path}: 不是 CSV 或 Excel（.xlsx）文件（含二进制内容）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerFileError(f"{path}: 无法识别文本编码（应为 UTF-8 或 GB18030）")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise LedgerFileError(f"{path}: CSV 格式错误（{exc}）") from None


def _xlsx_lines(path: Path) -> Iterator[Sequence[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LedgerFileError(f"{path}: 不是有效的 Excel（.xlsx）文件（{type(exc).__name__}）") from None
    try:
        sheet = book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LedgerFileError(f"{path}: Excel 文件已损坏（{type(exc).__name__}）") from None
    finally:
        book.close()
