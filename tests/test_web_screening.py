"""Screening on the desk over the real app: an item whose body holds an ID number shows the hit
masked with its position, cannot be signed or published until the head overrides with a reason
(audited), and the agency's head keeps the word list and own contacts."""

from __future__ import annotations

from sqlalchemy import select

from screen_support import ID, add_comment, docx_document, saved
from test_web_disclosure import BASE, act, draft, give_code
from webapp import WebApp, csrf, signed_in
from xxgk.store import session_scope
from xxgk.store.web import AuditEntry


def test_the_desk_blocks_an_item_with_an_id_number_until_the_signer_overrides(web_any: WebApp) -> None:
    web = web_any
    give_code(web)
    signed_in(web, "clerk-a")
    document = docx_document("处罚决定书")
    add_comment(document, "联系人手机 13912345678")
    item_id = draft(web, [("决定书.docx", saved(document))], body=f"当事人张三，身份证号{ID}。")
    assert act(web, item_id, "submit") == 303
    page = web.client.get(f"{BASE}/{item_id}").text
    hits = page.split('id="screening-hits"')[1].split("</table>")[0]
    assert ID[:6] + "*" * 10 + ID[-2:] in hits and "“正文”栏 第 1 行" in hits
    assert "139******78" in hits and "《决定书.docx》 批注 第 1 条" in hits
    assert ID not in hits and "13912345678" not in hits  # the staff see the body; the hit list masks
    assert 'id="override-form"' not in page  # a clerk is no signer
    token = csrf(web.client, f"{BASE}/{item_id}")
    refused = web.client.post(f"{BASE}/{item_id}/screening/override", data={"reason": "可以公开", "csrf_token": token})
    assert refused.status_code == 303 and "error=" in refused.headers["location"]

    signed_in(web, "head-a")
    assert act(web, item_id, "review", decision="approve", opinion="不涉密", basis="条例第十七条") == 303
    assert act(web, item_id, "review", decision="approve") == 400  # 签发 held by the hits
    page = web.client.get(f"{BASE}/{item_id}").text
    assert "身份证号 1 处" in page and 'id="override-form"' in page
    token = csrf(web.client, f"{BASE}/{item_id}")
    answer = web.client.post(
        f"{BASE}/{item_id}/screening/override",
        data={"reason": "当事人书面同意公开，经法制审核可以公开", "csrf_token": token},
    )
    assert answer.status_code == 303 and "error" not in answer.headers["location"]
    assert act(web, item_id, "review", decision="approve") == 303
    assert act(web, item_id, "publish") == 303
    page = web.client.get(f"{BASE}/{item_id}").text
    assert "已发布" in page and "确认发布（签发人）：当事人书面同意公开" in page
    with session_scope(web.context.db) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "disclosure.screening_override")).one()
        assert entry.actor == "head-a" and {h["kind"] for h in entry.detail["hits"]} == {"id_number", "mobile"}
        assert ID not in str(entry.detail)


def test_the_head_keeps_the_agencys_contacts_and_word_list(web: WebApp) -> None:
    give_code(web)
    signed_in(web, "clerk-a")
    token = csrf(web.client, f"{BASE}/screening")
    assert web.client.post(f"{BASE}/screening", data={"contacts": "", "csrf_token": token}).status_code == 403
    signed_in(web, "head-a")
    page = web.client.get(f"{BASE}/screening").text
    assert "截止目前 =&gt; 截至目前" in page
    token = csrf(web.client, f"{BASE}/screening")
    saved_answer = web.client.post(
        f"{BASE}/screening",
        data={"contacts": "024-23456789", "words": "!某敏感表述 => 规范表述", "csrf_token": token},
    )
    assert saved_answer.status_code == 303
    signed_in(web, "clerk-a")
    item_id = draft(web, body="咨询电话：024-23456789。截止目前，另有某敏感表述。")
    act(web, item_id, "submit")
    hits = web.client.get(f"{BASE}/{item_id}").text.split('id="screening-hits"')[1].split("</table>")[0]
    assert "敏感词" in hits and "规范表述" in hits and "固定电话" not in hits and "截止目前" not in hits
    assert act(web, item_id, "screening/acknowledge") == 303
