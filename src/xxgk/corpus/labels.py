"""Human labels of cells, from the template: 表三 （一）予以公开 · 总计."""

from __future__ import annotations

from xxgk.template import Template


def cell_label(template: Template, cell_id: str) -> str:
    """The table number, the row's official label and the column's, for a cell id of `template`."""
    table_key, row_key, field_key = cell_id.split(".")
    table = template.table(table_key)
    row = table.row(row_key)
    field = next(f for f in row.fields if f.key == field_key)
    return f"表{table.number} {row.label} · {field.label}"
