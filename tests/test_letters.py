"""Statutory letters: every kind opens as DOCX and PDF and reads back its 文号, the plain decision, the
articles, the 救济途径 with the agency's review body and court, and the Chinese date; 文号 stay unique
when clerks issue at once; a withholding decision without reasons or a legal basis is refused."""

from __future__ import annotations

import re
import subprocess
import tempfile
import threading
from datetime import date
from io import BytesIO
from pathlib import Path

import pypdfium2
import pytest
from docx import Document
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from conftest import ROOT, run_xxgk
from xxgk.ledger.applications import agency_named, find_application, record_application
from xxgk.ledger.clock import Event, EventKind
from xxgk.ledger.decisions import decide, record_event
from xxgk.ledger.vocabulary import outcome_label
from xxgk.letters.service import LetterError, available_letters, letter_of, render_letter, save_settings
from xxgk.letters.wording import DECISIONS, NOTICES
from xxgk.store import open_database
from xxgk.store.agencies import Agency
from xxgk.store.database import Database
from xxgk.store.ledger import Application
from xxgk.store.letters import IssuedLetter
from xxgk.store.transaction import in_transaction
from xxgk.template import TEMPLATES

AGENCY = "某市人民政府办公室"
REVIEW_BODY = "某市人民政府"
COURT = "某市中级人民法院"
PATTERN = "某政公开〔{year}〕{n}号"
ARTIFACTS = ROOT / "test-artifacts"
RECEIVED = date(2026, 11, 2)
DECIDED = date(2026, 12, 2)
REQUEST = "2025年本市道路维修工程的合同文本"


def _settle(session: Session) -> Agency:
    agency = agency_named(session, AGENCY)
    save_settings(session, agency, number_pattern=PATTERN, review_body=REVIEW_BODY, court=COURT, by="head")
    return agency


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    finally:
        pdf.close()


def _keep_page_one(data: bytes, name: str) -> None:
    """PDF page 1 as a PNG among the test artifacts (drawn by poppler's pdftoppm), to see the letter as printed."""
    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.pdf"
        source.write_bytes(data)
        target = ARTIFACTS / f"letter-{name}"
        command = ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(source), str(target)]
        subprocess.run(command, check=True, timeout=60)
    with Image.open(target.with_suffix(".png")) as image:
        assert image.size[0] < image.size[1]  # A4 portrait


def _flat(text: str) -> str:
    """Text without the line breaks and spaces a page's layout puts in."""
    return re.sub(r"\s+", "", text)


def _assert_letter(data_text: str, number: str, decision: str, articles: tuple[str, ...]) -> None:
    text = _flat(data_text)
    assert number in text
    assert _flat(decision)[:30] in text
    for article in articles:
        assert article in text
    assert f"六十日内向{REVIEW_BODY}申请行政复议" in text and f"六个月内向{COURT}提起行政诉讼" in text
    assert AGENCY in text


def _decided(session: Session, outcome: str) -> Application:
    agency = _settle(session)
    application = record_application(
        session,
        agency,
        received=RECEIVED,
        applicant_type="natural_person",
        request=REQUEST,
        applicant_name="张三",
        actor="测试",
    )
    if outcome == "other_no_correction":  # closed so only after a 补正 notice whose period has passed (第三十条)
        notice = Event(
            EventKind.correction_notice, date(2026, 11, 4), until=date(2026, 11, 20), reason="请写明项目名称"
        )
        record_event(session, agency, application.number, notice, actor="测试")
    grounds = {"reasons": "合同附件中的银行账号属于商业秘密", "articles": ["第十五条"]}
    decide(session, agency, application.number, DECIDED, outcome, "见附件", **grounds, actor="测试")  # type: ignore[arg-type]
    return application


def test_every_outcome_row_of_both_formats_has_a_plain_decision_and_its_articles() -> None:
    keys = {row.key for t in TEMPLATES.values() for row in t.table("applications").rows if row.outcome}
    assert keys <= set(DECISIONS)
    for key in keys:
        decision = DECISIONS[key]
        assert decision.articles and all(a.startswith("第") for a in decision.articles)
        label = outcome_label(key)
        assert label not in decision.sentence and "只计这一情形" not in decision.sentence


@pytest.mark.parametrize(
    "outcome", ["granted", "partially_granted", "withheld_third_party", "other_no_correction", "withdrawn"]
)
def test_a_decision_letter_reads_back_from_docx_and_pdf(tmp_path: Path, outcome: str) -> None:
    db = open_database(f"sqlite:///{tmp_path}/x.db")

    def work(session: Session) -> tuple[bytes, bytes, str]:
        application = _decided(session, outcome)
        letter = letter_of(session, agency_named(session, AGENCY), application, "decision")
        return render_letter(letter, "docx"), render_letter(letter, "pdf"), letter.text()

    docx, pdf, text = in_transaction(db, work)
    _keep_page_one(pdf, outcome)
    decision = DECISIONS[outcome]
    for read in (_docx_text(docx), _pdf_text(pdf)):
        _assert_letter(read, "某政公开〔2026〕1号", decision.sentence, decision.articles)
        assert "2026年12月2日" in _flat(read) and "2026年11月2日" in _flat(read) and REQUEST in _flat(read)
        assert decision.title in _flat(read) and "（二）部分公开（区分处理的" not in read
    if outcome == "partially_granted":
        assert "第十五条" in _flat(_pdf_text(pdf)) and "合同附件中的银行账号属于商业秘密" in text
    assert "2026-12-02" not in text


