"""Text as Chrome's PDF viewer copies it: pdfium's text of every page, made from the corpus's PDFs.

Chrome's viewer is pdfium; selecting a page and copying gives the text pdfium extracts
(`FPDFText_GetText`): each table row on a line, cells apart by one space, blank cells left
out, and on some pages a character a line. The documents are the corpus's own PDFs
(LibreOffice's and Chromium's), so this needs no build of its own; its truth is theirs.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from independent.corpus import Corpus, Entry

# The corpus layouts that are PDFs, and the name their viewer copies go by.
PDF_LAYOUTS = {"lo-pdf": "lo-pdf-copy", "chromium-pdf": "chromium-pdf-copy"}


def viewer_copy(pdf: Path) -> str:
    """Every page's text as pdfium gives it, pages one after another, with Unix line ends."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return "\n".join(pages).replace("\r\n", "\n")


def viewer_copies(corpus: Corpus, folder: Path) -> list[tuple[str, Entry]]:
    """(layout, entry) for the viewer copy of every PDF of `corpus`, written into `folder`."""
    copies: list[tuple[str, Entry]] = []
    for entry in corpus.entries:
        layout = next((copy for pdf, copy in PDF_LAYOUTS.items() if entry.path.name.startswith(f"{pdf}-")), None)
        if layout is None:
            continue
        target = folder / f"{entry.path.stem}.txt"
        target.write_text(viewer_copy(entry.path), encoding="utf-8")
        copies.append((layout, Entry(target, entry.truth)))
    return copies
