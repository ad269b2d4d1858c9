"""Character folding for matching labels and reading numbers.

`fold` maps full-width forms to ASCII one character for one character, so offsets
in the folded text are offsets in the original; `squash` then drops everything
but letters and digits, which makes labels comparable however they were spaced,
bracketed or quoted.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# 0xFDD3 is `read.document.PAGE_BREAK`: blank to everything but the columns of spaced text.
_SPACES = dict.fromkeys((0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF, 0xFDD3), 0x20)
_DASHES = dict.fromkeys((0x2212, 0x2013, 0xFE63, 0xFF0D), 0x2D)
_FOLD = str.maketrans({**_FULL_WIDTH, **_SPACES, **_DASHES, 0x3001: 0x3001})
# The characters `fold` changes, each with its folded form. A text holds few distinct ones, so each is
# replaced throughout in one C pass: str.translate looks every character of a text up in a dict,
# and a regex substitution calls back into Python for every run.
_FOLDED = {chr(c): chr(f) for c, f in _FOLD.items() if f != c}
_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLDED)) + "]")

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Full-width digits, letters, brackets and spaces to ASCII; same length."""
    if text.isascii():
        return text
    for character in set(_FOLDABLE.findall(text)):
        text = text.replace(character, _FOLDED[character])
    return text


@lru_cache(maxsize=4096)
def squash(text: str) -> str:
    """Only the letters and digits (CJK included) of `text`, folded."""
    return _NOT_WORD.sub("", fold(text))
