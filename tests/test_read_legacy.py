"""Legacy .doc/.wps reader: LibreOffice conversion, its absence, failures and hangs.

A fake `soffice` (a small Python script put first on PATH) stands in for
LibreOffice where the test is about how the reader drives it; the real one is
used when it is installed.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from conftest import DATA
from xxgk.errors import ReadError
from xxgk.read import legacy, read_bytes, read_path
from xxgk.read.document import Table
from xxgk.read.legacy import MSG_NO_LIBREOFFICE, read_legacy_word
from xxgk.read.sniff import OLE_MAGIC

BLANK_TEMPLATE = DATA / "realworld" / "blank-template-2021.docx"
# What sniffing sees of a .doc: the OLE signature, and a WordDocument stream name.
FAKE_DOC = OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512


def merged_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "说明"
    table.cell(0, 2).text = "自然人"
    table.cell(1, 2).text = "5"
    table.cell(2, 0).merge(table.cell(2, 2)).text = "合计"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fake_soffice(tmp_path: Path, body: str) -> Path:
    """A `soffice` on PATH running `body` with `args` (its argv) and `outdir` bound."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys, time, shutil\n"
        "args = sys.argv[1:]\n"
        "outdir = args[args.index('--outdir') + 1]\n"
        f"{body}\n"
    )
    script.chmod(0o755)
    return bin_dir


def assert_spans_survive(document_table: Table) -> None:
    spans = {cell.text: (cell.row, cell.col, cell.rowspan, cell.colspan) for cell in document_table.cells}
    assert spans["说明"] == (0, 0, 2, 2)
    assert spans["合计"] == (2, 0, 1, 3)


def test_without_libreoffice_the_user_is_told_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ReadError) as raised:
        read_bytes(FAKE_DOC, "report.doc")
    assert str(raised.value) == MSG_NO_LIBREOFFICE
    assert "apt-get install libreoffice-writer-nogui" in str(raised.value)


def test_real_conversion_reads_the_same_as_the_docx(tmp_path: Path) -> None:
    """The official blank form saved as .doc reads exactly as the .docx does, merges included."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        with pytest.raises(ReadError, match="需要安装 LibreOffice"):
            read_legacy_word(FAKE_DOC, "report.doc")
        return
    source = tmp_path / "report.docx"
    source.write_bytes(BLANK_TEMPLATE.read_bytes())
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    document = read_bytes((tmp_path / "report.doc").read_bytes(), "report.doc")
    assert document.format == "doc"
    assert document.blocks == read_path(BLANK_TEMPLATE).blocks
    table_three = [block for block in document.blocks if isinstance(block, Table)][1]
    corner = table_three.cells[0]
    assert "勾稽关系" in corner.text
    assert (corner.rowspan, corner.colspan) == (3, 3)


def test_corrupt_ole_file_gets_a_clear_message() -> None:
    corrupt = OLE_MAGIC + b"\x00\xffgarbage" * 100 + "WordDocument".encode("utf-16-le")
    installed = shutil.which("soffice") or shutil.which("libreoffice")
    expected = "无法转换，文件可能已损坏" if installed else "需要安装 LibreOffice"
    with pytest.raises(ReadError, match=expected):
        read_legacy_word(corrupt, "broken.doc")


def test_conversion_command_uses_a_private_profile_and_reads_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared = tmp_path / "prepared.docx"
    prepared.write_bytes(merged_docx())
    record = tmp_path / "argv.txt"
    bin_dir = fake_soffice(
        tmp_path,
        f"open({str(record)!r}, 'w').write('\\n'.join(args))\n"
        f"shutil.copy({str(prepared)!r}, os.path.join(outdir, 'input.docx'))",
    )
    monkeypatch.setenv("PATH", str(bin_dir))
    document = read_legacy_word(FAKE_DOC, "report.wps")
    assert document.format == "doc"
    assert document.source == "report.wps"
    assert_spans_survive(next(block for block in document.blocks if isinstance(block, Table)))
    args = record.read_text().split("\n")
    profile = (Path(tempfile.gettempdir()) / f"xxgk-lo-{os.getpid()}").as_uri()
    assert args[:6] == [
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile}",
        "--convert-to",
        "docx",
        "--outdir",
    ]


def test_failed_conversion_reports_libreoffice_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = fake_soffice(tmp_path, "sys.stderr.write('Error: source file could not be loaded\\n'); sys.exit(1)")
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(ReadError) as raised:
        read_legacy_word(FAKE_DOC, "broken.doc")
    assert str(raised.value) == (
        "旧版 Word/WPS 文件（.doc/.wps）无法转换，文件可能已损坏或已加密"
        "（LibreOffice：Error: source file could not be loaded）"
    )


def test_broken_libreoffice_install_is_reported_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "soffice"
    launcher.write_text("#!/nonexistent/interpreter\n")
    launcher.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(ReadError, match=r"^无法启动 LibreOffice"):
        read_legacy_word(FAKE_DOC, "report.doc")


def test_conversion_that_writes_nothing_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(fake_soffice(tmp_path, "pass")))
    with pytest.raises(ReadError, match="无法转换"):
        read_legacy_word(FAKE_DOC, "broken.doc")


def test_hung_conversion_is_killed_with_its_children(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pids = tmp_path / "pids.txt"
    bin_dir = fake_soffice(
        tmp_path,
        # Like the real launcher, start a converter child (holding the output pipes) and wait for it.
        "import subprocess\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        "child.wait()",
    )
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(legacy, "CONVERSION_TIMEOUT_SECONDS", 1)
    killed = _GroupKills(monkeypatch, pids)
    with pytest.raises(ReadError, match="转换超时"):
        read_legacy_word(FAKE_DOC, "slow.doc")
    # Every process of the conversion was in a group the reader killed: the launcher and the
    # converter it started, not only the launcher.
    assert killed.groups and set(killed.members.values()) <= set(killed.groups), killed.members
    for pid, exited in killed.exits.items():
        select.select([exited], [], [])  # readable once the process has exited; SIGKILL was sent to it
        os.close(exited)
        assert not _alive(pid), f"process {pid} survived the timeout"


class _GroupKills:
    """Records the process groups `os.killpg` kills and, just before, the groups of the
    conversion's processes (listed in `pids`), each with a descriptor that becomes readable
    when the process exits: waiting on it needs no clock."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, pids: Path) -> None:
        self.groups: list[int] = []
        self.members: dict[int, int] = {}
        self.exits: dict[int, int] = {}
        real = os.killpg

        def recorded(group: int, signum: int) -> None:
            for pid in map(int, pids.read_text().split()):
                self.exits[pid] = os.pidfd_open(pid)
                self.members[pid] = os.getpgid(pid)
            self.groups.append(group)
            real(group, signum)

        monkeypatch.setattr(legacy.os, "killpg", recorded)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child not yet reaped by its (also killed) parent is a zombie.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def test_excel_and_encrypted_ole_files_are_named_for_what_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    workbook = OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    with pytest.raises(ReadError, match="Excel"):
        read_bytes(workbook, "data.xls")
    encrypted = OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 8
    encrypted += "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ReadError, match="已加密"):
        read_bytes(encrypted, "secret.docx")
