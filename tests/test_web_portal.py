"""The public portal: a citizen applies, gets a tracking number and query code, and looks up the status."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from webapp import WebApp, csrf
from xxgk.store import session_scope
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.portal import PortalRequest
from xxgk.store.web import AuditEntry

GOOD = {
    "applicant_type": "natural_person",
    "name": "李四",
    "document_type": "居民身份证",
    "document_number": "11010519491231002X",
    "contact": "13800138000",
    "description": "请公开本局2025年科技项目立项名单",
    "delivery": "纸质文本邮寄",
    "address": "甲市文化路 1 号 李四 收",
}


def agency_id(web: WebApp, name: str) -> int:
    with session_scope(web.context.db) as session:
        return session.scalars(select(Agency.id).where(Agency.name == name)).one()


def form_token(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def apply(client: TestClient, agency: int, **changes: str) -> tuple[int, str]:
    token = csrf(client, f"/agencies/{agency}/apply")
    once = form_token(client.get(f"/agencies/{agency}/apply").text)
    data = {**GOOD, **changes, "csrf_token": token, "form_token": once}
    response = client.post(f"/agencies/{agency}/apply", data=data)
    if response.status_code == 303:  # filed: the receipt is shown by GET
        response = client.get(response.headers["location"])
    return response.status_code, response.text


def filed(page: str) -> tuple[str, str]:
    number = re.search(r'id="tracking-number">([^<]+)<', page)
    code = re.search(r'id="query-code">([^<]+)<', page)
    assert number and code, page
    return number.group(1), code.group(1)


def test_a_citizen_applies_and_looks_up_the_status_with_its_due_date(web_any: WebApp) -> None:
    web = web_any
    agency = agency_id(web, "甲市科学技术局")
    guide = web.client.get(f"/agencies/{agency}")
    assert guide.status_code == 200 and "20 个工作日" in guide.text
    status, page = apply(web.client, agency)
    assert status == 200
    number, code = filed(page)
    assert re.fullmatch(r"\d{4}-\d{5}", number) and len(code) == 10
    with session_scope(web.context.db) as session:
        stored = session.scalars(select(Application).where(Application.number == number)).one()
        assert (stored.applicant_type, stored.applicant_name, stored.channel) == ("natural_person", "李四", "网上申请")
        portal = session.scalars(select(PortalRequest)).one()
        assert code not in portal.code_hash and portal.delivery == "纸质文本邮寄"
        assert session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == number)).all() == [
            "application.file"
        ]
    token = csrf(web.client, f"/agencies/{agency}/status")
    answer = web.client.post(
        f"/agencies/{agency}/status", data={"number": number, "code": code.lower(), "csrf_token": token}
    )
    assert answer.status_code == 200
    assert "办理中" in answer.text and 'id="status-due"' in answer.text and "第三十三条" in answer.text


def test_the_status_needs_the_right_code_and_the_right_agency(web: WebApp) -> None:
    agency, other = agency_id(web, "甲市科学技术局"), agency_id(web, "丙市科学技术局")
    number, code = filed(apply(web.client, agency)[1])
    token = csrf(web.client, f"/agencies/{agency}/status")
    wrong = web.client.post(
        f"/agencies/{agency}/status", data={"number": number, "code": "AAAAAAAAAA", "csrf_token": token}
    )
    assert wrong.status_code == 404 and "申请编号或查询码不正确" in wrong.text
    elsewhere = web.client.post(f"/agencies/{other}/status", data={"number": number, "code": code, "csrf_token": token})
    assert elsewhere.status_code == 404 and "status-result" not in elsewhere.text


def test_each_wrong_field_gets_its_own_chinese_message_and_nothing_is_filed(web: WebApp) -> None:
    agency = agency_id(web, "甲市科学技术局")
    status, page = apply(
        web.client,
        agency,
        applicant_type="martian",
        name="",
        document_number="12345",
        contact="不告诉你",
        description="要",
        delivery="飞鸽传书",
    )
    assert status == 422
    for field, message in {
        "applicant_type": "请选择申请人类型",
        "name": "请填写申请人姓名或名称",
        "document_number": "居民身份证号码应为 18 位",
        "contact": "联系方式应为手机号码",
        "request": "至少 5 个字",
        "delivery": "请选择获取信息的方式",
    }.items():
        assert re.search(f'id="error-{field}">[^<]*{re.escape(message)}', page), field
    with session_scope(web.context.db) as session:
        assert session.scalars(select(Application)).all() == []


def test_script_typed_into_the_form_comes_back_escaped(web: WebApp) -> None:
    agency = agency_id(web, "甲市科学技术局")
    script = "<script>alert(1)</script>"
    status, page = apply(web.client, agency, name=script, description=script + "请公开", document_number=script)
    assert status == 422 and script not in page and "&lt;script&gt;" in page
