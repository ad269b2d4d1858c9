"""Accuracy of xxgk on the independent corpus (tests/independent), per layout.

    .venv/bin/python benchmarks/accuracy.py [--fresh] [--list] [--levels] [--layout NAME]
                                            [--seed N] [--count K] [--viewer]

The corpus — reports written by python-docx and converted by LibreOffice headless,
Chromium and pdftotext, labels from reports seen in the wild — is built from a
fixed seed into the cache (XXGK_INDEPENDENT_CACHE, default a temp dir), or read
from it; every document then goes through `xxgk.service.check_file`, the function
behind `xxgk check`. A cell is right when it equals what the document prints (a
blank read as null, or as the value the arithmetic forces when marked inferred).

--fresh     build into a new cache dir (measures the generation time)
--list      print the first problems of every document not read exactly
--levels    print LEVELS and KNOWN_GAPS for tests/test_independent_corpus.py (today's state)
--seed N    build (or read) the corpus at another seed than corpus.SEED
--count K   K documents per layout instead of corpus.COUNTS
--layout    only these layouts (repeatable); with --seed or --count only these are built
--viewer    add the corpus PDFs as readers copy them: Chrome's viewer (pdfium) of every PDF, pdftotext with
            and without -layout of Chromium's (tests/independent/viewer.py)
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from independent.corpus import CACHE_VARIABLE, COUNTS, SEED, load_or_build
from independent.scoring import by_layout, compact, gaps, markdown_table, score_copies, score_entries
from independent.viewer import printed_text_copies, viewer_copies
from xxgk.service import check_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--levels", action="store_true")
    parser.add_argument("--layout", action="append", default=[], choices=list(COUNTS))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--viewer", action="store_true")
    args = parser.parse_args()
    counts = None
    if args.seed != SEED or args.count:
        counts = {layout: args.count or n for layout, n in COUNTS.items() if not args.layout or layout in args.layout}
    if args.fresh:
        os.environ[CACHE_VARIABLE] = tempfile.mkdtemp(prefix="xxgk-independent-")
    start = time.perf_counter()
    corpus = load_or_build(args.seed, counts)
    loaded = time.perf_counter() - start
    entries = [e for e in corpus.entries if not args.layout or e.layout in args.layout]
    start = time.perf_counter()
    scores = score_entries(entries, check_file, time.perf_counter)
    if args.viewer:
        folder = Path(tempfile.mkdtemp(prefix="xxgk-viewer-"))
        copies = viewer_copies(corpus, folder) + printed_text_copies(corpus, folder)
        scores += score_copies(copies, check_file, time.perf_counter)
    checking = time.perf_counter() - start
    lines = by_layout(scores)
    print(markdown_table(lines))
    print()
    how = f"built in {corpus.build_seconds:.0f} s" if corpus.build_seconds else "read from the cache"
    print(f"corpus: {len(corpus.entries)} documents in {corpus.folder} ({how}; {loaded:.1f} s)")
    print(f"check_file: {len(scores)} documents in {checking:.1f} s")
    for line in lines.values():
        print(f"  {line.layout}: {line.documents / line.seconds:.1f} docs/s, metadata wrong in {line.meta_wrong}")
    if args.list:
        for s in scores:
            if not s.exact or s.false_alarm or (s.injected and not s.caught):
                flag = " FALSE ALARM" if s.false_alarm else (" NOT CAUGHT" if s.injected and not s.caught else "")
                print(f"{s.name} ({s.template}){flag} {s.error_codes}: {s.problem()}")
    if args.levels:
        print("LEVELS: dict[str, Level] = {")
        for line in lines.values():
            floor = math.floor(line.right_percent * 100) / 100
            meta = f", meta_wrong={line.meta_wrong}" if line.meta_wrong else ""
            print(f'    "{line.layout}": Level(cells_right={floor}, wrong={line.wrong}, missed={line.missed}{meta}),')
        print("}")
        print("KNOWN_GAPS: dict[str, Gaps] = {")
        for layout, lists in gaps(scores).items():
            fields = ", ".join(f'{kind}="{compact(numbers)}"' for kind, numbers in lists.items())
            print(f'    "{layout}": Gaps(REASONS["{layout}"], {fields}),')
        print("}")


if __name__ == "__main__":
    main()
