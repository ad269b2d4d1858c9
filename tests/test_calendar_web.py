"""Estimated due dates on the desk and the portal, and a year's notice imported on the admin page.

2027 is estimated (chinese-calendar 1.11 knows up to 2026, no notice is imported); the
notice imported here is the invented one of test_calendar_estimate.
"""

from __future__ import annotations

from datetime import date, datetime, time

import time_machine
from sqlalchemy import select

from test_calendar_estimate import NOTICE_2027
from test_web_desk import post
from test_web_portal import agency_id, apply, filed
from webapp import WebApp, csrf, signed_in
from xxgk.ledger.applications import record_application
from xxgk.ledger.workdays import load_calendar, set_calendar_day
from xxgk.now import CHINA
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.web import AuditEntry

ESTIMATE_LINE = "该年国务院放假安排尚未公布，按《全国年节及纪念日放假办法》推定，公布后将重新计算"


def record(web: WebApp, number: str, received: date) -> None:
    with session_scope(web.context.db) as session:
        agency = session.scalars(select(Agency).where(Agency.name == "甲市科学技术局")).one()
        record_application(session, agency, received=received, applicant_type="natural_person", number=number)


def test_a_consultation_in_december_is_recorded_on_the_desk_and_the_due_date_shown_as_estimated(
    web_any: WebApp,
) -> None:
    web = web_any
    record(web, "D-1", date(2026, 12, 1))
    client = signed_in(web, "clerk-a")
    events = "/desk/applications/D-1/events"
    assert post(web, events, {"kind": "consultation", "on": "2026-12-15"}) == 303
    page = client.get("/desk/applications/D-1")
    assert "征求意见中，计时暂停" in page.text and "约 2027-01-06" in page.text and ESTIMATE_LINE in page.text
    assert post(web, events, {"kind": "consultation", "on": "2026-12-15", "until": "2026-12-18"}) == 303
    page = client.get("/desk/applications/D-1")
    assert '<span id="due-date">2027-01-05</span> <span class="estimated">推定</span>' in page.text
    assert 'id="estimate-note">推定：2027 年：' + ESTIMATE_LINE in page.text
    desk = client.get("/desk")
    assert "2027-01-05 <span" in desk.text and 'id="estimate-note"' in desk.text


def test_the_citizen_sees_an_estimated_due_date_marked_on_the_status_page(web: WebApp) -> None:
    agency = agency_id(web, "甲市科学技术局")
    with time_machine.travel(datetime.combine(date(2026, 12, 4), time(10, 0), CHINA), tick=True):
        number, code = filed(apply(web.client, agency)[1])  # the case: filed on 4 December
    token = csrf(web.client, f"/agencies/{agency}/status")
    page = web.client.post(f"/agencies/{agency}/status", data={"number": number, "code": code, "csrf_token": token})
    # Fri 4 Dec 2026: 7–31 Dec hold 19 working days, 元旦 off, the 20th is Mon 4 Jan 2027.
    assert 'id="status-due">2027-01-04</strong> <span class="estimated">推定</span>' in page.text
    assert "办理中" in page.text and ESTIMATE_LINE in page.text


def test_an_administrator_previews_and_imports_a_notice_and_the_moved_due_date_enters_the_timeline(
    web_any: WebApp,
) -> None:
    web = web_any
    record(web, "M-1", date(2026, 12, 21))
    with session_scope(web.context.db) as session:  # a local correction: 4 Jan 2027 off → due 20 Jan
        set_calendar_day(session, date(2027, 1, 4), False, "临时放假")
    assert signed_in(web, "clerk-a").get("/admin/calendar").status_code == 403
    admin = signed_in(web, "admin")
    page = admin.get("/admin/calendar")
    assert "2027" in page.text and "推定" in page.text
    token = csrf(admin, "/admin/calendar")
    broken = admin.post("/admin/calendar/preview", data={"text": "年份,2027\n", "csrf_token": token})
    assert broken.status_code == 400 and "缺少文号、发布日期、放假" in broken.text
    upload = {"file": ("2027.csv", NOTICE_2027.encode("utf-8"), "text/csv")}
    preview = admin.post("/admin/calendar/preview", data={"csrf_token": token}, files=upload)
    assert preview.status_code == 200 and "答复期限将变动的未办结申请：1 件" in preview.text
    assert "<td>M-1</td><td>2026-12-21</td><td>2027-01-20</td><td>2027-01-19</td>" in preview.text
    with session_scope(web.context.db) as session:  # nothing saved by the preview
        assert load_calendar(session).estimated(2027)
    text = preview.text.split('<textarea name="text" hidden>')[1].split("</textarea>")[0]
    saved = admin.post("/admin/calendar", data={"text": text.replace("&#34;", '"'), "csrf_token": token})
    assert saved.status_code == 303
    assert "国办发明电〔2026〕99号" in admin.get(saved.headers["location"]).text
    with session_scope(web.context.db) as session:
        assert not load_calendar(session).estimated(2027)
        action = session.scalars(select(AuditEntry.action).where(AuditEntry.action == "calendar.import")).all()
    assert action == ["calendar.import"]
    clerk = signed_in(web, "clerk-a")
    case = clerk.get("/desk/applications/M-1")
    assert '<span id="due-date">2027-01-19</span></h2>' in case.text and "推定" not in case.text
    assert (
        "答复期限调整：由 2027-01-20 改为 2027-01-19：导入 2027 年国务院放假安排（国办发明电〔2026〕99号" in case.text
    )
