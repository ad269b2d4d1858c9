"""Proactive disclosure (主动公开): the catalogue of published information and its review before publishing."""
