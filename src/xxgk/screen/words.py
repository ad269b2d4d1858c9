"""Per-agency word lists: sensitive terms and commonly mistaken expressions, each with the
wording to use instead, found with one Aho-Corasick automaton (pyahocorasick) per list, in the text converted to
simplified characters first (a text copied from a Hong Kong or Taiwan source).

An automaton finds every entry in one pass over the text whatever the list's length, which
is what word lists of a few thousand entries (LonSun's 敏感词/易错词 lists) need. Automatons
are kept per list, so screening many documents for one agency builds its automaton once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import opencc

SENSITIVE = "sensitive"
MISTAKEN = "mistaken"
WORD_KINDS = {SENSITIVE: "敏感词", MISTAKEN: "易错词"}


@dataclass(frozen=True, slots=True)
class Word:
    word: str
    suggestion: str = ""
    kind: str = MISTAKEN


# What an agency starts with: expressions the 19号 inspections count as 严重表述错误, and common
# misspellings in official documents. Each agency edits its own list.
DEFAULT_WORDS: tuple[Word, ...] = (
    Word("台湾总统", "台湾地区领导人", SENSITIVE),
    Word("台湾政府", "台湾当局", SENSITIVE),
    Word("中华民国", "（不得使用，指1949年以后的台湾时用“台湾地区”）", SENSITIVE),
    Word("北朝鲜", "朝鲜", SENSITIVE),
    Word("南朝鲜", "韩国", SENSITIVE),
    Word("截止目前", "截至目前"),
    Word("截止到", "截至"),
    Word("既使", "即使"),
    Word("必竟", "毕竟"),
    Word("按装", "安装"),
    Word("度过难关", "渡过难关"),
    Word("政府信息公开条列", "政府信息公开条例"),
    Word("其它", "其他"),
)


@dataclass(frozen=True, slots=True)
class WordSpan:
    start: int
    end: int
    word: Word


def word_spans(text: str, words: Sequence[Word]) -> Iterator[WordSpan]:
    """Every occurrence of an entry of `words` in `text`; the longest entry wins where they overlap."""
    if not words or not text:
        return
    automaton = _automaton(words)
    if automaton is None:
        return
    found: list[WordSpan] = []
    for end, entry in automaton.iter(simplified(text)):
        found.append(WordSpan(end - len(entry.word) + 1, end + 1, entry))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    last_end = -1
    for span in found:
        if span.start >= last_end:
            yield span
            last_end = span.end


def simplified(text: str) -> str:
    """The text in simplified characters (OpenCC t2s), so that 臺灣總統 meets the entry 台湾总统;
    the text itself when the conversion would change its length (offsets must stay valid)."""
    converted = _converter().convert(text)
    return converted if len(converted) == len(text) else text


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_automata: dict[tuple[Word, ...], ahocorasick.Automaton] = {}
_last: list[tuple[Sequence[Word], ahocorasick.Automaton]] = []
CACHED_LISTS = 64


def _automaton(given: Sequence[Word]) -> ahocorasick.Automaton | None:
    """The automaton of a list: the one used last when `given` is that very list (no hashing of a
    long list for every line), else one kept per distinct list; None for a list of empty words."""
    if _last and _last[0][0] is given:
        return _last[0][1]
    words = tuple(w for w in given if w.word)
    if not words:
        return None
    automaton = _automata.get(words)
    if automaton is None:
        automaton = ahocorasick.Automaton()
        for entry in words:
            automaton.add_word(entry.word, entry)
        automaton.make_automaton()
        if len(_automata) >= CACHED_LISTS:
            _automata.clear()
        _automata[words] = automaton
    _last[:] = [(given, automaton)]
    return automaton


def parse_words(lines: Iterable[str]) -> list[Word]:
    """Entries from lines of the form `词 => 建议` (易错词) or `!词 => 建议` (敏感词)."""
    words = []
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        sensitive = text.startswith("!") or text.startswith("！")
        word, _, suggestion = text.lstrip("!！").partition("=>")
        if word.strip():
            words.append(Word(word.strip(), suggestion.strip() or "（请核实）", SENSITIVE if sensitive else MISTAKEN))
    return words


def words_text(words: Iterable[Word]) -> str:
    """The list as the settings form shows it, one entry a line (the inverse of `parse_words`)."""
    return "\n".join(f"{'!' if w.kind == SENSITIVE else ''}{w.word} => {w.suggestion}" for w in words)
