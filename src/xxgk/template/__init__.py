"""The national report templates as data: the single source of rows, labels and rules."""

from xxgk.template.model import ColumnGroup, Equation, Field, Prior, Row, Section, Statement, TableSpec, Template
from xxgk.template.national import SECTIONS, SPLIT_OTHER_MARKERS, TEMPLATES, TEXT_SECTIONS

__all__ = [
    "SECTIONS",
    "SPLIT_OTHER_MARKERS",
    "TEMPLATES",
    "TEXT_SECTIONS",
    "ColumnGroup",
    "Equation",
    "Field",
    "Prior",
    "Row",
    "Section",
    "Statement",
    "TableSpec",
    "Template",
    "get_template",
]


def get_template(key: str) -> Template:
    """The template for "2019" or "2021"."""
    try:
        return TEMPLATES[key]
    except KeyError:
        raise ValueError(f"未知模板 {key!r}，应为 2019 或 2021") from None
