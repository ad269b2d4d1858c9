"""Scope at every upload (issue 13): reports only into the uploader's tree, no agency made from a printed
name, nothing public before a supervisor releases it, errors only when released deliberately."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import func, select

from reports import consistent_report
from test_web_portal import agency_id
from test_web_upload_jobs import migrate
from webapp import WebApp, add_agency, csrf, faulty_report, report_text, signed_in, store_upload
from xxgk.now import now
from xxgk.report import Report
from xxgk.store import open_database, session_scope
from xxgk.store.agencies import Agency
from xxgk.store.corpus import CorpusDocument, CorpusReport
from xxgk.store.database import _engine
from xxgk.store.web import AuditEntry, UploadJobFile


def printed_by(agency: str, year: int = 2024) -> Report:
    report = consistent_report()
    report.agency, report.year = agency, year
    return report


def stored_upload(web: WebApp, username: str, *reports: Report) -> str:
    """Upload the reports with 入库 as `username`; the job page's text once the ingest is done."""
    client = signed_in(web, username)
    files = [(f"{i}.txt", report_text(r)) for i, r in enumerate(reports)]
    response = store_upload(client, files)
    assert response.status_code == 303, response.text
    web.context.library.wait(120)
    return client.get(response.headers["location"]).text


def corpus_reports_of(web: WebApp, name: str) -> int:
    with session_scope(web.context.db) as session:
        query = select(func.count()).select_from(CorpusReport).join(Agency, Agency.id == CorpusReport.agency_id)
        return session.scalar(query.where(Agency.name == name)) or 0


def test_a_county_supervisor_cannot_file_a_report_under_a_city_bureau_or_another_city(web: WebApp) -> None:
    city_bureau, other_city = agency_id(web, "甲市科学技术局"), agency_id(web, "丙市科学技术局")
    page = stored_upload(web, "sup-county", printed_by("甲市科学技术局"), printed_by("丙市科学技术局"))
    assert page.count("该机关不在您管辖的范围内，未入库") == 2
    assert corpus_reports_of(web, "甲市科学技术局") == corpus_reports_of(web, "丙市科学技术局") == 0
    with session_scope(web.context.db) as session:  # the refused documents are not kept either
        assert session.scalar(select(func.count()).select_from(CorpusDocument)) == 0
    web.client.cookies.clear()
    for agency in (city_bureau, other_city):
        assert web.client.get(f"/agencies/{agency}/reports/2024").status_code == 404
        assert web.client.get(f"/agencies/{agency}/reports/2024/download/docx").status_code == 404
    # The city's own supervisor may file it: stored, yet not public until released.
    page = stored_upload(web, "sup-a", printed_by("甲市科学技术局"))
    assert "甲市科学技术局 2024 年度：0 个错误" in page and corpus_reports_of(web, "甲市科学技术局") == 1
    web.client.cookies.clear()
    assert web.client.get(f"/agencies/{city_bureau}/reports/2024").status_code == 404
    assert "2024" not in re.sub(
        r"<footer.*", "", web.client.get(f"/agencies/{city_bureau}/reports").text.split("<main>")[1]
    )


def test_an_unknown_agency_is_queued_not_created_and_placed_only_inside_the_tree(web: WebApp) -> None:
    before = _agency_names(web)
    page = stored_upload(web, "sup-county", printed_by("错误市人民政府"))
    assert "待确认机关后入库" in page and 'id="go-queue"' in page
    assert _agency_names(web) == before  # no agency from a printed name
    web.client.cookies.clear()
    assert "错误市" not in web.client.get("/").text
    file_id = _queued_file(web)
    # Another city's supervisor neither sees nor places it.
    other = signed_in(web, "sup-c")
    assert "错误市人民政府" not in other.get("/console/queue").text
    taken = other.post(
        f"/console/queue/{file_id}/map",
        data={"csrf_token": csrf(other, "/console/queue"), "agency_id": str(agency_id(web, "丙市人民政府"))},
    )
    assert taken.status_code == 400 and "没有这份待确认的报告" in taken.text
    # Its own supervisor may not place it outside the county either.
    county = signed_in(web, "sup-county")
    token = csrf(county, "/console/queue")
    outside = county.post(
        f"/console/queue/{file_id}/map", data={"csrf_token": token, "agency_id": str(agency_id(web, "丙市人民政府"))}
    )
    assert outside.status_code == 400 and "管辖范围内" in outside.text
    above = county.post(
        f"/console/queue/{file_id}/create",
        data={"csrf_token": token, "name": "", "parent_id": str(agency_id(web, "甲市人民政府"))},
    )
    assert above.status_code == 400 and "上级机关须在您管辖的范围内" in above.text
    assert _agency_names(web) == before
    made = county.post(
        f"/console/queue/{file_id}/create",
        data={"csrf_token": token, "name": "", "parent_id": str(agency_id(web, "甲市乙县人民政府"))},
    )
    assert made.status_code == 303
    with session_scope(web.context.db) as session:
        agency = session.scalars(select(Agency).where(Agency.name == "错误市人民政府")).one()
        assert agency.parent is not None and agency.parent.name == "甲市乙县人民政府"
        assert (agency.kind, agency.level) == ("人民政府", "市")
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.user_id.is_not(None))))
        assert {"agency.create", "corpus.place", "corpus.upload"} <= actions
    assert corpus_reports_of(web, "错误市人民政府") == 1
    web.client.cookies.clear()
    assert web.client.get(f"/agencies/{agency.id}/reports/2024").status_code == 404  # placed, not yet public


