"""The desk's form for an application received by post, in person, by fax or 平信.

The clerk records the facts of how it came in; the receipt date is never typed in:
`xxgk.ledger.receipt.receipt_of` derives it by 《政府信息公开条例》第三十一条 (the
channel's fact: day submitted, signed for or confirmed), and
`xxgk.ledger.applications.record_application` — the function `xxgk ledger add` calls —
registers and audits it. A refusal is tied to the field that causes it, in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from xxgk.ledger.receipt import CHANNEL_LABELS, FACT_LABELS, Channel, ReceiptError, ReceiptFacts, channel_of, receipt_of

# The channels a clerk registers on the desk (online applications come through the portal).
DESK_CHANNELS = (Channel.post, Channel.in_person, Channel.ordinary_mail, Channel.fax)
# The form field holding each channel's fact (the day the article names).
FACT_FIELDS: dict[Channel, str] = {
    Channel.in_person: "submitted",
    Channel.post: "signed_for",
    Channel.ordinary_mail: "confirmed",
    Channel.online: "confirmed",
    Channel.fax: "confirmed",
}
DAY_LABELS = {"submitted": "申请人提交（寄出）日期", "signed_for": "签收日期", "confirmed": "确认日期"}


@dataclass(frozen=True, slots=True)
class IntakeForm:
    """The desk's registration form as submitted, every field stripped text."""

    applicant_type: str = ""
    applicant_name: str = ""
    applicant_contact: str = ""
    request: str = ""
    channel: str = ""
    submitted: str = ""
    signed_for: str = ""
    confirmed: str = ""


@dataclass(slots=True)
class Intake:
    """What the form gives: the receipt facts and the applicant, or the errors by field."""

    facts: ReceiptFacts | None = None
    errors: dict[str, str] = field(default_factory=dict)


def channel_choices() -> list[tuple[str, str, str]]:
    """(key, label, the fact the receipt day comes from) of each channel registered on the desk."""
    return [(c.value, CHANNEL_LABELS[c], FACT_LABELS[c]) for c in DESK_CHANNELS]


def _day(text: str, name: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = f"{DAY_LABELS[name]}应为日期（如 2026-11-21），而不是“{text}”"
        return None


def intake_of(form: IntakeForm, applicant_keys: set[str]) -> Intake:
    """The receipt facts of the form (checked by art. 31), or every field's error."""
    found = Intake()
    errors = found.errors
    if form.applicant_type not in applicant_keys:
        errors["applicant_type"] = "请选择申请人类型"
    if not form.request:
        errors["request"] = "请填写申请公开的政府信息"
    channel = channel_of(form.channel)
    if channel is None or channel not in DESK_CHANNELS:
        errors["channel"] = f"请选择申请方式（{'、'.join(CHANNEL_LABELS[c] for c in DESK_CHANNELS)}）"
    days = {name: _day(getattr(form, name), name, errors) for name in DAY_LABELS}
    if channel is None or channel not in DESK_CHANNELS or set(errors) & set(DAY_LABELS):
        return found
    facts = ReceiptFacts(channel, days["submitted"], days["signed_for"], days["confirmed"])
    try:
        receipt_of(facts)
    except ReceiptError as exc:
        errors[FACT_FIELDS[channel]] = str(exc)
        return found
    if not errors:
        found.facts = facts
    return found
