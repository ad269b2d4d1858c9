"""How many cells the copies that leave blank cells out determine, and which of those xxgk misses.

    .venv/bin/python benchmarks/ceiling.py [--list] [--seed N] [--count K] [--seconds S]
                                           [--document-seconds S]

For Chrome's viewer copies of the corpus's PDFs (lo-pdf-copy, chromium-pdf-copy:
tests/independent/viewer.py) a table row is its non-blank numbers in order, nothing
marking the blank columns. tests/independent/ceiling.py models that from the truth
alone and asks OR-Tools' CP-SAT, for every cell, whether all placements of the rows'
numbers satisfying R1–R4 give it one value (*determined*). Printed per layout:

- cells             every scored cell of the layout's documents
- determined        cells every placement gives one value: a reader can be sure of them (in a
                    document with an injected error: every placement breaking as few equations as
                    any, and only where that value is the printed one)
- reachable         determined, or blank in the document: what a reader scores that reads the
                    determined cells and leaves the rest null (a blank read as null is right)
- xxgk right        cells `xxgk.service.check_file` reads right (independent.scoring)
- determined missed determined cells xxgk does not read right: parser gaps worth closing
- right elsewhere   cells xxgk reads right that are not reachable (a guess, or something the
                    model of the copy leaves out)
- misleading        cells of documents with an injected error that every placement breaking as few
                    equations as any gives a value other than the printed one
- rows as modelled  rows printing a number found in the copy as a run of its numbers, in order

Plain pdftotext is checked against the same model (rows as modelled) but gets no ceiling:
it prints tables column by column, not a row's numbers together, so the model is not its text.

--list      name every determined cell xxgk misses, per document, with its row as the copy shows it
--seconds   CP-SAT's limit for one solve (a document takes a few dozen; default 3)
--document-seconds  the limit for one document (default 60); cells left open then count as unsettled
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from independent.ceiling import Ceiling, CopyCheck, Row, check_copy, document_ceiling, printed_rows
from independent.corpus import COUNTS, SEED, Entry, load_or_build
from independent.scoring import DocumentScore, compact, score_entries
from independent.viewer import PDF_LAYOUTS, viewer_copies
from xxgk.service import check_file

# The layout printed with the model check only (see the module's docstring).
CHECK_ONLY = "pdftotext"


@dataclass(slots=True)
class Document:
    """One document's ceiling next to xxgk's score of it."""

    layout: str
    entry: Entry
    score: DocumentScore
    ceiling: Ceiling
    check: CopyCheck

    def right(self) -> set[str]:
        """The cells the scoring counts right: every cell not missed and not wrong."""
        bad = set(self.score.missed) | {cell for cell, _, _ in self.score.wrong}
        return set(self.entry.truth.format.cell_ids()) - bad

    def reachable(self) -> set[str]:
        printed = self.entry.truth.printed
        return self.ceiling.determined | {c for c in self.entry.truth.format.cell_ids() if printed[c] is None}

    def determined_missed(self) -> list[str]:
        right = self.right()
        return [c for c in self.entry.truth.format.cell_ids() if c in self.ceiling.determined and c not in right]


@dataclass(slots=True)
class Line:
    """One layout's line of the table."""

    layout: str
    documents: int = 0
    cells: int = 0
    determined: int = 0
    unsettled: int = 0
    reachable: int = 0
    right: int = 0
    determined_missed: int = 0
    right_elsewhere: int = 0
    misleading: int = 0
    rows: int = 0
    rows_modelled: int = 0
    seconds: float = 0.0
    names: list[str] = field(default_factory=list)

    def add(self, doc: Document, seconds: float) -> None:
        right, reachable = doc.right(), doc.reachable()
        self.documents += 1
        self.cells += doc.score.cells
        self.determined += len(doc.ceiling.determined)
        self.unsettled += len(doc.ceiling.unsettled)
        self.reachable += len(reachable)
        self.right += len(right)
        self.determined_missed += len(doc.determined_missed())
        self.right_elsewhere += len(right - reachable)
        self.misleading += len(doc.ceiling.misleading)
        self.rows += doc.check.rows
        self.rows_modelled += doc.check.in_order
        self.seconds += seconds


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "–"


