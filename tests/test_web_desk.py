"""The agency desk and the supervisor's reports: a clerk works an application and the year's
report follows; the head signs off; the supervisor returns it; nobody crosses agencies."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from test_web_portal import agency_id, apply, filed
from webapp import WebApp, csrf, signed_in, store_upload
from xxgk.now import today
from xxgk.store import session_scope
from xxgk.store.web import AuditEntry

SCRIPT = "<script>alert(1)</script>"


def cell_value(page: str, cell: str) -> str:
    found = re.search(rf'id="cell-{re.escape(cell)}"[^>]*>(?:<a [^>]*>)?([^<]*)<', page)
    assert found, cell
    return found.group(1)


def file_one(web: WebApp, agency: str = "甲市科学技术局") -> str:
    web.client.cookies.clear()
    number, _ = filed(apply(web.client, agency_id(web, agency))[1])
    return number


def post(web: WebApp, path: str, data: dict[str, str], page: str = "/desk") -> int:
    token = csrf(web.client, page)
    return web.client.post(path, data={**data, "csrf_token": token}).status_code


def test_a_clerk_records_a_correction_and_a_decision_and_the_report_cell_changes(web_any: WebApp) -> None:
    web = web_any
    number = file_one(web)
    year, day = today().year, today().isoformat()
    client = signed_in(web, "clerk-a")
    desk = client.get("/desk")
    assert number in desk.text and "due-" in desk.text
    before = client.get(f"/desk/reports/{year}")
    assert cell_value(before.text, "applications.new_received.natural_person") == "1"
    assert cell_value(before.text, "applications.granted.natural_person") == "0"
    events = f"/desk/applications/{number}/events"
    period = (today() + timedelta(days=14)).isoformat()  # 第三十条: the notice states the applicant's period
    assert post(web, events, {"kind": "correction_notice", "on": day}) == 400
    assert post(web, events, {"kind": "correction_notice", "on": day, "until": period}) == 303
    assert post(web, events, {"kind": "correction_received", "on": day}) == 303
    page = client.get(f"/desk/applications/{number}")
    assert "补正告知" in page.text and "收到补正" in page.text and 'id="due-date"' in page.text
    assert (
        post(web, f"/desk/applications/{number}/decision", {"on": day, "outcome": "granted", "reply": "见附件"}) == 303
    )
    after = client.get(f"/desk/reports/{year}")
    assert cell_value(after.text, "applications.granted.natural_person") == "1"
    letter = client.get(f"/desk/applications/{number}/letters/decision/pdf")
    assert letter.status_code == 200 and letter.headers["content-type"] == "application/pdf"
    assert letter.headers["content-disposition"].startswith("attachment;")
    with session_scope(web.context.db) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == number)).all()
    assert actions == ["application.file", "application.event", "application.event", "application.decide"]


def test_an_extension_needs_the_head_and_a_broken_rule_is_explained(web: WebApp) -> None:
    number = file_one(web)
    day = today().isoformat()
    signed_in(web, "clerk-a")
    refused = web.client.post(
        f"/desk/applications/{number}/events",
        data={
            "kind": "extension",
            "on": day,
            "days": "10",
            "reason": "材料多",
            "csrf_token": csrf(web.client, "/desk"),
        },
    )
    assert refused.status_code == 400 and "机关负责人批准" in refused.text
    signed_in(web, "head-a")
    assert (
        post(
            web,
            f"/desk/applications/{number}/events",
            {"kind": "extension", "on": day, "days": "10", "reason": "材料多"},
        )
        == 303
    )
    page = web.client.get(f"/desk/applications/{number}")
    assert "批准人：head-a 用户" in page.text
    again = web.client.post(
        f"/desk/applications/{number}/events",
        data={"kind": "extension", "on": day, "days": "30", "reason": "还多", "csrf_token": csrf(web.client, "/desk")},
    )
    assert again.status_code == 400 and 'role="alert"' in again.text


def test_nobody_sees_or_changes_another_agencys_applications_or_reports(web: WebApp) -> None:
    number = file_one(web)
    year = today().year
    signed_in(web, "clerk-c")
    assert number not in web.client.get("/desk").text
    assert web.client.get(f"/desk/applications/{number}").status_code == 404
    assert post(web, f"/desk/applications/{number}/decision", {"on": today().isoformat(), "outcome": "granted"}) == 404
    assert cell_value(web.client.get(f"/desk/reports/{year}").text, "applications.new_received.total") == "0"
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/submit", {}) == 303
    a_bureau = agency_id(web, "甲市科学技术局")
    signed_in(web, "sup-c")  # supervises 丙市 only
    assert web.client.get(f"/console/reports/{a_bureau}/{year}").status_code == 404
    assert post(web, f"/console/reports/{a_bureau}/{year}/return", {"reason": "x"}, "/console/reports") == 404
    assert "甲市科学技术局" not in web.client.get("/console/reports").text


def test_the_head_signs_off_and_the_supervisor_returns_it_with_a_reason(web_any: WebApp) -> None:
    web = web_any
    file_one(web)
    year = today().year
    signed_in(web, "clerk-a")
    assert post(web, f"/desk/reports/{year}/text", {"overview": "本年度收到申请 1 件。"}) == 303
    assert post(web, f"/desk/reports/{year}/submit", {}) == 403  # the clerk cannot sign off
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/submit", {}) == 303
    assert "已报送" in web.client.get(f"/desk/reports/{year}").text
    assert post(web, f"/desk/reports/{year}/text", {"overview": "改"}) == 409
    bureau = agency_id(web, "甲市科学技术局")
    signed_in(web, "sup-a")
    grid = web.client.get("/console/reports").text
    assert f'href="/console/reports/{bureau}/{year}">已报送' in grid
    page = web.client.get(f"/console/reports/{bureau}/{year}")
    assert "本年度收到申请 1 件。" in page.text and "cell-applications.new_received.total" in page.text
    assert post(web, f"/console/reports/{bureau}/{year}/return", {"reason": ""}, "/console/reports") == 400
    assert (
        post(web, f"/console/reports/{bureau}/{year}/return", {"reason": SCRIPT + "表二空白"}, "/console/reports")
        == 303
    )
    signed_in(web, "clerk-a")
    mine = web.client.get(f"/desk/reports/{year}").text
    assert "已退回" in mine and "&lt;script&gt;alert(1)&lt;/script&gt;表二空白" in mine and SCRIPT not in mine
    with session_scope(web.context.db) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "annual_report")).all()
    assert actions == ["report.text", "report.submit", "report.return"]


def test_prose_checks_live_and_script_in_every_desk_field_comes_back_escaped(web: WebApp) -> None:
    number = file_one(web)
    year, day = today().year, today().isoformat()
    signed_in(web, "clerk-a")
    live = web.client.post(
        f"/desk/reports/{year}/text",
        data={"overview": SCRIPT + "本年度未收到政府信息公开申请。", "problems": SCRIPT, "other_matters": SCRIPT},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf(web.client, "/desk")},
    )
    assert live.status_code == 200 and live.text.lstrip().startswith('<div id="live"')
    assert "sev-warning" in live.text and SCRIPT not in live.text  # prose says none; table 三 counts one
    assert (
        post(
            web,
            f"/desk/applications/{number}/events",
            {"kind": "correction_notice", "on": day, "until": day, "reason": SCRIPT},
        )
        == 303
    )
    assert post(web, f"/desk/applications/{number}/decision", {"on": day, "outcome": "granted", "reply": SCRIPT}) == 303
    assert post(web, "/desk/cases", {"kind": "review", "filed": day, "number": SCRIPT}) == 303
    for path in (
        f"/desk/applications/{number}",
        "/desk/cases",
        f"/desk/reports/{year}",
    ):
        page = web.client.get(path).text
        assert SCRIPT not in page and "&lt;script&gt;" in page, path


def test_table_two_is_entered_from_the_template_and_bad_figures_named(web: WebApp) -> None:
    year = today().year
    signed_in(web, "clerk-a")
    page = web.client.get(f"/desk/active/{year}").text
    assert 'name="active.regulations.issued"' in page and 'name="active.fees.amount"' in page
    assert post(web, f"/desk/active/{year}", {"active.regulations.issued": "2", "active.fees.amount": "1.5"}) == 303
    report = web.client.get(f"/desk/reports/{year}").text
    assert cell_value(report, "active.regulations.issued") == "2"
    bad = web.client.post(
        f"/desk/active/{year}", data={"active.regulations.issued": "两件", "csrf_token": csrf(web.client, "/desk")}
    )
    assert bad.status_code == 400 and "不是数字" in bad.text


def test_a_supervisor_uploads_reports_into_the_corpus_and_sees_their_state_and_findings(web: WebApp) -> None:
    from webapp import EXAMPLES, faulty_report, report_text

    client = signed_in(web, "sup-a")
    files = [
        ("faulty.txt", report_text(faulty_report(today().year - 1))),  # inside the grid's recent years
        ("yangcheng.txt", (EXAMPLES / "yangcheng-2023.txt").read_bytes()),
    ]
    response = store_upload(client, files)
    assert response.status_code == 303, response.text
    web.context.library.wait(120)
    job = client.get(response.headers["location"]).text
    assert "新入库 2 份" in job and job.count("待确认机关后入库") == 2, re.findall(r"library-done.*|file-.*", job)
    assert "阳城县科学技术局" not in client.get("/").text  # no agency is made from a printed name
    queue = client.get("/console/queue").text
    for file_id in re.findall(r'id="queued-(\d+)"', queue):  # the supervisor confirms both under the city
        confirmed = client.post(
            f"/console/queue/{file_id}/create",
            data={
                "csrf_token": csrf(client, "/console/queue"),
                "name": "",
                "parent_id": str(agency_id(web, "甲市人民政府")),
            },
        )
        assert confirmed.status_code == 303
    assert 'id="queue-empty"' in client.get("/console/queue").text
    grid = client.get("/console/reports").text
    assert "已入库（未公开）" in grid
    assert "阳城县科学技术局" in grid and re.search(r'class="sev-error">错误 [1-9]', grid)  # the faulty report
    signed_in(web, "sup-c")  # another city's supervisor sees neither the job nor the agencies
    assert web.client.get(response.headers["location"]).status_code == 404
    assert "阳城县科学技术局" not in web.client.get("/console/reports").text


def test_the_desk_lists_the_hundred_most_urgent_and_counts_the_rest(web: WebApp) -> None:
    from xxgk.ledger.applications import agency_named, record_application

    with session_scope(web.context.db) as session:
        agency = agency_named(session, "甲市科学技术局", create=False)
        for _ in range(105):
            record_application(session, agency, received=today(), applicant_type="natural_person")
    signed_in(web, "clerk-a")
    page = web.client.get("/desk").text
    assert page.count('<tr class="due-') == 100 and "另有 5 件期限较远的申请未列出" in page
    assert web.client.get("/desk?all=1").text.count('<tr class="due-') == 105
