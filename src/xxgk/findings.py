"""A finding: something a reader or checker wants a person to look at.

A finding names its rule and says what it found; how serious it is belongs to the
rule, so the severity is looked up in the catalogue (`xxgk.check.catalogue`), the
one place it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """`code` names a catalogue rule; `cells` are the cell ids it is about."""

    code: str
    message: str
    cells: tuple[str, ...] = field(default=())

    @property
    def severity(self) -> Severity:
        """The severity of this finding's rule in the catalogue."""
        return severity_of(self.code)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "cells": list(self.cells)}


def severity_of(code: str) -> Severity:
    """The catalogue's severity for rule `code`; KeyError for a code the catalogue lacks."""
    # Imported here: the catalogue's package (xxgk.check) imports this module.
    from xxgk.check.catalogue import BY_CODE

    return BY_CODE[code].severity
