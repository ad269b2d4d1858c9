"""Placed rows of spaced text with a number standing off where its column's other numbers stand.

`pdftotext -layout` keeps a page's numbers of one column within a half character of each other,
except on a line that also prints label text, whose numbers it may shift by a character or more:
a whole column on a narrow page ("2.重复申请   1" printed under 社会公益组织 where it is 法律服务机构's).
When a table sum breaks over rows placed by their columns, such a row is the one to doubt first.
"""

from __future__ import annotations

from xxgk.extract.rows import RowText
from xxgk.extract.tokens import BLANK

# Twice a column: numbers of one column on a page stand this near another number of it.
NEAR = 1


def off_their_columns(rows: dict[str, RowText], keys: set[str]) -> set[str]:
    """The rows of `keys` (placed: every cell set, blanks included) with a number standing farther
    than `NEAR` from every other row's number in its column on its page."""
    stands: dict[tuple[int, int], list[tuple[str, int]]] = {}
    for key, found in rows.items():
        if len(found.values) != len(found.row.fields):
            continue
        for column, token in enumerate(found.values):
            if token is not BLANK and token.place is not None:
                stands.setdefault((token.place.page, column), []).append((key, token.place.middle))
    off: set[str] = set()
    for key in keys:
        for column, token in enumerate(rows[key].values):
            if token is BLANK or token.place is None:
                continue
            others = [m for k, m in stands.get((token.place.page, column), []) if k != key]
            if not any(abs(m - token.place.middle) <= NEAR for m in others):
                off.add(key)
    return off


def as_printed(rows: dict[str, RowText], keys: set[str]) -> dict[str, RowText]:
    """`rows` with the rows `keys` back as printed (their blank cells dropped: unread)."""
    out = dict(rows)
    for key in keys:
        found = rows[key]
        out[key] = RowText(found.row, found.label, [t for t in found.values if t is not BLANK])
    return out
