"""A key that links one agency's reports across years despite naming variants."""

from __future__ import annotations

from xxgk.extract.fold import squash

_SYNONYMS = (("科学技术", "科技"), ("人民政府办公室", "政府办"), ("人民政府", "政府"))


def agency_key(name: str | None) -> str | None:
    """科学技术局 and 科技局, spaces and punctuation aside, give the same key."""
    if not name:
        return None
    key = squash(name)
    for long, short in _SYNONYMS:
        key = key.replace(long, short)
    return key or None
