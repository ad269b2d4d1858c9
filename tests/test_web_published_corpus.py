"""A report published from the desk is a published report everywhere: in the corpus store, so the
console's CSV and XLSX exports and the command line's export, compare and rank count it like an
uploaded one — once, the desk's before an upload of the same agency and year — and in reports
published before this existed, which a migration stores."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import openpyxl
import sqlalchemy as sa
from sqlalchemy import func, select

from conftest import run_xxgk
from reports import consistent_report
from test_web_desk import file_one, post
from test_web_downloads import BUREAU, publish_desk_report
from test_web_portal import agency_id
from test_web_upload_jobs import migrate
from webapp import WebApp, report_text, signed_in, store_upload
from xxgk.check import check_report
from xxgk.corpus.ingest import ingest
from xxgk.corpus.work import printed_cells
from xxgk.now import now, today
from xxgk.report import Report, dumps
from xxgk.store import open_database, session_scope
from xxgk.store.agencies import Agency, agency_for
from xxgk.store.corpus import (
    ORIGIN_DESK,
    CorpusCell,
    CorpusDocument,
    CorpusFinding,
    CorpusReport,
    CorpusSource,
)
from xxgk.store.database import Database, _engine
from xxgk.store.portal import ReportDraft
from xxgk.store.web import AuditEntry
from xxgk.web import annual

EXPORT_SOURCE = annual.DESK_SOURCE


def published(web: WebApp, year: int) -> Report:
    """The bureau's report of `year` as the portal publishes it."""
    with session_scope(web.context.db) as session:
        found = annual.published_report(session, session.get(Agency, agency_id(web, BUREAU)) or Agency(), year)
        assert found is not None
        return found.report


def expected_cells(report: Report) -> dict[str, str]:
    """Every printed cell of `report` as the CSV export writes it (blank: empty; whole numbers without .0)."""
    return {cell: _csv_text(value) for cell, value, _ in printed_cells(report)}


def _csv_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    return list(csv.DictReader(StringIO(data.decode("utf-8-sig"))))


def xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(BytesIO(data), read_only=True)["单元格"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(name) for name in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def of_bureau(rows: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    return [r for r in rows if r["agency"] == BUREAU and str(r["year"]) == str(year)]


def corpus_counts(web: WebApp) -> tuple[int, ...]:
    with session_scope(web.context.db) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (CorpusDocument, CorpusSource, CorpusReport, CorpusCell, CorpusFinding)
        )


def upload_into_corpus(web: WebApp, report: Report) -> None:
    client = signed_in(web, "sup-a")
    assert store_upload(client, [(f"{report.year}.txt", report_text(report))]).status_code == 303
    web.context.library.wait(120)


def bureau_upload(year: int) -> Report:
    """A consistent report printed by the bureau for `year`: 15 new applications (the desk's has 1)."""
    report = consistent_report()
    report.agency, report.year = BUREAU, year
    return report


def test_the_console_exports_and_the_command_line_include_a_report_published_from_the_desk(
    web_any: WebApp, tmp_path: Path
) -> None:
    web = web_any
    year = today().year
    file_one(web)
    publish_desk_report(web, year)
    report = published(web, year)
    assert report.published == today().isoformat()  # dated when published
    assert report.cells["applications.new_received.total"] == 1
    wanted = expected_cells(report)
    assert len(wanted) > 150
    client = signed_in(web, "sup-a")

    rows = of_bureau(csv_rows(client.get("/console/export.csv").content), year)
    assert {r["cell"]: r["value"] for r in rows} == wanted and len(rows) == len(wanted)
    assert {(r["template"], r["source"], r["inferred"]) for r in rows} == {(report.template, EXPORT_SOURCE, "false")}
    by_label = {r["label"]: r["value"] for r in rows}
    assert by_label["表三 一、本年新收政府信息公开申请数量 · 总计"] == "1"

    response = client.get(f"/console/export.xlsx?year={year}")
    assert response.status_code == 200
    sheet = of_bureau(xlsx_rows(response.content), year)
    assert {r["cell"]: _csv_text(r["value"]) for r in sheet} == wanted and len(sheet) == len(wanted)
    assert all(isinstance(r["value"], int | float) for r in sheet if r["value"] is not None)

    url = web.context.db.url
    exported = tmp_path / "export.csv"
    done = run_xxgk("export", "--db", url, "--format", "csv", "-o", str(exported), "--year", str(year))
    assert done.returncode == 0, done.stderr
    rows = of_bureau(csv_rows(exported.read_bytes()), year)
    assert {r["cell"]: r["value"] for r in rows} == wanted
    wide = tmp_path / "wide.csv"
    done = run_xxgk("export", "--db", url, "--layout", "wide", "-o", str(wide))
    assert done.returncode == 0, done.stderr
    (line,) = of_bureau(csv_rows(wide.read_bytes()), year)
    assert (line["published"], line["source"]) == (today().isoformat(), EXPORT_SOURCE)
    assert line["applications.new_received.total"] == "1"

    compared = run_xxgk("compare", "--db", url, "--agency", BUREAU, "--format", "json")
    assert compared.returncode == 0, compared.stderr
    comparison = json.loads(compared.stdout)
    assert comparison["years"] == [year] and comparison["templates"] == [report.template]
    new = next(m for m in comparison["metrics"] if m["key"] == "applications")
    assert new["values"] == [1]
    ranked = run_xxgk("rank", "--db", url, "--metric", "新收申请数", "--year", str(year), "--format", "json")
    assert ranked.returncode == 0, ranked.stderr
    assert BUREAU in ranked.stdout


def test_publishing_is_stored_once_whatever_is_repeated(web: WebApp) -> None:
    year = today().year
    file_one(web)
    publish_desk_report(web, year)
    before = corpus_counts(web)
    assert before[2] == 1 and before[3] > 150
    bureau = agency_id(web, BUREAU)
    # Publishing again is refused by the state, and stores nothing.
    assert post(web, f"/console/reports/{bureau}/{year}/publish", {}, "/console/reports") == 400
    # The corpus-store function run again over the same published draft (as the migration would) adds nothing.
    with session_scope(web.context.db) as session:
        draft = annual.find_draft(session, session.get(Agency, bureau) or Agency(), year)
        assert draft is not None and draft.status == "published"
        annual.store_published(session, draft)
    assert corpus_counts(web) == before
    with session_scope(web.context.db) as session:
        stored = session.scalars(select(CorpusReport)).one()
        assert (stored.agency_id, stored.year, stored.origin) == (bureau, year, ORIGIN_DESK)
        document = session.get(CorpusDocument, stored.document_id)
        assert document is not None and document.error is None
        assert session.scalars(select(CorpusSource.path)).all() == [EXPORT_SOURCE]
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.publish")).one()
        assert entry.target_id == f"{bureau}/{year}"


def test_another_tree_does_not_get_the_report_in_its_export(web: WebApp) -> None:
    year = today().year
    file_one(web)
    publish_desk_report(web, year)
    for supervisor in ("sup-c", "sup-county"):  # another city; a county below the bureau's city
        rows = csv_rows(signed_in(web, supervisor).get("/console/export.csv").content)
        assert of_bureau(rows, year) == [] and rows == []
    for fmt in ("csv", "xlsx"):
        assert signed_in(web, "clerk-a").get(f"/console/export.{fmt}").status_code == 403
    assert of_bureau(csv_rows(signed_in(web, "admin").get("/console/export.csv").content), year)


def test_the_desks_report_counts_before_an_upload_of_the_same_year_and_both_are_exported(web: WebApp) -> None:
    year = today().year
    upload_into_corpus(web, bureau_upload(year))  # first stored: an upload saying 15 new applications
    last_year = bureau_upload(year - 1)  # and last year's, which carried 1 application forward
    upload_into_corpus(web, last_year)
    file_one(web)
    publish_desk_report(web, year)
    bureau = agency_id(web, BUREAU)
    with session_scope(web.context.db) as session:
        stored = session.scalars(select(CorpusReport).where(CorpusReport.year == year)).all()
        assert sorted(r.origin for r in stored) == ["desk", "document"]
        desk = next(r for r in stored if r.origin == ORIGIN_DESK)
        cells = annual.published_cells(session, [bureau])
        assert cells[bureau, year][1]["applications.new_received.total"] == 1
        assert cells[bureau, year - 1][1]["applications.new_received.total"] == 15
        assert annual.report_states(session, [bureau], [year])[bureau, year].source == "desk"
        shown = annual.corpus_report(session, session.get(Agency, bureau) or Agency(), year)
        assert shown is not None and shown.report.cells["applications.new_received.total"] == 1
        # Compared across years in the same transaction as the publication: 上年结转 0 against last year's 1.
        crossyear = session.scalars(
            select(CorpusFinding).where(CorpusFinding.report_id == desk.id, CorpusFinding.scope == "crossyear")
        ).all()
        assert any("applications.carried_over.total" in f.cells for f in crossyear)
        previous = {f.previous_report_id for f in crossyear}
        assert previous == set(session.scalars(select(CorpusReport.id).where(CorpusReport.year == year - 1)))
    client = signed_in(web, "sup-a")
    chart = client.get("/console/compare").text
    data = json.loads(chart.split("data-chart='", 1)[1].split("'", 1)[0])
    assert data["applications"][data["years"].index(str(year))] == 1  # the desk's, not 1 + 15
    rows = of_bureau(csv_rows(client.get(f"/console/export.csv?year={year}").content), year)
    sources = [r["source"] for r in rows if r["cell"] == "applications.new_received.total"]
    assert sources[0] == EXPORT_SOURCE and len(sources) == 2  # both kept, the desk's first
    totals = [r["value"] for r in rows if r["cell"] == "applications.new_received.total"]
    assert totals == ["1", "15"]
    compared = run_xxgk("compare", "--db", web.context.db.url, "--agency", BUREAU, "--format", "json")
    new = next(m for m in json.loads(compared.stdout)["metrics"] if m["key"] == "applications")
    assert new["values"] == [15, 1]


def test_ingest_never_replaces_a_desk_report_even_with_its_very_bytes_under_a_newer_parser(
    web: WebApp, tmp_path: Path
) -> None:
    year = today().year
    file_one(web)
    publish_desk_report(web, year)
    report = published(web, year)
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "report.json").write_bytes(dumps(report.to_dict()).encode("utf-8"))  # the document's own bytes
    with session_scope(web.context.db) as session:
        session.execute(sa.update(CorpusDocument).values(parser_version="0.0.1"))  # as if read by an older xxgk
    summary = ingest(web.context.db, [folder])
    assert (summary.added, summary.reparsed, summary.current, summary.unreadable) == (0, 0, 1, [])
    with session_scope(web.context.db) as session:
        assert session.scalars(select(CorpusReport.origin)).all() == [ORIGIN_DESK]
        paths = set(session.scalars(select(CorpusSource.path)))
        assert paths == {EXPORT_SOURCE, str(folder / "report.json")}


