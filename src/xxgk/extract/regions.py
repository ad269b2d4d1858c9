"""Where each of the three tables stands in the text, headings or not.

A table is usually the body of its numbered section. Local layouts print it
elsewhere: as 附表1–3 after the last section, with the section saying only
"详见附表", or the three tables one after another with no headings at all. So a
table is also recognised by its own column headers — the first two column labels
of its first row in either template (自然人 … 商业企业, 结果维持 … 结果纠正) —
and read where those stand when its section does not hold them. Prose sections
then end where such a table (with its caption) begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from xxgk.extract.sections import Span
from xxgk.template import TEMPLATES

# How far back from a table's column headers its caption (附表1 主动公开政府信息情况) may start.
CAPTION_CHARS = 160
# A caption's number ("附表1", "附表三") is not a value of the table.
_CAPTION = re.compile(r"附\s*[表件]\s*[0-9一二三四五六七八九十]*|表\s*[0-9一二三四五六七八九十]+|统计表|情况表")
_SENTENCE_END = re.compile(r"[。；;]")
_DIGITS = re.compile(r"[0-9]+")
# What table 四's header and row labels are written with (结果维持 … 未经复议直接起诉, 复议后起诉, 总计).
_REVIEW_CELLS = min(sum(len(row.fields) for row in t.table("review_litigation").rows) for t in TEMPLATES.values())
# Characters only table 四's column headers bring (not the words around them in a report's prose).
_REVIEW_MARKS = frozenset("议诉讼结果维持纠正审总计")
_REVIEW_CHARACTERS = frozenset("行政复议诉讼结果维持护纠正其他尚未审总计经直接起后因政府信息公开被工作申请（）()、")


@dataclass(frozen=True, slots=True)
class Region:
    """A table's text runs from `start` to `end`."""

    start: int
    end: int


def _spaced(label: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in label if not ch.isspace())


def _header_pattern(key: str) -> re.Pattern[str]:
    """The first two column labels of the table's first row (or their variants: 结果维护), in any
    template, a little text between."""
    pairs = {
        (a, b)
        for template in TEMPLATES.values()
        for first, second in [template.table(key).rows[0].fields[:2]]
        for a in (first.label, *first.variants)
        for b in (second.label, *second.variants)
    }
    return re.compile("|".join(f"{_spaced(a)}[^0-9]{{0,80}}?{_spaced(b)}" for a, b in sorted(pairs)))


_HEADERS = {table.key: _header_pattern(table.key) for table in TEMPLATES["2021"].tables}


def _stacked_pattern(key: str) -> re.Pattern[str]:
    """The first column label printed down its narrow cell: its characters over several lines, between
    the other columns' characters ("结 结 其 尚 / 果 果 他 未 / 维 纠 结 审 / 持 正 果 结", as pdftotext copies
    table 四 of a PDF), so no digit and no sentence's end between them."""
    labels = sorted({template.table(key).rows[0].fields[0].label for template in TEMPLATES.values()})
    return re.compile("|".join(_stacked(label) for label in labels))


def _stacked(label: str) -> str:
    """Each character, then at most 120 others up to the next one's first place; possessive, so a long
    text of the same few characters costs one pass, not a search over every gap."""
    chars = [ch for ch in label if not ch.isspace()]
    gaps = [f"[^{re.escape(after)}0-9。；;]{{0,120}}+" for after in chars[1:]]
    return "".join(re.escape(ch) + gap for ch, gap in zip(chars, [*gaps, ""], strict=True))


_STACKED = {table.key: _stacked_pattern(table.key) for table in TEMPLATES["2021"].tables}


def _stacked_header(folded: str, pattern: re.Pattern[str], start: int, end: int) -> int | None:
    """Where the table's first column label is printed stacked over lines (never within one line:
    the words of a sentence in one line are prose), or None."""
    for match in pattern.finditer(folded, start, end):
        if "\n" in match.group():
            return match.start()
    return None


