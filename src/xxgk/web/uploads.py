"""Staging uploaded reports: files, folders and ZIP archives, copied to disk within limits.

Nothing uploaded is ever served back: the files only feed the checker and are
deleted once checked. ZIP archives (other than DOCX, which is a ZIP too) are
expanded one level with zip-bomb guards; names are kept for display only, never
used as paths.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request

from xxgk.errors import XxgkError
from xxgk.web.settings import UploadLimits, WebSettings

CHUNK = 1024 * 1024
ZIP_UTF8_FLAG = 0x800
DOCX_PART = "word/document.xml"  # a ZIP holding it is a Word document, checked as one


class UploadError(XxgkError):
    """The upload as a whole is refused; the message names the file and the limit."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One uploaded file as the browser sent it."""

    name: str
    stream: IO[bytes]


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A document ready to check: its display name and where its bytes were copied."""

    name: str
    path: Path
    size: int


class _Stager:
    def __init__(self, folder: Path, limits: UploadLimits) -> None:
        self.folder = folder
        self.limits = limits
        self.staged: list[StagedFile] = []
        self.total = 0
        self.written = 0  # names files on disk; never reused, though a ZIP leaves `staged`

    def add_stream(self, name: str, stream: IO[bytes], budget: int) -> None:
        """Copy `stream` to a numbered file, refusing it past `budget` bytes or the upload's total."""
        if len(self.staged) >= self.limits.max_files:
            raise UploadError(f"文件过多：一次最多检查 {self.limits.max_files} 个文件")
        self.written += 1
        path = self.folder / f"{self.written:05d}"
        size = 0
        with path.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > budget:
                    raise UploadError(f"{name}：文件过大（上限 {budget / 1048576:.0f} MB）")
                if self.total + size > self.limits.max_total_bytes:
                    raise UploadError(f"上传总量过大：上限 {self.limits.max_total_bytes / 1048576:.0f} MB")
                out.write(chunk)
        self.total += size
        self.staged.append(StagedFile(name, path, size))

    def add_zip(self, name: str, path: Path) -> None:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise UploadError(f"{name}：ZIP 压缩包已损坏，无法打开") from None
        with archive:
            members = [m for m in archive.infolist() if _wanted(m)]
            if len(self.staged) + len(members) > self.limits.max_files:
                raise UploadError(f"{name}：压缩包内文件过多（一次最多检查 {self.limits.max_files} 个文件）")
            for member in members:
                self._add_member(name, archive, member)

    def _add_member(self, zip_name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
        shown = f"{zip_name}/{member_name(member)}"
        limits = self.limits
        if member.file_size > limits.max_file_bytes:
            raise UploadError(f"{shown}：文件过大（上限 {limits.max_file_bytes / 1048576:.0f} MB）")
        if member.file_size > limits.ratio_floor_bytes and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise UploadError(f"{shown}：压缩比异常（疑似压缩炸弹），已拒绝整个上传")
        try:
            with archive.open(member) as stream:
                self.add_stream(shown, stream, min(member.file_size, limits.max_file_bytes))
        except RuntimeError:  # zipfile's "encrypted, password required"
            raise UploadError(f"{shown}：文件已加密，无法读取") from None
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            raise UploadError(f"{shown}：压缩数据已损坏或使用了不支持的压缩方法") from None


def stage_uploads(files: Iterable[Incoming], folder: Path, limits: UploadLimits) -> list[StagedFile]:
    """Copy every uploaded document (ZIP archives expanded) into `folder`, or raise `UploadError`.

    On refusal the folder is removed: a refused upload leaves nothing behind.
    """
    folder.mkdir(parents=True, exist_ok=False)
    stager = _Stager(folder, limits)
    try:
        for incoming in files:
            name = display_name(incoming.name)
            if not name or PurePosixPath(name).name.startswith("."):
                continue
            before = len(stager.staged)
            stager.add_stream(name, incoming.stream, limits.max_file_bytes)
            staged = stager.staged[before]
            if _is_plain_zip(staged.path):
                stager.staged.pop()
                stager.total -= staged.size
                stager.add_zip(name, staged.path)
                staged.path.unlink()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if not stager.staged:
        shutil.rmtree(folder, ignore_errors=True)
        raise UploadError("没有收到文件：请选择要检查的报告文件、文件夹或 ZIP 压缩包")
    return stager.staged


def display_name(raw: str) -> str:
    """The name as shown to the user: forward slashes, no leading separators or dot segments, bounded length."""
    parts = [p for p in raw.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts)[-300:]


def member_name(member: zipfile.ZipInfo) -> str:
    """A ZIP member's name; archives made on Chinese Windows store GBK names without saying so."""
    name = member.filename
    if not member.flag_bits & ZIP_UTF8_FLAG:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return display_name(name)


def _wanted(member: zipfile.ZipInfo) -> bool:
    name = member_name(member)
    return (
        not member.is_dir()
        and bool(name)
        and not name.startswith("__MACOSX/")
        and not PurePosixPath(name).name.startswith(".")
    )


def _is_plain_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        head = stream.read(4096)
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return DOCX_PART not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # a broken archive: expanding it reports why


async def stage_form_files(request: Request, settings: WebSettings, prefix: str = "") -> tuple[list[StagedFile], Path]:
    """The form's `files`, staged in a new folder of the upload directory: (files, folder), or `UploadError`."""
    form = await request.form()  # already parsed, within the upload limits, by the CSRF check
    incoming = [Incoming(f.filename or "", f.file) for f in form.getlist("files") if isinstance(f, UploadFile)]
    folder = settings.upload_dir / f"{prefix}{uuid.uuid4().hex}"
    return await run_in_threadpool(stage_uploads, incoming, folder, settings.uploads), folder