# ---------------------------------------------------------------- the migration (w0004)


def _published_draft(connection: sa.Connection, agency: int, report: Report, status: str) -> None:
    findings = [f.to_dict() for f in check_report(report)]
    connection.execute(
        sa.insert(ReportDraft).values(
            agency_id=agency,
            year=report.year,
            status=status,
            text=dict(report.text),
            updated_at=now(),
            report=report.to_dict(),
            findings=findings,
            errors=sum(f["severity"] == "error" for f in findings),
            warnings=sum(f["severity"] == "warning" for f in findings),
        )
    )


def _stored_at_start(db: Database) -> int:
    """What `xxgk serve` does when it starts: store the published drafts the corpus store lacks."""
    with session_scope(db) as session:
        return annual.store_unstored_published(session)


def _stored(url: str) -> list[tuple[Any, ...]]:
    db = open_database(url, migrate=False)
    with db.sessions() as session:
        rows = session.execute(
            select(CorpusReport.agency_id, CorpusReport.year, CorpusReport.published, CorpusReport.origin)
        ).all()
        return [tuple(r) for r in rows]


def test_reports_published_before_are_stored_at_start_and_removed_by_the_migrations_downgrade(
    database_url: str,
) -> None:
    engine = _engine(database_url)
    migrate(engine, "upgrade", "c0001")  # the heads before this change
    migrate(engine, "upgrade", "l0003")
    migrate(engine, "upgrade", "w0003")
    migrate(engine, "upgrade", "a0002")  # the ORM's agencies, which this test and w0004 use
    published_report, submitted_report, undated_report = consistent_report(), consistent_report(), consistent_report()
    published_report.agency = submitted_report.agency = "测试县科学技术局"
    submitted_report.year = 2024
    undated_report.agency, undated_report.year = "测试县教育局", 2023
    published_report.cells["applications.granted.total"] = 9  # an error the supervisor published anyway
    db = open_database(database_url, migrate=False)
    with session_scope(db) as session:
        bureau = agency_for(session, "测试县科学技术局").id
        school = agency_for(session, "测试县教育局").id
        session.flush()
        connection = session.connection()
        _published_draft(connection, bureau, published_report, "published")
        _published_draft(connection, bureau, submitted_report, "submitted")
        _published_draft(connection, school, undated_report, "published")
        connection.execute(
            sa.insert(AuditEntry).values(
                at=datetime(2024, 1, 15, 17, 30, tzinfo=UTC),  # 2024-01-16 01:30 in China
                actor="sup",
                action="report.publish",
                target_type="annual_report",
                target_id=f"{bureau}/2023",
                agency_id=bureau,
                detail={},
            )
        )
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM corpus_reports")).scalar() == 0

    db = open_database(database_url)  # every branch to its head; the migration runs no report code
    assert _stored(database_url) == []
    assert _stored_at_start(db) == 2  # what `xxgk serve` does when it starts
    assert sorted(_stored(database_url)) == [
        (bureau, 2023, "2024-01-16", ORIGIN_DESK),
        (school, 2023, None, ORIGIN_DESK),
    ]
    with db.sessions() as session:
        draft = session.scalars(select(ReportDraft).where(ReportDraft.agency_id == bureau, ReportDraft.year == 2023))
        assert draft.one().report["published"] == "2024-01-16"  # type: ignore[index]
        stored = session.scalars(select(CorpusReport).where(CorpusReport.agency_id == bureau)).one()
        query = select(CorpusCell.cell, CorpusCell.value).where(CorpusCell.report_id == stored.id)
        cells = {cell: value for cell, value in session.execute(query)}
        assert cells["applications.granted.total"] == 9 and cells["applications.new_received.total"] == 15
        assert len(cells) == len(printed_cells(published_report))
        codes = session.scalars(select(CorpusFinding.code).where(CorpusFinding.report_id == stored.id)).all()
        assert sorted(codes) == sorted(f.code for f in check_report(published_report))
        assert stored.errors > 0
    assert _stored_at_start(open_database(database_url)) == 0  # nothing again
    assert len(_stored(database_url)) == 2

    migrate(engine, "downgrade", "w0003")
    assert _stored(database_url) == []
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CorpusDocument)) == 0
        assert session.scalar(select(func.count()).select_from(CorpusSource)) == 0
    migrate(engine, "upgrade", "heads")
    assert _stored_at_start(db) == 2
    assert len(_stored(database_url)) == 2
