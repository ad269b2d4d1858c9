"""Masking personal data (applicants' names and contacts) wherever the ledger is shown or exported.

A natural person's name keeps its first character (张**); an organisation's name is
not personal data and is shown as is. Contacts keep just enough to recognise them:
a phone number its first three and last four digits, an e-mail its first letter
and domain.
"""

from __future__ import annotations

import re

MASK = "*"
_PHONE = re.compile(r"^\+?[\d\s-]{7,}$")


def mask_name(name: str | None, *, natural_person: bool) -> str:
    if not name:
        return ""
    if not natural_person:
        return name
    return name[0] + MASK * max(1, len(name) - 1)


def mask_contact(contact: str | None) -> str:
    if not contact:
        return ""
    if "@" in contact:
        user, _, domain = contact.partition("@")
        return f"{user[:1]}{MASK * 3}@{domain}"
    digits = re.sub(r"\D", "", contact)
    if _PHONE.match(contact) and len(digits) >= 7:
        return digits[:3] + MASK * (len(digits) - 7) + digits[-4:]
    return contact[:1] + MASK * max(1, len(contact) - 1)


def is_masked(value: str | None) -> bool:
    """True for a value this module produced: importing it back must not overwrite the real one."""
    return bool(value) and MASK in (value or "")


def mask_id_number(number: str | None) -> str:
    """An identity document number with its first 3 and last 4 characters (110***********1234); the desk
    shows the whole number only on request, and that request is audited."""
    if not number:
        return ""
    if len(number) <= 8:
        return number[:1] + MASK * max(1, len(number) - 1)
    return number[:3] + MASK * (len(number) - 7) + number[-4:]
