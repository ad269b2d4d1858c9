"""Table 二 from the records: importing a decisions ledger and a catalogue, then counting a year.

    .venv/bin/python benchmarks/records.py [--items 5000] [--decisions 100000] [--db URL]

Into an empty database (a temporary SQLite file unless --db names another; a PostgreSQL
database given with --db is wiped first): a catalogue CSV of `--items` 规章/规范性文件/其他
rows over 2020–2024 is imported, then a decisions CSV of `--decisions` rows over the same
years (read, every row checked, stored in one transaction) → rows/s; then, fastest of
three: the 2024 table 二 with every source kept (`table_two`), the stock-flow check, and
the records behind one decisions cell.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from xxgk.disclosure.importer import read_catalogue
from xxgk.disclosure.imports import import_catalogue
from xxgk.records import service
from xxgk.records.checks import stock_flow
from xxgk.records.importer import read_records
from xxgk.store import open_database
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.database import Database
from xxgk.store.portal import ReportDraft
from xxgk.store.transaction import in_transaction

T = TypeVar("T")
AGENCY = "某市科学技术局"
CODE = "11210100MB0000000P"


def _day(rng: random.Random) -> date:
    return date(2020, 1, 1) + timedelta(days=rng.randrange(365 * 5))


def write_catalogue(path: Path, items: int, rng: random.Random) -> None:
    header = [
        "索引号",
        "名称",
        "发文机关",
        "成文日期",
        "发布日期",
        "主题分类",
        "体裁分类",
        "文件类型",
        "登记号",
        "有效性",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(items):
            day = _day(rng)
            kind = rng.choice(("规章", "行政规范性文件", "其他文件"))
            validity = rng.choice(("现行有效", "现行有效", "已废止"))
            row = [f"{CODE}/{day.year}-{i + 1:05d}", f"文件{i}", AGENCY, day, day, "科技、教育", "通知", kind]
            writer.writerow([*row, f"DJ-{i}" if kind == "行政规范性文件" else "", validity])


def write_decisions(path: Path, count: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["类型", "事项编码", "决定文书号", "决定日期", "决定结果"])
        for i in range(count):
            kind = rng.choice(("行政许可", "行政处罚", "行政强制"))
            writer.writerow([kind, f"SX-{i % 300}", f"某决〔{i}〕号", _day(rng).isoformat(), "准予"])


def fastest(work: Callable[[], T], runs: int = 3) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--db")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = args.db or f"sqlite:///{folder / 'bench.db'}"
    if url.startswith("postgresql"):
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db = open_database(url)
    rng = random.Random(19)

    def agency(session: Session) -> Agency:
        found = agency_for(session, AGENCY)
        found.credit_code = CODE
        return found

    in_transaction(db, agency)
    write_catalogue(folder / "目录.csv", args.items, rng)
    write_decisions(folder / "决定.csv", args.decisions, rng)
    start = time.perf_counter()
    rows = read_catalogue(folder / "目录.csv").rows
    in_transaction(db, lambda s: import_catalogue(s, agency(s), "bench", rows))
    took = time.perf_counter() - start
    print(f"catalogue import: {len(rows)} rows in {took:.1f} s = {len(rows) / took:,.0f} rows/s")
    start = time.perf_counter()
    read = read_records(folder / "决定.csv", "decisions")
    in_transaction(db, lambda s: service.import_records(s, agency(s), read, actor="bench"))
    took = time.perf_counter() - start
    print(f"decisions import: {len(read.rows)} rows in {took:.1f} s = {len(read.rows) / took:,.0f} rows/s")
    for year in (2023, 2024):
        in_transaction(
            db, lambda s, y=year: service.keep_sources(s, agency(s), y, ["catalogue", "decisions"], actor="bench")
        )
    seconds, table = fastest(lambda: in_transaction(db, lambda s: service.table_two(s, agency(s), 2024)))
    print(f"table 二 of 2024 ({len(table.counted)} cells counted): {seconds:.3f} s")
    seconds, flows = fastest(lambda: in_transaction(db, lambda s: stock_flow(s, agency(s), 2024)))
    print(f"stock-flow of 2024 ({sum(len(f.entered) + len(f.left) for f in flows)} documents moved): {seconds:.3f} s")
    cell = "active.licensing.decisions"
    seconds, found = fastest(lambda: in_transaction(db, lambda s: service.cell_records(s, agency(s), 2024, cell)))
    print(f"records behind {cell} ({len(found)}): {seconds:.3f} s")
    reported(db, agency, 2023)
    start = time.perf_counter()
    in_transaction(db, lambda s: service.import_records(s, agency(s), read, actor="bench"))
    took = time.perf_counter() - start
    print(f"re-import, 2023 reported (amendment guard compares every row): {len(read.rows) / took:,.0f} rows/s")


def reported(db: Database, agency: Callable[[Session], Agency], year: int) -> None:
    """Mark `year`'s report submitted, so imports go through the amendment guard."""
    report = {"agency": AGENCY, "year": year, "template": "2021", "cells": {}}
    in_transaction(
        db,
        lambda s: s.add(
            ReportDraft(agency_id=agency(s).id, year=year, status="submitted", text={}, report=report, findings=[])
        ),
    )


if __name__ == "__main__":
    main()
