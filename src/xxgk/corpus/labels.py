"""Human labels of cells, from the template: 表三 （一）予以公开 · 总计."""

from __future__ import annotations

from functools import cache

from xxgk.template import TEMPLATES, Template


def cell_label(template: Template, cell_id: str) -> str:
    """The table number, the row's official label and the column's, for a cell id of `template`."""
    table_key, row_key, field_key = cell_id.split(".")
    table = template.table(table_key)
    row = table.row(row_key)
    field = next(f for f in row.fields if f.key == field_key)
    return f"表{table.number} {row.label} · {field.label}"


def code_label(code: str) -> str:
    """The template's label for a code a record keeps — a cell id, a row's or a column's key — else the code."""
    return _code_labels().get(code, code)


@cache
def _code_labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("2019", "2021"):  # 2021's labels win where both templates name a code
        template = TEMPLATES[key]
        for table in template.tables:
            for row in table.rows:
                out[row.key] = row.label
                for field in row.fields:
                    out.setdefault(field.key, field.label)
                    out[f"{table.key}.{row.key}.{field.key}"] = cell_label(
                        template, f"{table.key}.{row.key}.{field.key}"
                    )
    return out
