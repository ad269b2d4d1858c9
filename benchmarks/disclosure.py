"""Throughput of the catalogue (主动公开目录): review, publication, import, search, the work list.

    .venv/bin/python benchmarks/disclosure.py [--items 2000] [--rows 10000] [--threads 4] [--db URL]

Into an empty database (a temporary SQLite file unless --db names another; a
PostgreSQL database given with --db is wiped first):

1. review: `--items` drafts, each submitted and approved at 保密审查 and 签发, one
   transaction per step as on the desk → items/s;
2. publication: half of them published from one thread, the other half from
   `--threads` threads at once (one transaction per item, each taking the next 索引号
   from the agency's counter row) → items/s, and the numbers checked unique and gapless;
3. import: a CSV of `--rows` catalogue rows read, checked and stored in one transaction → rows/s;
4. search for two words over every published item, and the desk's work list (the
   deadline flags of every item), fastest of three.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from xxgk.disclosure import service, workflow
from xxgk.disclosure.content import read_content
from xxgk.disclosure.importer import read_catalogue
from xxgk.disclosure.imports import import_catalogue
from xxgk.disclosure.worklist import flagged_items
from xxgk.now import today
from xxgk.store import open_database
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.database import Database
from xxgk.store.disclosure import DisclosureItem
from xxgk.store.transaction import in_transaction
from xxgk.store.web import User
from xxgk.web.accounts import NewUser, create_user

T = TypeVar("T")
AGENCY = "某市科学技术局"
CODE = "11210100MB0000000P"
TOPICS = ("科技、教育", "综合政务", "财政、金融、审计", "城乡建设、环境保护")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def fields(i: int) -> dict[str, str]:
    return {
        "title": f"关于第{i}批科技计划项目验收结果的公示",
        "issuer": AGENCY,
        "written_on": today().isoformat(),
        "openness": "主动公开",
        "topic": TOPICS[i % len(TOPICS)],
        "genre": "公告",
        "doc_kind": "其他文件",
        "doc_number": f"某科发〔{today().year}〕{i + 1}号",
        "body": f"现将第{i}批项目验收结果公示如下：项目{i}通过验收。" * 5,
    }


def set_up(db: Database) -> None:
    def work(session: Session) -> None:
        agency_for(session, AGENCY).credit_code = CODE
        session.flush()
        for username, role in (("clerk", "clerk"), ("clerk2", "clerk"), ("head", "head")):
            create_user(session, NewUser(username, "benchmark-password", role, AGENCY, username), "benchmark")

    in_transaction(db, work)


def _user(session: Session, name: str) -> User:
    return session.scalars(select(User).where(User.username == name)).one()


def _agency(session: Session) -> Agency:
    return session.scalars(select(Agency).where(Agency.name == AGENCY)).one()


def reviewed(db: Database, i: int) -> int:
    def draft(session: Session) -> int:
        content = read_content(fields(i), {})
        return service.create_item(session, _agency(session), _user(session, "clerk"), content).id

    item_id = in_transaction(db, draft)
    in_transaction(db, lambda s: workflow.submit(s, service.find_item(s, None, item_id), _user(s, "clerk")))
    for reviewer in ("clerk2", "head"):

        def approve(session: Session, reviewer: str = reviewer) -> None:
            found = service.find_item(session, None, item_id)
            seen = service.version(session, found.current_version_id).content_hash
            workflow.review(
                session,
                found,
                _user(session, reviewer),
                approve=True,
                seen_hash=seen,
                opinion="不涉密",
                basis="第十七条",
            )

        in_transaction(db, approve)
    return item_id


def publish(db: Database, item_id: int) -> str:
    def work(session: Session) -> str:
        found = service.find_item(session, None, item_id)
        workflow.publish(session, found, _user(session, "head"))
        return found.index_number or ""

    return in_transaction(db, work)


def publish_in_threads(db: Database, ids: list[int], threads: int) -> list[str]:
    numbers: list[str] = []
    lock = threading.Lock()

    def run(chunk: list[int]) -> None:
        for item_id in chunk:
            number = publish(db, item_id)
            with lock:
                numbers.append(number)

    workers = [threading.Thread(target=run, args=(ids[w::threads],)) for w in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return numbers


def write_rows(path: Path, count: int) -> None:
    year = today().year - 1
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["索引号", "名称", "文号", "成文日期", "发布日期", "主题分类", "体裁分类", "文件类型", "内容概述"]
        )
        for i in range(count):
            writer.writerow(
                [
                    f"{CODE}/{year}-{i + 1:05d}",
                    f"关于第{i}号事项的通知",
                    f"某科发〔{year}〕{i + 1}号",
                    f"{year}-03-01",
                    f"{year}-03-05",
                    TOPICS[i % len(TOPICS)],
                    "通知",
                    "其他文件",
                    "导入的历史信息",
                ]
            )


def best_of_three(work: Callable[[], T]) -> tuple[T, float]:
    runs = [timed(work) for _ in range(3)]
    return runs[0][0], min(seconds for _, seconds in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items drafted, reviewed and published")
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the imported catalogue")
    parser.add_argument("--threads", type=int, default=4, help="concurrent publishers")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'xxgk.db'}"
        if url.startswith("postgresql"):
            engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        db = open_database(url)
        set_up(db)
        print(f"database: {db.engine.dialect.name}")
        ids, seconds = timed(lambda: [reviewed(db, i) for i in range(args.items)])
        print(
            f"review: {len(ids):,} items drafted, submitted, approved twice in {seconds:.1f} s = {len(ids) / seconds:,.0f} items/s"
        )
        half = len(ids) // 2
        serial, seconds = timed(lambda: [publish(db, item_id) for item_id in ids[:half]])
        print(f"publish, 1 thread: {len(serial):,} items in {seconds:.2f} s = {len(serial) / seconds:,.0f} items/s")
        parallel, seconds = timed(lambda: publish_in_threads(db, ids[half:], args.threads))
        print(
            f"publish, {args.threads} threads: {len(parallel):,} items in {seconds:.2f} s = {len(parallel) / seconds:,.0f} items/s"
        )
        numbers = serial + parallel
        expected = [f"{CODE}/{today().year}-{n:05d}" for n in range(1, len(ids) + 1)]
        assert sorted(numbers) == expected, "索引号 not unique and gapless"
        print(f"  {len(numbers):,} 索引号 unique and gapless: {expected[0]} … {expected[-1]}")
        path = Path(tmp) / "catalogue.csv"
        write_rows(path, args.rows)

        def load() -> int:
            parsed = read_catalogue(path)
            assert not parsed.problems, parsed.problems[:3]
            return in_transaction(db, lambda s: import_catalogue(s, _agency(s), "benchmark", parsed.rows)).created

        created, seconds = timed(load)
        print(f"import CSV: {created:,} rows in {seconds:.1f} s = {created / seconds:,.0f} rows/s")
        with db.sessions() as session:
            total = session.scalar(select(func.count()).select_from(DisclosureItem))
            found, seconds = best_of_three(lambda: service.search(session, "验收 项目7", limit=50))
            print(f"search (2 words, {total:,} items): {len(found)} shown in {seconds * 1000:.0f} ms")
            flagged, seconds = best_of_three(lambda: flagged_items(session, _agency(session), today()))
            print(
                f"work list ({total:,} items, those recent, unpublished, normative or with an 有效期 looked at): {len(flagged):,} flagged in {seconds:.3f} s"
            )


if __name__ == "__main__":
    main()