def test_each_notice_kind_reads_back_from_docx_and_pdf(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path}/x.db")
    events = [
        Event(EventKind.correction_notice, date(2026, 11, 4), until=date(2026, 11, 20), reason="请写明合同的项目名称"),
        Event(EventKind.correction_received, date(2026, 11, 9)),
        Event(EventKind.consultation, date(2026, 11, 10), until=date(2026, 11, 20)),
        Event(EventKind.extension, date(2026, 11, 30), days=10, approver="李主任", reason="需要检索的档案较多"),
        Event(EventKind.fee_notice, date(2026, 12, 1), reason="100元，按件计收"),
    ]

    def work(session: Session) -> list[tuple[str, bytes, bytes]]:
        agency = _settle(session)
        application = record_application(
            session,
            agency,
            received=RECEIVED,
            applicant_type="natural_person",
            request=REQUEST,
            applicant_name="张三",
            actor="测试",
        )
        for event in events:
            record_event(session, agency, application.number, event, actor="测试")
        session.flush()
        session.refresh(application)
        made = []
        for subject, _title in available_letters(application):
            letter = letter_of(session, agency, application, subject)
            made.append((letter.kind, render_letter(letter, "docx"), render_letter(letter, "pdf")))
        return made

    made = in_transaction(db, work)
    assert [kind for kind, _, _ in made] == ["correction_notice", "consultation", "extension", "fee_notice"]
    written = {"correction_notice": "2026年11月4日", "consultation": "2026年11月10日", "extension": "2026年11月30日"}
    for serial, (kind, docx, pdf) in enumerate(made, start=1):
        _keep_page_one(pdf, kind)
        notice = NOTICES[kind]
        for read in (_docx_text(docx), _pdf_text(pdf)):
            _assert_letter(read, f"某政公开〔2026〕{serial}号", notice.sentence[:20], notice.articles)
            assert notice.title in _flat(read) and written.get(kind, "2026年12月1日") in _flat(read)
    assert "请写明合同的项目名称" in _flat(_pdf_text(made[0][2])) and "2026年11月20日" in _flat(_docx_text(made[0][1]))
    assert "10个工作日" in _flat(_docx_text(made[2][1])) and "100元" in _flat(_pdf_text(made[3][2]))


@pytest.mark.parametrize("outcome", ["partially_granted", "withheld_state_secret"])
def test_a_withholding_decision_without_reasons_or_basis_is_refused(tmp_path: Path, outcome: str) -> None:
    db = open_database(f"sqlite:///{tmp_path}/x.db")
    bad: list[tuple[str | None, list[str]]] = [(None, ["第十五条"]), ("  ", ["第十五条"])]
    if outcome == "partially_granted":
        bad.append(("部分内容属于商业秘密", []))

    def work(session: Session) -> tuple[list[str], date | None]:
        agency = _settle(session)
        number = record_application(
            session, agency, received=RECEIVED, applicant_type="natural_person", actor="测试"
        ).number
        refusals = []
        for reasons, articles in bad:
            try:
                with session.begin_nested():
                    decide(session, agency, number, DECIDED, outcome, reasons=reasons, articles=articles, actor="测试")
            except LetterError as exc:
                refusals.append(str(exc))
        return refusals, find_application(session, agency, number).decided_on

    refusals, decided = in_transaction(db, work)
    assert decided is None and len(refusals) == len(bad)
    assert all("理由" in r or "法律依据" in r for r in refusals)


def _issue_many(db: Database, numbers: list[str], count: int) -> None:
    for _ in range(count):

        def work(session: Session) -> str:
            agency = agency_named(session, AGENCY)
            application = record_application(
                session, agency, received=RECEIVED, applicant_type="natural_person", actor="测试"
            )
            decide(session, agency, application.number, DECIDED, "granted", actor="测试")
            return session.scalars(
                select(IssuedLetter.number).where(IssuedLetter.application_id == application.id)
            ).one()

        numbers.append(in_transaction(db, work))


def test_letters_issued_at_once_get_distinct_numbers(database_url: str) -> None:
    db = open_database(database_url)
    in_transaction(db, _settle)
    results: list[list[str]] = [[] for _ in range(4)]
    threads = [threading.Thread(target=_issue_many, args=(db, results[w], 8)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = [n for r in results for n in r]
    assert len(numbers) == 32 and len(set(numbers)) == 32
    assert set(numbers) == {f"某政公开〔2026〕{n}号" for n in range(1, 33)}


def test_the_command_line_writes_the_same_letter_the_desk_offers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    db = open_database(url)
    number = in_transaction(db, lambda s: _decided(s, "partially_granted").number)
    target = tmp_path / "letter.docx"
    written = run_xxgk("ledger", "letter", number, "--agency", AGENCY, "-f", "docx", "-o", str(target), "--db", url)
    assert written.returncode == 0, written.stderr
    text = _flat(_docx_text(target.read_bytes()))
    assert "某政公开〔2026〕1号" in text and "第三十七条" in text and "第十五条" in text
    missing = run_xxgk("ledger", "letter", number, "--agency", AGENCY, "-w", "event-99", "--db", url)
    assert missing.returncode == 2 and "没有这份告知书" in missing.stderr and "Traceback" not in missing.stderr


def test_a_decision_recorded_again_gets_a_new_letter_number(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.db'}")

    def work(session: Session) -> tuple[str, str]:
        application = _decided(session, "granted")
        agency = agency_named(session, AGENCY)
        first = letter_of(session, agency, application, "decision").number
        decide(
            session, agency, application.number, DECIDED, "withheld_third_party", reasons="涉及个人隐私", actor="测试"
        )
        again = letter_of(session, agency, application, "decision")
        assert DECISIONS["withheld_third_party"].sentence == again.decision and "第十五条" in again.basis
        return first, again.number

    assert in_transaction(db, work) == ("某政公开〔2026〕1号", "某政公开〔2026〕2号")
