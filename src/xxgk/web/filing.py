"""Applications filed on the public portal: the form, its checks, and the status lookup.

The form's applicant types are table 三's applicant columns (from the template,
through the ledger's vocabulary); the application itself goes into the ledger
with `xxgk.ledger.applications.record_application`, so the desk, the clock and the
year's report see it at once. The applicant gets a tracking number and a random
query code; only the code's SHA-256 is kept (it has 50 random bits, and lookups
are throttled per address, so a fast hash suffices).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import ric, uscc

from xxgk.ledger.amendments import Amendment
from xxgk.ledger.applications import record_application
from xxgk.ledger.vocabulary import applicant_label, roles
from xxgk.store.agencies import Agency
from xxgk.store.ledger import Application
from xxgk.store.portal import PortalRequest

CHANNEL = "网上申请"
PUBLIC = "公众"  # the actor of a portal filing in the audit log: the public has no account
# Not part of the national report format, so not in the template: the portal's own choices.
DOCUMENT_TYPES = (
    "居民身份证",
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "统一社会信用代码",
    "其他证件",
)
DELIVERY_FORMS = ("电子邮件", "纸质文本邮寄", "当面领取", "光盘")
POSTAL = "纸质文本邮寄"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
CODE_LENGTH = 10

_ID_CARD = re.compile(r"^\d{17}[\dX]$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
# 护照: the holder's country decides the format; letters and digits, 5 to 17 of them, at least one digit
# (a Chinese passport is E + 8 characters). 港澳居民来往内地通行证: H (香港) or M (澳门) and 8 or 10 digits.
# 台湾居民来往大陆通行证: 8 digits (the card since 2015) or the 10 digits of the older booklet.
_PASSPORT = re.compile(r"^(?=.*\d)[A-Z0-9]{5,17}$")
_HK_MACAO = re.compile(r"^[HM]\d{8}(?:\d{2})?$")
_TAIWAN = re.compile(r"^\d{8}(?:\d{2})?$")
_PERMIT_RULES = {
    "护照": (_PASSPORT, "护照号码应为 5 至 17 位字母和数字（中国护照如 E12345678）"),
    "港澳居民来往内地通行证": (_HK_MACAO, "港澳居民来往内地通行证号码应为 H 或 M 开头加 8 位或 10 位数字"),
    "台湾居民来往大陆通行证": (_TAIWAN, "台湾居民来往大陆通行证号码应为 8 位数字（旧版为 10 位）"),
}
_PHONE = re.compile(r"^(?:1\d{10}|0\d{2,3}-?\d{7,8})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER = re.compile(r"^\d{4}-\d{1,6}$")


def applicant_types() -> list[tuple[str, str]]:
    """(key, label) of each applicant column of table 三, in printed order (自然人 first)."""
    return [(key, applicant_label(key)) for key in roles("2021").parts]


@dataclass(frozen=True, slots=True)
class ApplicationForm:
    """The portal form as submitted, every field stripped text."""

    applicant_type: str = ""
    name: str = ""
    document_type: str = ""
    document_number: str = ""
    contact: str = ""
    request: str = ""
    delivery: str = ""
    address: str = ""


def form_errors(form: ApplicationForm) -> dict[str, str]:
    """One Chinese message per field that is wrong; empty when the form can be filed."""
    errors: dict[str, str] = {}
    if form.applicant_type not in dict(applicant_types()):
        errors["applicant_type"] = "请选择申请人类型"
    if not form.name:
        errors["name"] = "请填写申请人姓名或名称"
    elif len(form.name) > 100:
        errors["name"] = "申请人姓名或名称不能超过 100 个字"
    if form.document_type not in DOCUMENT_TYPES:
        errors["document_type"] = "请选择证件类型"
    elif problem := _document_problem(form.document_type, form.document_number):
        errors["document_number"] = problem
    if not form.contact:
        errors["contact"] = "请填写联系电话或电子邮箱"
    elif not (_PHONE.match(form.contact) or _EMAIL.match(form.contact)) or len(form.contact) > 100:
        errors["contact"] = "联系方式应为手机号码、固定电话（如 010-12345678）或电子邮箱"
    if len(form.request) < 5:
        errors["request"] = "请描述所需政府信息的名称、文号或便于查询的特征（至少 5 个字）"
    elif len(form.request) > 2000:
        errors["request"] = "所需信息的描述不能超过 2000 个字"
    if form.delivery not in DELIVERY_FORMS:
        errors["delivery"] = "请选择获取信息的方式"
    elif form.delivery == "电子邮件" and not _EMAIL.match(form.contact):
        errors["contact"] = errors.get("contact", "选择以电子邮件获取信息时，联系方式应填写电子邮箱")
    elif form.delivery == POSTAL and len(form.address) < 6:
        errors["address"] = "选择纸质文本邮寄时，请填写邮寄地址（省市区、街道门牌和收件人）"
    if len(form.address) > 300:
        errors["address"] = "邮寄地址不能超过 300 个字"
    return errors


def _document_problem(kind: str, number: str) -> str | None:
    if not number:
        return "请填写证件号码"
    if kind == "居民身份证" and not _ID_CARD.match(number.upper()):
        return "居民身份证号码应为 18 位（最后一位可为 X）"
    if kind == "居民身份证" and not ric.is_valid(number.upper()):
        return "居民身份证号码有误：出生日期或最后一位校验码不对，请核对"
    if kind == "统一社会信用代码" and not _CREDIT_CODE.match(number.upper()):
        return "统一社会信用代码应为 18 位数字或大写字母"
    if kind == "统一社会信用代码" and not uscc.is_valid(number.upper()):
        return "统一社会信用代码有误：最后一位校验码不对，请核对"
    if kind in _PERMIT_RULES and not _PERMIT_RULES[kind][0].match(number.upper().replace(" ", "")):
        return _PERMIT_RULES[kind][1]
    if len(number) > 64:
        return "证件号码不能超过 64 个字符"
    return None


@dataclass(frozen=True, slots=True)
class Filed:
    """A filed application: its tracking number and the query code, shown to the applicant once."""

    number: str
    code: str
    received: date


def file_application(session: Session, agency: Agency, form: ApplicationForm, received: date) -> Filed:
    """Record a valid form in the agency's ledger, received on `received`.

    The portal receives today, so it never back-dates into a reported year; only a
    report of the current year submitted before the year ended can be hit. An
    applicant is never turned away for that (第二十九条): the filing is recorded as an
    amendment, which reopens that early report to be checked and submitted again.
    """
    application = record_application(
        session,
        agency,
        received=received,
        applicant_type=form.applicant_type,
        request=form.request,
        channel=CHANNEL,
        applicant_name=form.name,
        applicant_contact=form.contact,
        actor=PUBLIC,
        action="application.file",
        amendment=Amendment(f"门户于 {received} 收到网上申请，该年度报告报送后新增申请"),
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    session.add(
        PortalRequest(
            application_id=application.id,
            code_hash=code_digest(code),
            document_type=form.document_type,
            document_number=form.document_number.upper(),
            delivery=form.delivery,
        )
    )
    return Filed(application.number, code, received)


def code_digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode("ascii", "replace")).hexdigest()


def look_up(session: Session, agency: Agency, number: str, code: str) -> Application | None:
    """The agency's application with this tracking number, if `code` is its query code."""
    number = number.strip()
    if not _NUMBER.match(number) or not code.strip():
        return None
    found = session.execute(
        select(Application, PortalRequest.code_hash)
        .join(PortalRequest, PortalRequest.application_id == Application.id)
        .where(Application.agency_id == agency.id, Application.number == number)
    ).one_or_none()
    if found is None or not hmac.compare_digest(found[1], code_digest(code)):
        return None
    application: Application = found[0]
    return application
