"""The Jinja2 environment of the HTML and Markdown writers, over the templates shipped in the package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from xxgk.render.layout import PUBLISHED_LABEL, Grid, GridCell, fit_number
from xxgk.render.mdescape import escape_markdown


@cache
def environment() -> Environment:
    """One environment per process: templates are compiled once, values always escaped."""
    env = Environment(
        loader=PackageLoader("xxgk.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["published_label"] = PUBLISHED_LABEL
    env.filters["md"] = escape_markdown
    env.globals["value_style"] = value_style
    return env


def template(name: str) -> Template:
    return environment().get_template(name)


# The tables' width on an A4 page between the margins of report.css, and their font size.
TABLE_WIDTH_MM = 164.0
TABLE_PT = 9.0


def value_style(grid: Grid, cell: GridCell) -> str:
    """Inline letter spacing (and size) for a number too long for its column, else nothing."""
    shares = grid.column_shares()[cell.col : cell.col + cell.colspan]
    fit = fit_number(cell.text, sum(shares) * TABLE_WIDTH_MM, TABLE_PT)
    style = f"letter-spacing:{fit.spacing_em}em" if fit.spacing_em else ""
    return style + (f";font-size:{fit.size_pt:.2f}pt" if fit.size_pt != TABLE_PT else "")


@cache
def stylesheet() -> str:
    """The page's CSS, inlined so the page is complete on its own."""
    return files("xxgk.render").joinpath("templates", "report.css").read_text(encoding="utf-8")
