"""The desk registers applications that come in on paper, and keeps reported years closed.

《政府信息公开条例》第三十一条: the receipt date is fixed by how the application came
in — 当面提交 the day submitted, 邮寄 the day the agency signed for it, 平常信函 and
传真 the day confirmed with the applicant — and the 20 working days of 第三十三条 run
from it. A clerk records the facts; the clock derives the date. 第五十条: a year whose
annual report was submitted (报送) or published is changed only as an amendment, which
reopens that year's report; this holds for review cases, table 二 figures and records
imports on the desk as for decisions.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from conftest import run_xxgk
from test_ledger_amendments import draft_status, reported
from test_web_desk import post
from test_web_portal import agency_id, apply, filed
from test_web_records import as_csv
from webapp import WebApp, csrf, signed_in
from xxgk.now import today
from xxgk.store import open_database, session_scope
from xxgk.store.ledger import Application
from xxgk.store.web import AuditEntry

AGENCY = "甲市科学技术局"
POSTED = {
    "channel": "post",
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "request": "2025年科技项目立项清单",
    "submitted": "2025-09-22",  # posted on Monday
    "signed_for": "2025-09-26",  # signed for on Friday: the receipt date (第三十一条第二项)
}
DECISIONS_2025 = [["行政许可", "SX-001", "甲科许〔2025〕1号", "2025-03-03", "准予许可"]]


def actions(web: WebApp, action: str) -> list[str]:
    with session_scope(web.context.db) as session:
        return list(session.scalars(select(AuditEntry.actor).where(AuditEntry.action == action)))


def test_a_posted_application_is_received_the_day_signed_for_art_31_and_due_from_it(web_any: WebApp) -> None:
    """第三十一条第二项: 邮寄 → the day signed for, not the day posted; 第三十三条: due 20 working days on."""
    client = signed_in(web_any, "clerk-a")
    form = client.get("/desk/intake")
    assert form.status_code == 200 and "签收日期" in form.text and "第三十一条" in form.text
    response = client.post("/desk/intake", data={**POSTED, "csrf_token": csrf(client, "/desk/intake")})
    assert response.status_code == 303
    number = response.headers["location"].rsplit("/", 1)[1]
    with session_scope(web_any.context.db) as session:
        stored = session.scalars(select(Application).where(Application.number == number)).one()
        assert (stored.received_on.isoformat(), stored.channel) == ("2025-09-26", "邮寄")
        assert stored.submitted_on is not None and stored.submitted_on.isoformat() == "2025-09-22"
    page = client.get(f"/desk/applications/{number}").text
    # 2025-09-26 + 20 working days over 国庆 (1–8 Oct off, 28 Sep and 11 Oct worked) = 30 Oct
    assert re.search(r'id="due-date">2025-10-30<', page)
    assert "申请人 2025-09-22 提交" in page and "签收日期为收到申请之日（第三十一条第二项）" in page
    assert actions(web_any, "application.add") == ["clerk-a"]  # audited through the service, as the clerk


def test_a_posted_application_without_its_signed_for_date_is_refused_on_that_field(web_any: WebApp) -> None:
    """第三十一条第二项: without the day signed for there is no receipt date; nothing is registered."""
    client = signed_in(web_any, "clerk-a")
    data = {**POSTED, "signed_for": "", "csrf_token": csrf(client, "/desk/intake")}
    refused = client.post("/desk/intake", data=data)
    assert refused.status_code == 400
    error = re.search(r'<span class="error field-error" id="error-signed_for">([^<]*)<', refused.text)
    assert error and "邮寄的申请须写明签收日期" in error.group(1) and "第三十一条" in error.group(1)
    assert 'name="signed_for" type="date" value="" aria-invalid="true" aria-describedby="error-signed_for"' in (
        refused.text
    )
    assert 'value="张三"' in refused.text  # what was typed comes back
    in_person = {**POSTED, "channel": "in_person", "signed_for": "", "csrf_token": csrf(client, "/desk/intake")}
    assert client.post("/desk/intake", data=in_person).status_code == 303  # 当面提交: the day submitted suffices
    with session_scope(web_any.context.db) as session:
        received = session.scalars(select(Application.received_on)).all()
    assert [day.isoformat() for day in received] == ["2025-09-22"]


def test_a_case_into_a_submitted_year_needs_the_amendment_box_and_reopens_the_report(web_any: WebApp) -> None:
    """第五十条: a review case filed in a year already reported changes its table 四: refused, or an amendment."""
    reported(web_any.context.db, AGENCY, 2025)
    client = signed_in(web_any, "clerk-a")
    assert 'id="amend"' in client.get("/desk/cases").text
    case = {"kind": "review", "filed": "2025-05-06", "concluded": "2025-08-01", "result": "upheld"}
    refused = client.post("/desk/cases", data={**case, "csrf_token": csrf(client, "/desk/cases")})
    assert refused.status_code == 400 and "2025 年度（已报送）" in refused.text
    assert draft_status(web_any.context.db, 2025) == "submitted"
    blank = {**case, "amend": "1", "amend_reason": " "}
    assert (
        "须写明更正理由" in client.post("/desk/cases", data={**blank, "csrf_token": csrf(client, "/desk/cases")}).text
    )
    assert post(web_any, "/desk/cases", {**case, "amend": "1", "amend_reason": "补登复议案件"}, "/desk/cases") == 303
    assert draft_status(web_any.context.db, 2025) == "returned"
    assert actions(web_any, "report.reopen") == ["clerk-a"]


def test_table_two_figures_into_a_submitted_year_need_the_amendment_box(web: WebApp) -> None:
    """第五十条: table 二 of a reported year is typed again only as an amendment."""
    reported(web.context.db, AGENCY, 2025)
    client = signed_in(web, "clerk-a")
    page = "/desk/active/2025"
    assert 'id="amend"' in client.get(page).text
    figures = {"active.regulations.issued": "3"}
    refused = client.post(page, data={**figures, "csrf_token": csrf(client, page)})
    assert refused.status_code == 400 and "2025 年表二数字" in refused.text and "2025 年度（已报送）" in refused.text
    assert post(web, page, {**figures, "amend": "1", "amend_reason": "更正规章数"}, page) == 303
    assert draft_status(web.context.db, 2025) == "returned"


def test_a_records_import_into_a_submitted_year_needs_the_amendment_box(web_any: WebApp) -> None:
    """第五十条: a decisions ledger kept for a reported year changes its table 二: refused, or an amendment."""
    client = signed_in(web_any, "clerk-a")
    page = "/desk/records/2025"
    assert post(web_any, f"{page}/sources", {"source-decisions": "1"}, page) == 303
    reported(web_any.context.db, AGENCY, 2025)
    assert 'id="amend-decisions"' in client.get(page).text
    upload = {"file": ("决定.csv", as_csv(DECISIONS_2025), "text/csv")}
    refused = client.post(f"{page}/import/decisions", data={"csrf_token": csrf(client, page)}, files=upload)
    assert refused.status_code == 400 and "导入的行政决定台账会改变2025 年度（已报送）" in refused.text
    assert draft_status(web_any.context.db, 2025) == "submitted"
    amend = {"csrf_token": csrf(client, page), "amend": "1", "amend_reason": "补录漏登的许可决定"}
    done = client.post(f"{page}/import/decisions", data=amend, files=upload)
    assert done.status_code == 200 and "已导入 1 条（新增 1，更新 0）" in done.text
    assert draft_status(web_any.context.db, 2025) == "returned"
    assert actions(web_any, "report.reopen") == ["clerk-a"]


def test_a_records_import_unchanged_or_outside_kept_years_passes_and_the_cli_needs_amend(tmp_path: Path) -> None:
    """The guard fires only on what changes a reported year's table 二; `--amend` on the command line."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    ledger = tmp_path / "决定.csv"
    ledger.write_bytes(as_csv(DECISIONS_2025))
    args = ("ledger", "decisions", "import", str(ledger), "--agency", AGENCY, "--db", url)
    assert run_xxgk(*args).returncode == 0  # 2025 not reported yet
    assert run_xxgk("ledger", "sources", "--agency", AGENCY, "--year", "2025", "decisions", "--db", url).returncode == 0
    db = open_database(url)
    reported(db, AGENCY, 2025)
    db.engine.dispose()
    assert run_xxgk(*args).returncode == 0  # the same rows again: nothing changes, silent
    changed = [*DECISIONS_2025, ["行政处罚", "CF-1", "甲科罚〔2025〕1号", "2025-06-01", "警告"]]
    ledger.write_bytes(as_csv(changed))
    refused = run_xxgk(*args)
    assert refused.returncode == 2 and "2025 年度（已报送）" in refused.stderr and "Traceback" not in refused.stderr
    other = tmp_path / "2024.csv"
    other.write_bytes(as_csv([["行政许可", "SX-9", "甲科许〔2024〕9号", "2024-03-03", "准予许可"]]))
    assert run_xxgk("ledger", "decisions", "import", str(other), "--agency", AGENCY, "--db", url).returncode == 0
    amended = run_xxgk(*args, "--amend", "补录处罚决定", "--actor", "王五")
    assert amended.returncode == 0, amended.stderr
    db = open_database(url)
    assert draft_status(db, 2025) == "returned"
    db.engine.dispose()


