"""The pattern checks over one piece of text: secrecy and internal marks, ID, bank card, phone
numbers, e-mail addresses and home addresses. Each returns the spans it found.

Digit guards (`(?<!\\d)`, `(?!\\d)`) stand where `\\b` would fail: Chinese characters count as
word characters, so `\\b` finds no boundary in "身份证号110…" and does find one inside
"电话0241234567转". A number is reported only when it validates (ID check digit, area code and
birth date; Luhn and an issuer prefix for cards; a real area code for landlines), which is what
lets 索引号, 文号, 统一社会信用代码, dates, amounts and project numbers pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import luhn, numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from xxgk.now import today

# Full-width digits, letters and the signs numbers and addresses use, mapped one to one so that
# offsets in the normalised text are offsets in the original.
_HALF = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"＠": "@", "．": ".", "－": "-", "＋": "+", "　": " "}
)


@dataclass(frozen=True, slots=True)
class Span:
    kind: str
    start: int
    end: int


_FULLWIDTH = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a＠．－＋\u3000]")
# Quick tests that let most lines skip the number patterns and the secrecy pattern.
_SEVEN_DIGITS = re.compile(r"\d{7}|\d[ -]\d{3}[ -]?\d")
_SECRECY_SIGNS = re.compile(r"[★☆]|密级")


def halfwidth(text: str) -> str:
    return text.translate(_HALF) if _FULLWIDTH.search(text) else text


SECRECY = re.compile(
    r"(?:绝密|机密|秘密)\s*[★☆]\s*(?:\d{1,2}\s*(?:年|个月)|长期)?"
    r"|(?<![\d★])★\s*\d{1,2}\s*(?:年|个月)(?!\d)"
    r"|(?:绝密|机密|秘密)级(?:文件|事项|资料)?"
)
INTERNAL = re.compile(
    r"内部资料|内部文件|内部刊物|注意保存|不得翻印|严禁翻印|工作秘密"
    r"|此件不(?:予)?公开|[(\[【]\s*(?:此件)?(?:不予公开|不公开|依申请公开)\s*[)\]】]"
)
COPY_NUMBER = re.compile(r"^\s*(?:份号[:：]?\s*)?(\d{6})\s*$")

ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx]|\d{15})(?![0-9A-Za-z])")
# After these words an 18-character code is an organisation's, never a person's.
ORGANISATION_LABEL = re.compile(r"(?:信用代码|机构代码|纳税人识别号|注册号|索引号)\s*[:：]?\s*$")

CARD_CANDIDATE = re.compile(r"(?<![0-9A-Za-z.\-/])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z]|\.\d|/)")
# Issuer prefixes of the cards Chinese banks give out: UnionPay 62 and 60 (also 9 for old
# domestic debit cards such as 9558 and 9559), Visa 4, Mastercard 51–55 and 2221–2720, JCB 35.
# Serial and project numbers usually begin with a year (19xx, 20xx), which no card range uses.
CARD_PREFIX = re.compile(r"^(?:62|60|9[5-9]|4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|35)")

MOBILE = re.compile(r"(?<![0-9A-Za-z\-])(?:\+?86[ -]?)?(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?![0-9A-Za-z])")
# Area codes: 010, 02x, 03xx–09xx; local numbers never begin with 0 or 1.
LANDLINE = re.compile(
    r"(?<![0-9A-Za-z\-/])(?:\+?86[ -]?)?([(（]?0(?:10|2\d|[3-9]\d{2})[)）]?[ -]?[2-9]\d{6,7})(?:-\d{1,5})?(?![0-9A-Za-z/])"
)
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)

ADDRESS_LABEL = re.compile(
    r"(?:家庭住址|家庭地址|住址|家住|户籍地址|户籍所在地|户籍地|户籍|现住址|现住|现居住地|居住地址|居住地)\s*[:：为在于]?\s*"
)
ADDRESS_TEXT = re.compile(r"[^，。；;,\n\t]{2,50}")
HOUSE_NUMBER = re.compile(r"(?:\d+|[一二三四五六七八九十百零]+)\s*(?:号|室|栋|幢|单元|组|楼|弄|号院)")
PLACE = re.compile(r"(?:省|市|区|县|旗|镇|乡)")
STREET = re.compile(r"(?:村|社区|小区|街道|路|街|巷|胡同|屯)")


def pattern_spans(text: str) -> Iterator[Span]:
    """Every personal datum and mark found in `text` (one line, paragraph or cell)."""
    plain = halfwidth(text)
    if _SECRECY_SIGNS.search(plain):
        yield from (Span("secrecy", m.start(), m.end()) for m in SECRECY.finditer(plain))
    yield from (Span("internal", m.start(), m.end()) for m in INTERNAL.finditer(plain))
    if "@" in plain:
        yield from (Span("email", m.start(), m.end()) for m in EMAIL.finditer(plain))
    yield from _address_spans(plain)
    if _SEVEN_DIGITS.search(plain):
        yield from _number_spans(plain)


def _number_spans(plain: str) -> Iterator[Span]:
    """ID numbers first; a card, mobile or landline only where no longer-validated number stands."""
    ids = list(_id_spans(plain))
    yield from ids
    taken = [(s.start, s.end) for s in ids]
    cards = [s for s in _card_spans(plain) if not _overlaps(s, taken)]
    yield from cards
    taken += [(s.start, s.end) for s in cards]
    mobiles = [s for s in _spans(MOBILE, plain, "mobile") if not _overlaps(s, taken)]
    yield from mobiles
    taken += [(s.start, s.end) for s in mobiles]
    yield from (s for s in _spans(LANDLINE, plain, "landline") if not _overlaps(s, taken))


def copy_number_span(line: str) -> Span | None:
    """A lone six-digit 份号 on one of a document's first lines."""
    found = COPY_NUMBER.match(halfwidth(line))
    return Span("copy_number", found.start(1), found.end(1)) if found else None


