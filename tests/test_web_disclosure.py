"""The desk's catalogue pages over the real app: drafting with a DOCX attachment (fields checked one by
one, in Chinese), two review levels, publication, the public page at its stable URL, an edit that
needs approval again, withdrawal with its public notice, and nobody crossing agencies."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from io import BytesIO

import docx
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import select

from webapp import WebApp, csrf, signed_in
from xxgk.now import CHINA, now, today
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.web import AuditEntry

AGENCY = "甲市科学技术局"
CODE = "11210100MB0000000P"
BASE = "/desk/disclosure"


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def give_code(web: WebApp, code: str | None = CODE) -> None:
    with session_scope(web.context.db) as session:
        session.scalars(select(Agency).where(Agency.name == AGENCY)).one().credit_code = code


def form(**changes: str) -> dict[str, str]:
    return {
        "title": "关于2026年度科技计划项目验收结果的公示",
        "summary": "公示本年度验收结果",
        "doc_number": "甲科发〔2026〕12号",
        "issuer": AGENCY,
        "written_on": today().isoformat(),
        "openness": "主动公开",
        "topic": "科技、教育",
        "genre": "公告",
        "doc_kind": "其他文件",
        "body": "现将验收结果公示如下。",
    } | changes


def draft(web: WebApp, files: list[tuple[str, bytes]] | None = None, **changes: str) -> int:
    token = csrf(web.client, f"{BASE}/new")
    answer = web.client.post(
        f"{BASE}/new",
        data=form(**changes) | {"csrf_token": token},
        files=[("attachments", (name, data, "application/octet-stream")) for name, data in files or []],
    )
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("/", 1)[-1])


def act(web: WebApp, item_id: int, action: str, **data: str) -> int:
    page = web.client.get(f"{BASE}/{item_id}")
    token = csrf(web.client, f"{BASE}/{item_id}")
    if action == "review":
        found = re.search(r'name="content_hash" value="([0-9a-f]{64})"', page.text)
        assert found, "no review form on the page"
        data = {"content_hash": found.group(1)} | data
    return web.client.post(f"{BASE}/{item_id}/{action}", data=data | {"csrf_token": token}).status_code


def test_a_clerk_drafts_the_head_approves_two_levels_and_the_public_sees_it(web_any: WebApp) -> None:
    web = web_any
    give_code(web)
    signed_in(web, "clerk-a")
    item_id = draft(web, [("验收结果.docx", docx_bytes("验收结果名单：项目甲、项目乙"))])
    assert act(web, item_id, "submit") == 303
    page = web.client.get(f"{BASE}/{item_id}").text
    assert "待保密审查" in page and "本机关不允许审核自己起草的内容" in page
    signed_in(web, "head-a")
    queue = web.client.get(BASE).text
    assert "关于2026年度科技计划项目验收结果的公示" in queue.split('id="my-queue"')[1].split("</section>")[0]
    assert act(web, item_id, "review", decision="approve", opinion="", basis="") == 400  # 保密审查 needs both
    assert act(web, item_id, "review", decision="approve", opinion="不涉密", basis="条例第十七条") == 303
    assert act(web, item_id, "review", decision="approve") == 303
    assert act(web, item_id, "publish") == 303
    page = web.client.get(f"{BASE}/{item_id}").text
    number = f"{CODE}/{today().year}-00001"
    assert number in page and "已发布" in page
    web.client.cookies.clear()
    public = web.client.get(f"/disclosure/{item_id}")
    assert public.status_code == 200 and number in public.text and "验收结果.docx" in public.text
    link = re.search(rf'href="(/disclosure/{item_id}/attachments/\d+)"', public.text)
    assert link
    downloaded = web.client.get(link.group(1))
    assert downloaded.status_code == 200 and downloaded.content.startswith(b"PK")
    found = web.client.get("/disclosure/999")
    assert found.status_code == 404
    with session_scope(web.context.db) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "disclosure_item")).all()
    assert actions.count("disclosure.approve") == 2 and "disclosure.publish" in actions


def test_every_wrong_field_gets_its_own_chinese_message(web: WebApp) -> None:
    signed_in(web, "clerk-a")
    token = csrf(web.client, f"{BASE}/new")
    bad = form(title="", doc_number="甲科发[2026]12号", written_on="2026-02-30", topic="科技", openness="依申请公开")
    answer = web.client.post(
        f"{BASE}/new",
        data=bad | {"csrf_token": token},
        files=[("attachments", ("x.docx", b"not a docx", "application/octet-stream"))],
    )
    assert answer.status_code == 400
    text = answer.text
    assert 'id="error-title">请填写名称' in text
    assert "年份应使用六角括号" in text.split('id="error-doc_number"')[1][:80]
    assert "不是有效日期" in text.split('id="error-written_on"')[1][:80]
    assert "不是可选的主题分类" in text.split('id="error-topic"')[1][:80]
    assert "须说明理由" in text.split('id="error-openness_reason"')[1][:80]
    assert "x.docx" in text.split('id="error-attachments"')[1][:120]
    assert 'value="甲科发[2026]12号"' in text  # what was typed stays in the form


def test_an_edit_after_approval_needs_approval_again(web: WebApp) -> None:
    give_code(web)
    signed_in(web, "clerk-a")
    item_id = draft(web)
    act(web, item_id, "submit")
    signed_in(web, "head-a")
    act(web, item_id, "review", decision="approve", opinion="不涉密", basis="条例第十七条")
    act(web, item_id, "review", decision="approve")
    signed_in(web, "clerk-a")
    token = csrf(web.client, f"{BASE}/{item_id}/edit")
    edited = web.client.post(f"{BASE}/{item_id}/edit", data=form(body="更正后的公示内容。") | {"csrf_token": token})
    assert edited.status_code == 303
    assert act(web, item_id, "publish") == 400
    page = web.client.get(f"{BASE}/{item_id}").text
    assert "当前为第 2 版" in page and 'id="publish-form"' not in page


def test_a_withdrawn_item_leaves_a_notice_at_its_url(web: WebApp) -> None:
    give_code(web)
    item_id = _published(web)
    signed_in(web, "clerk-a")
    assert act(web, item_id, "withdraw", reason="") == 400
    assert act(web, item_id, "withdraw", reason="公示期已满") == 303
    web.client.cookies.clear()
    notice = web.client.get(f"/disclosure/{item_id}")
    assert notice.status_code == 200 and "公示期已满" in notice.text and "已撤回" in notice.text
    assert "现将验收结果" not in notice.text


def test_publishing_without_a_credit_code_says_so(web: WebApp) -> None:
    item_id = _approved(web)
    signed_in(web, "head-a")
    token = csrf(web.client, f"{BASE}/{item_id}")
    answer = web.client.post(f"{BASE}/{item_id}/publish", data={"csrf_token": token})
    assert answer.status_code == 400 and "尚未登记统一社会信用代码" in answer.text


def test_another_agencys_staff_and_the_public_cannot_reach_a_draft(web: WebApp) -> None:
    signed_in(web, "clerk-a")
    item_id = draft(web)
    signed_in(web, "clerk-c")
    assert web.client.get(f"{BASE}/{item_id}").status_code == 404
    web.client.cookies.clear()
    assert web.client.get(f"/disclosure/{item_id}").status_code == 404
    assert web.client.get(BASE).status_code == 303  # to the login page


def test_a_form_without_its_csrf_token_is_refused(web: WebApp) -> None:
    signed_in(web, "clerk-a")
    assert web.client.post(f"{BASE}/new", data=form()).status_code == 403


def _approved(web: WebApp) -> int:
    signed_in(web, "clerk-a")
    item_id = draft(web)
    act(web, item_id, "submit")
    signed_in(web, "head-a")
    act(web, item_id, "review", decision="approve", opinion="不涉密", basis="条例第十七条")
    act(web, item_id, "review", decision="approve")
    return item_id


def _published(web: WebApp) -> int:
    item_id = _approved(web)
    assert act(web, item_id, "publish") == 303
    return item_id


def test_the_server_publishes_a_scheduled_item_when_its_time_comes(web: WebApp) -> None:
    give_code(web)
    item_id = _approved(web)
    at = (now() + timedelta(hours=1)).astimezone(CHINA)
    token = csrf(web.client, f"{BASE}/{item_id}")
    scheduled = web.client.post(
        f"{BASE}/{item_id}/publish", data={"at": at.strftime("%Y-%m-%dT%H:%M"), "csrf_token": token}
    )
    assert scheduled.status_code == 303
    assert "定时发布" in web.client.get(f"{BASE}/{item_id}").text
    assert web.client.get(f"/disclosure/{item_id}").status_code == 404
    with time_machine.travel(now() + timedelta(hours=2)):
        with TestClient(web.app):  # the server (re)starts after the hour; its scheduler runs once at start
            pass  # and stopping waits for that run (DueRunner.stop)
        assert web.client.get(f"/disclosure/{item_id}").status_code == 200


def test_the_head_sets_the_review_levels_and_self_approval(web: WebApp) -> None:
    signed_in(web, "clerk-a")
    token = csrf(web.client, f"{BASE}/settings")
    assert web.client.post(f"{BASE}/settings", data={"level-初审": "1", "csrf_token": token}).status_code == 403
    signed_in(web, "head-a")
    token = csrf(web.client, f"{BASE}/settings")
    data = {
        "level-初审": "1",
        "level-签发": "1",
        "self_approval": "1",
        "columns": "通知公告\n政策解读",
        "csrf_token": token,
    }
    data |= {"subclasses": "科技、教育：科技计划、科技奖励"}
    assert web.client.post(f"{BASE}/settings", data=data).status_code == 303
    page = web.client.get(f"{BASE}/settings").text
    assert "初审 → 签发" in page and "允许审核自己起草的内容" in page
    signed_in(web, "clerk-a")
    form_page = web.client.get(f"{BASE}/new").text
    assert "<option>政策解读</option>" in form_page
    token = csrf(web.client, f"{BASE}/new")
    answer = web.client.post(
        f"{BASE}/new", data=form(column="不存在的栏目", subtopic="科技奖励") | {"csrf_token": token}
    )
    assert answer.status_code == 400 and "不是本机关的栏目" in answer.text and 'id="error-subtopic"' not in answer.text


def test_a_change_of_validity_is_dated_reasoned_and_shown_to_the_public(web: WebApp) -> None:
    give_code(web)
    item_id = _published(web)
    assert act(web, item_id, "validity", to="已废止", on=today().isoformat(), reason="") == 400
    assert act(web, item_id, "validity", to="已废止", on=today().isoformat(), reason="被甲科发〔2026〕20号废止") == 303
    web.client.cookies.clear()
    public = web.client.get(f"/disclosure/{item_id}").text
    assert 'id="validity">已废止' in public and f"{today().isoformat()}：已废止（被甲科发〔2026〕20号废止）" in public


def test_a_draft_may_carry_an_attachment_larger_than_the_form_limit(web: WebApp) -> None:
    signed_in(web, "clerk-a")
    large = docx_bytes(os.urandom(1_500_000).hex())
    assert len(large) > 1_100_000  # above the 1 MB limit of ordinary forms
    item_id = draft(web, [("大附件.docx", large)])
    assert "大附件.docx" in web.client.get(f"{BASE}/{item_id}").text


def found_on_desk(web: WebApp, **query: str) -> str:
    page = web.client.get(BASE, params=query)
    assert page.status_code == 200
    return page.text.split('id="found"')[1].split("</table>")[0]


def test_staff_find_a_draft_and_a_withdrawn_item_on_the_desk_the_public_search_neither(web: WebApp) -> None:
    give_code(web)
    gone = _published(web)
    signed_in(web, "clerk-a")
    assert act(web, gone, "withdraw", reason="公示期已满") == 303
    mine = draft(web, title="关于滑坡隐患排查的通知", doc_number="甲科发〔2026〕40号", body="开展滑坡隐患排查。")

    by_number = found_on_desk(web, q="甲科发[2026]40号")
    assert f'href="/desk/disclosure/{mine}"' in by_number and "草稿" in by_number
    assert f"/desk/disclosure/{gone}" not in by_number
    withdrawn = found_on_desk(web, q="验收结果", state="withdrawn")
    assert f'href="/desk/disclosure/{gone}"' in withdrawn and "已撤回" in withdrawn
    assert f"{CODE}/{today().year}-00001" in withdrawn  # its 索引号 shown
    assert f"/desk/disclosure/{gone}" in found_on_desk(web, q=f"{CODE}/{today().year}-00001")

    signed_in(web, "clerk-c")  # another agency: not in its tree
    assert "没有找到" in found_on_desk(web, q="滑坡")
    web.client.cookies.clear()
    public = (
        web.client.get("/search", params={"q": "滑坡"}).text + web.client.get("/search", params={"q": "验收结果"}).text
    )
    assert f"/disclosure/{mine}" not in public and f'/disclosure/{gone}"' not in public
