"""Rows whose label wraps over several lines in text that keeps the page's columns.

A word processor centres a row's numbers on the height of its label cell, so a label
of three lines prints its numbers on the second, and one of two lines between them:
the label's last lines follow its numbers, where a reader of the text in order would
take them for the next row's. A row is known to start at its enumerator ("1." "（三）"
"一、"); its numbers stand in the middle of its label, so as many label lines follow
them as precede them. Those lines are moved before the numbers, which keep their
columns.
"""

from __future__ import annotations

import re

from xxgk.extract.tokens import PLACEHOLDERS
from xxgk.read.document import PAGE_BREAK

# An enumerator starting a row's label: 1.  3、  （三）  (一)  一、
_ENUMERATOR = re.compile(
    r"(?:^|\s)(?:\d{1,2}\s*[.、．](?!\d)|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,2}\s*、)"
    # followed by the label: a caption printed down the side ("（五）", "(三)不") is not a row
    r"(?=\s*[^\s\d]{2})"
)
_NUMBER = re.compile(r"(?<![\d.,])[+-]?\d[\d,]*(?:\.\d+)?(?![\d,.、．])")


def starts_a_row(line: str) -> bool:
    """Whether `line` prints a row's enumerator ("1." "（三）" "一、") before its label."""
    return _ENUMERATOR.search(line) is not None


def label_lines_first(region: str) -> str:
    """`region` with the lines ending a centred row label moved before the row's numbers."""
    lines = [line for page in _tails_moved_back(_pages(region.split("\n"))) for line in page]
    out: list[str] = []
    start: int | None = None  # where the row being read started (its enumerator line), in `out`
    i = 0
    while i < len(lines):
        line = lines[i]
        if PAGE_BREAK in line or not line.strip():
            start = None
        numbers = _numbers_part(line)
        if numbers is None:
            if _ENUMERATOR.search(line):
                start = len(out)
            out.append(line)
            i += 1
            continue
        text = _text_part(line)
        enumerated = _ENUMERATOR.search(text)
        if enumerated:
            start = len(out)
        above = len(out) - start if start is not None else 0
        column = _numbered_column(out[start]) if start is not None and start < len(out) else None
        follow = _continuation(lines, i + 1, above, column)
        if enumerated and not above:
            after = len(text) - len(text[enumerated.end() :].lstrip())
            follow = _cut_by_page(lines, i + 1, (len(text) - len(text[enumerated.start() :].lstrip()), after))
        elif start is None and not text.strip() and _wrapped_once(lines, i):
            follow = 1
        if text.strip():
            out.append(text)
        out.extend(lines[i + 1 : i + 1 + follow])
        out.append(numbers if text.strip() else line)
        i += 1 + follow
        start = None
    pages = _pages(out)
    columns = [_label_column(page) for page in pages]
    # A page printing too few sub-items to show the labels' column (a table's first page ending after
    # two) takes the next page's, or the one before's, where its own sub-items start there too.
    near = [
        next((c for c in (*columns[i + 1 : i + 2], *columns[max(0, i - 1) : i]) if c), None) for i in range(len(pages))
    ]
    return "\n".join(
        line for page, column in zip(pages, near, strict=True) for line in _captions_deferred(page, column)
    )


def _pages(lines: list[str]) -> list[list[str]]:
    """`lines` cut where a page starts: each page places its columns anew."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if PAGE_BREAK in line and pages[-1]:
            pages.append([])
        pages[-1].append(line)
    return pages


def _tails_moved_back(pages: list[list[str]]) -> list[list[str]]:
    """`pages` with the end of a row label cut by the page break ("1.本机关" / "不掌握相" / "关政府信" on
    one page, "息" on the next, below the repeated header) moved back to the page the label began on:
    the short text pieces in the labels' column printed on a page before any row starts or any number.
    That column is where the page's first row starts its enumerator, failing that where most rows of
    the pages do: pdftotext places each page's text anew, a character or two off the page before."""
    for index in range(1, len(pages)):
        column = _first_enumerator(pages[index]) or _label_column(pages[index - 1]) or _label_column(pages[index])
        if column is None:
            continue
        tails: dict[int, tuple[str, str]] = {}
        for number, line in enumerate(pages[index]):
            if _ENUMERATOR.search(line) or _NUMBER.search(line) or _ANY_DIGIT.search(line):
                break
            caption, rest = _caption_apart(line, column)
            if _is_tail(rest, column):
                tails[number] = (caption, rest)
        before = pages[index - 1]
        end = max((n + 1 for n, line in enumerate(before) if line.strip()), default=len(before))
        before[end:end] = [rest for _, rest in tails.values()]
        # A side caption printed beside a tail ("办" beside "秘密") stays where it stands.
        pages[index] = [tails[n][0] if n in tails else line for n, line in enumerate(pages[index])]
        pages[index] = [line for n, line in enumerate(pages[index]) if n not in tails or line.strip()]
    return pages


