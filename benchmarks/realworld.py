"""Cells of the real published reports read right, wrong and missed, per document.

    .venv/bin/python benchmarks/realworld.py

Every gold file of tests/data/realworld, tests/data/realworld-extra and tests/data/realworld-new
(public reports, values verified against the documents as their notes say) is compared with what
`xxgk.service.check_file` — the function behind `xxgk check` — reads from its document.
A cell is right when it equals the printed value (a blank printed cell is null in the
gold), missed when xxgk leaves it null, wrong otherwise. The last column names the
error findings, so a report not fully read shows that it said so.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import extra_gold_pairs, gold_pairs, load_gold, read_as_gold, report_cells
from xxgk.service import check_file


def score(document: Path, gold_file: Path) -> tuple[int, int, int, int, str]:
    """(cells, right, wrong, missed, error codes) of one document."""
    outcome = check_file(document)
    gold = load_gold(gold_file)
    want = report_cells(gold["report"])
    got = outcome.report.to_dict() if outcome.report is not None else {}
    have, inferred = report_cells(got), set(got.get("inferred", []))
    right = sum(1 for c in want if read_as_gold(gold, c, have.get(c, "MISSING"), inferred))
    missed = sum(1 for c, v in want.items() if v is not None and have.get(c) is None)
    errors = sorted({f.code for f in outcome.findings if f.severity == "error"})
    return len(want), right, len(want) - right - missed, missed, ",".join(errors) or "-"


def main() -> None:
    pairs = (
        [(d, g) for d, g in gold_pairs() if "realworld" in str(g)]
        + extra_gold_pairs()
        + extra_gold_pairs("realworld-new")
    )
    total = [0, 0, 0, 0]
    print(f"{'document':44} {'cells':>5} {'right':>5} {'wrong':>5} {'missed':>6}  errors")
    for document, gold in pairs:
        n, right, wrong, missed, errors = score(document, gold)
        total = [a + b for a, b in zip(total, (n, right, wrong, missed), strict=True)]
        print(f"{document.parent.name + '/' + document.name:44} {n:5} {right:5} {wrong:5} {missed:6}  {errors}")
    n, right, wrong, missed = total
    print(f"{'all':44} {n:5} {right:5} {wrong:5} {missed:6}  right {100 * right / n:.2f} %")


if __name__ == "__main__":
    main()
