"""Annual reports downloaded as DOCX and PDF from the portal and the desk: real documents that read
back to the report shown, the publication gate on drafts, and each agency's drafts kept to itself."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import docx
import pypdfium2
from httpx2 import Response
from sqlalchemy import select

from test_web_desk import file_one, post
from test_web_portal import agency_id
from webapp import WebApp, add_agency, csrf, faulty_report, report_text, signed_in, store_upload
from xxgk.corpus.metrics import metric_named
from xxgk.ledger.annual import year_report
from xxgk.ledger.applications import agency_named
from xxgk.now import today
from xxgk.report import Report, show_value
from xxgk.service import parse_bytes
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.ledger import ActiveFigure
from xxgk.store.web import AuditEntry
from xxgk.template import get_template
from xxgk.web import annual

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
BUREAU = "甲市科学技术局"


def document(response: Response, fmt: str, name: str) -> Report:
    """The downloaded file, checked to be an attachment named `name` that opens as a real `fmt`, read back."""
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == MEDIA[fmt]
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="report-') and disposition.isascii()
    assert disposition.endswith(f"filename*=UTF-8''{quote(name)}")
    data = response.content
    if fmt == "docx":
        paragraphs = [p.text for p in docx.Document(BytesIO(data)).paragraphs]
        assert any("政府信息公开工作年度报告" in text for text in paragraphs)
    else:
        pdf = pypdfium2.PdfDocument(data)
        try:
            assert len(pdf) >= 2
            assert "一、总体情况" in pdf[0].get_textpage().get_text_range()
        finally:
            pdf.close()
    outcome = parse_bytes(data, name)
    assert outcome.report is not None, outcome.error
    return outcome.report


def same_report(read: Report, shown: Report) -> None:
    assert (read.template, read.agency, read.year) == (shown.template, shown.agency, shown.year)
    assert read.cells == shown.cells
    assert read.text == shown.text


def shows_cells(page: str, report: Report) -> None:
    """The page prints the same cells as `report`, with the same values (a blank optional row may be left out)."""
    printed = dict(re.findall(r'id="cell-([^"]+)"[^>]*>(?:<a [^>]*>)?([^<]*)<', page))
    expected = {cell: "—" if value is None else show_value(value) for cell, value in report.cells.items()}
    assert printed == {cell: text for cell, text in expected.items() if cell in printed}
    assert {cell for cell, value in report.cells.items() if value is not None} <= printed.keys()
    assert len(printed) > 150


def filled(report: Report) -> dict[str, object]:
    return {cell: value for cell, value in report.cells.items() if value is not None}


def publish_desk_report(web: WebApp, year: int) -> None:
    signed_in(web, "clerk-a")
    assert post(web, f"/desk/reports/{year}/text", {"overview": "本年度收到政府信息公开申请 1 件。"}) == 303
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/submit", {}) == 303
    signed_in(web, "sup-a")
    bureau = agency_id(web, BUREAU)
    assert post(web, f"/console/reports/{bureau}/{year}/publish", {}, "/console/reports") == 303


def test_the_portal_offers_a_published_report_as_docx_and_pdf_that_read_back_to_the_page(web: WebApp) -> None:
    file_one(web)
    year = today().year
    publish_desk_report(web, year)
    web.client.cookies.clear()  # the public, no account
    bureau = agency_id(web, BUREAU)
    listing = web.client.get(f"/agencies/{bureau}/reports").text
    view = web.client.get(f"/agencies/{bureau}/reports/{year}")
    with session_scope(web.context.db) as session:
        published = annual.published_report(session, session.get(Agency, bureau) or Agency(), year)
        assert published is not None
    shown = published.report
    assert shown.cells["applications.new_received.total"] == 1
    for fmt in ("docx", "pdf"):
        link = f"/agencies/{bureau}/reports/{year}/download/{fmt}"
        assert f'href="{link}"' in listing and f'href="{link}"' in view.text
        read = document(web.client.get(link), fmt, f"{BUREAU}{year}年政府信息公开工作年度报告.{fmt}")
        same_report(read, shown)
        shows_cells(view.text, read)
    assert web.client.get(f"/agencies/{bureau}/reports/{year}/download/html").status_code == 404
    assert web.client.get(f"/agencies/{bureau}/reports/{year - 1}/download/pdf").status_code == 404


def test_a_published_corpus_report_downloads_as_published_errors_and_all(web: WebApp) -> None:
    agency = add_agency(web, "测试县科学技术局", "甲市人民政府")
    client = signed_in(web, "sup-a")
    assert store_upload(client, [("faulty.txt", report_text(faulty_report()))]).status_code == 303
    web.context.library.wait(120)
    expected = faulty_report()
    released = client.post(  # its supervisor publishes it deliberately, errors and all
        f"/console/reports/{agency}/{expected.year}/release",
        data={"csrf_token": csrf(client, f"/console/reports/{agency}/{expected.year}"), "despite_errors": "true"},
    )
    assert released.status_code == 303
    client.cookies.clear()
    read = document(
        client.get(f"/agencies/{agency}/reports/{expected.year}/download/docx"),
        "docx",
        f"测试县科学技术局{expected.year}年政府信息公开工作年度报告.docx",
    )
    assert read.cells["applications.granted.total"] == 9  # as published, the R3 error kept
    assert filled(read) == filled(expected)


def test_a_draft_with_errors_is_refused_unless_the_head_forces_it_which_is_audited(web: WebApp) -> None:
    file_one(web)
    year = today().year
    client = signed_in(web, "clerk-a")
    page = client.get(f"/desk/reports/{year}").text
    assert f'href="/desk/reports/{year}/download/docx"' in page and "下载草稿" in page
    draft = document(
        client.get(f"/desk/reports/{year}/download/docx"),
        "docx",
        f"{BUREAU}{year}年政府信息公开工作年度报告（草稿）.docx",
    )
    assert filled(draft) == filled(service_report(web, year))
    shows_cells(page, draft)
    with session_scope(web.context.db) as session:  # a figure imported from an older system, out of range
        bureau = agency_named(session, BUREAU, create=False)
        session.add(ActiveFigure(agency_id=bureau.id, year=year, cell="active.regulations.issued", value=Decimal(-1)))
    refused = client.get(f"/desk/reports/{year}/download/pdf")
    assert refused.status_code == 409 and refused.headers["content-type"].startswith("text/html")
    assert 'id="download-refused"' in refused.text and "R0" in refused.text and "force-download" not in refused.text
    assert post(web, f"/desk/reports/{year}/download/pdf", {}) == 403  # a clerk cannot force it
    signed_in(web, "head-a")
    refused = web.client.get(f"/desk/reports/{year}/download/pdf")
    assert refused.status_code == 409 and 'id="force-download"' in refused.text
    token = csrf(web.client, f"/desk/reports/{year}")
    forced = web.client.post(f"/desk/reports/{year}/download/pdf", data={"csrf_token": token})
    read = document(forced, "pdf", f"{BUREAU}{year}年政府信息公开工作年度报告（草稿）.pdf")
    assert read.cells["active.regulations.issued"] == -1
    with session_scope(web.context.db) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.download_forced")).all()
        assert [(e.actor, e.detail) for e in entries] == [("head-a", {"format": "pdf", "errors": ["R0"]})]


def service_report(web: WebApp, year: int) -> Report:
    with session_scope(web.context.db) as session:
        return year_report(session, agency_named(session, BUREAU, create=False), year)


def test_each_agency_downloads_only_its_own_draft_and_drafts_need_a_login(web: WebApp, tmp_path: Path) -> None:
    file_one(web)
    year = today().year
    other = signed_in(web, "clerk-c")
    read = document(
        other.get(f"/desk/reports/{year}/download/docx"),
        "docx",
        f"丙市科学技术局{year}年政府信息公开工作年度报告（草稿）.docx",
    )
    assert read.agency == "丙市科学技术局" and read.cells["applications.new_received.total"] == 0
    other.cookies.clear()
    anonymous = other.get(f"/desk/reports/{year}/download/docx")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/submit", {}) == 303  # submitted, not yet published
    web.client.cookies.clear()
    bureau = agency_id(web, BUREAU)
    assert web.client.get(f"/agencies/{bureau}/reports/{year}/download/docx").status_code == 404
    assert not re.search(r"/download/", web.client.get(f"/agencies/{bureau}/reports").text)


def test_comparisons_count_a_report_published_from_the_desk(web: WebApp) -> None:
    """The supervisor's charts sum published reports wherever they came from: one written and
    published here counts for its year like one uploaded into the corpus."""
    file_one(web)
    year = today().year
    publish_desk_report(web, year)
    bureau = agency_id(web, BUREAU)
    with session_scope(web.context.db) as session:
        published = annual.published_report(session, session.get(Agency, bureau) or Agency(), year)
        assert published is not None
    measured = metric_named("applications").measure(get_template(published.report.template), published.report.cells)
    assert measured.value
    page = web.client.get("/console/compare").text
    found = re.search(r"data-chart='([^']*)'", page)
    assert found, page[:500]
    chart = json.loads(found.group(1))
    assert chart["applications"][chart["years"].index(str(year))] == measured.value
