"""Choose between the splits of a glued table 二 row by the figures the report's own prose states.

Table 二 has no arithmetic: "行政规范性文件97253" may be 9 / 7 / 253 or 97 / 2 / 53 or …
Reports often say the same figures in words ("制发行政规范性文件9件，按程序确认失效或废止文件7件，
现行有效行政规范性文件共253件"). A split is kept only if every figure the prose states for the
row's cells equals it; the row is read only when exactly one split remains, and always as a
warning (PARSE_CORRECTED) naming the sentence's figures. A figure the table contradicts (the
prose counts another scope) leaves no split, and the row stays unread as before.
"""

from __future__ import annotations

import re

from xxgk.extract.readings import RowReading
from xxgk.report import show_value
from xxgk.template import Statement

# A clause: text between punctuation that separates statements.
_CLAUSES = re.compile(r"[^。；;，,、！!？?\n]+")


def _counts(clause: str, statement: Statement) -> list[str]:
    """The numbers the clause counts in the statement's units ("9件", "共253件", "5419886元"; not "1.5件",
    not "54万元"), with decimals for an amount ("3601627.4元")."""
    number = r"[0-9]+(?:\.[0-9]+)?" if statement.fraction else r"[0-9]+"
    pattern = rf"(?<![0-9.])({number})(?![0-9.])\s*(?:" + "|".join(map(re.escape, statement.units)) + ")"
    return re.findall(pattern, clause)


# The reason given for a row read this way; it starts the way reconstruct recognises a guess.
STATED = "按正文所述数字推断"


def stated_figures(prose: str, statements: tuple[Statement, ...]) -> dict[str, float]:
    """Each field's figure as the prose states it; a field stated twice with two values is left out.

    A clause states a field when it holds the field's cue and a count, and its sentence names
    the subject (the clauses of "制发行政规范性文件9件，废止7件" share the sentence's subject).
    """
    found: dict[str, set[float]] = {}
    for sentence in re.split(r"[。；;！!？?\n]", prose):
        if not any(s.subject in sentence for s in statements):
            continue
        for clause in _CLAUSES.findall(sentence):
            for statement in statements:
                counts = _counts(clause, statement)
                if len(counts) == 1 and any(cue in clause for cue in statement.cues):
                    found.setdefault(statement.field, set()).add(float(counts[0]))
    return {key: next(iter(values)) for key, values in found.items() if len(values) == 1}


def choose_by_prose(readings: list[RowReading], prose: str) -> None:
    """Narrow ambiguous glued rows whose template row says how prose states its cells."""
    for reading in readings:
        line = reading.line
        if reading.status != "ambiguous" or len(reading.candidates) < 2 or not line.stated:
            continue
        figures = stated_figures(prose, line.stated)
        if not figures:
            continue
        keys = [f.key for f in line.fields]
        kept = [
            c for c in reading.candidates if all(dict(zip(keys, c, strict=True))[k] == v for k, v in figures.items())
        ]
        if len(kept) == 1:
            told = "、".join(f"{f.label} {show_value(figures[f.key])}" for f in line.fields if f.key in figures)
            reading.candidates, reading.status = kept, "split"
            reading.reason = f"{STATED}（{told}）"
