"""Bytes to text for Chinese documents.

GB2312 and GBK labels are decoded as GB18030, their superset: decoding a page as
GB2312 loses every character outside it (朱镕基 becomes 朱).
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

GB_FAMILY = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


def normalise_encoding(name: str | None) -> str | None:
    """Map a declared charset to the codec we decode it with (GB family → gb18030)."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in GB_FAMILY or name.startswith("gb"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode with a BOM, then the declared charset, then UTF-8, then GB18030, then a guess."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    encoding = normalise_encoding(declared)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    for candidate in ("utf-8", "gb18030"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    guess = from_bytes(data[:200_000]).best()
    encoding = normalise_encoding(guess.encoding) if guess else None
    return data.decode(encoding or "utf-8", errors="replace")
