"""A letter once issued stays as issued: later changes to the agency's settings or templates leave its
downloads byte for byte the same. The agency's templates (sandboxed) write new letters; the default
template is today's wording; a template that cannot render is refused with the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from test_letters import AGENCY, COURT, DECIDED, PATTERN, _decided, _docx_text, _flat, _pdf_text
from xxgk.ledger.applications import agency_named, find_application, record_application
from xxgk.ledger.decisions import decide
from xxgk.letters.service import issued_file, letter_of, save_settings
from xxgk.letters.templates import (
    TEMPLATE_TITLES,
    TemplateRefused,
    default_template,
    names_of,
    preview,
    render_body,
    sample_letter,
    save_template,
)
from xxgk.store import open_database
from xxgk.store.transaction import in_transaction
from xxgk.store.web import AuditEntry


def test_a_download_after_the_review_body_changed_still_names_the_one_issued(database_url: str) -> None:
    db = open_database(database_url)

    def issue(session: Session) -> tuple[str, bytes, bytes]:
        application = _decided(session, "partially_granted")
        agency = agency_named(session, AGENCY)
        _, docx = issued_file(session, agency, application, "decision", "docx")
        _, pdf = issued_file(session, agency, application, "decision", "pdf")
        return application.number, docx, pdf

    number, docx, pdf = in_transaction(db, issue)

    def change_and_download(session: Session) -> tuple[bytes, bytes, str]:
        agency = agency_named(session, AGENCY)
        save_settings(session, agency, number_pattern=PATTERN, review_body="另一个复议机关", court=COURT, by="head")
        save_template(session, agency, "decision", "全新的措辞。\n{{ 决定 }}", "head")
        application = find_application(session, agency, number)
        _, docx_again = issued_file(session, agency, application, "decision", "docx")
        _, pdf_again = issued_file(session, agency, application, "decision", "pdf")
        return docx_again, pdf_again, letter_of(session, agency, application, "decision").text()

    docx_again, pdf_again, text = in_transaction(db, change_and_download)
    assert docx_again == docx and pdf_again == pdf
    assert "某市人民政府申请行政复议" in _flat(_docx_text(docx_again)) and "另一个复议机关" not in text
    assert "某市人民政府申请行政复议" in _flat(_pdf_text(pdf_again)) and "全新的措辞" not in text


def test_the_agency_template_writes_the_next_letter_and_is_audited(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.db'}")

    def work(session: Session) -> str:
        agency = agency_named(session, AGENCY)
        save_settings(session, agency, number_pattern=PATTERN, review_body="某市人民政府", court=COURT, by="head")
        save_template(
            session, agency, "decision", "{{ 申请人 }}同志：您好。\n{{ 收到情况 }}\n{{ 决定 }}\n{{ 救济途径 }}", "head"
        )
        application = record_application(
            session, agency, received=date(2026, 11, 2), applicant_type="natural_person", request="某文件", actor="测试"
        )
        decide(session, agency, application.number, DECIDED, "granted", actor="测试")
        _, data = issued_file(session, agency, application, "decision", "docx")
        audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "letters.template")).one()
        assert audited.actor == "head" and audited.detail["key"] == "decision"
        return _flat(_docx_text(data))

    text = in_transaction(db, work)
    assert "申请人同志：您好。" in text and "某市人民政府申请行政复议" in text and "依据：" not in text


@pytest.mark.parametrize("key", list(TEMPLATE_TITLES))
def test_the_default_template_is_the_default_wording(key: str) -> None:
    letter, names = sample_letter(key)
    assert render_body(default_template(key), names) == letter.default_paragraphs()
    assert preview(key, default_template(key)).paragraphs() == letter.default_paragraphs()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{{ 申请人 }", "语法错误"),
        ("{{ 申请人姓名 }}", "不存在的内容"),
        ("{{ 申请人.__class__.__mro__ }}", "不允许"),
        ("{% if %}", "语法错误"),
        ("{% for x in range(100) %}{% endfor %}", "空的"),
    ],
)
def test_a_template_that_cannot_render_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(TemplateRefused, match=reason):
        preview("decision", text)


def test_names_hold_the_case_facts() -> None:
    letter, _ = sample_letter("correction_notice")
    names = names_of(letter, until="请于2026年12月17日前向本机关提交补正后的申请")
    assert names["申请人"] == "张三" and "2026-00001" in names["收到情况"] and "第三十条" in names["依据"]
