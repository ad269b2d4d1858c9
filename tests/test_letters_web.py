"""Letters on the web: the desk refuses a reasonless partial answer and offers each letter as DOCX and PDF;
the citizen downloads the decision letter from the status page; the head sets the 文号 and 救济途径."""

from __future__ import annotations

import re
from datetime import timedelta

from test_letters import _docx_text, _flat, _pdf_text
from test_web_desk import file_one, post
from test_web_portal import GOOD, agency_id, apply, filed
from webapp import WebApp, csrf, signed_in
from xxgk.now import today

AGENCY = "甲市科学技术局"
SETTINGS = {"number_pattern": "甲科公开〔{year}〕{n}号", "review_body": "甲市人民政府", "court": "甲市中级人民法院"}


def _configure(web: WebApp) -> None:
    signed_in(web, "head-a")
    assert post(web, "/desk/letters/settings", SETTINGS, "/desk/letters/settings") == 303


def test_the_desk_refuses_a_partial_answer_without_reasons_and_the_form_says_why(web: WebApp) -> None:
    number = file_one(web)
    signed_in(web, "clerk-a")
    decision = f"/desk/applications/{number}/decision"
    token = csrf(web.client, f"/desk/applications/{number}")
    refused = web.client.post(
        decision, data={"on": today().isoformat(), "outcome": "partially_granted", "csrf_token": token}
    )
    assert refused.status_code == 400 and "须写明理由" in refused.text and 'id="decision-form"' in refused.text
    token = csrf(web.client, f"/desk/applications/{number}")
    no_basis = web.client.post(
        decision,
        data={"on": today().isoformat(), "outcome": "partially_granted", "reasons": "含个人隐私", "csrf_token": token},
    )
    assert no_basis.status_code == 400 and "法律依据" in no_basis.text
    assert "已办结" not in web.client.get(f"/desk/applications/{number}").text


def test_the_desk_offers_each_letter_and_the_citizen_downloads_the_decision(web: WebApp) -> None:
    _configure(web)
    web.client.cookies.clear()
    agency = agency_id(web, AGENCY)
    number, code = filed(apply(web.client, agency)[1])
    day = today().isoformat()
    signed_in(web, "clerk-a")
    events = f"/desk/applications/{number}/events"
    assert (
        post(
            web,
            events,
            {
                "kind": "correction_notice",
                "on": day,
                "until": (today() + timedelta(days=15)).isoformat(),
                "reason": "请写明项目年度",
            },
        )
        == 303
    )
    assert post(web, events, {"kind": "correction_received", "on": day}) == 303
    grounds = {"reasons": "名单中的个人身份证号码属于个人隐私", "articles": "第十五条"}
    assert (
        post(web, f"/desk/applications/{number}/decision", {"on": day, "outcome": "partially_granted", **grounds})
        == 303
    )
    page = web.client.get(f"/desk/applications/{number}").text
    links = re.findall(rf'href="(/desk/applications/{number}/letters/[^"]+)"', page)
    assert len(links) == 4 and "补正告知书" in page and "答复告知书" in page
    for link in links:
        response = web.client.get(link)
        assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
        text = _flat(_pdf_text(response.content) if link.endswith("pdf") else _docx_text(response.content))
        assert re.search(r"甲科公开〔\d{4}〕[12]号", text) and "六十日内向甲市人民政府申请行政复议" in text
        assert "甲市中级人民法院" in text and f"{today().year}年{today().month}月{today().day}日" in text
    decision = _flat(_docx_text(web.client.get(f"/desk/applications/{number}/letters/decision/docx").content))
    assert "第三十七条" in decision and "第十五条" in decision and "甲科公开〔" in decision
    assert "区分处理的，只计这一情形" not in decision and GOOD["description"] in decision
    assert web.client.get(f"/desk/applications/{number}/letters/event-999/pdf").status_code == 404

    web.client.cookies.clear()
    token = csrf(web.client, f"/agencies/{agency}/status")
    status = web.client.post(f"/agencies/{agency}/status", data={"number": number, "code": code, "csrf_token": token})
    assert 'id="decision-letter"' in status.text
    token = csrf(web.client, f"/agencies/{agency}/status")
    letter = web.client.post(
        f"/agencies/{agency}/status/letter", data={"number": number, "code": code, "fmt": "pdf", "csrf_token": token}
    )
    assert letter.status_code == 200 and letter.headers["content-type"] == "application/pdf"
    assert _flat(_pdf_text(letter.content)) == _flat(
        _pdf_text(
            web.client.post(
                f"/agencies/{agency}/status/letter",
                data={"number": number, "code": code, "fmt": "pdf", "csrf_token": token},
            ).content
        )
    )
    wrong = web.client.post(
        f"/agencies/{agency}/status/letter", data={"number": number, "code": "WRONG12345", "csrf_token": token}
    )
    assert wrong.status_code == 404


