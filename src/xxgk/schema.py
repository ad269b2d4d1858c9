"""JSON Schema and validation of the canonical report, generated from the templates.

Pydantic models are built from each template at import time, so the schema can
never drift from the rows the parser and checker know.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from xxgk.errors import XxgkError
from xxgk.report import Report, number_from_json
from xxgk.template import TEMPLATES, TEXT_SECTIONS, Template
from xxgk.template.model import Field as TemplateField

_STRICT = ConfigDict(extra="forbid")


class ReportFormatError(XxgkError):
    """The JSON is not a canonical report; the message names the offending path."""


def _cell_type(f: TemplateField) -> Any:
    if f.kind == "amount":
        return float | int | None
    return int | None


def _row_model(template: Template, table: str, row_key: str) -> type[BaseModel]:
    row = template.table(table).row(row_key)
    fields: dict[str, Any] = {
        f.key: (_cell_type(f), Field(default=None, description=f.label, ge=None if f.kind == "signed" else 0))
        for f in row.fields
    }
    return create_model(f"Row{template.key}_{table}_{row_key}", __config__=_STRICT, **fields)


def _table_model(template: Template, table: str) -> type[BaseModel]:
    spec = template.table(table)
    fields: dict[str, Any] = {}
    for row in spec.rows:
        model = _row_model(template, table, row.key)
        default = None if row.optional else ...
        fields[row.key] = (model | None if row.optional else model, Field(default=default, description=row.label))
    return create_model(f"Table{template.key}_{table}", __config__=_STRICT, **fields)


class TextSections(BaseModel):
    model_config = _STRICT
    overview: str = Field(default="", description="一、总体情况")
    problems: str = Field(default="", description="五、存在的主要问题及改进情况")
    other_matters: str = Field(default="", description="六、其他需要报告的事项")


@cache
def report_model(key: str) -> type[BaseModel]:
    """The pydantic model of a canonical report in template `key`."""
    template = TEMPLATES[key]
    fields: dict[str, Any] = {
        "template": (Literal[key], Field(description=template.basis)),
        "agency": (str | None, None),
        "year": (int | None, Field(default=None, ge=1990, le=2200)),
        "published": (str | None, Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")),
        "text": (TextSections, Field(default_factory=TextSections)),
        "inferred": (list[str], Field(default_factory=list)),
        "source": (str | None, None),
    }
    for table in template.tables:
        fields[table.key] = (_table_model(template, table.key), Field(description=table.title))
    return create_model(f"Report{key}", __config__=ConfigDict(extra="ignore"), **fields)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the canonical report: one of the two templates."""
    variants = [report_model(key).model_json_schema() for key in TEMPLATES]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "政府信息公开工作年度报告（xxgk 规范 JSON）",
        "oneOf": variants,
    }


def validate_report_dict(data: Any) -> Report:
    """Validate canonical JSON and return the `Report`, or raise with the offending path."""
    if not isinstance(data, dict):
        raise ReportFormatError("报告 JSON 必须是一个对象")
    key = data.get("template")
    if key not in TEMPLATES:
        raise ReportFormatError(f'template：应为 "2019" 或 "2021"，实际为 {key!r}')
    try:
        model = report_model(key).model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise ReportFormatError(f"{path}：{_message(first)}") from None
    template = TEMPLATES[key]
    report = Report(
        template=key,
        agency=model.agency,  # type: ignore[attr-defined]
        year=model.year,  # type: ignore[attr-defined]
        published=model.published,  # type: ignore[attr-defined]
        text={section: getattr(model.text, section) for section in TEXT_SECTIONS},  # type: ignore[attr-defined]
    )
    for table in template.tables:
        table_value = getattr(model, table.key)
        for row in table.rows:
            row_value = getattr(table_value, row.key)
            for f in row.fields:
                value = None if row_value is None else getattr(row_value, f.key)
                report.cells[f"{table.key}.{row.key}.{f.key}"] = number_from_json(value)
    for cell in model.inferred:  # type: ignore[attr-defined]
        report.inferred[cell] = "输入 JSON 标注为推断值"
    return report


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "缺少此项"
    if kind == "extra_forbidden":
        return "模板中没有此项"
    if kind.startswith("int") or kind.startswith("float"):
        return f"应为数字或 null，实际为 {error.get('input')!r}"
    if kind == "greater_than_equal":
        return f"不能为负数，实际为 {error.get('input')!r}"
    return str(error.get("msg", kind))
