"""Corpora of generated documents: which layouts exist and how a sample is named.

A sample's name encodes its seed, so any failing document can be regenerated
from its name alone (`sample(layout, seed, index)`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from xxgk.report import Report
from xxgk.synth.values import Size, random_report

Writer = Callable[[Report, random.Random], bytes]


def _text_writer(layout: str) -> Writer:
    def write(report: Report, rng: random.Random) -> bytes:
        from xxgk.synth.text import write_text

        return write_text(report, rng, layout)

    return write


def _html(report: Report, rng: random.Random) -> bytes:
    from xxgk.synth.html import write_html

    return write_html(report, rng)


def _docx(report: Report, rng: random.Random) -> bytes:
    from xxgk.synth.docx import write_docx

    return write_docx(report, rng)


def _pdf(report: Report, rng: random.Random) -> bytes:
    from xxgk.synth.pdf import write_pdf

    return write_pdf(report, rng)


WRITERS: dict[str, Writer] = {
    "cell_per_line_tabs": _text_writer("cell_per_line_tabs"),
    "cell_per_line_blank": _text_writer("cell_per_line_blank"),
    "pipes": _text_writer("pipes"),
    "row_per_line": _text_writer("row_per_line"),
    "glued": _text_writer("glued"),
    "html": _html,
    "docx": _docx,
    "pdf": _pdf,
}
LAYOUTS = tuple(WRITERS)
SUFFIXES = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}
# The file format of each layout: the text layouts are all "text".
FORMATS = {layout: layout if layout in SUFFIXES else "text" for layout in LAYOUTS}
LARGE_SHARE = 0.15


@dataclass(frozen=True, slots=True)
class Sample:
    """One generated document and the report it was generated from."""

    name: str
    layout: str
    report: Report
    data: bytes

    @property
    def filename(self) -> str:
        return self.name + SUFFIXES.get(self.layout, ".txt")

    def write(self, folder: Path) -> Path:
        path = folder / self.filename
        path.write_bytes(self.data)
        return path


def sample(layout: str, seed: int, index: int) -> Sample:
    """The `index`-th document of `layout` for `seed`: a report, then its document."""
    rng = random.Random(f"{seed}:{layout}:{index}")
    template = rng.choice(("2019", "2021", "2021"))
    size: Size = "large" if rng.random() < LARGE_SHARE else "small"
    report = random_report(rng, template, size=size)
    data = WRITERS[layout](report, rng)
    return Sample(f"{layout}-{seed}-{index:05d}", layout, report, data)


def corpus(seed: int, counts: dict[str, int]) -> Iterator[Sample]:
    """`counts[layout]` samples of each layout, deterministic for `seed`."""
    for layout, count in counts.items():
        for index in range(count):
            yield sample(layout, seed, index)


def write_corpus(folder: Path, samples: Iterable[Sample]) -> list[tuple[Path, Sample]]:
    folder.mkdir(parents=True, exist_ok=True)
    return [(s.write(folder), s) for s in samples]
