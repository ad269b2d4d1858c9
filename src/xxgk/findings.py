"""A finding: something a reader or checker wants a person to look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """`code` names a catalogue rule; `cells` are the cell ids it is about."""

    code: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "cells": list(self.cells)}
