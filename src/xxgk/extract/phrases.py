"""Where a row's phrases stand in folded label text, and which row of a window the text names."""

from __future__ import annotations

from xxgk.extract.fold import squash
from xxgk.template import Row, TableSpec

# How many rows ahead a label may jump: rows a report leaves out are skipped.
WINDOW = 6


def best_row(rows: tuple[Row, ...], start: int, label: str, groups: list[str]) -> int | None:
    window = row_window(rows, start)
    text = squash(label)
    core = without_groups(text, groups)
    strong = [
        (end, -i, i)
        for i in window
        if not rows[i].weak and not rows[i].exact
        if (end := last_phrase_end(rows[i], core)) >= 0
    ]
    if strong:
        best = max(strong)[2]
        # A weak row's phrase ending the label, after the strong row's, holds the values that follow
        # ("（六）其他处理（七）总计 6 2 …": the row before it printed nothing on its own line).
        ending = [i for i in window if i > best and rows[i].weak and last_phrase_end(rows[i], text) == len(text)]
        return ending[0] if ending else best
    for i in window:
        if rows[i].exact and matches_exactly(rows[i], core):
            return i
    weak = [(end, -i, i) for i in window if rows[i].weak if (end := last_phrase_end(rows[i], text)) >= 0]
    if weak:
        return max(weak)[2]
    return None


def without_groups(text: str, groups: list[str]) -> str:
    """Folded label text without the whole group captions printed into it."""
    for group in groups:
        text = text.replace(group, "")
    return text


def row_window(rows: tuple[Row, ...], start: int) -> list[int]:
    """Indexes of the rows that may come next; optional rows do not use up the window."""
    indexes: list[int] = []
    required = 0
    for i in range(start, len(rows)):
        indexes.append(i)
        if not rows[i].optional:
            required += 1
        if required >= WINDOW:
            break
    return indexes


def last_phrase_end(row: Row, text: str) -> int:
    ends = [text.rfind(phrase) + len(phrase) for phrase in row.match if phrase in text]
    return max(ends) if ends else -1


def first_phrase_start(row: Row, text: str) -> int:
    starts = [text.find(phrase) for phrase in row.match if phrase in text]
    return min(starts) if starts else -1


def matches_exactly(row: Row, core: str) -> bool:
    stripped = core.lstrip("0123456789")
    return any(stripped == phrase for phrase in row.match) or ends_with_numbered_name(row, core)


def ends_with_numbered_name(row: Row, core: str) -> bool:
    """`core` ends with the row's sub-item number and one of its phrases ("…公开申请3其他")."""
    return row.enumerator is not None and any(core.endswith(f"{row.enumerator}{p}") for p in row.match)


def blank_before_exact(table: TableSpec, index: int, core: str) -> bool:
    """`core` names row `index` whole and then the next row, an exact one (`ends_naming_next_exactly`)."""
    if index + 1 >= len(table.rows):
        return False
    own, following = table.rows[index], table.rows[index + 1]
    return ends_naming_next_exactly(own, following, core, table.group_chains[own.key])


def ends_naming_next_exactly(own: Row, following: Row, core: str, captions: tuple[str, ...]) -> bool:
    """`core` (folded, without whole group captions) ends with `following`'s exact name ("3其他")
    right after the end of `own`'s whole label, or after a tail of one of `captions` printed there (a
    side caption "（六）其他处理" wrapped beside the label, its last piece "其他处理" left between):
    `own`'s label, then the next row's, with no number after the first."""
    if not following.exact or following.enumerator is None:
        return False
    for phrase in following.match:
        name = f"{following.enumerator}{phrase}"
        if not core.endswith(name):
            continue
        before = core[: -len(name)]
        tails = [""] + [squash(c)[k:] for c in captions for k in range(len(squash(c)) - 1)]
        heads = [before.removesuffix(tail) for tail in tails if tail and before.endswith(tail)] + [before]
        ends = [squash(label)[-6:] for label in (own.label, *own.variants)]
        if any(head.endswith(end) for head in heads for end in ends if end):
            return True
    return False
