"""Each screening check fires on what it looks for and stays silent on its look-alikes, in plain
text, in every part of a real DOCX (body, table, comment, tracked change, header, footer,
properties), in a PDF printed from that DOCX by LibreOffice, and in an XLSX's hidden sheet."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from screen_support import (
    CARD,
    ID,
    ID_X,
    LOOK_ALIKES,
    add_comment,
    add_table,
    add_tracked_change,
    docx_document,
    saved,
    to_pdf,
    wrong_check_digit,
)
from xxgk.screen import DEFAULT_RULES, Rules, ScreenError, Word, screen_file, screen_text

POSITIVES = {
    "secrecy": ["密级：机密★5年", "绝密★长期", "秘密 ★", "★10年", "机密级文件"],
    "internal": ["内部资料 注意保存", "不得翻印", "（此件不公开）", "此件不予公开", "【依申请公开】"],
    "id_number": [f"身份证号{ID}", f"证件号码：{ID_X}", f"身份证号码{ID_X.lower()}号", "旧证号 110105900307123"],
    "bank_card": [f"开户账号{CARD}", "卡号 6222 0202 0011 2345 679"],
    "mobile": ["联系人手机13912345678。", "电话：+86 139-1234-5678", "手机号１３９１２３４５６７８"],
    "landline": ["电话024-23456789", "电话（010）87654321转", "电话 0755 2345678"],
    "email": ["邮箱zhangsan@163.com，", "联系 li.si_2026@qq.com"],
    "address": [
        "家庭住址：辽宁省沈阳市和平区南京北街12号3单元",
        "家住某县某镇王家村五组",
        "户籍所在地：某省某市某区人民路88号",
        "现住某市某区幸福小区3栋",
    ],
}


def kinds(text: str, rules: Rules = DEFAULT_RULES) -> list[str]:
    return [hit.kind for hit in screen_text(text, rules)]


@pytest.mark.parametrize("kind", sorted(POSITIVES))
def test_each_check_fires_on_its_positives(kind: str) -> None:
    for text in POSITIVES[kind]:
        assert kind in kinds(text), text


def test_the_look_alikes_pass() -> None:
    assert screen_text(LOOK_ALIKES) == []


def test_an_id_number_needs_its_check_digit_area_and_a_past_birth_date() -> None:
    assert kinds(f"号码{wrong_check_digit(ID)}") == []
    assert kinds("号码990105199003071234") == []  # no area 990105
    assert kinds("号码110105209901011234"[:2] + "0105209901011234") == []  # born in 2099
    assert kinds(f"号码{ID}1") == []  # inside a longer number: a digit guard, not \b
    assert kinds(f"编号A{ID}") == []


def test_an_id_number_is_masked_and_placed() -> None:
    [hit] = screen_text(f"第一行\n申请人张三，身份证号{ID}。")
    assert hit.masked == ID[:6] + "*" * 10 + ID[-2:]
    assert ID not in str(hit.as_dict())
    assert hit.position.line == 2 and hit.blocks
    assert "个人信息" in hit.reason


def test_a_card_must_pass_luhn_and_start_like_a_bank_card() -> None:
    assert kinds(f"卡号{CARD[:-1]}{(int(CARD[-1]) + 1) % 10}") == []
    assert kinds("序列号 2026031200012345674") == []  # Luhn-valid but a year, not an issuer
    assert kinds(f"身份证号{ID}") == ["id_number"]  # an ID that also passes Luhn is reported once


def test_the_agencys_own_published_contacts_are_allowed() -> None:
    rules = Rules(contacts=("024-23456789", "13912345678", "xxgk@example.gov.cn"))
    text = "咨询电话：（024）23456789，手机 139 1234 5678，邮箱 XXGK@example.gov.cn"
    assert kinds(text, rules) == []
    assert kinds("电话024-23456780", rules) == ["landline"]


def test_a_mobile_inside_a_longer_number_is_not_one() -> None:
    assert kinds("订单号 2139123456789，流水 13912345678901") == []


def test_word_lists_warn_with_a_suggestion() -> None:
    rules = Rules(words=(Word("截止目前", "截至目前"), Word("某敏感词", "（删除）", "sensitive")))
    hits = screen_text("截止目前，共办理某敏感词事项", rules)
    assert [(h.kind, h.severity, h.suggestion) for h in hits] == [
        ("mistaken_word", "warn", "截至目前"),
        ("sensitive_word", "warn", "（删除）"),
    ]
    assert "截至目前" in hits[0].reason
    assert kinds("截至目前", rules) == []
    assert [h.kind for h in screen_text("所謂臺灣總統")] == ["sensitive_word"]  # traditional characters too


def test_a_copy_number_at_the_top_warns() -> None:
    hits = screen_text("000123\n某市人民政府文件")
    assert [(h.kind, h.severity) for h in hits] == [("copy_number", "warn")]
    assert screen_text("某市人民政府文件\n正文\n第三行\n000123") == []
    hits = screen_file(saved(docx_document("000456", "某市人民政府文件")), "文件.docx")
    assert [(h.kind, h.position.paragraph) for h in hits] == [("copy_number", 1)]


# ------------------------------------------------------------------ DOCX


def docx_with_everything(tmp_path: Path) -> bytes:
    document = docx_document("关于某事项的处理决定", LOOK_ALIKES, f"当事人身份证号{ID}")
    add_table(document, [["姓名", "手机"], ["张三", "13912345678"]])
    add_comment(document, "联系邮箱 zhangsan@163.com")
    add_tracked_change(document, inserted=f"卡号{CARD}", deleted="家住某县某镇王家村五组")
    document.sections[0].header.paragraphs[0].text = "机密★1年"
    document.sections[0].footer.paragraphs[0].text = "内部资料 不得翻印"
    document.core_properties.author = "经办人 13812345678"
    document.core_properties.comments = "身份证 " + ID_X
    return saved(document)


def test_every_part_of_a_docx_is_screened_with_its_position(tmp_path: Path) -> None:
    hits = screen_file(docx_with_everything(tmp_path), "决定.docx")
    found = {(h.kind, h.position.part) for h in hits}
    assert found == {
        ("id_number", "body"),
        ("mobile", "body"),
        ("email", "comment"),
        ("bank_card", "insertion"),
        ("address", "deletion"),
        ("secrecy", "header"),
        ("internal", "footer"),
        ("mobile", "properties"),
        ("id_number", "properties"),
    }
    cell = next(h for h in hits if h.kind == "mobile" and h.position.part == "body")
    assert cell.position.cell == "表1 第2行第2列"
    author = next(h for h in hits if h.position.part == "properties" and h.kind == "mobile")
    assert author.position.describe() == "《决定.docx》 文档属性“作者”"
    assert (
        next(h for h in hits if h.kind == "bank_card")
        .position.describe()
        .startswith("《决定.docx》 修订（插入的文字）")
    )


def test_hidden_text_in_a_docx_is_screened() -> None:
    document = docx_document("公示名单")
    run = document.add_paragraph().add_run(f"身份证号{ID}")
    run.font.hidden = True
    [hit] = screen_file(saved(document), "名单.docx")
    assert (hit.kind, hit.position.paragraph) == ("id_number", 2)


def test_a_docx_of_look_alikes_passes() -> None:
    document = docx_document(*LOOK_ALIKES.splitlines())
    add_comment(document, "文号 某科发〔2026〕3号，请核对")
    add_tracked_change(document, inserted="金额 1234567.89 元", deleted=wrong_check_digit(ID))
    document.core_properties.author = "某市科学技术局"
    assert screen_file(saved(document), "a.docx") == []


def test_a_broken_docx_cannot_be_screened() -> None:
    data = saved(docx_document("x"))
    with pytest.raises(ScreenError, match=r"坏\.docx"):
        screen_file(data[: len(data) // 2], "坏.docx")


# ------------------------------------------------------------------ PDF and XLSX


def test_a_pdf_printed_from_the_docx_is_screened_page_by_page(tmp_path: Path) -> None:
    document = docx_document("某市科学技术局行政处罚决定书", LOOK_ALIKES, f"当事人身份证号{ID}，手机13912345678")
    document.add_page_break()
    document.add_paragraph("家庭住址：辽宁省沈阳市和平区南京北街12号3单元")
    document.add_page_break()
    # One paragraph wrapping onto a second line: its lines are screened joined.
    document.add_paragraph(
        f"经查，当事人李四（身份证号{ID_X}）于2026年1月5日起在本市经营，家庭住址：辽宁省沈阳市和平区南京北街128号3单元402室。"
    )
    document.core_properties.author = "邮箱 zhangsan@163.com"
    hits = screen_file(to_pdf(saved(document), tmp_path), "决定.pdf")
    found = {(h.kind, h.position.page) for h in hits if h.position.part == "body"}
    assert found == {("id_number", 1), ("mobile", 1), ("address", 2), ("id_number", 3), ("address", 3)}
    assert [h.kind for h in hits if h.position.part == "properties"] == ["email"]


def test_a_pdf_without_a_text_layer_is_refused_by_name(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "扫描件.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.rect(100, 100, 300, 400, fill=1)
    drawing.showPage()
    drawing.save()
    with pytest.raises(ScreenError, match=r"扫描件\.pdf.*没有文字层"):
        screen_file(path.read_bytes(), "扫描件.pdf")


def xlsx_bytes(tmp_path: Path, hidden_rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    visible = book.active
    assert visible is not None
    visible.title = "公示"
    visible.append(["项目编号", "金额"])
    visible.append(["20260312000123456", 1234567.89])
    hidden = book.create_sheet("原始名单")
    hidden.sheet_state = "hidden"
    for row in hidden_rows:
        hidden.append(row)
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path.read_bytes()


def test_an_xlsx_hidden_sheet_is_screened(tmp_path: Path) -> None:
    hits = screen_file(xlsx_bytes(tmp_path, [["姓名", "身份证号", "卡号"], ["张三", ID, CARD]]), "名单.xlsx")
    assert [(h.kind, h.position.part, h.position.name, h.position.cell) for h in hits] == [
        ("id_number", "hidden_sheet", "原始名单", "B2"),
        ("bank_card", "hidden_sheet", "原始名单", "C2"),
    ]
    assert "隐藏的工作表“原始名单”" in hits[0].position.describe()


def test_an_xlsx_of_look_alikes_passes(tmp_path: Path) -> None:
    rows = [[line] for line in LOOK_ALIKES.splitlines()]
    assert screen_file(xlsx_bytes(tmp_path, rows), "名单.xlsx") == []