def _spans(pattern: re.Pattern[str], text: str, kind: str) -> Iterator[Span]:
    for found in pattern.finditer(text):
        yield Span(kind, found.start(), found.end())


def _overlaps(span: Span, taken: list[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in taken)


def _id_spans(text: str) -> Iterator[Span]:
    for found in ID_CANDIDATE.finditer(text):
        if ORGANISATION_LABEL.search(text[max(0, found.start() - 12) : found.start()]):
            continue
        if text[found.end() : found.end() + 1] == "/":  # a 索引号 such as 1121…/2026-00012
            continue
        if is_id_number(found.group(1)):
            yield Span("id_number", found.start(1), found.end(1))


def is_id_number(number: str) -> bool:
    """An 18-digit 公民身份号码 with its check digit, a known area and a past birth date, or the
    15-digit form (area, and a birth date in 19YYMMDD) of the first-generation cards."""
    number = number.upper()
    if len(number) == 18:
        if not number[:17].isdigit() or ric.calc_check_digit(number) != number[17]:
            return False
        try:
            born = ric.get_birth_date(number)
        except ValidationError:
            return False
        return born <= today() and _area_in_use(number[:6], born.year)
    if len(number) == 15 and number.isdigit():
        try:
            born = date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            return False
        return born <= today() and _known_area(number[:6])
    return False


@lru_cache(maxsize=4096)
def _known_area(code: str) -> bool:
    return any(props for _, props in numdb.get("cn/loc").info(code))


@lru_cache(maxsize=65536)
def _area_in_use(code: str, year: int) -> bool:
    """The area code was assigned in the year of birth (python-stdnum's table of 行政区划代码)."""
    try:
        ric.get_birth_place(f"{code}{year:04d}0101000")
    except ValidationError:
        return False
    return True


def _card_spans(text: str) -> Iterator[Span]:
    for found in CARD_CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", found.group(1))
        if 16 <= len(digits) <= 19 and CARD_PREFIX.match(digits) and luhn.is_valid(digits):
            yield Span("bank_card", found.start(1), found.end(1))


def _address_spans(text: str) -> Iterator[Span]:
    for label in ADDRESS_LABEL.finditer(text):
        found = ADDRESS_TEXT.match(text, label.end())
        if found and _looks_like_address(found.group()):
            yield Span("address", found.start(), found.end())


def _looks_like_address(text: str) -> bool:
    """A house number (12号, 3单元, 五组), or a street or village together with a place name."""
    return bool(HOUSE_NUMBER.search(text) or (STREET.search(text) and PLACE.search(text)))


def digits_of(text: str) -> str:
    """The digits of a phone number, without a leading 86 country code, for the allow-list."""
    digits = re.sub(r"\D", "", halfwidth(text))
    return digits[2:] if digits.startswith("86") and len(digits) > 11 else digits