def _first_enumerator(page: list[str]) -> int | None:
    """The column of the numbered enumerator ("3." "1、", after a side caption or not) of the page's
    first row, if it has one."""
    for line in page:
        if _ENUMERATOR.search(line) or _NUMBER.search(line):
            found = _NUMBERED.search(line)
            return found.start(1) if found else None
    return None


def _caption_apart(line: str, column: int) -> tuple[str, str]:
    """The side caption a line prints left of the labels' column (a few characters, or ""; one space
    before the label may part them: "提 成信息需") and the line without it (the caption blanked, so the
    rest keeps its column)."""
    first = _WORD.match(line.lstrip(" "))
    start = len(line) - len(line.lstrip(" "))
    if first is None or start + first.end() >= column or first.end() > MAX_CAPTION_PIECE:
        return "", line
    end = start + first.end()
    return line[:end].rstrip(), " " * end + line[end:]


def _is_tail(line: str, column: int) -> bool:
    """A line printing one short piece of text starting at the labels' column (a character off at most)."""
    return _is_label_piece(line, MAX_TAIL) and abs(_start(line) - column) <= 1


# A label's end cut off by a page break prints a few characters.
MAX_TAIL = 6
_ANY_DIGIT = re.compile(r"\d")
# Rows starting with an enumerator at one column, at least this many, tell where the labels stand.
MIN_ENUMERATED = 3
# A caption printed down the side shows a few characters a line ("（四）", "不予处", "(三)不").
MAX_CAPTION_PIECE = 4
_LEADING_ENUMERATOR = re.compile(r"\d{1,2}\s*[.、．](?!\d)")
_NUMBERED = re.compile(r"(?:^|\s)(" + _LEADING_ENUMERATOR.pattern + ")")
_WORD = re.compile(r"\S+")


def _captions_deferred(lines: list[str], near: int | None = None) -> list[str]:
    """`lines` (one page) with the pieces of captions printed down the side (words ending left of the labels'
    column) taken out of the label lines and put before the next row's first line, where they no
    longer split a label in two ("4. 无正当理由大" / "理" / "量反复申请"). `near`: the labels' column of
    a neighbouring page, taken where this page shows none of its own but some sub-item starts there."""
    column = _label_column(lines)
    if column is None and near is not None and _enumerator_starts(lines).get(near):
        column = near
    if column is None:
        return lines
    out: list[str] = []
    pending: list[str] = []
    for index, line in enumerate(lines):
        if PAGE_BREAK in line or not line.strip():
            out.extend(_caption_line(pending))
            pending = []
            out.append(line)
            continue
        pieces = [m for m in _WORD.finditer(line) if m.end() < column]
        rest = list(line)
        for piece in pieces:
            rest[piece.start() : piece.end()] = " " * (piece.end() - piece.start())
        kept = "".join(rest).rstrip()
        caption = " ".join(p.group() for p in pieces)
        labelled = bool(_NUMBER.sub("", kept).strip())  # label text follows in the labels' column
        if (
            pieces
            and not _NUMBER.search(caption)
            and len(caption) <= MAX_CAPTION_PIECE + 2 * labelled
            and (labelled or not _ENUMERATOR.search(caption))
        ):
            pending.append(caption)
            line = kept
        if _ENUMERATOR.search(line):
            # Before a row printing nothing (all blank) the pieces would spoil its label, which the
            # next row's follows: they are dropped.
            out.extend(_caption_line(pending) if _prints_numbers(lines, index) else [])
            pending = []
        if line.strip():
            out.append(line)
    return out + _caption_line(pending)


def _prints_numbers(lines: list[str], first: int) -> bool:
    """Whether the row starting at line `first` prints a number before the next row starts."""
    for index in range(first, len(lines)):
        if index > first and _ENUMERATOR.search(lines[index]):
            return False
        if _NUMBER.search(lines[index]):
            return True
    return False


def _caption_line(pieces: list[str]) -> list[str]:
    """The caption pieces as one line of text (a lone "无" or "-" would read as a placeholder value)."""
    text = "".join(piece.replace(" ", "") for piece in pieces)
    return [text] if text and text not in PLACEHOLDERS else []


def _label_column(lines: list[str]) -> int | None:
    """The column most rows' enumerators ("1." "3、") start at, if at least `MIN_ENUMERATED` do."""
    starts = _enumerator_starts(lines)
    if not starts:
        return None
    column = max(starts, key=lambda c: starts[c])
    return column if starts[column] >= MIN_ENUMERATED and column > 0 else None


