"""The citizen's side after filing: the status page shows what to correct and by when, takes the correction
(text and files checked by content) as 收到补正 that restarts the clock, flags a late one for the clerk,
lists the letters issued, is reached from the home page, and says how long a lockout lasts."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import time_machine
from docx import Document

from test_web_desk import post
from test_web_portal import GOOD, agency_id, apply, filed, form_token
from webapp import WebApp, csrf, signed_in
from xxgk.now import now, today
from xxgk.web.attachments import MAX_FILE_BYTES, MAX_FILES

AGENCY = "甲市科学技术局"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _docx() -> bytes:
    out = BytesIO()
    Document().save(out)
    return out.getvalue()


def _ask_correction(web: WebApp, number: str, days: int = 15) -> None:
    signed_in(web, "clerk-a")
    until = (today() + timedelta(days=days)).isoformat()
    event = {"kind": "correction_notice", "on": today().isoformat(), "until": until, "reason": "请写明项目的年度和名称"}
    assert post(web, f"/desk/applications/{number}/events", event) == 303
    web.client.cookies.clear()


def _status(web: WebApp, agency: int, number: str, code: str) -> str:
    token = csrf(web.client, f"/agencies/{agency}/status")
    page = web.client.post(f"/agencies/{agency}/status", data={"number": number, "code": code, "csrf_token": token})
    assert page.status_code == 200, page.text
    return page.text


def _correct(
    web: WebApp, agency: int, number: str, code: str, text: str, files: list[tuple[str, bytes]] = ()
) -> tuple[int, str]:
    token = csrf(web.client, f"/agencies/{agency}/status")
    sent = [("attachments", (name, data, "application/octet-stream")) for name, data in files]
    response = web.client.post(
        f"/agencies/{agency}/status/correction",
        data={"number": number, "code": code, "text": text, "csrf_token": token},
        files=sent or None,
    )
    return response.status_code, response.text


def _due(page: str) -> str:
    found = re.search(r'id="status-due">([^<]+)<', page)
    assert found, page
    return found.group(1)


def test_the_citizen_sees_what_to_correct_sends_it_and_the_clock_restarts(web_any: WebApp) -> None:
    web = web_any
    agency = agency_id(web, AGENCY)
    number, code = filed(apply(web.client, agency)[1])
    _ask_correction(web, number)
    page = _status(web, agency, number, code)
    assert "请写明项目的年度和名称" in page and 'id="correction-form"' in page
    until = today() + timedelta(days=15)
    assert f"{until.year}年{until.month}月{until.day}日" in page and "补正告知书" in page
    with time_machine.travel(now() + timedelta(days=5)):  # corrected five days later, within the period
        status, after = _correct(web, agency, number, code, "2025年度科技计划项目立项名单", [("名单.pdf", PDF)])
        assert status == 200 and 'id="correction-sent"' in after and "重新计算" in after
        assert "收到补正" in after and 'id="correction-form"' not in after
        restarted = _due(after)
        again, _ = _correct(web, agency, number, code, "再补一次")
        assert again == 422
    assert restarted != "" and "暂停" not in restarted
    signed_in(web, "clerk-a")
    desk = web.client.get(f"/desk/applications/{number}").text
    assert "2025年度科技计划项目立项名单" in desk and "名单.pdf" in desk and "late-correction" not in desk
    link = re.search(rf'href="(/desk/applications/{number}/attachments/\d+)"', desk)
    assert link
    download = web.client.get(link.group(1))
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert "attachment" in download.headers["content-disposition"]


def test_a_correction_after_the_period_is_taken_and_flagged_for_the_clerk(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    number, code = filed(apply(web.client, agency)[1])
    _ask_correction(web, number, days=3)
    with time_machine.travel(now() + timedelta(days=10)):
        page = _status(web, agency, number, code)
        assert "已过期限" in page and 'id="correction-form"' in page
        status, after = _correct(web, agency, number, code, "项目年度为2025年")
        assert status == 200 and "晚于期限" in after
        signed_in(web, "clerk-a")
        desk = web.client.get(f"/desk/applications/{number}").text
    assert 'class="late-correction"' in desk and "项目年度为2025年" in desk


def test_files_are_checked_by_content_count_and_size(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    number, code = filed(apply(web.client, agency)[1])
    _ask_correction(web, number)
    status, page = _correct(web, agency, number, code, "见附件", [("名单.pdf", b"MZ\x90\x00 not a pdf at all")])
    assert status == 422 and "名单.pdf" in page and "按文件内容识别" in page
    status, page = _correct(web, agency, number, code, "见附件", [(f"{i}.png", PNG) for i in range(MAX_FILES + 1)])
    assert status == 422 and f"最多 {MAX_FILES} 个" in page
    status, page = _correct(web, agency, number, code, "见附件", [("大.pdf", PDF + b"0" * MAX_FILE_BYTES)])
    assert status == 422 and "过大" in page
    status, page = _correct(web, agency, number, code, "", [])
    assert status == 422 and "请填写补正内容" in page
    assert 'id="correction-form"' in page  # nothing recorded: the form is still there
    status, page = _correct(web, agency, number, code, "见附件", [("../../etc/说明.docx", _docx()), ("图.png", PNG)])
    assert status == 200 and 'id="correction-sent"' in page
    signed_in(web, "clerk-a")
    desk = web.client.get(f"/desk/applications/{number}").text
    assert "说明.docx" in desk and "../" not in desk and "图.png" in desk


def test_the_application_form_takes_attachments_checked_the_same_way(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    token = csrf(web.client, f"/agencies/{agency}/apply")
    page = web.client.get(f"/agencies/{agency}/apply").text
    assert 'type="file"' in page and "最多 5 个文件" in page
    data = {**GOOD, "csrf_token": token, "form_token": form_token(page)}
    refused = web.client.post(
        f"/agencies/{agency}/apply",
        data=data,
        files=[("attachments", ("身份证.png", b"GIF89a" + b"\0" * 20, "image/png"))],
    )
    assert refused.status_code == 422 and "身份证.png" in refused.text and GOOD["name"] in refused.text
    taken = web.client.post(
        f"/agencies/{agency}/apply", data=data, files=[("attachments", ("身份证.png", PNG, "image/png"))]
    )
    assert taken.status_code == 303
    number, _ = filed(web.client.get(taken.headers["location"]).text)
    signed_in(web, "clerk-a")
    assert "身份证.png" in web.client.get(f"/desk/applications/{number}").text


def test_the_home_page_looks_up_a_status_and_a_lockout_says_for_how_long(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    number, code = filed(apply(web.client, agency)[1])
    home = web.client.get("/").text
    assert 'id="home-status"' in home and AGENCY in home
    token = csrf(web.client, "/")
    found = web.client.post(
        "/status", data={"agency_id": str(agency), "number": number, "code": code, "csrf_token": token}
    )
    assert found.status_code == 200 and 'id="status-result"' in found.text
    for _ in range(6):
        last = web.client.post(
            f"/agencies/{agency}/status", data={"number": number, "code": "WRONG23456", "csrf_token": token}
        )
    assert last.status_code == 429 and re.search(r"请 \d+ 分钟后再试", last.text)
