"""Time of the supervisor console's comparisons over a stored corpus of many agencies and years.

    .venv/bin/python benchmarks/console.py [--agencies 400] [--years 5]

Reports are generated (`xxgk.synth.values.random_report`, seed fixed) and stored with
`store_report` into a fresh SQLite database, a fifth of them with their first cell changed
so some carry errors; agencies get a level, kind and region code. Then each service the
comparison page, the grid, the export and the year review call is timed once.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from xxgk.check import check_report
from xxgk.corpus.compare import rank
from xxgk.corpus.metrics import metric_named
from xxgk.corpus.peers import compare_with_peers
from xxgk.corpus.selection import Filters
from xxgk.corpus.series import yearly_series
from xxgk.corpus.store import store_report
from xxgk.store import open_database, session_scope
from xxgk.store.agencies import Agency
from xxgk.synth.values import random_report
from xxgk.web.handover import handover_sheets
from xxgk.web.review import year_review
from xxgk.web.scope import AgencyNode
from xxgk.web.settings import ReportCalendar
from xxgk.web.submissions import submissions

SEED = 2020


def build(path: Path, agencies: int, years: int) -> None:
    rng = random.Random(SEED)
    db = open_database(f"sqlite:///{path}")
    with session_scope(db) as session:
        for index in range(agencies):
            agency = Agency(
                name=f"测试{index:04d}局",
                key=f"测试{index:04d}局",
                level=rng.choice(("市", "县")),
                kind="部门",
                region_code=f"36{index % 11:02d}00",
            )
            session.add(agency)
            session.flush()
            for year in range(2025 - years + 1, 2026):
                report = random_report(rng, "2021", size="small")
                report.agency, report.year = agency.name, year
                if rng.random() < 0.2:
                    report.cells["applications.granted.total"] = (
                        report.cells.get("applications.granted.total") or 0
                    ) + 1
                store_report(session, report, check_report(report), "bench", agency_id=agency.id)


def timed(name: str, work: Callable[[], object]) -> None:
    start = time.perf_counter()
    work()
    print(f"{name:<28} {time.perf_counter() - start:8.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=400)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "console.db"
        start = time.perf_counter()
        build(path, args.agencies, args.years)
        print(f"{args.agencies} agencies × {args.years} years stored in {time.perf_counter() - start:.1f} s")
        db = open_database(f"sqlite:///{path}")
        with session_scope(db) as session:
            ids = [a.id for a in session.query(Agency)]
            nodes = [AgencyNode(a.id, a.name, 0) for a in session.query(Agency)]
            metric = metric_named("实质公开率")
            timed("yearly totals", lambda: yearly_series(session, Filters()))
            timed("ranking (one year)", lambda: rank(session, metric, filters=Filters(year=2025)))
            timed("ranking, level=县", lambda: rank(session, metric, filters=Filters(year=2025, level="县")))
            timed("agency against peers", lambda: compare_with_peers(session, ids[0], filters=Filters(year=2025)))
            timed("submission calendar", lambda: submissions(session, ReportCalendar(), ids, list(range(2019, 2026))))
            timed("export sheets (all)", lambda: handover_sheets(session, None))
            timed("year review (2025)", lambda: year_review(session, "全部", nodes, 2025, ReportCalendar()))


if __name__ == "__main__":
    main()
