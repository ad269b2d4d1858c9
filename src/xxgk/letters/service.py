"""Issuing letters: the agency's settings, the 文号 counter, the grounds a withholding needs, the facts.

The desk and the command line both call `letter_of` (and the ledger's `decide`
calls `require_grounds` and `issue_decision_letter`); the writers only lay out
the `Letter` it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xxgk.errors import XxgkError
from xxgk.letters.model import Letter, basis_text, chinese_date, remedy_text
from xxgk.letters.templates import with_template
from xxgk.letters.wording import (
    DECISIONS,
    DEFAULT_COURT,
    DEFAULT_PATTERN,
    DEFAULT_REVIEW_BODY,
    GROUNDS,
    NOTICES,
)
from xxgk.store.agencies import Agency
from xxgk.store.counters import next_serial
from xxgk.store.ledger import Application, ApplicationEvent
from xxgk.store.letters import IssuedLetter, LetterCounter, LetterSettings

DECISION = "decision"
PARTIAL = "partially_granted"


class LetterError(XxgkError):
    """A letter cannot be written or a decision lacks what its letter must say (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class Settings:
    number_pattern: str
    review_body: str
    court: str
    configured: bool


@dataclass(frozen=True, slots=True)
class Grounds:
    """What a decision's letter adds to the outcome: the clerk's reasons and the chosen articles."""

    reasons: str | None
    articles: tuple[str, ...]


# ---------------------------------------------------------------- settings


def letter_settings(session: Session, agency: Agency) -> Settings:
    stored = session.get(LetterSettings, agency.id)
    if stored is None:
        return Settings(DEFAULT_PATTERN, DEFAULT_REVIEW_BODY, DEFAULT_COURT, configured=False)
    return Settings(stored.number_pattern, stored.review_body, stored.court, configured=True)


def save_settings(
    session: Session, agency: Agency, *, number_pattern: str, review_body: str, court: str, by: str | None
) -> Settings:
    """Store the agency's settings after checking the pattern can number letters."""
    pattern, review, court_name = number_pattern.strip(), review_body.strip(), court.strip()
    if "{year}" not in pattern or "{n}" not in pattern:
        raise LetterError("文号格式须包含 {year}（年份）和 {n}（顺序号），如：某政公开〔{year}〕{n}号")
    if not review or not court_name:
        raise LetterError("须填写行政复议机关和人民法院的名称")
    stored = session.get(LetterSettings, agency.id)
    if stored is None:
        stored = LetterSettings(agency_id=agency.id)
        session.add(stored)
    stored.number_pattern, stored.review_body, stored.court, stored.updated_by = pattern, review, court_name, by
    session.flush()
    return letter_settings(session, agency)


def format_number(pattern: str, agency: str, year: int, serial: int) -> str:
    return pattern.replace("{agency}", agency).replace("{year}", str(year)).replace("{n}", str(serial))


def next_letter_number(session: Session, agency: Agency, year: int) -> str:
    """A fresh 文号 for the agency and year, unique under concurrent issuers (an atomic counter row)."""
    pattern = letter_settings(session, agency).number_pattern
    while True:
        serial = next_serial(session, LetterCounter, agency.id, year)
        number = format_number(pattern, agency.name, year, serial)
        taken = session.scalar(
            select(IssuedLetter.id).where(IssuedLetter.agency_id == agency.id, IssuedLetter.number == number)
        )
        if taken is None:
            return number


# ---------------------------------------------------------------- decisions


def require_grounds(outcome: str, reasons: str | None, articles: Sequence[str] = ()) -> Grounds:
    """The grounds of a decision, refused when it withholds anything without a reason or a legal basis."""
    decision = DECISIONS.get(outcome)
    text = (reasons or "").strip() or None
    chosen = tuple(dict.fromkeys(a.strip() for a in articles if a.strip()))
    unknown = [a for a in chosen if a not in GROUNDS]
    if unknown:
        raise LetterError(f"“{unknown[0]}”不是可选的不予公开依据（可选：{'、'.join(GROUNDS)}）")
    if decision is not None and decision.withholds:
        if text is None:
            raise LetterError("部分公开或不予公开的答复须写明理由：哪些信息不予公开，为什么")
        if outcome == PARTIAL and not chosen:
            raise LetterError("部分公开的答复须选择不予公开部分的法律依据（条例第十四条、第十五条或第十六条）")
    return Grounds(text, chosen)


def issue_decision_letter(session: Session, agency: Agency, application: Application, grounds: Grounds) -> None:
    """Number the decision's 答复告知书 and keep its grounds (called by the ledger's `decide`)."""
    if application.decided_on is None:
        raise LetterError(f"申请“{application.number}”尚未办结，没有答复告知书")
    number = next_letter_number(session, agency, application.decided_on.year)
    letter = _issued(session, application, DECISION)  # a decision recorded again is a new letter, newly numbered
    if letter is None:
        letter = IssuedLetter(agency_id=agency.id, application_id=application.id, subject=DECISION)
        session.add(letter)
    letter.kind, letter.written_on, letter.number = application.outcome or "", application.decided_on, number
    letter.reasons, letter.articles = grounds.reasons, "\n".join(grounds.articles) or None
    letter.content, letter.docx, letter.pdf = None, None, None
    session.flush()
    _freeze(session, agency, application, letter)


# ---------------------------------------------------------------- the letters of an application


def available_letters(application: Application) -> list[tuple[str, str]]:
    """(subject, title) of every letter the application's record gives: its notices, then its decision."""
    found = [
        (f"event-{e.id}", NOTICES[e.kind].title)
        for e in sorted(application.events, key=lambda e: (e.on, e.id))
        if e.kind in NOTICES
    ]
    if application.outcome is not None and application.outcome in DECISIONS:
        found.append((DECISION, DECISIONS[application.outcome].title))
    return found


def applicant_letters(application: Application) -> list[tuple[str, str]]:
    """The letters addressed to the applicant (a consultation's letter goes to the third party instead)."""
    to_others = {f"event-{e.id}" for e in application.events if e.kind in NOTICES and NOTICES[e.kind].to_third_party}
    return [(subject, title) for subject, title in available_letters(application) if subject not in to_others]


def letter_of(session: Session, agency: Agency, application: Application, subject: str) -> Letter:
    """The letter `subject` of an application, numbered the first time it is asked for."""
    if subject not in dict(available_letters(application)):
        raise LetterError(f"申请“{application.number}”没有这份告知书")
    issued = _issued(session, application, subject) or _issue_notice(session, agency, application, subject)
    if issued.content is None:  # issued before letters were frozen: frozen now, as it reads today
        _freeze(session, agency, application, issued)
    assert issued.content is not None
    return Letter.from_dict(issued.content)


def issued_file(
    session: Session, agency: Agency, application: Application, subject: str, fmt: str
) -> tuple[Letter, bytes]:
    """The letter and its bytes as first downloaded: the same file every time, whatever changed since."""
    letter = letter_of(session, agency, application, subject)
    issued = _issued(session, application, subject)
    assert issued is not None
    kept = {"docx": issued.docx, "pdf": issued.pdf}.get(fmt)
    if kept is not None:
        return letter, kept
    data = render_letter(letter, fmt)
    setattr(issued, fmt, data)
    session.flush()
    return letter, data


def _freeze(session: Session, agency: Agency, application: Application, issued: IssuedLetter) -> None:
    """Keep every line of the letter as the agency's settings and templates write it today."""
    issued.content = compose_letter(session, agency, application, issued).to_dict()
    session.flush()


def compose_letter(session: Session, agency: Agency, application: Application, issued: IssuedLetter) -> Letter:
    """The letter from the case's facts and the agency's current settings and templates."""
    settings = letter_settings(session, agency)
    remedy = remedy_text(settings.review_body, settings.court)
    if issued.subject == DECISION:
        return with_template(session, agency, _decision_letter(application, agency, issued, remedy))
    event = _event(application, issued.subject)
    letter = _notice_letter(application, agency, issued, event, remedy)
    return with_template(session, agency, letter, until=period_text(event), days=str(event.days or ""))


def _issued(session: Session, application: Application, subject: str) -> IssuedLetter | None:
    return session.scalars(
        select(IssuedLetter).where(IssuedLetter.application_id == application.id, IssuedLetter.subject == subject)
    ).one_or_none()


def _event(application: Application, subject: str) -> ApplicationEvent:
    return next(e for e in application.events if f"event-{e.id}" == subject)


def _issue_notice(session: Session, agency: Agency, application: Application, subject: str) -> IssuedLetter:
    """Number an event's notice; when two clerks ask at once, the one stored first is the letter."""
    if subject == DECISION:  # a decision recorded before letters existed: its letter has no stored grounds
        issue_decision_letter(session, agency, application, Grounds(application.reply, ()))
        found = _issued(session, application, subject)
        assert found is not None
        return found
    event = _event(application, subject)
    letter = IssuedLetter(
        agency_id=agency.id,
        application_id=application.id,
        subject=subject,
        kind=event.kind,
        number=next_letter_number(session, agency, event.on.year),
        written_on=event.on,
    )
    try:
        with session.begin_nested():
            session.add(letter)
            session.flush()
    except IntegrityError:
        found = _issued(session, application, subject)
        if found is None:
            raise
        return found
    _freeze(session, agency, application, letter)
    return letter


def _facts(application: Application, *, third_party: bool = False) -> tuple[str, ...]:
    received = chinese_date(application.received_on)
    request = application.request.strip() or "（申请人未写明）"
    if third_party:
        return (f"本机关于{received}收到一件政府信息公开申请（申请编号{application.number}），申请获取：“{request}”。",)
    return (f"本机关于{received}收到您提出的政府信息公开申请（申请编号{application.number}），申请获取：“{request}”。",)


def _decision_letter(application: Application, agency: Agency, issued: IssuedLetter, remedy: str) -> Letter:
    decision = DECISIONS[issued.kind]
    chosen = tuple(issued.articles.splitlines()) if issued.articles else ()
    articles = tuple(dict.fromkeys((*decision.articles, *chosen)))
    reply = application.reply if application.reply and application.reply != issued.reasons else None
    return Letter(
        kind=issued.kind,
        title=decision.title,
        number=issued.number,
        addressee=application.applicant_name or "申请人",
        facts=(*_facts(application), "现答复如下："),
        decision=decision.sentence,
        reply=f"答复内容：{reply}" if reply else None,
        reasons_label="理由",
        reasons=issued.reasons,
        basis=basis_text(articles),
        remedy=remedy,
        agency=agency.name,
        written=chinese_date(issued.written_on),
        tracking=application.number,
    )


def _notice_letter(
    application: Application, agency: Agency, issued: IssuedLetter, event: ApplicationEvent, remedy: str
) -> Letter:
    notice = NOTICES[event.kind]
    by = period_text(event)
    label = {"correction_notice": "需要补正的内容", "extension": "延期理由", "fee_notice": "收费金额和计算依据"}
    return Letter(
        kind=event.kind,
        title=notice.title,
        number=issued.number,
        addressee="相关第三方" if notice.to_third_party else (application.applicant_name or "申请人"),
        facts=_facts(application, third_party=notice.to_third_party),
        decision=notice.sentence.format(until=by, days=event.days or ""),
        reply=None,
        reasons_label=label.get(event.kind, "说明"),
        reasons=event.reason,
        basis=basis_text(notice.articles),
        remedy=remedy,
        agency=agency.name,
        written=chinese_date(issued.written_on),
        tracking=application.number,
    )


def period_text(event: ApplicationEvent) -> str:
    """The period a notice gives, as its sentence says it ("请于2026年12月17日前向本机关提交补正后的申请")."""
    until = chinese_date(event.until) if event.until else None
    return {
        "correction_notice": f"请于{until}前向本机关提交补正后的申请" if until else "请在收到本告知书后及时补正",
        "consultation": f"（请于{until}前答复）" if until else "",
    }.get(event.kind, "")


def render_letter(letter: Letter, fmt: str) -> bytes:
    """The letter as DOCX or PDF bytes."""
    if fmt == "docx":
        from xxgk.letters.docx import write_letter_docx

        return write_letter_docx(letter)
    if fmt == "pdf":
        from xxgk.letters.pdf import write_letter_pdf

        return write_letter_pdf(letter)
    raise LetterError(f"告知书只能下载为 docx 或 pdf，而不是“{fmt}”")
