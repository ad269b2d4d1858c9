"""A year's review of a supervisor's tree renders to DOCX and PDF, read back here."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
import pypdfium2
from sqlalchemy import select

from test_console_compare import FIGURES, compared  # noqa: F401  (the fixture)
from webapp import WebApp, add_agency, signed_in
from xxgk.ledger.applications import agency_named, record_application
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.portal import ReportDraft


def _drafted(web: WebApp, name: str, at: datetime) -> None:
    with session_scope(web.context.db) as session:
        agency = session.scalars(select(Agency).where(Agency.name == name)).one()
        session.add(ReportDraft(agency_id=agency.id, year=2025, status="submitted", text={}, submitted_at=at, errors=2))


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def test_the_year_review_renders_to_docx_and_pdf(compared: WebApp) -> None:  # noqa: F811
    web = compared
    add_agency(web, "甲市财政局", "甲市人民政府")  # nothing received: 缺报
    _drafted(web, "甲市人民政府", datetime(2026, 2, 10, 2, tzinfo=UTC))  # after 31 January: 逾期
    with session_scope(web.context.db) as session:  # one answer of 2025 given 3 working days late
        bureau = agency_named(session, "甲市科学技术局", create=False)
        record_application(
            session, bureau, received=date(2025, 9, 26), applicant_type="natural_person", number="R-1", actor="测试"
        )
        session.flush()
        answered = session.scalars(select(Application).where(Application.number == "R-1")).one()
        answered.decided_on, answered.late_days = date(2025, 11, 4), 3
    client = signed_in(web, "sup-a")
    assert "年度审查报告" in client.get("/console/review").text
    word = client.get("/console/review?year=2025&format=docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "甲市人民政府2025年度政府信息公开工作年度报告审查情况" in text
    assert "2026-01-31" in text and "逾期 1 个" in text and "缺报 1 个" in text
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in document.tables[0].rows[1:]}
    assert rows["甲市人民政府"][1:4] == ["逾期", "2026-02-10", "2"]
    assert rows["甲市财政局"][1] == "缺报"
    assert rows["甲市科学技术局"][5] == "1" and rows["甲市财政局"][5] == ""  # late answers, from the ledger
    assert "丙市科学技术局" not in rows  # another tree
    metrics = {r.cells[0].text: r.cells[1].text for r in document.tables[1].rows[1:]}
    mine = [f for (name, year), f in FIGURES.items() if year == 2025 and name.startswith("甲市")]
    assert metrics["新收申请数"] == str(sum(sum(f) for f in mine))
    top, bottom = sum(g + p for g, p, _ in mine), sum(sum(f) for f in mine)
    assert metrics["实质公开率"] == f"{100 * top / bottom:.1f}%"
    assert len(document.inline_shapes) == 2  # the two charts
    pdf = client.get("/console/review?year=2025&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    read = _pdf_text(pdf.content)
    assert "审查情况" in read and "甲市财政局" in read and "缺报" in read and f"{100 * top / bottom:.1f}%" in read