def test_a_report_with_errors_is_public_only_when_released_deliberately(web: WebApp) -> None:
    bureau = add_agency(web, "测试县科学技术局", "甲市人民政府")
    year = faulty_report().year
    stored_upload(web, "sup-a", faulty_report())
    client = signed_in(web, "sup-a")
    page = client.get(f"/console/reports/{bureau}/{year}").text
    assert "已入库（未公开）" in page and 'id="release-form"' in page and "仍然公开" in page
    token = csrf(client, f"/console/reports/{bureau}/{year}")
    refused = client.post(f"/console/reports/{bureau}/{year}/release", data={"csrf_token": token})
    assert refused.status_code == 400 and "个错误" in refused.text
    client.cookies.clear()
    assert client.get(f"/agencies/{bureau}/reports/{year}").status_code == 404
    client = signed_in(web, "sup-c")  # another city's supervisor cannot release it
    other = client.post(
        f"/console/reports/{bureau}/{year}/release",
        data={"csrf_token": csrf(client, "/console/reports"), "despite_errors": "true"},
    )
    assert other.status_code == 404
    client = signed_in(web, "sup-a")
    released = client.post(
        f"/console/reports/{bureau}/{year}/release",
        data={"csrf_token": csrf(client, "/console/reports"), "despite_errors": "true"},
    )
    assert released.status_code == 303
    assert "已公开" in client.get("/console/reports").text
    client.cookies.clear()
    assert client.get(f"/agencies/{bureau}/reports/{year}").status_code == 200
    with session_scope(web.context.db) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "corpus.release")).one()
        assert entry.actor == "sup-a" and entry.detail["errors"] > 0


def test_check_only_uploads_store_nothing(web: WebApp) -> None:
    client = signed_in(web, "sup-a")
    files = [("files", ("a.txt", report_text(printed_by("甲市科学技术局")), "text/plain"))]
    response = client.post(
        "/console/checks", data={"csrf_token": csrf(client, "/console/checks"), "mode": "check"}, files=files
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/console/checks/")
    web.context.checks.wait(120)
    assert corpus_reports_of(web, "甲市科学技术局") == 0


def _agency_names(web: WebApp) -> set[str]:
    with session_scope(web.context.db) as session:
        return set(session.scalars(select(Agency.name)))


def _queued_file(web: WebApp) -> int:
    with session_scope(web.context.db) as session:
        return session.scalars(select(UploadJobFile.id).where(UploadJobFile.status == "unplaced")).one()


def test_the_release_and_session_migration_keeps_clean_reports_public_and_goes_down_and_up(database_url: str) -> None:
    engine = _engine(database_url)
    for head in ("w0004", "a0002", "l0003"):  # the heads before this change
        migrate(engine, "upgrade", head)
    with engine.begin() as connection:
        for number, (errors, origin) in enumerate([(0, "document"), (2, "document"), (0, "desk")], 1):
            connection.execute(
                sa.text(
                    "INSERT INTO corpus_documents (id, sha256, size, parser_version, result_hash, parsed_at)"
                    " VALUES (:id, :sha, 1, 'v', 'h', :at)"
                ),
                {"id": number, "sha": f"{number:064d}", "at": now()},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO corpus_reports (document_id, template, text, errors, warnings, origin)"
                    " VALUES (:id, '2021', '{}', :errors, 0, :origin)"
                ),
                {"id": number, "errors": errors, "origin": origin},
            )
        connection.execute(
            sa.text(
                "INSERT INTO users (username, display_name, password_hash, role, active, created_at)"
                " VALUES ('old', 'old', 'x', 'admin', :active, :at)"
            ),
            {"active": True, "at": now()},
        )
    open_database(database_url)  # every branch to its head, as `xxgk serve` does
    with engine.connect() as connection:
        released = connection.execute(sa.text("SELECT document_id FROM corpus_releases")).scalars().all()
        assert released == [1]  # the clean upload stays public; the one with errors waits; the desk's needs none
        user = connection.execute(sa.text("SELECT session_epoch, must_change_password FROM users")).one()
        assert (user[0], bool(user[1])) == (0, False)
    migrate(engine, "downgrade", "w0004")
    assert "corpus_releases" not in sa.inspect(engine).get_table_names()
    assert "session_epoch" not in {c["name"] for c in sa.inspect(engine).get_columns("users")}
    migrate(engine, "upgrade", "heads")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM corpus_releases")).scalar() == 1
