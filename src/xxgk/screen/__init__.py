"""Screening before publication: secrecy and internal marks, personal data (ID and bank card
numbers, phones, e-mail addresses, home addresses) and the agency's word lists, in text and in
every part of DOCX, PDF and XLSX files. The one module that everything that publishes uses:
the catalogue's review and publication, the `xxgk screen` command, replies to letters.
"""

from __future__ import annotations

from xxgk.screen.checks import DEFAULT_RULES, Hit, Outcome, Rules, mask, outcome, screen_segments
from xxgk.screen.files import file_segments, text_segments
from xxgk.screen.kinds import BLOCK, KINDS, WARN
from xxgk.screen.segments import Position, ScreenError, Segment
from xxgk.screen.words import DEFAULT_WORDS, Word

__all__ = [
    "BLOCK",
    "DEFAULT_RULES",
    "DEFAULT_WORDS",
    "KINDS",
    "WARN",
    "Hit",
    "Outcome",
    "Position",
    "Rules",
    "ScreenError",
    "Segment",
    "Word",
    "file_segments",
    "mask",
    "outcome",
    "screen_file",
    "screen_segments",
    "screen_text",
    "text_segments",
]


def screen_text(text: str, rules: Rules = DEFAULT_RULES, name: str = "") -> list[Hit]:
    """The hits in a text, line by line."""
    return screen_segments(text_segments(text, name), rules)


def screen_file(data: bytes, name: str, rules: Rules = DEFAULT_RULES) -> list[Hit]:
    """The hits in a file of any readable format; `ScreenError` when it cannot be screened."""
    return screen_segments(file_segments(data, name), rules)
