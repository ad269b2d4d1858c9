"""A letter as data: every line a DOCX or PDF writer prints, in the order an official document has them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from xxgk.letters.wording import FEE_MEASURES, LITIGATION_MONTHS, REGULATION, REVIEW_DAYS


@dataclass(frozen=True, slots=True)
class Letter:
    """An official letter: the writers lay these fields out, they decide nothing."""

    kind: str
    title: str
    number: str
    addressee: str
    facts: tuple[str, ...]
    decision: str
    reply: str | None
    reasons_label: str
    reasons: str | None
    basis: str
    remedy: str | None
    agency: str
    written: str
    tracking: str
    # The body as the agency's template wrote it; empty: the default wording below.
    body: tuple[str, ...] = ()

    def paragraphs(self) -> tuple[str, ...]:
        """The body between the addressee and the signature, as the reader reads it."""
        return self.body or self.default_paragraphs()

    def default_paragraphs(self) -> tuple[str, ...]:
        """The body in the default wording (what a template left unedited prints)."""
        body = [*self.facts, self.decision]
        if self.reply:
            body.append(self.reply)
        if self.reasons:
            body.append(f"{self.reasons_label}：{self.reasons}")
        body.append(f"依据：{self.basis}")
        if self.remedy:
            body.append(self.remedy)
        return tuple(body)

    def text(self) -> str:
        """The letter as plain text (for tests, previews and the command line)."""
        lines = [self.title, self.number, f"{self.addressee}：", *self.paragraphs(), self.agency, self.written]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Every line of the letter, for the issued letter's frozen record."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Letter:
        """The letter as it was issued (tuples come back from JSON as lists)."""
        values: dict[str, Any] = {f.name: data.get(f.name) for f in fields(cls)}
        values["facts"] = tuple(values["facts"] or ())
        values["body"] = tuple(values["body"] or ())
        return cls(**values)


def chinese_date(day: date) -> str:
    """2026年12月2日: the date as an official document writes it, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def basis_text(articles: tuple[str, ...]) -> str:
    """「《条例》第三十七条、第三十六条第（二）项」, with the fee measures where a fee is the ground."""
    text = f"{REGULATION}" + "、".join(articles) if articles else REGULATION
    if any(a.startswith("第四十二条") for a in articles):
        text += f"，{FEE_MEASURES}"
    return text


def remedy_text(review_body: str, court: str) -> str:
    """救济途径: the review body and the court the agency configured, with their periods."""
    return (
        f"救济途径：如对本告知书不服，可以自收到本告知书之日起{REVIEW_DAYS}内向{review_body}申请行政复议，"
        f"或者自收到本告知书之日起{LITIGATION_MONTHS}内向{court}提起行政诉讼。"
    )
