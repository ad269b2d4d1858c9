"""The cells `reconstruct` settles: their values, why each inferred one was, and what stayed unread.

Apart from `reconstruct` so that the steps it runs after the arithmetic
(`settle`, `stray`) write into the same cells without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.extract.readings import Value
from xxgk.findings import Finding

# How near the two sides of an equation must come to hold.
TOLERANCE = 1e-6


@dataclass(slots=True)
class Cells:
    """Cell values with the reasons for those that were inferred."""

    values: dict[str, Value] = field(default_factory=dict)
    inferred: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Cells the document prints that stayed null because the reading could not place their values.
    unread: set[str] = field(default_factory=set)