def table(lines: list[Line]) -> str:
    """The markdown table the module's docstring describes."""
    out = [
        "| layout | documents | cells | determined | reachable | xxgk right | determined missed | "
        "right elsewhere | misleading | rows as modelled |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for line in lines:
        rows = f"{line.rows_modelled} / {line.rows}"
        if line.layout == CHECK_ONLY:
            out.append(f"| {line.layout} | {line.documents} | {line.cells} | – | – | – | – | – | – | {rows} |")
            continue
        out.append(
            f"| {line.layout} | {line.documents} | {line.cells} | {_percent(line.determined, line.cells)} | "
            f"{_percent(line.reachable, line.cells)} | {_percent(line.right, line.cells)} | "
            f"{line.determined_missed} | {line.right_elsewhere} | {line.misleading} | {rows} |"
        )
    return "\n".join(out)


def _row_of(rows: list[Row], cell: str) -> Row:
    return next(row for row in rows if cell in row.cells)


TABLES = {"active": "二", "applications": "三", "review_litigation": "四"}


def pattern(doc: Document, cell: str) -> tuple[str, str, str, str]:
    """Why a determined cell is determined, for grouping the misses: the table; *full row* (the row
    prints every cell: nothing to place), *total* (a row's 合计/总计, forced by R3/R4 to be where its
    row's sum is) or *part*; whether the copy shows the row as modelled; whether the document carries
    a deliberate error (its broken equations are left out of the model, which no reader can know)."""
    row = _row_of(printed_rows(doc.entry.truth), cell)
    if len(row.visible) == len(row.cells):
        kind = "full row"
    elif cell.endswith(".total"):
        kind = "total"
    else:
        kind = "part"
    modelled = "row not as modelled" if row in doc.check.not_found else "row as modelled"
    injected = "injected error" if doc.entry.truth.injected else "consistent"
    return TABLES[cell.split(".", 1)[0]], kind, modelled, injected


def listing(doc: Document) -> list[str]:
    """The determined cells xxgk misses in one document, each with its row as the copy shows it."""
    truth = doc.entry.truth
    got = {cell: value for cell, _, value in doc.score.wrong}
    rows = printed_rows(truth)
    lines = []
    for cell in doc.determined_missed():
        row = _row_of(rows, cell)
        shown = " ".join(str(v) for v in row.visible) or "(nothing)"
        column = row.cells.index(cell) + 1
        flag = "" if row not in doc.check.not_found else " (copy shows it otherwise)"
        lines.append(
            f"  {cell}: printed {truth.printed[cell]!r}, got {got.get(cell)!r}; "
            f"column {column} of {len(row.cells)}, row shows {len(row.visible)}: {shown}{flag}"
        )
    return lines


def summary(documents: list[Document]) -> str:
    """Determined cells xxgk misses, counted by `pattern`, with the documents they are in."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for doc in documents:
        for cell in doc.determined_missed():
            groups.setdefault((doc.layout, *pattern(doc, cell)), []).append(doc.entry.truth.name)
    out = ["| layout | table | cell | copy | document | cells | documents |", "|---|---|---|---|---|---|---|"]
    for key, names in sorted(groups.items()):
        numbers = compact(int(n.rsplit("-", 1)[1]) for n in set(names))
        out.append(f"| {' | '.join(key)} | {len(names)} | {numbers} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--document-seconds", type=float, default=60.0)
    args = parser.parse_args()
    wanted = {*PDF_LAYOUTS, CHECK_ONLY}
    counts = None
    if args.seed != SEED or args.count:
        counts = {layout: args.count or n for layout, n in COUNTS.items() if layout in wanted}
    start = time.perf_counter()
    corpus = load_or_build(args.seed, counts)
    copies = viewer_copies(corpus, Path(tempfile.mkdtemp(prefix="xxgk-viewer-")))
    copies += [(CHECK_ONLY, e) for e in corpus.entries if e.layout == CHECK_ONLY]
    prepared = time.perf_counter() - start
    start = time.perf_counter()
    scores = score_entries([e for _, e in copies], check_file)
    checking = time.perf_counter() - start
    lines: dict[str, Line] = {}
    documents: list[Document] = []
    solving = 0.0
    for (layout, entry), result in zip(copies, scores, strict=True):
        begun = time.perf_counter()
        ceiling = (
            document_ceiling(entry.truth, args.seconds, args.document_seconds) if layout != CHECK_ONLY else Ceiling()
        )
        seconds = time.perf_counter() - begun
        solving += seconds
        check = check_copy(printed_rows(entry.truth), entry.path.read_text(encoding="utf-8"))
        doc = Document(layout, entry, result, ceiling, check)
        documents.append(doc)
        lines.setdefault(layout, Line(layout)).add(doc, seconds)
    print(table(list(lines.values())))
    print()
    print(f"copies made and corpus read in {prepared:.1f} s; check_file on {len(scores)} documents in {checking:.1f} s")
    for line in lines.values():
        if line.layout != CHECK_ONLY:
            print(
                f"  {line.layout}: ceiling in {line.seconds:.1f} s "
                f"({line.seconds / max(1, line.documents):.2f} s a document), {line.unsettled} cells unsettled"
            )
    print(f"ceiling: {solving:.1f} s in all")
    print()
    print("Determined cells xxgk misses, by pattern (documents by number):")
    print(summary([d for d in documents if d.layout != CHECK_ONLY]))
    if args.list:
        for doc in documents:
            if doc.layout == CHECK_ONLY or not doc.determined_missed():
                continue
            truth = doc.entry.truth
            error = f", injected {truth.injected.kind}" if truth.injected else ""
            read = f"xxgk right {len(doc.right())} of {doc.score.cells}"
            print(f"{doc.layout} {truth.name} ({truth.form}, blank zeros {truth.style.blank_zeros}{error}; {read}):")
            print("\n".join(listing(doc)))


if __name__ == "__main__":
    main()
