"""The portal files once per form: a refresh or a double click shows the same receipt and files nothing
more; the identity number's check digit, and a postal address when 邮寄 is chosen, are required."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from test_web_portal import GOOD, agency_id, apply, filed, form_token
from webapp import WebApp, csrf, signed_in
from xxgk.ledger.applications import agency_named
from xxgk.now import now
from xxgk.store import open_database, session_scope
from xxgk.store.ledger import Application
from xxgk.store.submissions import PortalSubmission
from xxgk.store.transaction import in_transaction
from xxgk.web.filing import ApplicationForm
from xxgk.web.receipts import file_once, new_form_token

AGENCY = "甲市科学技术局"


def _count(web: WebApp) -> int:
    with session_scope(web.context.db) as session:
        return session.scalar(select(func.count()).select_from(Application)) or 0


def test_refreshing_the_confirmation_files_nothing_more_and_shows_the_same_receipt(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    token = csrf(web.client, f"/agencies/{agency}/apply")
    once = form_token(web.client.get(f"/agencies/{agency}/apply").text)
    data = {**GOOD, "csrf_token": token, "form_token": once}
    first = web.client.post(f"/agencies/{agency}/apply", data=data)
    assert first.status_code == 303 and first.headers["location"] == f"/agencies/{agency}/apply/filed"
    receipt = web.client.get(first.headers["location"])
    number, code = filed(receipt.text)
    assert filed(web.client.get(first.headers["location"]).text) == (number, code)  # a refresh of the receipt
    again = web.client.post(f"/agencies/{agency}/apply", data=data)  # the browser re-sends the form
    assert again.status_code == 303 and filed(web.client.get(again.headers["location"]).text) == (number, code)
    assert _count(web) == 1
    second_number, _ = filed(apply(web.client, agency)[1])  # a new form is a new application
    assert second_number != number and _count(web) == 2


def test_a_form_without_its_token_is_refused_in_plain_chinese_and_keeps_what_was_typed(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    token = csrf(web.client, f"/agencies/{agency}/apply")
    page = web.client.post(f"/agencies/{agency}/apply", data={**GOOD, "csrf_token": token})
    assert page.status_code == 422 and "页面已过期" in page.text and GOOD["description"] in page.text
    assert form_token(page.text) and _count(web) == 0


def test_two_submissions_of_one_form_at_once_file_one_application(database_url: str) -> None:
    db = open_database(database_url)
    in_transaction(db, lambda s: agency_named(s, AGENCY).id)
    form = ApplicationForm(**{k: v for k, v in GOOD.items() if k != "description"}, request=GOOD["description"])
    token = new_form_token()
    numbers: list[str] = []

    def submit() -> None:
        numbers.append(in_transaction(db, lambda s: file_once(s, agency_named(s, AGENCY), form, token)[0].number))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(numbers) == 4 and len(set(numbers)) == 1
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 1


def _error(page: str, field: str) -> str:
    found = re.search(f'id="error-{field}">([^<]*)<', page)
    return found.group(1) if found else ""


def test_identity_numbers_are_checked_by_their_check_digit(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    status, page = apply(web.client, agency, document_number="110105194912310021")
    assert status == 422 and "校验码" in _error(page, "document_number")
    status, page = apply(web.client, agency, document_type="统一社会信用代码", document_number="91110000600037341A")
    assert status == 422 and "校验码" in _error(page, "document_number")
    status, page = apply(web.client, agency, document_type="统一社会信用代码", document_number="91110000600037341L")
    assert status == 200 and _error(page, "document_number") == ""
    status, page = apply(web.client, agency)  # 11010519491231002X: a valid number
    assert status == 200 and filed(page)


@pytest.mark.parametrize(
    ("kind", "wrong", "right"),
    [
        ("护照", "E1234-567", "E12345678"),
        ("护照", "ABCDEFG", "EA1234567"),
        ("港澳居民来往内地通行证", "K12345678", "H12345678"),
        ("港澳居民来往内地通行证", "M1234567", "M1234567890"),
        ("台湾居民来往大陆通行证", "1234567", "12345678"),
    ],
)
def test_passports_and_permits_are_checked_by_their_format(web: WebApp, kind: str, wrong: str, right: str) -> None:
    agency = agency_id(web, AGENCY)
    status, page = apply(web.client, agency, document_type=kind, document_number=wrong)
    assert status == 422 and "号码应为" in _error(page, "document_number")
    status, page = apply(web.client, agency, document_type=kind, document_number=right)
    assert status == 200 and _error(page, "document_number") == ""


def test_a_postal_address_is_required_only_when_the_answer_goes_by_post(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    status, page = apply(web.client, agency, address="")
    assert status == 422 and "邮寄地址" in _error(page, "address")
    status, page = apply(web.client, agency, address="", delivery="电子邮件", contact="li@example.cn")
    assert status == 200 and _error(page, "address") == ""
    number, _ = filed(apply(web.client, agency)[1])
    client = signed_in(web, "clerk-a")  # the clerk sees the address on the desk
    assert GOOD["address"] in client.get(f"/desk/applications/{number}").text


def test_required_fields_are_marked_and_each_message_sits_with_its_field(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    page = web.client.get(f"/agencies/{agency}/apply").text
    required = {"applicant_type", "name", "document_type", "document_number", "contact", "description", "delivery"}
    marked = set(re.findall(r'name="(\w+)" aria-required="true"', page))
    assert marked == required  # the address (only with 邮寄) and the attachments are not required
    assert page.count("（必填）") == len(required) and "alert(" not in page and " required" not in page
    status, page = apply(web.client, agency, name="", address="")
    assert status == 422 and "请填写申请人姓名或名称" in _error(page, "name")
    assert 'name="name" aria-required="true" aria-invalid="true" aria-describedby="error-name"' in page
    assert 'aria-describedby="error-address"' in page and 'aria-describedby="error-contact"' not in page


def test_the_receipt_keeps_its_code_for_this_browser_only_and_the_database_never_holds_it(web: WebApp) -> None:
    agency = agency_id(web, AGENCY)
    number, code = filed(apply(web.client, agency)[1])
    with time_machine.travel(now() + timedelta(hours=6)):  # hours later, the same browser prints its receipt
        later = web.client.get(f"/agencies/{agency}/apply/filed").text
    assert filed(later) == (number, code) and "法定答复期限" in later and GOOD["description"] in later
    with session_scope(web.context.db) as session:
        sealed = session.scalars(select(PortalSubmission.sealed_code)).one()
    assert sealed and code.encode() not in sealed
    web.client.cookies.clear()  # another browser has no token: no receipt, back to the form
    assert web.client.get(f"/agencies/{agency}/apply/filed", follow_redirects=False).status_code == 303
