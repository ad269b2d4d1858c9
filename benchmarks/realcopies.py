"""Copies of the real published reports made by real tools, read back against their gold.

    .venv/bin/python benchmarks/realcopies.py [--wrong]

A supervisor meets a published report as whatever their tools made of it. For each real
report of tests/data with a gold file (HTML pages and PDFs), this makes the copies real
tools make — a page opened in LibreOffice and saved as DOCX, that DOCX exported to PDF,
the page printed to PDF by Chromium, the page's text as the browser copies it (Ctrl+A,
Ctrl+C), and of every PDF pdftotext's text with and without -layout and pdfium's (Chrome's
viewer's) copy — and scores each with `xxgk.service.check_file` as benchmarks/realworld.py
scores the originals: right, wrong (a value not printed there), missed; the last column
names the error findings. Needs LibreOffice, Chromium and poppler (scripts/system-deps.sh).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import DATA, load_gold, read_as_gold, report_cells
from independent.convert import convert_with_soffice, copy_with_chromium, pdftotext, print_with_chromium, save_as_docx
from independent.viewer import viewer_copy
from xxgk.service import check_file

REPORTS = (
    "realworld/city-2025-sample.html",
    "realworld-new/shuyang-fgj-2023.html",
    "realworld-extra/shanghai-office-2019.html",
    "realworld/hongze-2024.pdf",
    "realworld/huaian-2024.pdf",
)


def copies(source: Path, folder: Path, profile: Path) -> dict[str, Path]:
    """Copy name → file, the original included."""
    made, pdfs = {"original": source}, {}
    if source.suffix == ".html":
        made["lo-docx"] = save_as_docx(source, folder, profile)
        made["lo-pdf"] = pdfs["lo-pdf"] = convert_with_soffice([made["lo-docx"]], "pdf", folder / "pdf", profile)[0]
        made["chromium-pdf"] = pdfs["chromium-pdf"] = folder / "chromium.pdf"
        print_with_chromium([(source, pdfs["chromium-pdf"])])
        made["browser-copy"] = folder / "browser-copy.txt"
        copy_with_chromium([(source, made["browser-copy"])])
    else:
        pdfs["pdf"] = source
    for name, pdf in pdfs.items():
        for layout, suffix in ((False, "pdftotext"), (True, "pdftotext-layout")):
            made[f"{name}.{suffix}"] = folder / f"{name}.{suffix}.txt"
            pdftotext(pdf, made[f"{name}.{suffix}"], layout=layout)
        made[f"{name}.viewer-copy"] = folder / f"{name}.viewer-copy.txt"
        made[f"{name}.viewer-copy"].write_text(viewer_copy(pdf), encoding="utf-8")
    return made


def score(document: Path, gold_file: Path) -> tuple[int, int, dict[str, tuple[object, object]], int, str]:
    """(cells, right, wrong cells with (printed, read), missed, error codes) of one copy."""
    outcome = check_file(document)
    gold = load_gold(gold_file)
    want = report_cells(gold["report"])
    got = outcome.report.to_dict() if outcome.report is not None else {}
    have, inferred = report_cells(got), set(got.get("inferred", []))
    right = {c for c in want if read_as_gold(gold, c, have.get(c, "MISSING"), inferred)}
    missed = {c for c, v in want.items() if v is not None and have.get(c) is None}
    wrong = {c: (want[c], have.get(c, "MISSING")) for c in want if c not in right | missed}
    errors = ",".join(sorted({f.code for f in outcome.findings if f.severity == "error"})) or "-"
    return len(want), len(right), wrong, len(missed), errors


def main() -> None:
    show_wrong = "--wrong" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="xxgk-realcopies-"))
    total = [0, 0, 0, 0]
    print(f"{'report':24} {'copy':28} {'cells':>5} {'right':>5} {'wrong':>5} {'missed':>6}  errors")
    for relative in REPORTS:
        source = DATA / relative
        gold = source.with_name(f"{source.stem}.gold.json")
        folder = work / source.stem
        folder.mkdir()
        for name, document in copies(source, folder, work / "profile").items():
            n, right, wrong, missed, errors = score(document, gold)
            total = [a + b for a, b in zip(total, (n, right, len(wrong), missed), strict=True)]
            print(f"{source.stem:24} {name:28} {n:5} {right:5} {len(wrong):5} {missed:6}  {errors}")
            if show_wrong and wrong:
                print("    " + "; ".join(f"{c}: printed {p!r}, read {g!r}" for c, (p, g) in list(wrong.items())[:6]))
    n, right, wrong, missed = total
    print(f"{'all':53} {n:5} {right:5} {wrong:5} {missed:6}  right {100 * right / n:.2f} %")


if __name__ == "__main__":
    main()
