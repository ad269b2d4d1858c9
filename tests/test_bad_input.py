"""Bad input: one line naming the file and the reason, exit status 2, others still processed."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from conftest import DATA, run_xxgk

GOOD = DATA / "seeds" / "002_d877435a35f1f3b3.txt"
REAL_PDF = DATA / "realworld" / "hongze-2024.pdf"


def _pdf(path: Path, *, text: bool = True, encrypt: str | None = None) -> None:
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if text:
        pdf.drawString(72, 720, "Annual report")
    else:
        pdf.rect(72, 500, 300, 200, fill=1)
    pdf.showPage()
    pdf.save()


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                member.write(chunk)


def _corrupt_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><unclosed>")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty.txt": (lambda p: p.write_bytes(b""), "为空"),
    "junk.bin": (lambda p: p.write_bytes(random.Random(1).randbytes(50_000)), "不是"),
    "prose.txt": (
        lambda p: p.write_text("今天天气很好。\n我们去公园散步。\n" * 50, encoding="utf-8"),
        "不是政府信息公开工作年度报告",
    ),
    "truncated.pdf": (lambda p: p.write_bytes(REAL_PDF.read_bytes()[:60_000]), "PDF"),
    "encrypted.pdf": (lambda p: _pdf(p, encrypt="secret"), "加密"),
    "scanned.pdf": (lambda p: _pdf(p, text=False), "OCR"),
    "corrupt.docx": (_corrupt_docx, "DOCX"),
    "bomb.docx": (_zip_bomb, "压缩炸弹"),
    "huge.txt": (lambda p: p.open("wb").truncate(200 * 1024 * 1024), "过大"),
    "nested.html": (
        lambda p: p.write_text("<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000, encoding="utf-8"),
        "",
    ),
    "archive.zip": (lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "hello"), "ZIP"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gets_one_clear_line(tmp_path: Path, name: str) -> None:
    make, reason = CASES[name]
    bad = tmp_path / name
    make(bad)
    result = run_xxgk("check", "--format", "json", str(bad), str(GOOD), timeout=60)
    assert result.returncode == 2, (result.stdout[:300], result.stderr[:300])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}: "), lines
    assert reason in lines[0]
    checked = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(c["source"]).name for c in checked] == [GOOD.name]


def test_malicious_html_is_read_as_text_not_executed(tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    body = GOOD.read_text(encoding="utf-8").replace("\n", "</p><p>")
    page.write_text(
        f"<html><head><script>alert(1)</script></head><body onload='x()'><p>{body}</p>"
        "<img src=x onerror=alert(2)><iframe src='javascript:alert(3)'></iframe></body></html>",
        encoding="utf-8",
    )
    result = run_xxgk("parse", "--format", "json", str(page))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["agency"] == "阳城县科学技术局"
    assert "alert" not in json.dumps(report, ensure_ascii=False)


def test_gb2312_labelled_page_keeps_gbk_only_characters(tmp_path: Path) -> None:
    page = tmp_path / "gb.html"
    text = GOOD.read_text(encoding="utf-8").replace(
        "我局全年未收到政府信息公开申请", "我局（镕）全年未收到政府信息公开申请"
    )
    html = "<html><head><meta charset='gb2312'></head><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines())
    page.write_bytes((html + "</body></html>").encode("gb18030"))
    result = run_xxgk("parse", "--format", "json", str(page))
    report = json.loads(result.stdout)
    assert "我局（镕）全年未收到政府信息公开申请" in report["text"]["overview"]


def test_docx_zip_bomb_is_refused_in_one_line(tmp_path: Path) -> None:
    """The refusal comes from the archive's directory (test_read_docx counts that nothing is inflated)."""
    bomb = tmp_path / "bomb.docx"
    _zip_bomb(bomb)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = run_xxgk("parse", str(bomb))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"{bomb}: DOCX 文件解压后过大（疑似压缩炸弹），拒绝读取"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_input_over_its_cpu_time_is_skipped_and_the_rest_checked(tmp_path: Path, jobs: str) -> None:
    """The per-file CPU limit (XXGK_FILE_CPU_SECONDS) stops a file that takes too long, in the
    CLI's own process and in a batch worker alike; here a 13 MB report needs about 2 s."""
    slow = tmp_path / "slow.txt"
    slow.write_text(GOOD.read_text(encoding="utf-8") * 2000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "xxgk", "check", "--jobs", jobs, "--format", "json", str(slow), str(GOOD)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "XXGK_FILE_CPU_SECONDS": "0.4"},
    )
    assert result.returncode == 2, result.stderr[:300]
    assert result.stderr.strip().splitlines() == [f"{slow}: 处理超时：用时超过 0.4 秒（CPU），已跳过此文件"]
    checked = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(c["source"]).name for c in checked] == [GOOD.name]