def table_regions(folded: str, spans: dict[str, Span]) -> tuple[dict[str, Region], dict[str, Span]]:
    """Each table's region in the folded text, and the sections cut where a table printed outside its own
    section begins."""
    held: dict[str, Region] = {}
    headers: dict[str, int] = {}
    for key, pattern in _HEADERS.items():
        span = spans.get(key)
        if span is not None and (found := pattern.search(folded, span.body, span.end)):
            held[key] = Region(_after_prose(folded, span.body, found.start()), span.end)
        elif span is not None and (stacked := _stacked_header(folded, _STACKED[key], span.body, span.end)) is not None:
            held[key] = Region(_after_prose(folded, span.body, stacked), span.end)
        elif (header := _header_elsewhere(folded, pattern, span, spans.get("overview"))) is not None:
            headers[key] = header
        elif span is not None:
            held[key] = Region(span.body, span.end)
    held, spans = _review_run_past_heading(folded, held, spans)
    if not headers:
        return held, spans
    captions = {key: _caption(folded, header) for key, header in headers.items()}
    starts = sorted(start for start, _ in captions.values())
    regions = {key: Region(r.start, _cut(r.start, r.end, starts)) for key, r in held.items()}
    for table, (start, after_caption) in captions.items():
        after = [s.start for s in spans.values() if s.start > headers[table]]
        regions[table] = Region(after_caption, _cut(start, min(after, default=len(folded)), starts))
    cut = {key: replace(span, end=_cut(span.body, span.end, starts)) for key, span in spans.items()}
    return regions, cut


def _after_prose(folded: str, body: int, header: int) -> int:
    """Where the table begins in its section: after the last sentence before its column headers.

    A section may say a few words before its table ("2024年，共收到申请3条。"); their numbers
    are not the table's, and in text that runs everything into one line they would be read
    as its first row's. A table prints no full stop between its caption and its headers.
    """
    start = body
    for sentence in _SENTENCE_END.finditer(folded, body, header):
        start = sentence.end()
    return start


def _review_run_past_heading(
    folded: str, held: dict[str, Region], spans: dict[str, Span]
) -> tuple[dict[str, Region], dict[str, Span]]:
    """Table 四 with its lower part printed after the next heading (a PDF viewer's copy reads the heading's
    line before the table's last cells): the lines right after that heading that are only the table's
    header fragments and numbers ("行政诉讼", "结", "果", "3") are the table's, not the next section's.
    Only a table that prints fewer numbers than it has cells can have run on: a whole one leaves the
    next section's text alone, even a paragraph of bare numbers."""
    region = held.get("review_litigation")
    following = [span for span in spans.values() if region is not None and span.start == region.end]
    if region is None or len(following) != 1:
        return held, spans
    if len(_DIGITS.findall(folded, region.start, region.end)) >= _REVIEW_CELLS:
        return held, spans
    span = following[0]
    end = span.body
    numbers = fragments = 0
    for line in folded[span.body : span.end].splitlines(keepends=True):
        words = line.strip()
        if words and _DIGITS.fullmatch(words):
            numbers += 1
        elif words and not set(words.replace(" ", "")) <= _REVIEW_CHARACTERS:
            break
        elif not _REVIEW_MARKS.isdisjoint(words):
            fragments += 1
        end += len(line)
    if not numbers or not fragments:  # bare numbers without a piece of the table's headers stay prose
        return held, spans
    return {**held, "review_litigation": Region(region.start, end)}, {**spans, span.key: replace(span, body=end)}


def _header_elsewhere(folded: str, pattern: re.Pattern[str], own: Span | None, overview: Span | None) -> int | None:
    """Where the table's column headers stand outside its section; while its heading is printed, never in
    the overview's prose ("自然人、商业企业…申请" in a sentence is no table)."""
    for match in pattern.finditer(folded):
        if own is not None and overview is not None and overview.body <= match.start() < overview.end:
            continue
        return match.start()
    return None


def _cut(start: int, end: int, starts: list[int]) -> int:
    """`end`, or the first table start after `start` and before it."""
    return min([s for s in starts if start < s < end], default=end)


def _caption(folded: str, header: int) -> tuple[int, int]:
    """Where the table's caption (附表1 …, its title) begins and ends, back from its column headers.

    Never back into a sentence or the previous table's digits; without a caption,
    the table begins with the first line after them (第二十条第（一）项 above 信息内容).
    """
    lowest = max(0, header - CAPTION_CHARS)
    for sentence in _SENTENCE_END.finditer(folded, lowest, header):
        lowest = sentence.end()
    caption = _CAPTION.search(folded, lowest, header)
    if caption is not None:
        return caption.start(), caption.end()
    for digits in _DIGITS.finditer(folded, lowest, header):
        lowest = digits.end()
    line = folded.find("\n", lowest, header)
    start = line + 1 if line >= 0 else lowest
    return start, start
