"""HTML: a complete, accessible page that also prints on A4 (and is what the PDF is made from).

Tables keep the official merged cells; header cells are `th` with scopes and ids,
and every value cell lists the headers that name it, so a screen reader says
"自然人, （一）予以公开: 3" rather than a bare number.

A table's markup depends on its shape (template and printed rows), not on its
numbers, so `table.html.j2` renders each shape once, with a slot where each
value goes; a report's table is that frame with its numbers put in the slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from markupsafe import Markup

from xxgk.render.fit import fit_number
from xxgk.render.grid import Grid, GridCell
from xxgk.render.jinja import stylesheet, template
from xxgk.render.layout import Layout
from xxgk.render.tables import grid_shape

# The tables' width on an A4 page between the margins of report.css, and their font size.
TABLE_WIDTH_MM = 164.0
TABLE_PT = 9.0
SCOPES = {"caption": "colgroup", "group": "rowgroup", "label": "row"}
# Where a value cell goes in a rendered frame; never part of a report's text.
SLOT = "\x00"


@dataclass(frozen=True, slots=True)
class CellView:
    """A header cell as the template writes it: its attributes (ready to insert) and its text."""

    tag: str
    attributes: Markup
    text: str


@dataclass(frozen=True, slots=True)
class TableView:
    """A table's shape as the template writes it: classes, column widths, header rows and body rows."""

    classes: str
    labelled_by: str
    widths: tuple[str, ...]
    head: tuple[tuple[CellView, ...], ...]
    body: tuple[tuple[CellView, ...], ...]


@dataclass(frozen=True, slots=True)
class Frame:
    """A table's markup around its value cells: `parts[i]` comes before value cell i, `parts[-1]` after all."""

    parts: tuple[str, ...]
    attributes: tuple[str, ...]
    widths_mm: tuple[float, ...]


def html_page(layout: Layout, *, screen_reader: bool = True) -> str:
    """The report as one self-contained HTML page.

    Without `screen_reader`, header cells have no ids and scopes and value cells
    do not list their headers: for the page WeasyPrint typesets, where they would
    only cost time.
    """
    return template("report.html.j2").render(
        layout=layout, tables=tables(layout, screen_reader=screen_reader), css=stylesheet()
    )


def write_html(layout: Layout) -> bytes:
    return html_page(layout).encode("utf-8")


def tables(layout: Layout, *, screen_reader: bool = True) -> dict[str, Markup]:
    """The markup of each section's table, by section key."""
    return {
        section.key: table_html(section.grid, screen_reader=screen_reader)
        for section in layout.sections
        if section.grid is not None
    }


def table_html(grid: Grid, *, screen_reader: bool = True) -> Markup:
    """The table with its numbers in their cells."""
    frame = _frame(grid.shape, screen_reader)
    values = [cell for cell in grid.cells if cell.kind == "value"]
    out = [frame.parts[0]]
    for cell, attributes, width, part in zip(values, frame.attributes, frame.widths_mm, frame.parts[1:], strict=True):
        out.append(f"<td{attributes}{_fitted(cell.text, width)}>{escape(cell.text, quote=False)}</td>{part}")
    return Markup("".join(out))


@lru_cache(maxsize=256)
def _frame(shape: tuple[str, ...], screen_reader: bool) -> Frame:
    template_key, table_key, *rows = shape
    grid = grid_shape(template_key, table_key, tuple(rows))
    markup = str(template("table.html.j2").module.table(_view(grid, screen_reader), SLOT))  # type: ignore[attr-defined]
    headers = grid.header_map()
    ids = _ids(grid)
    shares = grid.column_shares()
    values = [cell for cell in grid.cells if cell.kind == "value"]
    return Frame(
        parts=tuple(markup.split(SLOT)),
        attributes=tuple(
            f'{_spans(cell)} class="value"'
            + (
                f' headers="{" ".join(ids[h.row, h.col] for h in headers[cell.row, cell.col])}"'
                if screen_reader
                else ""
            )
            for cell in values
        ),
        widths_mm=tuple(sum(shares[c.col : c.col + c.colspan]) * TABLE_WIDTH_MM for c in values),
    )


def _view(grid: Grid, screen_reader: bool) -> TableView:
    ids = _ids(grid)
    rows = tuple(tuple(_cell_view(cell, ids, screen_reader) for cell in cells) for cells in grid.rows_of_cells())
    return TableView(
        classes=f"grid grid-{grid.key}" + (" keep" if grid.keep_together else ""),
        labelled_by=f"h-{grid.key}",
        widths=tuple(f"{share * 100:.2f}%" for share in grid.column_shares()),
        head=rows[: grid.header_rows],
        body=rows[grid.header_rows :],
    )


def _cell_view(cell: GridCell, ids: dict[tuple[int, int], str], screen_reader: bool) -> CellView:
    if cell.kind == "value":
        return CellView("td", Markup(""), "")
    scope = SCOPES.get(cell.kind, "col" if cell.colspan == 1 else "colgroup")
    names = f' id="{ids[cell.row, cell.col]}" scope="{scope}"' if screen_reader else ""
    return CellView("th", Markup(f'{_spans(cell)}{names} class="{cell.kind}"'), cell.text)


def _ids(grid: Grid) -> dict[tuple[int, int], str]:
    return {(cell.row, cell.col): f"{grid.key}-{cell.row}-{cell.col}" for cell in grid.cells if cell.kind != "value"}


def _spans(cell: GridCell) -> str:
    return (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )


def _fitted(text: str, width_mm: float) -> str:
    """A style attribute tightening (or shrinking) a number too long for its column, else nothing."""
    fit = fit_number(text, width_mm, TABLE_PT)
    parts = ([f"letter-spacing:{fit.spacing_em}em"] if fit.spacing_em else []) + (
        [f"font-size:{fit.size_pt:.2f}pt"] if fit.size_pt != TABLE_PT else []
    )
    return f' style="{";".join(parts)}"' if parts else ""
