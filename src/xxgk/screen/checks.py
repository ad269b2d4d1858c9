"""Screening: every check over every segment, with the agency's rules (its word list and its own
published contacts), giving hits that carry their position, a masked text and the reason.

The hit keeps the matched text only for the allow-list and for masking; pages, the CLI and the
audit log show `masked`, never the personal datum itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from xxgk.screen.kinds import BLOCK, KINDS, SEVERITY_LABELS, WARN
from xxgk.screen.patterns import copy_number_span, digits_of, pattern_spans
from xxgk.screen.segments import Position, Segment
from xxgk.screen.words import DEFAULT_WORDS, SENSITIVE, Word, word_spans

# A 份号 stands on one of the first lines of a document.
COPY_NUMBER_LINES = 3
PHONES = frozenset({"mobile", "landline"})


@dataclass(frozen=True, slots=True)
class Rules:
    """An agency's screening rules: its word list, and the phone numbers and e-mail addresses it
    publishes itself (allowed anywhere), as typed; `allowed` adds more (`xxgk screen --allow`)."""

    words: tuple[Word, ...] = DEFAULT_WORDS
    contacts: tuple[str, ...] = ()

    def allows(self, kind: str, text: str) -> bool:
        if kind == "email":
            return text.lower() in {c.strip().lower() for c in self.contacts}
        if kind in PHONES:
            found = digits_of(text)
            return any(_same_number(found, digits_of(c)) for c in self.contacts if digits_of(c))
        return False


def _same_number(found: str, allowed: str) -> bool:
    """Equal digits; a landline also when one side omits the other's area code or extension."""
    return found == allowed or (len(allowed) >= 7 and (found.endswith(allowed) or found.startswith(allowed)))


DEFAULT_RULES = Rules()


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    masked: str
    position: Position
    suggestion: str = ""
    text: str = field(default="", repr=False, compare=False)

    @property
    def label(self) -> str:
        return KINDS[self.kind].label

    @property
    def severity(self) -> str:
        return KINDS[self.kind].severity

    @property
    def blocks(self) -> bool:
        return self.severity == BLOCK

    @property
    def reason(self) -> str:
        reason = KINDS[self.kind].reason
        return f"{reason}；建议改为“{self.suggestion}”" if self.suggestion else reason

    def as_dict(self) -> dict[str, object]:
        """The hit for JSON and the audit log: never the unmasked text."""
        found: dict[str, object] = {
            "kind": self.kind,
            "label": self.label,
            "text": self.masked,
            "position": self.position.as_dict(),
            "reason": self.reason,
            "severity": self.severity,
            "severity_label": SEVERITY_LABELS[self.severity],
        }
        return found | ({"suggestion": self.suggestion} if self.suggestion else {})


def screen_segments(segments: Iterable[Segment], rules: Rules = DEFAULT_RULES) -> list[Hit]:
    """Every hit in `segments`, in their order; allowed contacts left out."""
    hits: list[Hit] = []
    seen: dict[str, int] = {}  # body segments so far, per file: a 份号 stands on a file's first lines
    for segment in segments:
        where = segment.position
        first = where.part == "body" and seen.get(where.file, 0) < COPY_NUMBER_LINES
        if where.part == "body":
            seen[where.file] = seen.get(where.file, 0) + 1
        hits += _segment_hits(segment, rules, first_lines=first)
    return hits


def _segment_hits(segment: Segment, rules: Rules, *, first_lines: bool) -> list[Hit]:
    text = segment.text
    found: list[Hit] = []
    spans = list(pattern_spans(text))
    if first_lines and (copy := copy_number_span(text)):
        spans.append(copy)
    for span in spans:
        matched = text[span.start : span.end]
        if not rules.allows(span.kind, matched):
            found.append(Hit(span.kind, mask(span.kind, matched), segment.position, text=matched))
    for word in word_spans(text, rules.words):
        kind = "sensitive_word" if word.word.kind == SENSITIVE else "mistaken_word"
        found.append(Hit(kind, word.word.word, segment.position, word.word.suggestion, text=word.word.word))
    return found


def mask(kind: str, text: str) -> str:
    """The hit as it may be shown: marks and words whole; numbers with their first and last few
    characters; an e-mail with the first letter of its mailbox; an address with its first place."""
    text = text.strip()
    if kind in ("secrecy", "internal", "copy_number") or kind.endswith("_word"):
        return text
    if kind == "email":
        box, _, domain = text.partition("@")
        return f"{box[:1]}***@{domain}"
    if kind == "address":
        keep = min(6, len(text) // 3)
        return text[:keep] + "*" * (len(text) - keep)
    keep_head = {"id_number": 6, "bank_card": 4, "mobile": 3, "landline": 4}.get(kind, 2)
    keep_tail = 2 if kind == "id_number" else 4 if kind == "bank_card" else 2
    chars = list(text)
    digit_places = [i for i, c in enumerate(chars) if c.isalnum()]
    for i in digit_places[keep_head : len(digit_places) - keep_tail]:
        chars[i] = "*"
    return "".join(chars)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The hits of one screening, split by what they mean for publication."""

    hits: tuple[Hit, ...] = ()

    @property
    def blocking(self) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if h.severity == BLOCK)

    @property
    def warnings(self) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if h.severity == WARN)

    def summary(self) -> str:
        """ "身份证号 2 处、手机号码 1 处" for messages."""
        counts: dict[str, int] = {}
        for hit in self.hits:
            counts[hit.label] = counts.get(hit.label, 0) + 1
        return "、".join(f"{label} {n} 处" for label, n in counts.items())


def outcome(hits: Sequence[Hit]) -> Outcome:
    return Outcome(tuple(hits))
