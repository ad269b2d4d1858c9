"""The typographic habits of one document: how it writes labels, numbers and headings.

Real reports differ in ways that do not change what they say: 合计 for 总计, "1、"
for "1.", half-width brackets, full-width digits, padded cells, a title with the
year in brackets, the agency's name above the title. A `Style` fixes these
choices for one document (drawn once from the random source), and the functions
here apply them to the template's own labels, so every variant is a variant of
a label the template holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from xxgk.report import Value
from xxgk.template import Field, Row, Section

FULL_WIDTH = str.maketrans("0123456789.-,", "０１２３４５６７８９．－，")
HALF_BRACKETS = str.maketrans("（）", "()")
PADDING = (" ", "  ", "\u3000", "\u00a0")
ENUMERATOR_MARKS = (".", ".", "、", "．")
HEADING_MARKS = ("、", "、", "、", "．", ".")
DATE_LABELS = ("发布时间：", "发布时间: ", "发布日期：", "发布日期: ")
# Bracketed short labels spaced out over their cell in some documents ("规    章").
SPACED_LABEL_MAX = 3


@dataclass(frozen=True, slots=True)
class Style:
    """One document's habits; `random_style` draws them."""

    variant_share: float = 0.0
    half_width_brackets: bool = False
    enumerator_mark: str = "."
    ascii_quotes: bool = False
    spaced_short_labels: bool = False
    full_width_digits: bool = False
    padding: float = 0.0
    split_headers: bool = False
    thousands: bool = False
    amount_unit: str = ""
    title_form: int = 0
    agency_above_title: bool = False
    date_label: str = "发布时间："
    chinese_date: bool = False
    heading_mark: str = "、"
    heading_variants: bool = False
    intro: bool = False
    indent: str = ""

    def plain(self) -> Style:
        """The same habits without separators a glued text would not keep."""
        return replace(self, thousands=False, padding=0.0)


def random_style(rng: random.Random) -> Style:
    """Habits drawn independently, most documents close to the official form."""
    return Style(
        variant_share=rng.choice((0.0, 0.0, 0.3, 1.0)),
        half_width_brackets=rng.random() < 0.3,
        enumerator_mark=rng.choice(ENUMERATOR_MARKS),
        ascii_quotes=rng.random() < 0.2,
        spaced_short_labels=rng.random() < 0.2,
        full_width_digits=rng.random() < 0.08,
        padding=rng.choice((0.0, 0.0, 0.3, 0.8)),
        split_headers=rng.random() < 0.3,
        thousands=rng.random() < 0.1,
        amount_unit=rng.choice(("", "", "", "", "元")),
        title_form=rng.randrange(len(TITLE_FORMS)),
        agency_above_title=rng.random() < 0.25,
        date_label=rng.choice(DATE_LABELS),
        chinese_date=rng.random() < 0.2,
        heading_mark=rng.choice(HEADING_MARKS),
        heading_variants=rng.random() < 0.3,
        intro=rng.random() < 0.4,
        indent=rng.choice(("", "", "\u3000\u3000", "  ")),
    )


# --- titles, dates, headings ---------------------------------------------------------

TITLE_FORMS = (
    "{agency}{year}年政府信息公开工作年度报告",
    "{agency}{year}年度政府信息公开工作年度报告",
    "{agency}{year}年度政府信息公开工作报告",
    "{agency}政府信息公开工作年度报告（{year}年度）",
)


def title(style: Style, agency: str, year: int) -> str:
    return TITLE_FORMS[style.title_form].format(agency=agency, year=year)


def date_line(style: Style, published: str) -> str:
    year, month, day = published.split("-")
    when = f"{year}年{int(month)}月{int(day)}日" if style.chinese_date else published
    return style.date_label + when


def heading(style: Style, section: Section, rng: random.Random) -> str:
    """A section heading: its number, a mark, and the official title or a variant of it."""
    wording = section.title
    if style.heading_variants and section.variants:
        wording = rng.choice(_heading_wordings(section))
    return f"{section.number}{style.heading_mark}{wording}"


def _heading_wordings(section: Section) -> list[str]:
    """The template's variants, with "、" between two clauses also written as 和 or nothing."""
    wordings: list[str] = []
    for variant in section.variants:
        wordings.append(variant)
        if "、" in variant:
            wordings += [variant.replace("、", "和"), variant.replace("、", "")]
    return wordings


# --- labels ---------------------------------------------------------------------------


def row_label(style: Style, row: Row, rng: random.Random, *, spaced: bool = False) -> str:
    """The label a document prints for `row`."""
    label = row.label
    if row.variants and rng.random() < style.variant_share:
        label = rng.choice(row.variants)
    if row.enumerator is not None:
        number = str(row.enumerator)
        if label.startswith(number + "."):
            label = number + style.enumerator_mark + label[len(number) + 1 :]
    label = words(style, label)
    if spaced and style.spaced_short_labels and len(label) <= SPACED_LABEL_MAX:
        label = rng.choice(("    ", "\u3000\u3000", " ")).join(label)
    return label


def field_label(style: Style, f: Field, rng: random.Random) -> str:
    label = f.label
    if f.variants and rng.random() < style.variant_share:
        label = rng.choice(f.variants)
    return words(style, label)


def words(style: Style, text: str) -> str:
    """Brackets and quotes as this document writes them."""
    if style.half_width_brackets:
        text = text.translate(HALF_BRACKETS)
    if style.ascii_quotes:
        text = text.replace("“", '"').replace("”", '"')
    return text


def header_text(style: Style, text: str) -> str:
    """A column header, broken over two lines in narrow cells when the document does so."""
    if style.split_headers and len(text) >= 4 and "（" not in text and "(" not in text:
        middle = len(text) // 2
        return text[:middle] + "\n" + text[middle:]
    return text


# --- values ---------------------------------------------------------------------------


def value_text(style: Style, value: Value, f: Field, rng: random.Random) -> str:
    """A cell's number as printed: separators, decimals, unit, digits and padding."""
    if value is None:
        return ""
    if f.kind == "amount":
        text = _amount_text(value, rng)
        if style.amount_unit and value:
            text += style.amount_unit
    elif style.thousands and abs(value) >= 1000:
        text = f"{int(value):,}"
    else:
        text = str(int(value))
    if style.full_width_digits:
        text = text.translate(FULL_WIDTH)
    if style.padding and rng.random() < style.padding:
        pad = rng.choice(PADDING)
        text = pad + text if rng.random() < 0.5 else text + pad
    return text


def _amount_text(value: int | float, rng: random.Random) -> str:
    if isinstance(value, int):
        return str(value) if rng.random() < 0.8 else f"{value}.00"
    two = f"{value:.2f}"
    return two if float(two) == value and rng.random() < 0.5 else repr(value)