def test_only_the_head_or_an_admin_edits_the_letter_settings_and_bad_patterns_are_named(web: WebApp) -> None:
    signed_in(web, "clerk-a")
    assert web.client.get("/desk/letters/settings").status_code == 403
    signed_in(web, "head-a")
    page = web.client.get("/desk/letters/settings")
    assert page.status_code == 200 and 'id="not-configured"' in page.text
    token = csrf(web.client, "/desk/letters/settings")
    bad = web.client.post(
        "/desk/letters/settings", data={**SETTINGS, "number_pattern": "甲科公开", "csrf_token": token}
    )
    assert bad.status_code == 400 and "{year}" in bad.text and "甲市中级人民法院" in bad.text
    assert post(web, "/desk/letters/settings", SETTINGS, "/desk/letters/settings") == 303
    saved = web.client.get("/desk/letters/settings").text
    assert "甲科公开〔{year}〕{n}号" in saved and 'id="not-configured"' not in saved


def test_an_admin_chooses_the_agency_whose_letters_to_set(web: WebApp) -> None:
    signed_in(web, "admin")
    page = web.client.get("/desk/letters/settings").text
    assert 'name="agency"' in page and AGENCY in page and 'id="letter-settings"' not in page
    agency = agency_id(web, AGENCY)
    form = {**SETTINGS, "agency_id": str(agency)}
    assert post(web, "/desk/letters/settings", form, f"/desk/letters/settings?agency={agency}") == 303
    assert "甲市中级人民法院" in web.client.get(f"/desk/letters/settings?agency={agency}").text
    signed_in(web, "head-a")
    assert 'id="not-configured"' not in web.client.get("/desk/letters/settings").text
    assert "告知书设置" in web.client.get("/desk").text


def test_the_head_edits_a_letter_template_with_a_preview_and_a_broken_one_is_refused(web: WebApp) -> None:
    signed_in(web, "clerk-a")
    assert web.client.get("/desk/letters/templates/decision").status_code == 403
    signed_in(web, "head-a")
    page = web.client.get("/desk/letters/templates/decision").text
    assert 'id="template-preview"' in page and "{{ 决定 }}" in page and "本机关决定予以公开" in page
    form = "/desk/letters/templates/decision"
    token = csrf(web.client, form)
    broken = web.client.post(form, data={"text": "{{ 申请人姓名 }}", "action": "save", "csrf_token": token})
    assert broken.status_code == 400 and "不存在的内容" in broken.text and "{{ 申请人姓名 }}" in broken.text
    shown = web.client.post(
        form, data={"text": "特此函告{{ 申请人 }}。\n{{ 决定 }}", "action": "preview", "csrf_token": token}
    )
    assert shown.status_code == 200 and "特此函告张三。" in shown.text and 'id="template-saved"' not in shown.text
    saved = web.client.post(
        form, data={"text": "特此函告{{ 申请人 }}。\n{{ 决定 }}", "action": "save", "csrf_token": token}
    )
    assert 'id="template-saved"' in saved.text
    number = file_one(web)
    signed_in(web, "clerk-a")
    assert post(web, f"/desk/applications/{number}/decision", {"on": today().isoformat(), "outcome": "granted"}) == 303
    letter = _flat(_docx_text(web.client.get(f"/desk/applications/{number}/letters/decision/docx").content))
    assert "特此函告李四。" in letter and "依据：" not in letter
