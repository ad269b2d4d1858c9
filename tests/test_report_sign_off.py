"""Sign-off gates: the head cannot sign off (报送) a report with an empty section 一, 五 or 六 or with
an error finding unless a reason is written, which the audit log and the supervisor both see; the
desk's live findings are the catalogue's rules on the report it computed, the same `xxgk check` finds
in that report's DOCX (a prose/table contradiction included)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from test_web_desk import PROSE, file_one, post
from test_web_portal import agency_id
from webapp import WebApp, csrf, signed_in
from xxgk.ledger.applications import agency_named
from xxgk.now import today
from xxgk.service import check_file
from xxgk.store import session_scope
from xxgk.store.web import AuditEntry
from xxgk.web.annual import current_report, find_draft

BUREAU = "甲市科学技术局"


def test_empty_sections_refuse_the_sign_off_until_the_head_gives_a_reason(web_any: WebApp) -> None:
    web = web_any
    file_one(web)
    year = today().year
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/text", {"overview": PROSE["overview"]}) == 303
    token = csrf(web.client, f"/desk/reports/{year}")
    refused = web.client.post(f"/desk/reports/{year}/submit", data={"csrf_token": token})
    assert refused.status_code == 409 and "正文“五、存在的主要问题及改进情况”是空的" in refused.text
    assert "正文“六、其他需要报告的事项”是空的" in refused.text and "正文“一、总体情况”是空的" not in refused.text
    assert 'name="override"' in refused.text and "已报送" not in web.client.get(f"/desk/reports/{year}").text
    reason = "问题部分待主要负责人审定，先行报送以免逾期"
    sent = web.client.post(f"/desk/reports/{year}/submit", data={"csrf_token": token, "override": reason})
    assert sent.status_code == 303 and "已报送" in web.client.get(f"/desk/reports/{year}").text
    with session_scope(web.context.db) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.submit")).one()
        assert reason in entry.detail["override"] and "是空的" in entry.detail["override"]
    signed_in(web, "sup-a")
    page = web.client.get(f"/console/reports/{agency_id(web, BUREAU)}/{year}").text
    assert 'id="override-reason"' in page and reason in page


def test_a_complete_report_signs_off_without_a_reason(web: WebApp) -> None:
    file_one(web)
    year = today().year
    signed_in(web, "head-a")
    assert post(web, f"/desk/reports/{year}/text", PROSE) == 303
    assert post(web, f"/desk/reports/{year}/submit", {}) == 303
    with session_scope(web.context.db) as session:
        draft = find_draft(session, agency_named(session, BUREAU, create=False), year)
        assert draft is not None and draft.status == "submitted" and draft.override_reason is None


def test_the_desk_flags_the_prose_table_contradiction_xxgk_check_finds_in_the_docx(web: WebApp, tmp_path: Path) -> None:
    file_one(web)
    year = today().year
    signed_in(web, "head-a")
    contradiction = {**PROSE, "overview": "本年度共收到政府信息公开申请99件，均已按时答复。"}
    assert post(web, f"/desk/reports/{year}/text", contradiction) == 303
    page = web.client.get(f"/desk/reports/{year}").text
    assert re.search(r"正文称“[^”]*99件”，而表三本年新收申请总计为 1 件", page)
    docx = tmp_path / "draft.docx"
    docx.write_bytes(web.client.get(f"/desk/reports/{year}/download/docx").content)
    checked = check_file(docx)
    with session_scope(web.context.db) as session:
        desk = current_report(session, agency_named(session, BUREAU, create=False), year, contradiction)
    assert "T1" in {f.code for f in checked.findings}
    assert {f["code"] for f in desk.findings} == {f.code for f in checked.findings}
