"""Statutory letters: the 答复告知书 of every outcome and the notices of the clock's events, as DOCX and PDF."""
