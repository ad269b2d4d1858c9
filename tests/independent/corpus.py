"""The independent corpus: documents of every layout with their truth, built once per seed and cached.

Layouts (each document has its own report, drawn from the seed):

- `docx`              python-docx, merged header cells as in the Word form
- `lo-pdf`            that DOCX exported to PDF by LibreOffice headless
- `lo-html`           … exported to HTML by LibreOffice (what office suites put on sites)
- `lo-xhtml`          … exported to XHTML by LibreOffice
- `lo-text`           … saved as plain text by LibreOffice (a cell a line, an empty line per empty cell)
- `site-html`         a government-site page: furniture, rowspan/colspan tables
- `chromium-pdf`      such a page printed to PDF by Chromium
- `browser-copy`      such a page's text as a reader copies it in Chromium (select all, copy)
- `pdftotext`         a LibreOffice PDF copied as text (poppler pdftotext)
- `pdftotext-layout`  the same with -layout

The cache key covers the generator's sources, the seed, the counts and the versions
of LibreOffice, Chromium and poppler, so a change to any of them builds afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from independent.convert import (
    convert_with_soffice,
    copy_with_chromium,
    pdftotext,
    print_with_chromium,
    tool_versions,
)
from independent.document import build_page
from independent.values import Truth, draw_truth
from independent.writers import write_docx, write_site_html

SEED = 20261201
COUNTS = {
    "docx": 40,
    "lo-pdf": 60,
    "lo-html": 40,
    "lo-xhtml": 40,
    "lo-text": 30,
    "site-html": 30,
    "chromium-pdf": 40,
    "browser-copy": 30,
    "pdftotext": 30,
    "pdftotext-layout": 30,
}
SUFFIX = {
    "docx": ".docx",
    "lo-pdf": ".pdf",
    "lo-html": ".html",
    "lo-xhtml": ".xhtml",
    "lo-text": ".txt",
    "site-html": ".html",
    "chromium-pdf": ".pdf",
    "browser-copy": ".txt",
    "pdftotext": ".txt",
    "pdftotext-layout": ".txt",
}
FROM_HTML = {"site-html", "chromium-pdf", "browser-copy"}
# One document in INJECT_EVERY carries a deliberate arithmetic error.
INJECT_EVERY = 6
CACHE_VARIABLE = "XXGK_INDEPENDENT_CACHE"
# The files that decide the documents (scoring is not among them: changing it rebuilds nothing).
GENERATOR_FILES = ("corpus.py", "convert.py", "document.py", "formats.py", "labels.toml", "values.py", "writers.py")


@dataclass(frozen=True, slots=True)
class Entry:
    """One document of the corpus and what it prints."""

    path: Path
    truth: Truth

    @property
    def layout(self) -> str:
        return self.truth.layout


@dataclass(frozen=True, slots=True)
class Corpus:
    entries: list[Entry]
    folder: Path
    build_seconds: float  # 0 when read from the cache


def plan(seed: int = SEED, counts: dict[str, int] | None = None) -> list[Truth]:
    """The truth of every document, in a fixed order; templates alternate within each layout."""
    truths = []
    for layout, count in (counts or COUNTS).items():
        for i in range(count):
            doc_seed = zlib.crc32(f"{seed}:{layout}:{i}".encode())
            template = "2021" if (i + doc_seed) % 2 else "2019"
            name = f"{layout}-{i:03d}"
            truths.append(draw_truth(name, layout, doc_seed, template, inject=i % INJECT_EVERY == INJECT_EVERY - 1))
    return truths


def cache_root() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or Path(tempfile.gettempdir()) / "xxgk-independent")


def corpus_key(seed: int, counts: dict[str, int]) -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in GENERATOR_FILES:
        digest.update(name.encode() + (here / name).read_bytes())
    digest.update(json.dumps([seed, counts, tool_versions()]).encode())
    return digest.hexdigest()[:16]


def load_or_build(seed: int = SEED, counts: dict[str, int] | None = None) -> Corpus:
    """The corpus from the cache, building it first if this seed, code and toolset have none."""
    counts = counts or COUNTS
    root = cache_root()
    folder = root / corpus_key(seed, counts)
    if not (folder / "manifest.json").exists():
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="build-", dir=root))
        start = time.perf_counter()
        try:
            build(work, plan(seed, counts))
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        (work / "seconds").write_text(f"{time.perf_counter() - start:.1f}")
        try:
            work.rename(folder)
        except OSError:  # another process finished the same corpus first
            shutil.rmtree(work, ignore_errors=True)
        seconds = float((folder / "seconds").read_text())
    else:
        seconds = 0.0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entries = [Entry(folder / item["file"], Truth.from_json(item["truth"])) for item in manifest]
    return Corpus(entries, folder, seconds)


def build(folder: Path, truths: list[Truth]) -> None:
    """Write every document of `truths` into `folder` with the real tools, then the manifest."""
    sources, docs = folder / "sources", folder / "documents"
    sources.mkdir()
    docs.mkdir()
    for truth in truths:
        page = build_page(truth)
        if truth.layout in FROM_HTML:
            write_site_html(page, sources / f"{truth.name}.html", truth.seed, truth.agency)
        else:
            write_docx(page, sources / f"{truth.name}.docx")
    by_layout: dict[str, list[Truth]] = {}
    for truth in truths:
        by_layout.setdefault(truth.layout, []).append(truth)

    def docx_of(layout: str) -> list[Path]:
        return [sources / f"{t.name}.docx" for t in by_layout.get(layout, [])]

    for path in docx_of("docx"):
        shutil.copy(path, docs / path.name)
    for truth in by_layout.get("site-html", []):
        shutil.copy(sources / f"{truth.name}.html", docs / f"{truth.name}.html")
    text_sources = docx_of("pdftotext") + docx_of("pdftotext-layout")
    jobs = [
        (docx_of("lo-pdf"), "pdf", folder / "lo-pdf"),
        (text_sources, "pdf", folder / "for-text"),
        (docx_of("lo-html"), "html", folder / "lo-html"),
        (docx_of("lo-xhtml"), "xhtml", folder / "lo-xhtml"),
        (docx_of("lo-text"), "txt", folder / "lo-text"),
    ]
    # Two LibreOffice processes (one per core, each with its own profile) while Chromium prints.
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(convert_with_soffice, files, target, out, folder / f"profile-{i}")
            for i, (files, target, out) in enumerate(jobs)
        ]
        print_with_chromium(
            [(sources / f"{t.name}.html", docs / f"{t.name}.pdf") for t in by_layout.get("chromium-pdf", [])]
        )
        copy_with_chromium(
            [(sources / f"{t.name}.html", docs / f"{t.name}.txt") for t in by_layout.get("browser-copy", [])]
        )
        written = [future.result() for future in futures]
    for paths in (written[0], written[2], written[3], written[4]):
        for path in paths:
            shutil.move(path, docs / path.name)
    for pdf in written[1]:
        pdftotext(pdf, docs / (pdf.stem + ".txt"), layout=pdf.stem.startswith("pdftotext-layout"))
    profiles = [f"profile-{i}" for i in range(len(jobs))]
    for leftover in (*profiles, "lo-pdf", "for-text", "lo-html", "lo-xhtml", "lo-text"):
        shutil.rmtree(folder / leftover, ignore_errors=True)
    manifest = [
        {"file": f"documents/{t.name}{SUFFIX[t.layout]}", "truth": t.to_json()}
        for t in truths
        if (docs / f"{t.name}{SUFFIX[t.layout]}").exists()
    ]
    assert len(manifest) == len(truths), "some documents were not written"
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
