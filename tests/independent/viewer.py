"""Text a reader copies out of the corpus's PDFs: Chrome's viewer (pdfium), and poppler's pdftotext
run on the PDFs Chromium prints of web pages.

Chrome's viewer is pdfium; selecting a page and copying gives the text pdfium extracts
(`FPDFText_GetText`): each table row on a line, cells apart by one space, blank cells left
out, and on some pages a character a line. A page printed to PDF from the browser and then
copied with pdftotext (with and without -layout) is the other copy a supervisor meets: poppler
orders a browser's table cells otherwise than LibreOffice's (a row's numbers before its name,
the columns one after another). The documents are the corpus's own PDFs, so this needs no
build of its own; their truth is the PDFs'.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from independent.convert import pdftotext
from independent.corpus import Corpus, Entry

# Each copy a reader makes: copy layout → (the corpus layout of its PDFs, pdftotext's -layout, or
# None for pdfium's viewer copy).
COPIES: dict[str, tuple[str, bool | None]] = {
    "lo-pdf-copy": ("lo-pdf", None),
    "chromium-pdf-copy": ("chromium-pdf", None),
    "chromium-pdftotext": ("chromium-pdf", False),
    "chromium-pdftotext-layout": ("chromium-pdf", True),
}
# The corpus layouts that are PDFs, and the name their viewer copies go by.
PDF_LAYOUTS = {source: copy for copy, (source, layout) in COPIES.items() if layout is None}


def viewer_copy(pdf: Path) -> str:
    """Every page's text as pdfium gives it, pages one after another, with Unix line ends."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return "\n".join(pages).replace("\r\n", "\n")


def source_layout(copy: str) -> str:
    """The corpus layout whose PDFs `copy` is made from (`copy` itself for a corpus layout)."""
    return COPIES[copy][0] if copy in COPIES else copy


def write_copy(copy: str, pdf: Path, target: Path) -> None:
    """The copy `copy` (a layout of COPIES) of `pdf`, into `target`."""
    layout = COPIES[copy][1]
    if layout is None:
        target.write_text(viewer_copy(pdf), encoding="utf-8")
    else:
        pdftotext(pdf, target, layout=layout)


def viewer_copies(corpus: Corpus, folder: Path) -> list[tuple[str, Entry]]:
    """(layout, entry) for the viewer copy of every PDF of `corpus`, written into `folder`."""
    return _copies(corpus, folder, list(PDF_LAYOUTS.values()))


def printed_text_copies(corpus: Corpus, folder: Path) -> list[tuple[str, Entry]]:
    """(layout, entry) for pdftotext's two copies of every PDF Chromium printed, written into `folder`."""
    return _copies(corpus, folder, [copy for copy, (_, layout) in COPIES.items() if layout is not None])


def _copies(corpus: Corpus, folder: Path, layouts: list[str]) -> list[tuple[str, Entry]]:
    copies: list[tuple[str, Entry]] = []
    for entry in corpus.entries:
        for layout in layouts:
            if not entry.path.name.startswith(f"{source_layout(layout)}-"):
                continue
            name = entry.path.stem if layout in PDF_LAYOUTS.values() else f"{entry.path.stem}.{layout}"
            target = folder / f"{name}.txt"
            write_copy(layout, entry.path, target)
            copies.append((layout, Entry(target, entry.truth)))
    return copies