def test_a_receipt_back_dated_into_a_submitted_year_art_31_needs_the_amendment_box(web_any: WebApp) -> None:
    """第三十一条: a letter signed for in 2025 is received in 2025; that year's report was submitted (第五十条)."""
    reported(web_any.context.db, AGENCY, 2025)
    client = signed_in(web_any, "clerk-a")
    assert 'id="amend"' in client.get("/desk/intake").text
    refused = client.post("/desk/intake", data={**POSTED, "csrf_token": csrf(client, "/desk/intake")})
    assert refused.status_code == 400
    assert (
        "登记收到日期为 2025-09-26 的申请会改变2025 年度（已报送）" in refused.text and 'value="张三"' in refused.text
    )
    with session_scope(web_any.context.db) as session:
        assert session.scalars(select(Application.id)).all() == []
    assert draft_status(web_any.context.db, 2025) == "submitted"
    amend = {**POSTED, "amend": "1", "amend_reason": "补登漏登的邮寄申请"}
    assert post(web_any, "/desk/intake", amend, "/desk/intake") == 303
    assert draft_status(web_any.context.db, 2025) == "returned"
    assert actions(web_any, "report.reopen") == ["clerk-a"]


def test_an_online_application_is_received_today_art_31_and_never_turned_away(web_any: WebApp) -> None:
    """第三十一条第三项: online, received the day filed — never back-dated; should this year's report have
    been submitted early, the citizen is still served (第二十七条) and the report reopened to be checked."""
    year = today().year
    reported(web_any.context.db, AGENCY, year)
    status, page = apply(web_any.client, agency_id(web_any, AGENCY))
    assert status == 200
    number, _ = filed(page)
    with session_scope(web_any.context.db) as session:
        stored = session.scalars(select(Application).where(Application.number == number)).one()
        assert stored.received_on == today()
    assert draft_status(web_any.context.db, year) == "returned"
    assert actions(web_any, "report.reopen") == ["公众"]
