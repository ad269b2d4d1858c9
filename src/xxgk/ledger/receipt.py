"""The day an application is received, by how it came in (《政府信息公开条例》第三十一条).

The clerk records the facts: how the application came in (`channel`), the day the
applicant submitted or posted it, and the day the channel's rule names — the day
signed for (邮寄), the day confirmed with the applicant (平常信函, 互联网, 传真). The
clock starts from the receipt date this module derives, never from a date typed in
as "received":

- 当面提交: the day submitted (第一项);
- 邮寄: the day the agency signed for it (第二项);
- 平常信函 and other post needing no signature: the day the agency confirmed it with
  the applicant, which it does on the day it arrives (第二项);
- 互联网 or 传真: the day both sides confirmed it (第三项); an application filed on
  the agency's own portal is confirmed by the system when it is filed.

`channel` is a vocabulary: each channel has one label, stored on the application,
and the variants ledgers use (信函, 网上申请, 电子邮件…) are read as it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from xxgk.errors import XxgkError
from xxgk.extract.fold import squash

ARTICLE = "《政府信息公开条例》第三十一条"


class Channel(StrEnum):
    in_person = "in_person"
    post = "post"
    ordinary_mail = "ordinary_mail"
    online = "online"
    fax = "fax"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.in_person: "当面提交",
    Channel.post: "邮寄",
    Channel.ordinary_mail: "平常信函",
    Channel.online: "网上申请",
    Channel.fax: "传真",
}
_VARIANTS: dict[Channel, tuple[str, ...]] = {
    Channel.in_person: ("当面", "现场", "窗口", "当面申请", "现场提交", "in_person"),
    Channel.post: ("信函", "邮件", "挂号信", "邮政", "ems", "快递", "邮寄申请", "post"),
    Channel.ordinary_mail: ("平信", "平常信件", "平邮", "ordinary_mail"),
    Channel.online: ("网上", "互联网", "在线", "网络", "网站", "电子邮件", "电子邮箱", "online"),
    Channel.fax: ("传真申请", "fax"),
}
# Which fact names the receipt day, and the clause that says so.
FACT_LABELS: dict[Channel, str] = {
    Channel.in_person: "提交日期",
    Channel.post: "签收日期",
    Channel.ordinary_mail: "与申请人确认日期",
    Channel.online: "双方确认日期",
    Channel.fax: "双方确认日期",
}
_CLAUSES: dict[Channel, str] = {
    Channel.in_person: "第一项：当面提交的，以提交之日为收到申请之日",
    Channel.post: "第二项：以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    Channel.ordinary_mail: "第二项：以平常信函等无需签收的方式提交的，以与申请人确认之日为收到申请之日",
    Channel.online: "第三项：通过互联网渠道提交的，以双方确认之日为收到申请之日",
    Channel.fax: "第三项：通过传真提交的，以双方确认之日为收到申请之日",
}


class ReceiptError(XxgkError):
    """The facts recorded do not give a receipt date, with the reason in Chinese."""


def channel_of(text: str | None) -> Channel | None:
    """The channel a label or a ledger's variant names (None: blank or not a channel)."""
    if not text or not text.strip():
        return None
    folded = squash(text).lower()
    for channel, label in CHANNEL_LABELS.items():
        if folded in (squash(label), *(squash(v).lower() for v in _VARIANTS[channel])):
            return channel
    return None


@cache
def channel_label(text: str | None) -> str | None:
    """The stored label of a channel given as label, variant or key; None for blank; refused when unknown."""
    if text is None or not text.strip():
        return None
    channel = channel_of(text)
    if channel is None:
        raise ReceiptError(f"“{text}”不是申请方式（应为 {'、'.join(CHANNEL_LABELS.values())} 之一）")
    return CHANNEL_LABELS[channel]


@dataclass(frozen=True, slots=True)
class ReceiptFacts:
    """What the clerk knows of how an application came in. `submitted`: the day the applicant
    submitted or posted it; `signed_for` (邮寄) and `confirmed` (平常信函, 互联网, 传真) the days
    the article names."""

    channel: Channel
    submitted: date | None = None
    signed_for: date | None = None
    confirmed: date | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    """The derived receipt date, the day the applicant submitted, and why (for the clock's steps)."""

    received: date
    submitted: date | None
    text: str
    basis: str


def receipt_note(channel: str | None, submitted: date | None) -> str:
    """How a stored application's receipt day was fixed, for its timeline: channel, the applicant's day, the rule."""
    found = channel_of(channel)
    if found is None:
        return channel or ""
    sent = f"申请人 {submitted.isoformat()} 提交；" if submitted is not None else ""
    return f"{CHANNEL_LABELS[found]}；{sent}{FACT_LABELS[found]}为收到申请之日（第三十一条{_CLAUSES[found].split('：')[0]}）"


def receipt_of(facts: ReceiptFacts) -> Receipt:
    """The receipt date the channel's rule gives; refused when its fact is missing or precedes the submission."""
    channel, submitted = facts.channel, facts.submitted
    label, fact = CHANNEL_LABELS[channel], FACT_LABELS[channel]
    if channel is Channel.in_person:
        day = submitted or facts.confirmed or facts.signed_for
    elif channel is Channel.post:
        day = facts.signed_for
    elif channel is Channel.online:
        day = facts.confirmed or submitted  # filed on the portal: the system confirms it when filed
    else:
        day = facts.confirmed
    if day is None:
        raise ReceiptError(f"{label}的申请须写明{fact}：{ARTICLE}{_CLAUSES[channel]}")
    if submitted is not None and day < submitted:
        raise ReceiptError(f"{fact} {day.isoformat()} 早于申请人提交（寄出）日期 {submitted.isoformat()}")
    if channel is Channel.online and facts.confirmed is None:
        fact = "系统收到即确认，收到日期"
    sent = f"{submitted.isoformat()} 提交，" if submitted is not None and submitted != day else ""
    text = f"{label}：{sent}{fact} {day.isoformat()} 为收到申请之日"
    return Receipt(day, submitted if submitted != day else None, text, f"{ARTICLE}{_CLAUSES[channel].split('：')[0]}")
