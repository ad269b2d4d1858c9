"""Legacy Word and WPS files (.doc/.wps): converted to DOCX by LibreOffice, then read as DOCX.

No Python library reads the binary Word format with its merged table cells;
LibreOffice does, keeping every merge through the conversion. It runs headless
with a profile of its own for this process (a shared profile makes parallel
conversions fail), conversions within the process are serialised for the same
reason, and a hung conversion is killed with its whole process group.

Both formats are OLE compound files. The stream names in the OLE directory tell
an Excel or PowerPoint file, or an encrypted Office document, from a Word one
before LibreOffice is started.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from xxgk.errors import ReadError
from xxgk.read.document import Document
from xxgk.read.docx import read_docx

MSG_NO_LIBREOFFICE = (
    "这是旧版 Word/WPS 文件（.doc/.wps），需要安装 LibreOffice 才能读取（apt-get install libreoffice-writer-nogui）"
)
MSG_CONVERSION_FAILED = "旧版 Word/WPS 文件（.doc/.wps）无法转换，文件可能已损坏或已加密{detail}"
MSG_CANNOT_START = "无法启动 LibreOffice（{reason}），旧版 Word/WPS 文件（.doc/.wps）无法读取"
MSG_TIMEOUT = "旧版 Word/WPS 文件（.doc/.wps）转换超时（超过 {seconds} 秒），已放弃"
MSG_ENCRYPTED = "文件已加密（受密码保护），无法读取"
MSG_SPREADSHEET = "这是 Excel 表格文件（.xls），不是 Word/WPS 文档"
MSG_PRESENTATION = "这是 PowerPoint 演示文件（.ppt），不是 Word/WPS 文档"

CONVERSION_TIMEOUT_SECONDS = 120

# OLE directory entries store stream names in UTF-16LE.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_PRESENTATION_STREAM = "PowerPoint Document".encode("utf-16-le")

# One LibreOffice profile per process can run one conversion at a time.
_CONVERSION_LOCK = threading.Lock()


def read_legacy_word(data: bytes, source: str) -> Document:
    """Convert a .doc/.wps file with LibreOffice and read the result as DOCX."""
    _check_kind(data)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(MSG_NO_LIBREOFFICE)
    docx = _converted(data, soffice)
    return dataclasses.replace(read_docx(docx, source), format="doc")


def _check_kind(data: bytes) -> None:
    """Refuse OLE files that are encrypted or are not word-processing documents."""
    if all(stream in data for stream in _ENCRYPTED_STREAMS):
        raise ReadError(MSG_ENCRYPTED)
    if _WORD_STREAM in data:
        return
    if any(stream in data for stream in _WORKBOOK_STREAMS):
        raise ReadError(MSG_SPREADSHEET)
    if _PRESENTATION_STREAM in data:
        raise ReadError(MSG_PRESENTATION)


def _converted(data: bytes, soffice: str) -> bytes:
    """The DOCX bytes LibreOffice makes of the file."""
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as work:
        source = Path(work) / "input.doc"
        source.write_bytes(data)
        outdir = Path(work) / "out"
        outdir.mkdir()
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={_profile_dir().as_uri()}",
            "--convert-to",
            "docx",
            "--outdir",
            str(outdir),
            str(source),
        ]
        with _CONVERSION_LOCK:
            returncode, stderr = _run(command, CONVERSION_TIMEOUT_SECONDS)
        result = outdir / "input.docx"
        if returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise ReadError(MSG_CONVERSION_FAILED.format(detail=_detail(stderr)))
        return result.read_bytes()


def _profile_dir() -> Path:
    """This process's LibreOffice profile (by pid, so forked workers get their own)."""
    path = Path(tempfile.gettempdir()) / f"xxgk-lo-{os.getpid()}"
    _remove_at_exit(path)
    return path


@functools.cache
def _remove_at_exit(path: Path) -> None:
    atexit.register(shutil.rmtree, path, ignore_errors=True)


def _run(command: list[str], timeout: float) -> tuple[int, str]:
    """Run LibreOffice in a session of its own and kill the whole session on timeout.

    The soffice launcher starts soffice.bin as a child; killing only the
    launcher would leave the converter running.
    """
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise ReadError(MSG_CANNOT_START.format(reason=exc.strerror or exc)) from None
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ReadError(MSG_TIMEOUT.format(seconds=int(timeout))) from None
    return process.returncode, stderr.decode("utf-8", errors="replace")


def _detail(stderr: str) -> str:
    """The last line LibreOffice wrote, as a hint after the message."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return f"（LibreOffice：{lines[-1][:200]}）" if lines else ""