def _enumerator_starts(lines: list[str]) -> dict[int, int]:
    """How many rows' enumerators ("1." "3、") start at each column."""
    starts: dict[int, int] = {}
    for line in lines:
        stripped = line.lstrip(" ")
        if _LEADING_ENUMERATOR.match(stripped):
            column = len(line) - len(stripped)
            starts[column] = starts.get(column, 0) + 1
        else:
            for match in re.finditer(r"(?<=\s)" + _LEADING_ENUMERATOR.pattern, line):
                starts[match.start()] = starts.get(match.start(), 0) + 1
    return starts


def _numbers_part(line: str) -> str | None:
    """The line with everything but its numbers blanked (same length), or None if it prints none."""
    spans = [m.span() for m in _NUMBER.finditer(line)]
    if not spans:
        return None
    kept = [" "] * len(line)
    for begin, end in spans:
        kept[begin:end] = line[begin:end]
    return "".join(kept).rstrip()


def _text_part(line: str) -> str:
    return _NUMBER.sub(lambda m: " " * len(m.group()), line).rstrip()


def _wrapped_once(lines: list[str], at: int) -> bool:
    """Whether the numbers alone on line `at` stand between the two lines of a label without an enumerator
    ("行政规范性文" / numbers / "件"): the line above is the label's first (after a row's numbers, a
    header line or a page break: the row tops a page), the line below one short word starting where it starts, and the line after that no
    third piece of it."""
    if at < 2 or at + 1 >= len(lines):
        return False
    before, first, tail = lines[at - 2], lines[at - 1], lines[at + 1]
    after = lines[at + 2] if at + 2 < len(lines) else ""
    if not _is_label_piece(first, 2 * MAX_TAIL) or not _is_label_piece(tail, MAX_CAPTION_PIECE):
        return False
    if not (_NUMBER.search(before) or len(_WORD.findall(before)) > 1 or PAGE_BREAK in before):
        return False
    column = _start(first)
    return abs(_start(tail) - column) <= LABEL_SLACK and not (
        _is_label_piece(after, 2 * MAX_TAIL) and abs(_start(after) - column) <= LABEL_SLACK
    )


def _is_label_piece(line: str, longest: int) -> bool:
    """One word of text (no digit, no enumerator) of at most `longest` characters."""
    words = _WORD.findall(line)
    return (
        len(words) == 1
        and len(words[0]) <= longest
        and PAGE_BREAK not in line
        and not _ANY_DIGIT.search(line)
        and not _ENUMERATOR.search(line)
    )


def _start(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _cut_by_page(lines: list[str], first: int, columns: tuple[int, int]) -> int:
    """How many text lines from `first` continue a label a page break cuts: a row split over two pages
    prints its numbers on its label's first line, and the rest of the label down to the page's end,
    each line's last word at the label's column (`columns`: where its enumerator starts, where its
    text after the enumerator does; the narrow "1." takes less than two columns of the text, and a
    side caption before the label pushes its first line right)."""
    taken = _continuation(lines, first, len(lines))
    for line in lines[first : first + taken]:
        last = list(_WORD.finditer(line))[-1].start()
        if all(abs(last - column) > LABEL_SLACK for column in columns):
            return 0
    rest = lines[first + taken :]
    ends = next((line for line in rest if line.strip()), "")
    return taken if PAGE_BREAK in ends else 0


# How far (in characters) a wrapped label's lines may start from its first line's text.
LABEL_SLACK = 3


def _continuation(lines: list[str], first: int, count: int, column: int | None = None) -> int:
    """How many of the `count` lines from `first` continue a label: text lines, no enumerator, no page
    break. `column`: where the label's enumerator stands; a side caption left of it ("(五)不予" before
    "版物") is no enumerator of the label's line."""
    taken = 0
    for line in lines[first : first + count]:
        checked = _without_caption(line, column) if column is not None else line
        if not checked.strip() or PAGE_BREAK in line or _ENUMERATOR.search(checked) or _NUMBER.search(line):
            break
        taken += 1
    return taken


def _numbered_column(line: str) -> int | None:
    found = _NUMBERED.search(line)
    return found.start(1) if found else None


def _without_caption(line: str, column: int) -> str:
    """`line` with a short side caption ending left of the labels' `column` blanked, when label text
    follows at that column."""
    first = _WORD.search(line)
    if first is None or first.end() > column or len(first.group()) > MAX_CAPTION_PIECE + 2:
        return line
    rest = line[first.end() :]
    if abs(len(line) - len(rest.lstrip()) - column) > LABEL_SLACK or not rest.strip():
        return line
    return " " * first.end() + rest
