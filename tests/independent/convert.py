"""The real tools: LibreOffice headless, Chromium (through Playwright) and poppler's pdftotext.

LibreOffice starts slowly, so each call converts a whole batch of files, with a
private profile directory (other soffice processes on the machine keep theirs).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# soffice --convert-to targets: the filter for XHTML must be named, or Writer's HTML filter is used.
SOFFICE_TARGETS = {
    "pdf": "pdf",
    "html": "html",
    "xhtml": "xhtml:XHTML Writer File:UTF8",
    "txt": "txt:Text (encoded):UTF8",
}
BATCH = 60


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed: bash scripts/system-deps.sh"
    return found


def tool_versions() -> str:
    """The versions of the converting tools: part of the corpus's identity."""
    lo = subprocess.run([soffice(), "--version"], capture_output=True, text=True, timeout=120).stdout.strip()
    chromium = Path(CHROMIUM)
    chromium_id = f"{chromium.stat().st_size}:{chromium.stat().st_mtime_ns}" if chromium.exists() else "none"
    poppler = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, timeout=60).stderr.split("\n")[0]
    return f"{lo}|chromium {chromium_id}|{poppler}"


def convert_with_soffice(files: Sequence[Path], target: str, outdir: Path, profile: Path) -> list[Path]:
    """Each of `files` converted to `target` (pdf, html, xhtml, txt) into `outdir`; the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    suffix = "." + target
    for start in range(0, len(files), BATCH):
        chunk = [str(f) for f in files[start : start + BATCH]]
        command = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore"]
        command += ["--convert-to", SOFFICE_TARGETS[target], "--outdir", str(outdir), *chunk]
        subprocess.run(command, capture_output=True, timeout=60 + 20 * len(chunk), check=True)
    written = [outdir / (f.stem + suffix) for f in files]
    missing = [p.name for p in written if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing[:5]}"
    return written


def save_as_docx(source: Path, outdir: Path, profile: Path) -> Path:
    """A web page opened in LibreOffice Writer and saved as DOCX (`soffice --convert-to docx`)."""
    command = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)]
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    target = outdir / (source.stem + ".docx")
    assert target.exists(), "LibreOffice wrote no DOCX"
    return target


def print_with_chromium(pages: Sequence[tuple[Path, Path]]) -> None:
    """Each HTML file printed to PDF by Chromium, A4, as a reader's "print to PDF" does."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for source, target in pages:
                page.goto(source.resolve().as_uri())
                page.pdf(
                    path=str(target),
                    format="A4",
                    margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
                )
        finally:
            browser.close()


def copy_with_chromium(pages: Sequence[tuple[Path, Path]]) -> None:
    """Each HTML file's text as a reader copies it: Chromium opens it, selects all (Ctrl+A), copies
    (Ctrl+C), and the clipboard's plain text is written (tabs between a row's cells, the row's empty
    cells at both ends left out, as the browser does)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            page = context.new_page()
            for source, target in pages:
                page.goto(source.resolve().as_uri())
                page.keyboard.press("Control+A")
                page.keyboard.press("Control+C")
                target.write_text(page.evaluate("navigator.clipboard.readText()"), encoding="utf-8")
        finally:
            browser.close()


def pdftotext(pdf: Path, target: Path, layout: bool) -> None:
    """The text a PDF viewer's copy gives (poppler), with or without -layout."""
    command = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), str(target)]
    subprocess.run(command, capture_output=True, timeout=120, check=True)
