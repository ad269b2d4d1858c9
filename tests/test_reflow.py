"""Paragraphs a PDF wrapped over lines are one line again; table rows, headings and new paragraphs stay apart."""

from __future__ import annotations

import pytest

from xxgk.read.reflow import PlacedLine, first_piece_width, rejoined

SIZE = 16.0
PAGE = 595.0
MARGIN = 68.0
RIGHT = PAGE - MARGIN
INDENT = MARGIN + 2 * SIZE


def line(
    text: str, left: float = MARGIN, right: float = RIGHT, *, row: int = 0, page: int = 0, cells: int = 1
) -> PlacedLine:
    return PlacedLine(text, page, cells, left, right, 700.0 - row * 1.6 * SIZE, SIZE, PAGE)


def test_a_wrapped_paragraph_is_one_line_and_the_next_indented_one_starts_anew() -> None:
    lines = [
        line("一、总体情况", INDENT, 200, row=0),
        line("2024 年，全市共受理政府信息公开申请 3119 件，答复", INDENT, RIGHT - 3, row=1),
        line("3050 件。", MARGIN, 160, row=2),
        line("（一）主动公开情况。", INDENT, 260, row=3),
    ]
    assert rejoined(lines) == [
        "一、总体情况",
        "2024 年，全市共受理政府信息公开申请 3119 件，答复3050 件。",
        "（一）主动公开情况。",
    ]


def test_a_paragraph_continues_on_the_next_page() -> None:
    lines = [line("上一页的最后一行写满了", INDENT, RIGHT, row=20), line("下一页接着写。", MARGIN, 180, page=1)]
    assert rejoined(lines) == ["上一页的最后一行写满了下一页接着写。"]


def test_lines_ending_short_or_table_rows_are_never_joined() -> None:
    lines = [
        line("不满一行的段落。", INDENT, 300, row=0),
        line("顶格的新段落。", MARGIN, 200, row=1),
        line("规章\t1\t0\t11", MARGIN, RIGHT, row=2, cells=4),
        line("行政规范性文件\t8\t26\t66", MARGIN, RIGHT, row=3, cells=4),
    ]
    assert rejoined(lines) == [text.text for text in lines]


def test_latin_words_broken_at_a_space_get_it_back() -> None:
    lines = [line("See the full text of the", INDENT, RIGHT - 2, row=0), line("regulation.", MARGIN, 160, row=1)]
    assert rejoined(lines) == ["See the full text of the regulation."]


def test_a_page_of_short_indented_paragraphs_is_not_mistaken_for_one_paragraph() -> None:
    lines = [
        line("信息内容\t本年制发件数", MARGIN + 2, RIGHT, row=0, cells=2),
        line("短段落。", INDENT, 200, row=1),
        line("9" * 30, INDENT, INDENT + 30 * 0.55 * SIZE, row=2),
    ]
    assert rejoined(lines) == [text.text for text in lines]


def test_the_first_piece_of_a_line_is_what_could_not_break() -> None:
    assert first_piece_width("件，答复") == 2.0  # "件，" holds together: a line may not start with "，"
    assert first_piece_width("“双随机”") == pytest.approx(0.55 + 1.0)  # no break after an opening quote
    assert first_piece_width("regulation. Next") == pytest.approx(11 * 0.55 + 0.3)  # breaks after the space
    assert first_piece_width("复\u00a03050\u00a0件") > first_piece_width("复")
