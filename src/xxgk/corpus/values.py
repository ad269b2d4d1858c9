"""Cell values as the database holds them (double precision) and as reports carry them."""

from __future__ import annotations

from xxgk.report import Value


def stored_value(value: float | None) -> Value:
    """A stored double back to the report's number: whole numbers as int, others as float."""
    if value is None:
        return None
    return int(value) if value.is_integer() else value
